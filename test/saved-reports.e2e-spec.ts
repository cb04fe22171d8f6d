import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { SignedIn } from './support/factories';
import { reportFixtures } from './support/report-fixtures';
import { rawBody } from './support/raw-body';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1/reports/saved';
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const slugOf = (o: { name: string }) => o.name.toLowerCase().replace(/ /g, '-');

describe('saved reports', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const { setup, rec, change, dataset } = reportFixtures(() => t);
  const save = (as: SignedIn, body: Record<string, unknown>) => t.http().post(API).set('Authorization', as.auth).send(body);
  const download = (as: SignedIn, id: string) => t.http().get(`${API}/${id}/content`).set('Authorization', as.auth).buffer(true).parse(rawBody);

  it('keeps the bytes, parameters and SHA-256 of a report, and gives the same bytes back later', async () => {
    const d = await dataset();
    const res = await save(d.boss, { officeId: d.office.id, asOf: '2026-03-08', format: 'pdf', title: '  Weekly status for the Chair ' }).expect(201);
    const filename = `oversight-status-${slugOf(d.office)}-2026-03-08.pdf`;
    expect(res.body).toEqual({
      id: UUID,
      office: { id: d.office.id, name: d.office.name },
      title: 'Weekly status for the Chair',
      format: 'pdf',
      params: { officeId: d.office.id, policyArea: null, asOf: '2026-03-08', since: '2026-03-01', format: 'pdf' },
      filename,
      contentType: 'application/pdf',
      byteSize: expect.any(Number),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdBy: { id: d.boss.user.id, name: d.boss.user.name },
      createdAt: ISO,
      contentUrl: `${API}/${res.body.id}/content`,
    });
    expect(res.headers.location).toBe(`${API}/${res.body.id}`);

    // History written after the report was saved does not change what was saved.
    await change(d.trade, 'withdrawn', 'open', '2026-03-07T10:00:00Z', 'Back after review');
    const file = await download(d.boss, res.body.id).expect(200);
    const bytes = file.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(res.body.byteSize);
    expect(sha256(bytes)).toBe(res.body.sha256);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename=${filename}`);
    expect(file.headers.etag).toBe(`"${res.body.sha256}"`);
    expect(file.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(res.body.sha256, 'hex').toString('base64')}:`);

    const again = await download(d.boss, res.body.id).expect(200);
    expect(Buffer.compare(again.body as Buffer, bytes)).toBe(0);
    expect((await t.http().get(`${API}/${res.body.id}`).set('Authorization', d.boss.auth).expect(200)).body).toEqual(res.body);
  });

  it('saves every format as a download of it would have sent it, the CSV whole', async () => {
    const d = await dataset();
    const query = { officeId: d.office.id, asOf: '2026-03-08', since: '2026-03-03' };
    for (const format of ['json', 'csv', 'md', 'html'] as const) {
      const saved = (await save(d.boss, { ...query, format }).expect(201)).body;
      const stored = (await download(d.boss, saved.id).expect(200)).body as Buffer;
      const live = await t.http().get('/api/v1/reports/oversight-status').query({ ...query, format }).set('Authorization', d.boss.auth).buffer(true).parse(rawBody).expect(200);
      // Only the time it was generated differs between the two makings.
      const withoutTime = (b: Buffer) => b.toString('utf8').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z|Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, 'T');
      expect(withoutTime(stored)).toBe(withoutTime(live.body as Buffer));
      expect(saved.title).toBe(saved.filename);
      expect(saved.contentType).toBe(live.headers['content-type']);
    }
    const csv = (await t.http().get(API).query({ officeId: d.office.id }).set('Authorization', d.boss.auth).expect(200)).body.items.find(
      (r: { format: string }) => r.format === 'csv',
    );
    const rows = parse((await download(d.boss, csv.id).expect(200)).body as Buffer) as string[][];
    expect(rows.map((r) => r[0])).toEqual(['Reference', 'A-1', 'A-1.1', 'B-1']);
  });

  it('lists an office’s reports newest first to its members, and admins’ all-offices reports to admins only', async () => {
    const a = await setup();
    const b = await setup();
    const viewer = await t.factories.signedIn('viewer', [a.office]);
    const admin = await t.factories.signedIn('admin');
    await rec(a.office, { reference: 'L-1', createdAt: '2026-01-01T00:00:00Z' });
    const first = (await save(a.boss, { officeId: a.office.id, asOf: '2026-02-01', format: 'md', title: 'First' }).expect(201)).body;
    const second = (await save(a.boss, { officeId: a.office.id, asOf: '2026-02-02', format: 'md', title: 'Second' }).expect(201)).body;
    const other = (await save(b.boss, { officeId: b.office.id, asOf: '2026-02-01', format: 'md' }).expect(201)).body;
    const everyOffice = (await save(admin, { asOf: '2026-02-01', format: 'json', title: 'All offices' }).expect(201)).body;
    expect(everyOffice.office).toBeNull();

    const list = async (as: SignedIn, query: Record<string, string | number> = {}) =>
      (await t.http().get(API).query(query).set('Authorization', as.auth).expect(200)).body;
    const mine = await list(viewer);
    expect(mine.items.map((r: { title: string }) => r.title)).toEqual(['Second', 'First']);
    expect(mine).toMatchObject({ total: 2, page: 1 });
    expect((await list(viewer, { pageSize: 1, page: 2 })).items.map((r: { id: string }) => r.id)).toEqual([first.id]);
    expect((await list(admin, { officeId: b.office.id })).items.map((r: { id: string }) => r.id)).toEqual([other.id]);
    const adminIds = (await list(admin, { pageSize: 100 })).items.map((r: { id: string }) => r.id);
    expect(adminIds).toEqual(expect.arrayContaining([first.id, second.id, other.id, everyOffice.id]));

    // A member of one office reads nothing of the other's, nor the all-offices report.
    for (const id of [other.id, everyOffice.id]) {
      expect((await t.http().get(`${API}/${id}`).set('Authorization', viewer.auth).expect(404)).body).toEqual(err(404, 'Not Found', 'Saved report not found'));
      await download(viewer, id).expect(404);
    }
    expect((await t.http().get(API).query({ officeId: b.office.id }).set('Authorization', viewer.auth).expect(404)).body).toEqual(
      err(404, 'Not Found', 'Office not found'),
    );
    await download(viewer, second.id).expect(200);
  });

  it('lets staffers and above save, not viewers; another office answers 404 whatever the role', async () => {
    const s = await setup();
    const viewer = await t.factories.signedIn('viewer', [s.office]);
    const staffer = await t.factories.signedIn('staffer', [s.office]);
    const outsider = await t.factories.signedIn('director', [(await setup()).office]);
    const body = { officeId: s.office.id, format: 'md' };
    expect((await save(viewer, body).expect(403)).body).toEqual(err(403, 'Forbidden', 'Saving a report needs role staffer or above'));
    await save(staffer, body).expect(201);
    expect((await save(outsider, body).expect(404)).body).toEqual(err(404, 'Not Found', 'Office not found'));
    expect((await save(staffer, { format: 'md' }).expect(400)).body).toEqual(err(400, 'Bad Request', 'officeId is required'));
  });

  it('records the saving in the audit log, and the database refuses to change or delete a saved report', async () => {
    const s = await setup();
    const saved = (await save(s.boss, { officeId: s.office.id, format: 'md' }).expect(201)).body;
    const [event] = (await t.db.query("SELECT action, actor_id, office_id, after FROM audit_events WHERE entity_id = $1 AND entity_type = 'saved_report'", [
      saved.id,
    ])) as { action: string; actor_id: string; office_id: string; after: Record<string, unknown> }[];
    expect(event).toEqual({
      action: 'report.save',
      actor_id: s.boss.user.id,
      office_id: s.office.id,
      after: { title: saved.title, params: saved.params, filename: saved.filename, byteSize: saved.byteSize, sha256: saved.sha256 },
    });
    await expect(t.db.query("UPDATE saved_reports SET title = 'Changed' WHERE id = $1", [saved.id])).rejects.toThrow('saved_reports are kept as sent: UPDATE refused');
    await expect(t.db.query('DELETE FROM saved_reports WHERE id = $1', [saved.id])).rejects.toThrow('saved_reports are kept as sent: DELETE refused');
  });

  it('answers 400 for bad input, 404 for an unknown id and 401 without a token', async () => {
    const s = await setup();
    const bad = async (body: Record<string, unknown>, message: unknown) => expect((await save(s.boss, body).expect(400)).body).toEqual(err(400, 'Bad Request', message));
    await bad({ officeId: s.office.id, format: 'docx' }, ['format must be one of json, csv, md, html, pdf']);
    await bad({ officeId: s.office.id, title: ' ' }, ['title must not be empty']);
    await bad({ officeId: s.office.id, title: 'a\nb' }, ['title must not contain control characters']);
    await bad({ officeId: s.office.id, title: 'x'.repeat(201) }, ['title must be shorter than or equal to 200 characters']);
    await bad({ officeId: s.office.id, asOf: '2026-03-01', since: '2026-03-02' }, 'since must not be after asOf');
    await bad({ officeId: s.office.id, sha256: 'forged' }, ['property sha256 should not exist']);
    expect((await t.http().get(`${API}/nope`).set('Authorization', s.boss.auth).expect(400)).body).toEqual(err(400, 'Bad Request', expect.any(String)));
    expect((await t.http().get(`${API}/${UNKNOWN_ID}`).set('Authorization', s.boss.auth).expect(404)).body).toEqual(err(404, 'Not Found', 'Saved report not found'));
    await download(s.boss, UNKNOWN_ID).expect(404);
    await t.http().get(API).expect(401);
    await t.http().post(API).send({ officeId: s.office.id }).expect(401);
  });
});
