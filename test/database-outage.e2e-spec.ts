import { Client } from 'pg';
import type { Response } from 'supertest';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { SignedIn } from './support/factories';
import { reportFigures } from './support/reliability-figures';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { halfAppliedWrites, ledgerOf } from './support/write-consistency';

const waitFor = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

const UNAVAILABLE = (requestId: string) => ({
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'The database is unavailable; try again shortly',
  requestId,
});
const AUDIT_INSERT = 'INSERT INTO "audit_events"';

describe('when the database stops answering', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    t = await startTestApp({}, proxy.urlFor(process.env.TEST_DATABASE_URL!));
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.stop();
  });

  it('says 503 in the error shape, keeps the process up, and recovers once it is back', async () => {
    const admin = await t.factories.signedIn('admin');
    await t.http().get('/health/ready').expect(200);

    proxy.cut();
    const ready = await t.http().get('/health/ready').set('X-Request-Id', 'outage-ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The database does not answer',
      requestId: 'outage-ready',
    });
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', admin.auth).set('X-Request-Id', 'outage-me');
    expect(me.status).toBe(503);
    expect(me.body).toEqual(UNAVAILABLE('outage-me'));
    await t.http().get('/health/live').expect(200);

    proxy.restore();
    const back = await waitFor(async () => (await t.http().get('/health/ready')).status === 200, 5_000);
    expect(back).toBe(true);
    await t.http().get('/api/v1/auth/me').set('Authorization', admin.auth).expect(200);
  });

  describe('with writes in flight', () => {
    const WRITES = 12;
    let office: Office;
    let staffer: SignedIn;
    let director: SignedIn;
    beforeEach(async () => {
      office = await t.factories.office();
      staffer = await t.factories.signedIn('staffer', [office]);
      director = await t.factories.signedIn('director', [office]);
    });

    /** Edits and status changes on items of their own, all at once: each can only succeed or fail whole. */
    const startWrites = (recs: Recommendation[]) =>
      recs.map((rec, i) =>
        i % 2 === 0
          ? t.http().patch(`/api/v1/recommendations/${rec.id}`).set('Authorization', director.auth).set('If-Match', '"1"').send({ title: `Edited ${i}` })
          : t.http().post(`/api/v1/recommendations/${rec.id}/status`).set('Authorization', director.auth).set('If-Match', '"1"').send({ status: 'in_progress', reason: `Moved ${i}` }),
      );

    /** Every answer is a success or the 503 of the error shape; every item whole; the audit chain valid. */
    const expectWholeWrites = async (recs: Recommendation[], answers: Response[]) => {
      for (const res of answers) {
        if (res.status === 503) expect(res.body).toEqual(UNAVAILABLE(res.headers['x-request-id']));
        else expect(res.status).toBe(200);
      }
      const ledger = await ledgerOf(t.db, recs.map((r) => r.id));
      expect(recs.flatMap((r) => halfAppliedWrites(ledger.get(r.id)!, 1))).toEqual([]);
      let appliedDespite503 = 0;
      recs.forEach((rec, i) => {
        const { events, title, status } = ledger.get(rec.id)!;
        const applied = events.some(([, requestId]) => requestId === answers[i].headers['x-request-id']);
        // A success is applied; a 503 may have been too, when the commit got through and its answer did not.
        if (answers[i].status === 200) expect({ i, applied }).toEqual({ i, applied: true });
        else if (applied) appliedDespite503 += 1;
        expect({ i, changed: i % 2 === 0 ? title === `Edited ${i}` : status === 'in_progress' }).toEqual({ i, changed: applied });
      });
      const admin = await t.factories.signedIn('admin');
      expect((await t.http().get('/api/v1/audit/verify').set('Authorization', admin.auth).expect(200)).body).toMatchObject({ valid: true });
      return { succeeded: answers.filter((a) => a.status === 200).length, unavailable503: answers.filter((a) => a.status === 503).length, appliedDespite503 };
    };

    it('a cut in the middle of a transaction: each answer 200 or 503, no write half applied, service back within 5 s', async () => {
      const recs = await Promise.all(Array.from({ length: WRITES }, () => t.factories.recommendation(office, { owners: [staffer.user] })));
      // Cut just before the fourth audit event is written: that write is half done, others are in flight.
      const tripped = proxy.whenSent(AUDIT_INSERT, { cut: true, nth: 4 });
      const answers = await Promise.all(startWrites(recs));
      await tripped;
      expect((await t.http().get('/health/ready')).status).toBe(503);

      const restoredAt = Date.now();
      proxy.restore();
      expect(await waitFor(async () => (await t.http().get('/health/ready')).status === 200, 5_000)).toBe(true);
      const readyAfterMs = Date.now() - restoredAt;
      const [again] = await Promise.all(startWrites([await t.factories.recommendation(office)]));
      expect(again.status).toBe(200);
      const writeAfterMs = Date.now() - restoredAt;

      const figures = await expectWholeWrites(recs, answers);
      reportFigures('outage-proxy-cut', { writesInFlight: WRITES, ...figures, readyAfterMs, writeAfterMs });
    });

    it('backends terminated under writes in flight: each answer 200 or 503, none half applied, the pool reconnects at once', async () => {
      const recs = await Promise.all(Array.from({ length: WRITES }, () => t.factories.recommendation(office, { owners: [staffer.user] })));
      const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        // Only this application's connections (the ones through the proxy): other test files share the server.
        const tripped = proxy.whenSent(AUDIT_INSERT, { nth: 4 });
        const inFlight = startWrites(recs);
        const settled = Promise.all(inFlight);
        await tripped;
        const terminatedAt = Date.now();
        const killed = await admin.query('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE client_port = ANY($1::int[])', [
          proxy.upstreamPorts(),
        ]);
        const answers = await settled;
        expect(await waitFor(async () => (await t.http().get('/health/ready')).status === 200, 5_000)).toBe(true);
        const readyAfterMs = Date.now() - terminatedAt;

        const figures = await expectWholeWrites(recs, answers);
        reportFigures('outage-terminated-backends', { writesInFlight: WRITES, backendsTerminated: (killed.rows[0] as { n: number }).n, ...figures, readyAfterMs });
      } finally {
        await admin.end();
      }
    });
  });
});
