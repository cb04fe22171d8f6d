import { createHash } from 'node:crypto';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { SignedIn } from './support/factories';
import { rawBody } from './support/raw-body';
import { startTestApp, TestApp } from './support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
const ZIP = Buffer.from('UEsDBAoAAAAAAAAAIQAAAAAAAAAAAAAAAAAFAAAAYS50eHRQSwECFAAKAAAAAAAAACEAAAAAAAAAAAAAAAAABQAAAAAAAAAAAAAAAAAAAAAAYS50eHRQSwUGAAAAAAEAAQAzAAAAIwAAAAAA', 'base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('evidence', () => {
  let t: TestApp;
  let office: Office;
  let otherOffice: Office;
  let staffer: SignedIn;
  let director: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.factories.office();
    otherOffice = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    director = await t.factories.signedIn('director', [office]);
    viewer = await t.factories.signedIn('viewer', [office]);
    outsider = await t.factories.signedIn('director', [otherOffice]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({
    kind: 'agency_action',
    title: 'DHS terminates the Migrant Protection Protocols',
    summary: 'The Secretary ends the program.\nNew enrolments had stopped in January.',
    occurredOn: '2021-06-01',
    url: 'https://www.dhs.gov/news/2021/06/01/termination',
    ...over,
  });
  const addEvidence = async (rec: Recommendation, as: SignedIn = staffer, over: Record<string, unknown> = {}) =>
    (await t.http().post(`/api/v1/recommendations/${rec.id}/evidence`).set('Authorization', as.auth).send(body(over)).expect(201)).body as {
      id: string;
    };
  const upload = (id: string, as: SignedIn, data: Buffer, filename: string, field = 'file') =>
    t.http().put(`/api/v1/evidence/${id}/attachment`).set('Authorization', as.auth).attach(field, data, { filename, contentType: 'application/octet-stream' });

  describe('POST /recommendations/:id/evidence', () => {
    it('answers 201 with the evidence, and records an audit event in the office', async () => {
      const rec = await t.factories.recommendation(office);
      const res = await t.http().post(`/api/v1/recommendations/${rec.id}/evidence`).set('Authorization', staffer.auth).send(body()).expect(201);
      expect(res.body).toEqual({
        id: UUID,
        recommendationId: rec.id,
        kind: 'agency_action',
        title: 'DHS terminates the Migrant Protection Protocols',
        summary: 'The Secretary ends the program.\nNew enrolments had stopped in January.',
        occurredOn: '2021-06-01',
        url: 'https://www.dhs.gov/news/2021/06/01/termination',
        attachment: null,
        createdBy: { id: staffer.user.id, name: staffer.user.name },
        createdAt: ISO,
      });
      const [event] = (await t.db.query('SELECT actor_id, action, office_id, after FROM audit_events WHERE entity_id = $1', [res.body.id])) as unknown[];
      expect(event).toEqual({
        actor_id: staffer.user.id,
        action: 'evidence.create',
        office_id: office.id,
        after: expect.objectContaining({ recommendationId: rec.id, title: 'DHS terminates the Migrant Protection Protocols', attachment: null }),
      });
      const view = await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', viewer.auth).expect(200);
      expect(view.body.evidenceCount).toBe(1);
    });

    it('accepts only the required fields, keeping the others null', async () => {
      const rec = await t.factories.recommendation(office);
      const res = await t
        .http()
        .post(`/api/v1/recommendations/${rec.id}/evidence`)
        .set('Authorization', staffer.auth)
        .send({ kind: 'hearing', title: '  Hearing on USMCA enforcement ', occurredOn: '2022-05-17' })
        .expect(201);
      expect(res.body).toMatchObject({ kind: 'hearing', title: 'Hearing on USMCA enforcement', summary: null, url: null, attachment: null });
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['an unknown kind', { kind: 'rumour' }, [expect.stringMatching(/^kind must be one of the following values: hearing, letter/)]],
      ['an impossible date', { occurredOn: '2021-02-30' }, ['occurredOn must be a date as YYYY-MM-DD']],
      ['a date in year 0000, which PostgreSQL has not', { occurredOn: '0000-06-01' }, ['occurredOn must be a date as YYYY-MM-DD']],
      ['a javascript: url', { url: 'javascript:alert(1)' }, ['url must be an http or https address']],
      ['an empty title', { title: '  ' }, ['title must be longer than or equal to 1 characters']],
      ['a title with a line break', { title: 'two\nlines' }, ['title must not contain control characters']],
      ['a summary with a NUL', { summary: 'a\u0000b' }, ['summary must not contain control characters other than tabs and line breaks']],
      ['an unknown field', { status: 'implemented' }, ['property status should not exist']],
    ])('answers 400 for %s and writes nothing', async (_, over, message) => {
      const rec = await t.factories.recommendation(office);
      const res = await t.http().post(`/api/v1/recommendations/${rec.id}/evidence`).set('Authorization', staffer.auth).send(body(over)).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
      expect(await t.db.query('SELECT id FROM evidence WHERE recommendation_id = $1', [rec.id])).toEqual([]);
    });

    it('answers 403 to a viewer of the office, 404 to another office whatever the role, 404 for a deleted recommendation', async () => {
      const rec = await t.factories.recommendation(office);
      const url = `/api/v1/recommendations/${rec.id}/evidence`;
      expect((await t.http().post(url).set('Authorization', viewer.auth).send(body()).expect(403)).body).toEqual(
        err(403, 'Forbidden', 'Adding evidence needs role staffer or above'),
      );
      expect((await t.http().post(url).set('Authorization', outsider.auth).send(body()).expect(404)).body).toEqual(
        err(404, 'Not Found', 'Recommendation not found'),
      );
      await t.db.query('UPDATE recommendations SET deleted_at = now() WHERE id = $1', [rec.id]);
      await t.http().post(url).set('Authorization', staffer.auth).send(body()).expect(404);
      expect(await t.db.query('SELECT id FROM evidence WHERE recommendation_id = $1', [rec.id])).toEqual([]);
    });

    it('lets an admin of no office add evidence anywhere', async () => {
      const rec = await t.factories.recommendation(otherOffice);
      await addEvidence(rec, admin);
    });
  });

  describe('GET /recommendations/:id/evidence and GET /evidence/:id', () => {
    it('lists the evidence latest first, paged, with a total, and filters by kind', async () => {
      const rec = await t.factories.recommendation(office);
      const a = await addEvidence(rec, staffer, { occurredOn: '2021-01-20', kind: 'statement' });
      const b = await addEvidence(rec, staffer, { occurredOn: '2021-06-01' });
      const c = await addEvidence(rec, staffer, { occurredOn: '2021-02-19' });
      const url = `/api/v1/recommendations/${rec.id}/evidence`;
      const page1 = await t.http().get(url).query({ pageSize: 2 }).set('Authorization', viewer.auth).expect(200);
      expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(page1.body.items.map((e: { id: string }) => e.id)).toEqual([b.id, c.id]);
      const page2 = await t.http().get(url).query({ pageSize: 2, page: 2 }).set('Authorization', viewer.auth).expect(200);
      expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual([a.id]);
      const asc = await t.http().get(url).query({ sort: 'occurredOn' }).set('Authorization', viewer.auth).expect(200);
      expect(asc.body.items.map((e: { id: string }) => e.id)).toEqual([a.id, c.id, b.id]);
      const statements = await t.http().get(url).query({ kind: 'statement' }).set('Authorization', viewer.auth).expect(200);
      expect(statements.body).toMatchObject({ total: 1, items: [{ id: a.id }] });
      const past = await t.http().get(url).query({ page: 5 }).set('Authorization', viewer.auth).expect(200);
      expect(past.body).toEqual({ items: [], total: 3, page: 5, pageSize: 25 });
      const one = await t.http().get(`/api/v1/evidence/${a.id}`).set('Authorization', viewer.auth).expect(200);
      expect(one.body).toEqual(page2.body.items[0]);
    });

    it('answers 404 to another office, 400 for a malformed id, 400 for an unknown sort', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      await t.http().get(`/api/v1/recommendations/${rec.id}/evidence`).set('Authorization', outsider.auth).expect(404);
      expect((await t.http().get(`/api/v1/evidence/${ev.id}`).set('Authorization', outsider.auth).expect(404)).body).toEqual(
        err(404, 'Not Found', 'Evidence not found'),
      );
      await t.http().get('/api/v1/evidence/not-a-uuid').set('Authorization', viewer.auth).expect(400);
      const res = await t.http().get(`/api/v1/recommendations/${rec.id}/evidence`).query({ sort: 'secret' }).set('Authorization', viewer.auth).expect(400);
      expect(res.body.message).toMatch(/^sort must be one of: occurredOn, -occurredOn/);
    });
  });

  describe('DELETE /evidence/:id', () => {
    it('is for directors: 403 to a staffer, then 204; the evidence is gone from reads, lists and counts, kept in the audit log', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      expect((await t.http().delete(`/api/v1/evidence/${ev.id}`).set('Authorization', staffer.auth).expect(403)).body).toEqual(
        err(403, 'Forbidden', 'Deleting evidence needs role director or above'),
      );
      await t.http().delete(`/api/v1/evidence/${ev.id}`).set('Authorization', outsider.auth).expect(404);
      const res = await t.http().delete(`/api/v1/evidence/${ev.id}`).set('Authorization', director.auth).expect(204);
      expect(res.text).toBe('');
      await t.http().get(`/api/v1/evidence/${ev.id}`).set('Authorization', director.auth).expect(404);
      await t.http().delete(`/api/v1/evidence/${ev.id}`).set('Authorization', director.auth).expect(404);
      const list = await t.http().get(`/api/v1/recommendations/${rec.id}/evidence`).set('Authorization', director.auth).expect(200);
      expect(list.body.total).toBe(0);
      const view = await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', director.auth).expect(200);
      expect(view.body.evidenceCount).toBe(0);
      const actions = (await t.db.query('SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq', [ev.id])) as { action: string }[];
      expect(actions.map((a) => a.action)).toEqual(['evidence.create', 'evidence.delete']);
    });

    it('cannot be cited any more in a status change (422)', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      await t.http().delete(`/api/v1/evidence/${ev.id}`).set('Authorization', director.auth).expect(204);
      const res = await t
        .http()
        .post(`/api/v1/recommendations/${rec.id}/status`)
        .set('Authorization', director.auth)
        .set('If-Match', '"1"')
        .send({ status: 'partially_implemented', reason: 'Program ended', evidenceIds: [ev.id] })
        .expect(422);
      expect(res.body).toEqual(err(422, 'Unprocessable Entity', `Not evidence of this recommendation: ${ev.id}`));
    });
  });

  describe('attachments', () => {
    it('stores a PNG and gives it back byte for byte, with its SHA-256 and a safe Content-Disposition', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      const res = await upload(ev.id, staffer, PNG, 'chart.png').expect(200);
      expect(res.body).toMatchObject({ id: ev.id, attachment: { filename: 'chart.png', contentType: 'image/png', size: PNG.length, sha256: sha256(PNG) } });
      const download = await t
        .http()
        .get(`/api/v1/evidence/${ev.id}/attachment`)
        .set('Authorization', viewer.auth)
        .buffer(true)
        .parse(rawBody)
        .expect(200);
      expect(Buffer.compare(download.body as Buffer, PNG)).toBe(0);
      expect(download.headers['content-type']).toBe('image/png');
      expect(download.headers['content-disposition']).toBe('attachment; filename=chart.png');
      expect(download.headers['content-length']).toBe(String(PNG.length));
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      const [event] = (await t.db.query("SELECT before, after FROM audit_events WHERE entity_id = $1 AND action = 'evidence.attach'", [ev.id])) as unknown[];
      expect(event).toEqual({ before: { attachment: null }, after: { attachment: res.body.attachment } });
    });

    it('decides the type from the bytes: a PDF named .png is a PDF; CSV and text are told apart by name', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      expect((await upload(ev.id, staffer, PDF, 'looks-like.png').expect(200)).body.attachment.contentType).toBe('application/pdf');
      const csv = Buffer.from('date,encounters\n2022-05-01,7800\n');
      expect((await upload(ev.id, staffer, csv, 'encounters.csv').expect(200)).body.attachment).toEqual({
        filename: 'encounters.csv',
        contentType: 'text/csv',
        size: csv.length,
        sha256: sha256(csv),
      });
      expect((await upload(ev.id, staffer, Buffer.from('Notes from the STAFFDEL — día 2\n'), 'notes.md').expect(200)).body.attachment.contentType).toBe(
        'text/plain',
      );
    });

    it('replaces an earlier attachment', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      await upload(ev.id, staffer, PNG, 'first.png').expect(200);
      await upload(ev.id, staffer, PDF, 'second.pdf').expect(200);
      const got = await t.http().get(`/api/v1/evidence/${ev.id}`).set('Authorization', viewer.auth).expect(200);
      expect(got.body.attachment).toEqual({ filename: 'second.pdf', contentType: 'application/pdf', size: PDF.length, sha256: sha256(PDF) });
      expect(await t.db.query('SELECT count(*)::int AS n FROM evidence_attachments WHERE evidence_id = $1', [ev.id])).toEqual([{ n: 1 }]);
    });

    it('keeps only the last segment of a path, and encodes other names safely for download', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      const res = await upload(ev.id, staffer, PDF, '../../etc/Informe año 2022.pdf').expect(200);
      expect(res.body.attachment.filename).toBe('Informe año 2022.pdf');
      const download = await t.http().get(`/api/v1/evidence/${ev.id}/attachment`).set('Authorization', viewer.auth).expect(200);
      expect(download.headers['content-disposition']).toBe(`attachment; filename="Informe a?o 2022.pdf"; filename*=UTF-8''Informe%20a%C3%B1o%202022.pdf`);
    });

    it.each<[string, Buffer, string]>([
      ['a Windows program named .pdf', EXE, 'report.pdf'],
      ['a ZIP that is not a Word or Excel document', ZIP, 'data.xlsx'],
      ['binary bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]), 'notes.txt'],
    ])('answers 415 for %s and stores nothing', async (_, data, filename) => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      const res = await upload(ev.id, staffer, data, filename).expect(415);
      expect(res.body).toEqual(err(415, 'Unsupported Media Type', 'The file must be PDF, PNG, JPEG, plain text, CSV, DOCX or XLSX, as its content shows'));
      expect(await t.db.query('SELECT attachment_filename FROM evidence WHERE id = $1', [ev.id])).toEqual([{ attachment_filename: null }]);
    });

    it('answers 415 for a body that is not multipart', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      const res = await t.http().put(`/api/v1/evidence/${ev.id}/attachment`).set('Authorization', staffer.auth).send({ file: 'x' }).expect(415);
      expect(res.body).toEqual(err(415, 'Unsupported Media Type', 'Send the file as multipart/form-data, in the field "file"'));
    });

    it('answers 413 for a file over 10 MiB and stores nothing', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
      const res = await upload(ev.id, staffer, big, 'big.pdf').expect(413);
      expect(res.body).toEqual(err(413, 'Payload Too Large', 'The file is larger than 10 MiB'));
      expect(await t.db.query('SELECT count(*)::int AS n FROM evidence_attachments WHERE evidence_id = $1', [ev.id])).toEqual([{ n: 0 }]);
    });

    it('accepts a file of exactly 10 MiB', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      const exact = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 - PDF.length, 0x20)]);
      const res = await upload(ev.id, staffer, exact, 'exact.pdf').expect(200);
      expect(res.body.attachment).toMatchObject({ size: 10 * 1024 * 1024, sha256: sha256(exact) });
    });

    it('answers 400 for a file in another field, and for an empty file', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      expect((await upload(ev.id, staffer, PNG, 'a.png', 'upload').expect(400)).body).toEqual(
        err(400, 'Bad Request', 'Send the file in the multipart field "file", not "upload"'),
      );
      expect((await upload(ev.id, staffer, Buffer.alloc(0), 'empty.txt').expect(400)).body).toEqual(err(400, 'Bad Request', 'The file is empty'));
    });

    it('checks visibility and role before the file: 404 to another office, 403 to a viewer', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      await upload(ev.id, outsider, PNG, 'a.png').expect(404);
      expect((await upload(ev.id, viewer, PNG, 'a.png').expect(403)).body).toEqual(err(403, 'Forbidden', 'Attaching a file needs role staffer or above'));
      await t.http().get(`/api/v1/evidence/${ev.id}/attachment`).set('Authorization', outsider.auth).expect(404);
    });

    it('answers 404 for the download of evidence without an attachment', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await addEvidence(rec);
      expect((await t.http().get(`/api/v1/evidence/${ev.id}/attachment`).set('Authorization', viewer.auth).expect(404)).body).toEqual(
        err(404, 'Not Found', 'Attachment not found'),
      );
    });
  });
});
