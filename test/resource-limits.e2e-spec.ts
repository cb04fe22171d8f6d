import { BULK_MAX_EVIDENCE_IDS, BULK_MAX_IDS } from '../src/recommendations/dto/bulk.dto';
import type { Office } from '../src/offices/office.entity';
import { MAX_PAGE_SIZE } from '../src/common/http/pagination';
import { MAX_ATTACHMENT_BYTES } from '../src/evidence/attachment-type';
import { Evidence } from '../src/evidence/evidence.entity';
import type { SignedIn } from './support/factories';
import { RawHttp } from './support/raw-http';
import { reportFigures } from './support/reliability-figures';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const MiB = 1024 * 1024;
/** Short, so a test sees a slow request cut off; the default (.env.example) is two minutes. */
const SHORT_TIMEOUT_MS = 1_000;
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('resource limits', () => {
  let t: TestApp;
  let port: number;
  let office: Office;
  let staffer: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    // The default request timeout: no slow client here is cut off while the test looks.
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
    office = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  /** Every raw connection a test opens, closed after it whatever happened. */
  const opened: RawHttp[] = [];
  const track = (c: RawHttp) => (opened.push(c), c);
  afterEach(() => opened.splice(0).forEach((c) => c.destroy()));
  const raw = () => track(new RawHttp(port));
  const head = (method: string, path: string, headers: Record<string, string | number>) =>
    `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`;

  describe('sizes', () => {
    it('answers a JSON body over the 1 MiB default limit 413 in the error shape, and writes nothing', async () => {
      const reference = t.factories.unique('BIG');
      const body = { officeId: office.id, reference, title: 'Big', text: 'x'.repeat(MiB), policyArea: 'border_migration', priority: 'high', addressees: [], ownerIds: [] };
      const res = await t.http().post(`${API}/recommendations`).set('Authorization', staffer.auth).send(body).expect(413);
      expect(res.body).toEqual({ ...err(413, 'Payload Too Large', 'Request body is too large'), requestId: res.headers['x-request-id'] });
      expect(await t.db.query('SELECT id FROM recommendations WHERE reference = $1', [reference])).toEqual([]);
    });

    it('refuses a declared Content-Length over the limit at once, before any of the body is sent', async () => {
      const c = raw();
      await c.write(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': 1024 * MiB }));
      const answer = await c.answer;
      c.destroy();
      expect(answer?.status).toBe(413);
      expect(JSON.parse(answer!.body)).toEqual(err(413, 'Payload Too Large', 'Request body is too large'));
    });

    it(`answers pageSize over ${MAX_PAGE_SIZE} 400 on every list`, async () => {
      const rec = await t.factories.recommendation(office);
      const view = await t.http().post(`${API}/saved-views`).set('Authorization', admin.auth).send({ name: t.factories.unique('View'), filters: {} }).expect(201);
      const lists = [
        '/recommendations',
        '/offices',
        '/users',
        '/audit',
        '/follow-ups',
        '/notifications',
        '/indicators',
        '/sources',
        '/saved-views',
        `/saved-views/${(view.body as { id: string }).id}/recommendations`,
        '/reports/saved',
        `/recommendations/${rec.id}/evidence`,
        `/recommendations/${rec.id}/comments`,
      ];
      for (const path of lists) {
        const res = await t.http().get(`${API}${path}?pageSize=${MAX_PAGE_SIZE + 1}`).set('Authorization', admin.auth);
        expect({ path, status: res.status, body: res.body as unknown }).toEqual({ path, status: 400, body: err(400, 'Bad Request', [`pageSize must not be greater than ${MAX_PAGE_SIZE}`]) });
        await t.http().get(`${API}${path}?pageSize=${MAX_PAGE_SIZE}`).set('Authorization', admin.auth).expect(200);
      }
    });

    it(`answers a bulk change of more than ${BULK_MAX_IDS} ids, or more than ${BULK_MAX_EVIDENCE_IDS} evidence ids, 400 before looking at any`, async () => {
      const ids = Array.from({ length: BULK_MAX_IDS + 1 }, (_, i) => uuid(i));
      const bulk = await t.http().post(`${API}/recommendations/bulk`).set('Authorization', staffer.auth).send({ ids, set: { priority: 'low' } }).expect(400);
      expect(bulk.body).toEqual(err(400, 'Bad Request', [`ids must contain no more than ${BULK_MAX_IDS} elements`]));
      const status = await t.http().post(`${API}/recommendations/bulk/status`).set('Authorization', staffer.auth).send({ ids, status: 'in_progress', reason: 'x' }).expect(400);
      expect(status.body).toEqual(err(400, 'Bad Request', [`ids must contain no more than ${BULK_MAX_IDS} elements`]));
      const evidenceIds = Array.from({ length: BULK_MAX_EVIDENCE_IDS + 1 }, (_, i) => uuid(i));
      const ev = await t.http().post(`${API}/recommendations/bulk/status`).set('Authorization', staffer.auth).send({ ids: [uuid(1)], status: 'in_progress', reason: 'x', evidenceIds });
      expect(ev.status).toBe(400);
      expect(ev.body).toEqual(err(400, 'Bad Request', [`evidenceIds must contain no more than ${BULK_MAX_EVIDENCE_IDS} elements`]));
      // The limit itself is accepted (here: every id unknown, so each item answers 404 and nothing changes).
      const atLimit = await t.http().post(`${API}/recommendations/bulk`).set('Authorization', staffer.auth).send({ ids: ids.slice(1), set: { priority: 'low' } }).expect(422);
      expect((atLimit.body as { results: unknown[] }).results).toHaveLength(BULK_MAX_IDS);
    });

    it('answers an upload streamed past 10 MiB 413 while the client is still sending, and stores nothing', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await t.db.getRepository(Evidence).save({ recommendationId: rec.id, kind: 'report' as const, title: 'Report', occurredOn: '2022-06-01' });
      const boundary = 'reliability-boundary';
      const declared = 64 * MiB;
      const prefix = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        PDF,
      ]);
      const c = raw();
      await c.write(head('PUT', `${API}/evidence/${ev.id}/attachment`, { Authorization: staffer.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': declared }));
      const sent = await c.dribble(Buffer.concat([prefix, Buffer.alloc(declared - prefix.length, 0x20)]), MiB, 5);
      const answer = await c.answer;
      c.destroy();
      expect(answer?.status).toBe(413);
      expect(JSON.parse(answer!.body)).toEqual(err(413, 'Payload Too Large', 'The file is larger than 10 MiB'));
      expect(sent).toBeLessThan(declared);
      expect(sent).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
      expect(await t.db.query('SELECT count(*)::int AS n FROM evidence_attachments WHERE evidence_id = $1', [ev.id])).toEqual([{ n: 0 }]);
      reportFigures('resource-limits-upload', { declaredBytes: declared, sentBeforeAnswerBytes: sent });
    });
  });

  describe('slow and huge requests in flight', () => {
    /** Small requests answered while `others` are still open and unanswered. */
    const answeredMeanwhile = async (others: RawHttp[]) => {
      await t.http().get('/health/ready').expect(200);
      const list = await t.http().get(`${API}/recommendations?officeId=${office.id}`).set('Authorization', staffer.auth).expect(200);
      expect(list.body).toMatchObject({ page: 1 });
      expect(others.map((o) => ({ open: o.isOpen, answered: o.hasAnswer }))).toEqual(others.map(() => ({ open: true, answered: false })));
    };

    it('a client sending its body a byte at a time, and one sending its headers a line at a time, hold up no one', async () => {
      const body = raw();
      await body.write(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': 1000 }));
      void body.dribble('{"email":"slow@example.org","password":"', 1, 100);
      const headers = raw();
      void headers.dribble(`GET ${API}/auth/me HTTP/1.1\r\nHost: localhost\r\n${'X-Slow: 1\r\n'.repeat(100)}`, 12, 100);
      await answeredMeanwhile([body, headers]);
    });

    it('fifty slow clients and a 9 MiB upload in flight at once: small requests are still answered meanwhile', async () => {
      const rec = await t.factories.recommendation(office);
      const ev = await t.db.getRepository(Evidence).save({ recommendationId: rec.id, kind: 'report' as const, title: 'Report', occurredOn: '2022-06-01' });
      const slow = Array.from({ length: 50 }, () => raw());
      for (const s of slow) await s.write(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': 1000 }) + '{"email":');
      const boundary = 'huge-boundary';
      const file = Buffer.concat([PDF, Buffer.alloc(9 * MiB, 0x20)]);
      const prefix = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
      const suffix = `\r\n--${boundary}--\r\n`;
      const huge = raw();
      await huge.write(
        head('PUT', `${API}/evidence/${ev.id}/attachment`, {
          Authorization: staffer.auth,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': prefix.length + file.length + suffix.length,
        }) + prefix,
      );
      // Half the file now, the rest once the small requests are through: the upload is in flight meanwhile.
      const half = Math.floor(file.length / 2);
      await huge.write(file.subarray(0, half));
      await answeredMeanwhile([huge, ...slow]);
      await huge.write(Buffer.concat([file.subarray(half), Buffer.from(suffix)]));
      const stored = await huge.answer;
      expect(stored?.status).toBe(200);
      expect(JSON.parse(stored!.body)).toMatchObject({ attachment: { size: file.length } });
      reportFigures('resource-limits-slow-clients', { slowClients: slow.length, hugeUploadBytes: file.length, smallRequestsAnsweredMeanwhile: 2 });
    });
  });

  describe(`a request not in within REQUEST_TIMEOUT_MS (here ${SHORT_TIMEOUT_MS} ms)`, () => {
    let short: TestApp;
    let shortPort: number;
    beforeAll(async () => {
      short = await startTestApp({ REQUEST_TIMEOUT_MS: String(SHORT_TIMEOUT_MS) });
      await short.app.listen(0, '127.0.0.1');
      shortPort = (short.app.getHttpServer().address() as { port: number }).port;
    });
    afterAll(() => short.close());

    const expectCutOff = async (c: RawHttp) => {
      const answer = await c.answer;
      await c.closed;
      expect(answer?.status).toBe(408);
      expect(JSON.parse(answer!.body)).toEqual({ ...err(408, 'Request Timeout', 'The request took too long to arrive'), requestId: answer!.headers['x-request-id'] });
    };

    it('answers a body sent a byte at a time 408 in the error shape, and closes the connection', async () => {
      const c = track(new RawHttp(shortPort));
      const body = JSON.stringify({ email: 'slow@example.org', password: 'a-slow-password-123' });
      await c.write(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': body.length }));
      void c.dribble(body, 1, 100);
      await expectCutOff(c);
    });

    it('answers headers sent a line at a time (slowloris) 408, and closes the connection', async () => {
      const c = track(new RawHttp(shortPort));
      void c.dribble(`GET ${API}/auth/me HTTP/1.1\r\nHost: localhost\r\n${'X-Slow: 1\r\n'.repeat(100)}`, 12, 100);
      await expectCutOff(c);
    });

    it('cuts off fifty idle half-sent requests, and goes on answering', async () => {
      const slow = Array.from({ length: 50 }, () => track(new RawHttp(shortPort)));
      for (const s of slow) await s.write(head('POST', `${API}/auth/login`, { 'Content-Type': 'application/json', 'Content-Length': 1000 }));
      const answers = await Promise.all(slow.map((s) => s.answer));
      expect(answers.map((a) => a?.status)).toEqual(slow.map(() => 408));
      await short.http().get('/health/ready').expect(200);
      reportFigures('resource-limits-request-timeout', { requestTimeoutMs: SHORT_TIMEOUT_MS, slowClientsCutWith408: answers.length });
    });
  });
});
