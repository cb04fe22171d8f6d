import { randomBytes } from 'node:crypto';
import { PgBoss } from 'pg-boss';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyAuditLog } from '../src/audit/audit-verify';
import { dataSourceOptions } from '../src/database/data-source-options';
import { FOLLOW_UP_REMINDERS_QUEUE } from '../src/jobs/queues';
import { AppProcess, startAppProcess } from './support/app-process';
import { DEFAULT_PASSWORD, Factories, SignedIn } from './support/factories';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { reportFigures } from './support/reliability-figures';
import { TcpProxy } from './support/tcp-proxy';
import { halfAppliedWrites, ledgerOf } from './support/write-consistency';

const API = '/api/v1';
const TOO_MANY = { statusCode: 429, error: 'Too Many Requests', message: 'Too many failed logins; try again later', requestId: expect.any(String) };
const UNAUTHORIZED = { statusCode: 401, error: 'Unauthorized', message: expect.any(String), requestId: expect.any(String) };
/** An address of each test's own (both processes trust X-Forwarded-For), so no limit is shared by accident. */
const address = () => `10.${randomBytes(3).join('.')}`;

/**
 * Two operating-system processes of the real service (src/main.ts) on one database of their own, each
 * with its own pool and job queue: nothing that only lives in one process's memory may decide anything.
 */
describe('two instances on one database', () => {
  let fresh: FreshDatabase;
  let db: DataSource;
  let a: AppProcess;
  let b: AppProcess;
  let factories: Factories;
  let proxy: TcpProxy;

  beforeAll(async () => {
    // A database of its own: the job queues of both processes work every follow-up there is.
    fresh = await createFreshDatabase();
    // Both reach the database through a proxy the outage test can cut; the test's own checks do not.
    const target = new URL(fresh.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    // A low per-address limit, so few (slow, argon2) logins reach it.
    const env = { DATABASE_URL: proxy.urlFor(fresh.url), DB_POOL_SIZE: '4', JOBS_ENABLED: 'true', TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '8' };
    [a, b] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
    db = new DataSource(dataSourceOptions({ url: fresh.url, poolSize: 2 }));
    await db.initialize();
    factories = new Factories(db, () => request(a.url));
  }, 90_000);
  afterAll(async () => {
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    await proxy?.stop();
    await db?.destroy();
    await fresh?.drop();
    // Both shut down cleanly, whatever they went through.
    expect(codes).toEqual([0, 0]);
  }, 60_000);

  const login = (via: AppProcess, email: string, password: string, from: string) =>
    request(via.url).post(`${API}/auth/login`).set('X-Forwarded-For', from).send({ email, password });
  const me = (via: AppProcess, s: { accessToken: string }) => request(via.url).get(`${API}/auth/me`).set('Authorization', `Bearer ${s.accessToken}`);

  it('the failed-login limits hold across both: concurrent failures on A and B add up to the limit, then both answer 429', async () => {
    const statuses = (answers: { status: number }[]) => answers.map((r) => r.status).sort();
    // Eight wrong guesses at one account at once, half on each: exactly five are let through.
    const user = await factories.user();
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => login(i % 2 === 0 ? a : b, user.email, `wrong-${i}`, address())));
    expect(statuses(guesses)).toEqual([...Array<number>(5).fill(401), ...Array<number>(3).fill(429)]);
    for (const via of [a, b]) expect((await login(via, user.email, DEFAULT_PASSWORD, address()).expect(429)).body).toEqual(TOO_MANY);

    // One address guessing at many accounts, 12 at once over both: eight let through, then refused on both.
    const guesser = address();
    const spray = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 === 0 ? a : b, `${factories.unique('ghost')}@example.org`, 'wrong-password', guesser)));
    expect(statuses(spray)).toEqual([...Array<number>(8).fill(401), ...Array<number>(4).fill(429)]);
    const other = await factories.user();
    for (const via of [a, b]) expect((await login(via, other.email, DEFAULT_PASSWORD, guesser).expect(429)).body).toEqual(TOO_MANY);
  });

  it('a refresh token rotated on A and replayed on B ends the login on both', async () => {
    const user = await factories.user();
    const first = (await login(a, user.email, DEFAULT_PASSWORD, address()).expect(200)).body as SignedIn;
    const second = (await request(a.url).post(`${API}/auth/refresh`).send({ refreshToken: first.refreshToken }).expect(200)).body as SignedIn;
    await me(b, second).expect(200);

    expect((await request(b.url).post(`${API}/auth/refresh`).send({ refreshToken: first.refreshToken }).expect(401)).body).toEqual(UNAUTHORIZED);
    for (const via of [a, b]) await me(via, second).expect(401);
    await request(a.url).post(`${API}/auth/refresh`).send({ refreshToken: second.refreshToken }).expect(401);
  });

  it('a logout on A ends the access token on B at once', async () => {
    const user = await factories.user();
    const s = (await login(b, user.email, DEFAULT_PASSWORD, address()).expect(200)).body as SignedIn;
    await me(b, s).expect(200);
    await request(a.url).post(`${API}/auth/logout`).set('Authorization', `Bearer ${s.accessToken}`).send({ refreshToken: s.refreshToken }).expect(204);
    for (const via of [a, b]) expect((await me(via, s).expect(401)).body).toEqual(UNAUTHORIZED);
  });

  it('20 edits of one item with one If-Match, split over both: one 200, nineteen 412', async () => {
    const office = await factories.office();
    const staffer = await factories.signedIn('staffer', [office]);
    const rec = await factories.recommendation(office);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request((i % 2 === 0 ? a : b).url).patch(`${API}/recommendations/${rec.id}`).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ title: `Edit ${i}` }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array<number>(19).fill(412)]);
    const [row] = (await db.query('SELECT version, title FROM recommendations WHERE id = $1', [rec.id])) as { version: number; title: string }[];
    expect(row).toEqual({ version: 2, title: (answers.find((r) => r.status === 200)!.body as { title: string }).title });
  });

  it('the main flow run on both at once: each item reads the same on both, one history, a valid audit chain', async () => {
    const office = await factories.office();
    const staffer = await factories.signedIn('staffer', [office]);
    const director = await factories.signedIn('director', [office]);
    const admin = await factories.signedIn('admin');

    /** Create, edit, cite evidence, change status, comment and assign a follow-up, alternating instances. */
    const flow = async (i: number) => {
      const [one, two] = i % 2 === 0 ? [a, b] : [b, a];
      const as = (via: AppProcess) => request(via.url);
      const created = await as(one)
        .post(`${API}/recommendations`)
        .set('Authorization', staffer.auth)
        .send({ officeId: office.id, reference: `TWO-${i}`, title: `Flow ${i}`, text: 'Report to Congress.', policyArea: 'border_migration', priority: 'high', addressees: ['Congress'], ownerIds: [staffer.user.id] })
        .expect(201);
      const id = (created.body as { id: string }).id;
      const edited = await as(two).patch(`${API}/recommendations/${id}`).set('Authorization', staffer.auth).set('If-Match', created.headers.etag).send({ priority: 'low' }).expect(200);
      const ev = await as(one).post(`${API}/recommendations/${id}/evidence`).set('Authorization', staffer.auth).send({ kind: 'hearing', title: 'Hearing', occurredOn: '2022-06-01' }).expect(201);
      const moved = await as(two)
        .post(`${API}/recommendations/${id}/status`)
        .set('Authorization', director.auth)
        .set('If-Match', edited.headers.etag)
        .send({ status: 'partially_implemented', reason: `Flow ${i}`, evidenceIds: [(ev.body as { id: string }).id] })
        .expect(200);
      await as(one).post(`${API}/recommendations/${id}/status`).set('Authorization', director.auth).set('If-Match', moved.headers.etag).send({ status: 'implemented', reason: 'Done', evidenceIds: [(ev.body as { id: string }).id] }).expect(200);
      await as(two).post(`${API}/recommendations/${id}/comments`).set('Authorization', staffer.auth).send({ body: `Comment ${i}` }).expect(201);
      await as(one).post(`${API}/recommendations/${id}/follow-ups`).set('Authorization', staffer.auth).send({ title: `Follow-up ${i}`, assigneeId: staffer.user.id, dueOn: '2099-01-01' }).expect(201);
      return id;
    };
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => flow(i)));

    for (const id of ids) {
      const [onA, onB] = await Promise.all([a, b].map((via) => request(via.url).get(`${API}/recommendations/${id}`).set('Authorization', staffer.auth).expect(200)));
      expect(onA.body).toEqual(onB.body);
      expect(onA.body).toMatchObject({ status: 'implemented', version: 4, evidenceCount: 1 });
      const [historyA, historyB] = await Promise.all([a, b].map((via) => request(via.url).get(`${API}/recommendations/${id}/history`).set('Authorization', staffer.auth).expect(200)));
      expect(historyA.body).toEqual(historyB.body);
      expect((historyA.body as { type: string; to: unknown }[]).map((h) => [h.type, h.type === 'status' ? h.to : null])).toEqual([
        ['field', null],
        ['status', 'partially_implemented'],
        ['status', 'implemented'],
      ]);
    }
    const lists = await Promise.all([a, b].map((via) => request(via.url).get(`${API}/recommendations?officeId=${office.id}&pageSize=100`).set('Authorization', staffer.auth).expect(200)));
    expect(lists[0].body).toEqual(lists[1].body);
    const verified = await Promise.all([a, b].map((via) => request(via.url).get(`${API}/audit/verify`).set('Authorization', admin.auth).expect(200)));
    expect(verified.map((v) => v.body as unknown)).toEqual([
      { valid: true, checked: expect.any(Number), firstBrokenId: null },
      { valid: true, checked: expect.any(Number), firstBrokenId: null },
    ]);
  }, 60_000);

  it('reminder jobs worked by both processes at once remind each follow-up once', async () => {
    const office = await factories.office();
    const member = await factories.user({ offices: [office] });
    const rec = await factories.recommendation(office);
    const overdue = await Promise.all(Array.from({ length: 5 }, () => factories.followUp(rec, member, { dueOn: '2000-01-01' })));

    // A client of the queue only (no workers, no schedules): the two processes do the work.
    const boss = new PgBoss({ connectionString: fresh.url, max: 1, schedule: false, supervise: false, migrate: false });
    await boss.start();
    try {
      const jobIds = await Promise.all(Array.from({ length: 4 }, () => boss.send(FOLLOW_UP_REMINDERS_QUEUE, {})));
      const deadline = Date.now() + 45_000;
      let states: (string | undefined)[] = [];
      while (Date.now() < deadline) {
        states = await Promise.all(jobIds.map(async (id) => (await boss.findJobs(FOLLOW_UP_REMINDERS_QUEUE, { id: id! }))[0]?.state));
        if (states.every((s) => s === 'completed' || s === 'failed')) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(states).toEqual(jobIds.map(() => 'completed'));
      const reminders = (await db.query(
        `SELECT follow_up_id, count(*)::int AS n FROM notifications WHERE follow_up_id = ANY($1::uuid[]) AND kind = 'follow_up_overdue' GROUP BY follow_up_id`,
        [overdue.map((f) => f.id)],
      )) as { follow_up_id: string; n: number }[];
      expect(reminders.map((r) => r.n)).toEqual([1, 1, 1, 1, 1]);
      const [{ retries }] = (await db.query('SELECT COALESCE(sum(retry_count), 0)::int AS retries FROM pgboss.job WHERE id = ANY($1::uuid[])', [jobIds])) as { retries: number }[];
      reportFigures('two-instances-jobs', { jobsQueued: jobIds.length, completed: states.length, retries, remindersPerFollowUp: 1 });
    } finally {
      await boss.stop({ graceful: false, close: true });
    }
  }, 60_000);
  it('both processes live through a database outage with writes in flight: 503s, nothing half applied, back within 5 s', async () => {
    const office = await factories.office();
    const staffer = await factories.signedIn('staffer', [office]);
    const recs = await Promise.all(Array.from({ length: 8 }, () => factories.recommendation(office, { owners: [staffer.user] })));
    const director = await factories.signedIn('director', [office]);
    const write = (i: number) =>
      request((i % 2 === 0 ? a : b).url)
        .post(`${API}/recommendations/${recs[i].id}/status`)
        .set('Authorization', director.auth)
        .set('If-Match', '"1"')
        .send({ status: 'in_progress', reason: `Outage ${i}` });

    // Cut just before the third audit event reaches the database: one transaction half done, the others in flight.
    const tripped = proxy.whenSent('INSERT INTO "audit_events"', { cut: true, nth: 3 });
    const answers = await Promise.all(recs.map((_, i) => write(i)));
    await tripped;
    for (const res of answers.filter((r) => r.status !== 200)) {
      expect(res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly', requestId: res.headers['x-request-id'] });
    }
    // Long enough for both job queues to fail a poll or two while the database is away.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const via of [a, b]) {
      expect(via.exitCode()).toBeNull();
      await request(via.url).get('/health/live').expect(200);
      await request(via.url).get('/health/ready').expect(503);
      expect((await me(via, staffer).expect(503)).body).toMatchObject({ statusCode: 503 });
    }

    const restoredAt = Date.now();
    proxy.restore();
    const backAfterMs = await Promise.all(
      [a, b].map(async (via) => {
        while (Date.now() - restoredAt < 5_000) {
          if ((await request(via.url).get('/health/ready')).status === 200) return Date.now() - restoredAt;
          await new Promise((r) => setTimeout(r, 50));
        }
        return null;
      }),
    );
    expect(backAfterMs.every((ms) => ms !== null)).toBe(true);
    for (const via of [a, b]) await me(via, staffer).expect(200);

    const ledger = await ledgerOf(db, recs.map((r) => r.id));
    expect(recs.flatMap((r) => halfAppliedWrites(ledger.get(r.id)!, 1))).toEqual([]);
    answers.forEach((res, i) => {
      if (res.status === 200) expect({ i, status: ledger.get(recs[i].id)!.status }).toEqual({ i, status: 'in_progress' });
    });
    expect(await verifyAuditLog(db)).toMatchObject({ valid: true });
    reportFigures('two-instances-outage', {
      writesInFlight: recs.length,
      succeeded: answers.filter((r) => r.status === 200).length,
      unavailable503: answers.filter((r) => r.status === 503).length,
      appliedDespite503: answers.filter((r, i) => r.status === 503 && ledger.get(recs[i].id)!.status === 'in_progress').length,
      readyAfterMs: backAfterMs,
    });
  }, 60_000);
});
