import { verifyAuditLog } from '../src/audit/audit-verify';
import type { Office } from '../src/offices/office.entity';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });

interface EventBody {
  id: string;
  officeId: string | null;
  action: string;
  entityId: string | null;
}

describe('audit log', () => {
  let t: TestApp;
  let office: Office;
  let otherOffice: Office;
  let director: SignedIn;
  let staffer: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.factories.office();
    otherOffice = await t.factories.office();
    director = await t.factories.signedIn('director', [office]);
    staffer = await t.factories.signedIn('staffer', [office]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const comment = async (officeOf: Office, as: SignedIn) => {
    const rec = await t.factories.recommendation(officeOf);
    const res = await t.http().post(`/api/v1/recommendations/${rec.id}/comments`).set('Authorization', as.auth).send({ body: 'Noted.' }).expect(201);
    return res.body as { id: string };
  };
  const audit = (as: SignedIn, query: Record<string, string | number> = {}) => t.http().get('/api/v1/audit').query(query).set('Authorization', as.auth);

  it('shows a director the events of their offices only, newest first, in the event shape', async () => {
    const own = await t.factories.office();
    const ownDirector = await t.factories.signedIn('director', [own]);
    const ownStaffer = await t.factories.signedIn('staffer', [own]);
    const mine = await comment(own, ownStaffer);
    const next = await comment(own, ownStaffer);
    const theirs = await comment(otherOffice, admin);
    const res = await audit(ownDirector, { entityType: 'comment', pageSize: 100 }).expect(200);
    const items = res.body.items as EventBody[];
    expect(items.map((e) => e.entityId)).toEqual([next.id, mine.id]);
    expect(items.map((e) => e.entityId)).toContain(mine.id);
    expect(items.map((e) => e.entityId)).not.toContain(theirs.id);
    const one = await audit(ownDirector, { entityId: mine.id }).expect(200);
    expect(one.body).toEqual({
      items: [
        {
          id: expect.any(String),
          seq: expect.any(Number),
          occurredAt: expect.stringMatching(/Z$/),
          actor: { id: ownStaffer.user.id, name: ownStaffer.user.name },
          action: 'comment.create',
          entityType: 'comment',
          entityId: mine.id,
          officeId: own.id,
          before: null,
          after: { recommendationId: expect.any(String), body: 'Noted.' },
          requestId: expect.any(String),
          // The first event of the office's chain links to nothing; the next links to it.
          prevHash: null,
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
      total: 1,
      page: 1,
      pageSize: 25,
    });
    const [second, first] = res.body.items as { prevHash: string; hash: string }[];
    expect(second.prevHash).toBe(first.hash);
  });

  it('gives a director an empty list for another office, and an admin every office and the global events', async () => {
    const theirs = await comment(otherOffice, admin);
    expect((await audit(director, { officeId: otherOffice.id }).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    expect((await audit(director, { entityId: theirs.id }).expect(200)).body.total).toBe(0);
    expect((await audit(admin, { entityId: theirs.id }).expect(200)).body.items).toMatchObject([{ officeId: otherOffice.id, action: 'comment.create' }]);
    const logins = await audit(admin, { actorId: director.user.id, entityType: 'user' }).expect(200);
    expect(logins.body.total).toBeGreaterThanOrEqual(1);
    expect((logins.body.items as EventBody[]).every((e) => e.officeId === null)).toBe(true);
  });

  it('filters by time: a date-only "to" includes its whole day; from after to is refused', async () => {
    const mine = await comment(office, staffer);
    const today = new Date().toISOString().slice(0, 10);
    expect((await audit(director, { entityId: mine.id, from: today, to: today }).expect(200)).body.total).toBe(1);
    expect((await audit(director, { entityId: mine.id, to: '2000-01-01' }).expect(200)).body.total).toBe(0);
    expect((await audit(director, { entityId: mine.id, from: new Date(Date.now() + 60_000).toISOString() }).expect(200)).body.total).toBe(0);
    expect((await audit(director, { from: '2026-02-02', to: '2026-02-01' }).expect(400)).body).toEqual(err(400, 'Bad Request', 'from must not be after to'));
    expect((await audit(director, { from: 'yesterday' }).expect(400)).body).toEqual(err(400, 'Bad Request', ['from must be a date or an ISO 8601 timestamp']));
  });

  it('is refused to staffers and viewers (403), verify to directors (403)', async () => {
    const viewer = await t.factories.signedIn('viewer', [office]);
    expect((await audit(staffer).expect(403)).body).toEqual(err(403, 'Forbidden', 'This action needs role director or above'));
    await audit(viewer).expect(403);
    await t.http().get('/api/v1/audit/verify').set('Authorization', director.auth).expect(403);
  });

  it('verifies the whole log for an admin', async () => {
    await comment(office, staffer);
    const res = await t.http().get('/api/v1/audit/verify').set('Authorization', admin.auth).expect(200);
    expect(res.body).toEqual({ valid: true, checked: expect.any(Number), firstBrokenId: null });
    expect(res.body.checked).toBeGreaterThan(0);
  });
});

describe('audit log tampering (a database of its own)', () => {
  let fresh: FreshDatabase;
  let t: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    t = await startTestApp({}, fresh.url);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(async () => {
    await t.close();
    await fresh.drop();
  });

  /** Writes five audited events in one office's chain, and answers their ids in order. */
  const writeChain = async (): Promise<string[]> => {
    const office = await t.http().post('/api/v1/offices').set('Authorization', admin.auth).send({ name: t.factories.unique('Tamper') }).expect(201);
    const rec = await t.factories.recommendation(office.body as Office);
    for (let i = 0; i < 5; i++) {
      await t.http().post(`/api/v1/recommendations/${rec.id}/comments`).set('Authorization', admin.auth).send({ body: `Comment ${i}` }).expect(201);
    }
    const rows = (await t.db.query('SELECT id FROM audit_events WHERE office_id = $1 ORDER BY seq', [(office.body as Office).id])) as { id: string }[];
    return rows.map((r) => r.id);
  };
  /** Runs SQL with the append-only trigger bypassed, as someone with direct database access could. */
  const behindTheBack = (sql: string, params: unknown[]) =>
    t.db.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      await m.query(sql, params);
    });
  const verify = async () => (await t.http().get('/api/v1/audit/verify').set('Authorization', admin.auth).expect(200)).body as unknown;

  it('names the altered event, then the event after one deleted from the middle', async () => {
    await writeChain();
    const ids = await writeChain();
    expect(await verify()).toEqual({ valid: true, checked: expect.any(Number), firstBrokenId: null });
    expect(await verifyAuditLog(t.db, 2)).toEqual(await verify());
    const [{ n: before }] = (await t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE seq < (SELECT seq FROM audit_events WHERE id = $1)', [
      ids[2],
    ])) as { n: number }[];

    await behindTheBack(`UPDATE audit_events SET after = jsonb_set(after, '{body}', '"Nothing was said."') WHERE id = $1`, [ids[2]]);
    expect(await verify()).toEqual({ valid: false, checked: before + 1, firstBrokenId: ids[2] });
    // Batches of two (and more than nine events, so seq order is not text order) find the same.
    expect(await verifyAuditLog(t.db, 2)).toEqual({ valid: false, checked: before + 1, firstBrokenId: ids[2] });

    await behindTheBack('DELETE FROM audit_events WHERE id = $1', [ids[2]]);
    expect(await verify()).toEqual({ valid: false, checked: before + 1, firstBrokenId: ids[3] });
  });

  it('refuses UPDATE and DELETE through the trigger when nobody bypasses it', async () => {
    const [id] = await writeChain();
    await expect(t.db.query("UPDATE audit_events SET action = 'x' WHERE id = $1", [id])).rejects.toThrow('audit_events is append-only: UPDATE refused');
    await expect(t.db.query('DELETE FROM audit_events WHERE id = $1', [id])).rejects.toThrow('audit_events is append-only: DELETE refused');
    await expect(t.db.query('TRUNCATE audit_events')).rejects.toThrow('audit_events is append-only: TRUNCATE refused');
  });
});
