import { auditHash, AuditEventRow, chainKeyOf, hashedContentOf } from '../src/audit/audit-hash';
import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const HASH = /^[0-9a-f]{64}$/;
const APPEND_ONLY = (op: string) => `audit_events is append-only: ${op} refused`;
/** SQLSTATE insufficient_privilege, the code the append-only trigger raises. */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * A whole, valid chain: the first event links to nothing (null), every other one to the hash of the
 * event before it in `seq` order, and every hash is the project's hash of the stored content.
 */
function expectValidChain(rows: AuditEventRow[], chainKey: string): void {
  expect(rows.length).toBeGreaterThan(0);
  rows.forEach((row, i) => {
    expect(row.chain_key).toBe(chainKey);
    expect(row.hash).toMatch(HASH);
    expect({ seq: row.seq, prevHash: row.prev_hash }).toEqual({ seq: row.seq, prevHash: i === 0 ? null : rows[i - 1].hash });
    expect({ seq: row.seq, hash: auditHash(hashedContentOf(row)) }).toEqual({ seq: row.seq, hash: row.hash });
    if (i > 0) expect(BigInt(row.seq)).toBeGreaterThan(BigInt(rows[i - 1].seq));
  });
  // No fork: no two events claim the same predecessor.
  expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
}

describe('audit hash chains', () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  /** Every event of one chain, in the order the chain is read (seq). */
  const chain = async (chainKey: string) =>
    (await t.db.query('SELECT * FROM audit_events WHERE chain_key = $1 ORDER BY seq', [chainKey])) as AuditEventRow[];
  const officeChain = (officeId: string) => chain(`office:${officeId}`);
  const newOffice = async () =>
    (await t.http().post(`${API}/offices`).set('Authorization', admin.auth).send({ name: t.factories.unique('Chain Office') }).expect(201)).body as Office;
  const recommendationBody = (office: Office, over: Record<string, unknown> = {}) => ({
    officeId: office.id,
    reference: t.factories.unique('REF'),
    title: 'A recommendation for the audit chain',
    text: 'The agency should report to Congress.',
    policyArea: 'border_migration',
    priority: 'medium',
    addressees: ['Congress'],
    ownerIds: [],
    ...over,
  });
  const createRecommendation = (who: SignedIn, office: Office, over: Record<string, unknown> = {}) =>
    t.http().post(`${API}/recommendations`).set('Authorization', who.auth).send(recommendationBody(office, over));

  it('chain keys are office:<id> per office, and global for writes of no office', () => {
    expect(chainKeyOf('6f1c1b8e-0000-4000-8000-000000000001')).toBe('office:6f1c1b8e-0000-4000-8000-000000000001');
    expect(chainKeyOf(null)).toBe('global');
  });

  it('writes in two offices give one valid chain per office, never interleaved', async () => {
    const [a, b] = [await newOffice(), await newOffice()];
    const staffA = await t.factories.signedIn('staffer', [a]);
    const staffB = await t.factories.signedIn('staffer', [b]);
    const directorA = await t.factories.signedIn('director', [a]);

    // Interleaved on purpose: A, B, A, B, A, B, A.
    const a1 = (await createRecommendation(staffA, a).expect(201)).body as { id: string };
    const b1 = (await createRecommendation(staffB, b).expect(201)).body as { id: string };
    const a2 = (await createRecommendation(staffA, a).expect(201)).body as { id: string };
    await t.http().patch(`${API}/recommendations/${b1.id}`).set('Authorization', staffB.auth).set('If-Match', '"1"').send({ title: 'Edited in B' }).expect(200);
    await t.http().post(`${API}/recommendations/${a1.id}/status`).set('Authorization', staffA.auth).set('If-Match', '"1"').send({ status: 'in_progress', reason: 'Work began' }).expect(200);
    await t.http().patch(`${API}/offices/${b.id}`).set('Authorization', admin.auth).send({ name: t.factories.unique('Renamed B') }).expect(200);
    await t.http().delete(`${API}/recommendations/${a2.id}`).set('Authorization', directorA.auth).expect(204);

    const chainA = await officeChain(a.id);
    const chainB = await officeChain(b.id);
    expect(chainA.map((r) => [r.action, r.entity_id])).toEqual([
      ['office.create', a.id],
      ['recommendation.create', a1.id],
      ['recommendation.create', a2.id],
      ['recommendation.status_change', a1.id],
      ['recommendation.delete', a2.id],
    ]);
    expect(chainB.map((r) => [r.action, r.entity_id])).toEqual([
      ['office.create', b.id],
      ['recommendation.create', b1.id],
      ['recommendation.update', b1.id],
      ['office.update', b.id],
    ]);
    expectValidChain(chainA, chainKeyOf(a.id));
    expectValidChain(chainB, chainKeyOf(b.id));
    expect(chainA.every((r) => r.office_id === a.id)).toBe(true);
    expect(chainB.every((r) => r.office_id === b.id)).toBe(true);

    // Every event of an office is in that office's chain, and no link crosses between the chains.
    const keysOf = async (officeId: string) =>
      ((await t.db.query('SELECT DISTINCT chain_key FROM audit_events WHERE office_id = $1', [officeId])) as { chain_key: string }[]).map((r) => r.chain_key);
    expect(await keysOf(a.id)).toEqual([`office:${a.id}`]);
    expect(await keysOf(b.id)).toEqual([`office:${b.id}`]);
    const hashesA = new Set(chainA.map((r) => r.hash));
    const hashesB = new Set(chainB.map((r) => r.hash));
    expect(chainA.filter((r) => r.prev_hash !== null && hashesB.has(r.prev_hash))).toEqual([]);
    expect(chainB.filter((r) => r.prev_hash !== null && hashesA.has(r.prev_hash))).toEqual([]);
    const linkedFromElsewhere = (await t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE prev_hash = ANY($1) AND chain_key NOT IN ($2, $3)', [
      [...hashesA, ...hashesB],
      `office:${a.id}`,
      `office:${b.id}`,
    ])) as { n: number }[];
    expect(linkedFromElsewhere[0].n).toBe(0);
  });

  it('the hash covers the content: a changed field, a reordered key or another link gives another hash', async () => {
    const office = await newOffice();
    const [first] = await officeChain(office.id);
    const content = hashedContentOf(first);
    expect(auditHash(content)).toBe(first.hash);
    expect(auditHash({ ...content, after: { name: `${office.name}x` } })).not.toBe(first.hash);
    expect(auditHash({ ...content, actorId: null })).not.toBe(first.hash);
    expect(auditHash({ ...content, occurredAt: new Date(content.occurredAt.getTime() + 1) })).not.toBe(first.hash);
    expect(auditHash({ ...content, prevHash: '0'.repeat(64) })).not.toBe(first.hash);
    // Canonical JSON: the order of keys inside before/after does not matter.
    const twoKeys = { ...content, after: { a: 1, b: [1, 'two'] } };
    expect(auditHash({ ...content, after: { b: [1, 'two'], a: 1 } })).toBe(auditHash(twoKeys));
  });

  it('writes of no office (users) form the global chain, which is whole and valid', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http()
        .post(`${API}/users`)
        .set('Authorization', admin.auth)
        .send({ email: `${t.factories.unique('chain')}@example.org`, name: 'Chain User', role: 'viewer', password: 'chain-user-password', officeIds: [] })
        .expect(201);
      created.push((res.body as { id: string }).id);
    }
    const global = await chain('global');
    expectValidChain(global, chainKeyOf(null));
    expect(global.every((r) => r.office_id === null)).toBe(true);
    // Ours are in it, in the order they were made.
    expect(global.filter((r) => created.includes(r.entity_id!)).map((r) => [r.action, r.entity_id])).toEqual(created.map((id) => ['user.create', id]));
  });

  describe('append-only in the database', () => {
    /**
     * Runs `sql` in a transaction of its own that is always rolled back, so even a statement the
     * database wrongly accepted could not touch the log other test files are writing to.
     */
    const refusal = async (sql: string, params: unknown[] = []) => {
      const runner = t.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(sql, params);
        return undefined;
      } catch (err) {
        const e = err as { message: string; driverError?: { code?: string } };
        return { code: e.driverError?.code, message: e.message };
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    };

    it.each<[string, string, string]>([
      ['an UPDATE of the content', 'UPDATE', "UPDATE audit_events SET after = '{\"name\":\"Forged\"}'::jsonb WHERE id = $1"],
      ['an UPDATE of the hash', 'UPDATE', "UPDATE audit_events SET hash = repeat('0', 64) WHERE id = $1"],
      ['an UPDATE of the link', 'UPDATE', 'UPDATE audit_events SET prev_hash = NULL WHERE id = $1'],
      ['a DELETE', 'DELETE', 'DELETE FROM audit_events WHERE id = $1'],
    ])('refuses %s of an event, and the event stays as it was', async (_case, op, sql) => {
      const office = await newOffice();
      const [before] = await officeChain(office.id);
      expect(await refusal(sql, [before.id])).toEqual({ code: INSUFFICIENT_PRIVILEGE, message: APPEND_ONLY(op) });
      expect(await officeChain(office.id)).toEqual([before]);
    });

    it('refuses a DELETE of a whole chain, outside any explicit transaction too', async () => {
      const office = await newOffice();
      const before = await officeChain(office.id);
      // Autocommit: the statement alone, as anyone connected would run it.
      await expect(t.db.query('DELETE FROM audit_events WHERE chain_key = $1', [`office:${office.id}`])).rejects.toMatchObject({
        message: APPEND_ONLY('DELETE'),
        driverError: expect.objectContaining({ code: INSUFFICIENT_PRIVILEGE }),
      });
      expect(await officeChain(office.id)).toEqual(before);
    });

    it('refuses a TRUNCATE', async () => {
      const office = await newOffice();
      const before = await officeChain(office.id);
      expect(await refusal('TRUNCATE audit_events')).toEqual({ code: INSUFFICIENT_PRIVILEGE, message: APPEND_ONLY('TRUNCATE') });
      expect(await officeChain(office.id)).toEqual(before);
    });
  });

  describe('a failed write', () => {
    it('a POST /users with a taken e-mail (409) leaves no audit event and no half-written user or membership', async () => {
      const office = await newOffice();
      const email = `${t.factories.unique('dup')}@example.org`;
      const body = { email, name: 'First', role: 'staffer', password: 'duplicate-password', officeIds: [office.id] };
      const first = (await t.http().post(`${API}/users`).set('Authorization', admin.auth).send(body).expect(201)).body as { id: string };
      const officeEventsBefore = await officeChain(office.id);

      const res = await t.http()
        .post(`${API}/users`)
        .set('Authorization', admin.auth)
        .send({ ...body, email: email.toUpperCase(), name: 'Second' })
        .expect(409);
      expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'A user with this e-mail already exists', requestId: res.headers['x-request-id'] });

      expect(await t.db.query('SELECT id, name FROM users WHERE email = $1', [email])).toEqual([{ id: first.id, name: 'First' }]);
      expect(await t.db.query('SELECT user_id FROM user_offices WHERE office_id = $1', [office.id])).toEqual([{ user_id: first.id }]);
      const events = (await t.db.query("SELECT entity_id, after->>'name' AS name FROM audit_events WHERE action = 'user.create' AND after->>'email' = $1", [email])) as unknown[];
      expect(events).toEqual([{ entity_id: first.id, name: 'First' }]);
      const byRequest = (await t.db.query('SELECT id FROM audit_events WHERE request_id = $1', [res.headers['x-request-id']])) as unknown[];
      expect(byRequest).toEqual([]);
      expect(await officeChain(office.id)).toEqual(officeEventsBefore);
      expectValidChain(await chain('global'), 'global');
    });

    it('a rename to a taken name (409) leaves the office chain exactly as it was', async () => {
      const [taken, office] = [await newOffice(), await newOffice()];
      const before = await officeChain(office.id);
      await t.http().patch(`${API}/offices/${office.id}`).set('Authorization', admin.auth).send({ name: taken.name.toLowerCase() }).expect(409);
      expect(await officeChain(office.id)).toEqual(before);
      expect(await t.db.query('SELECT name FROM offices WHERE id = $1', [office.id])).toEqual([{ name: office.name }]);
    });

    it('a recommendation with a taken reference (409) or a wrong owner (422) leaves no row and no event; the chain goes on', async () => {
      const office = await newOffice();
      const staffer = await t.factories.signedIn('staffer', [office]);
      const outsider = await t.factories.user({ offices: [await t.factories.office()] });
      const first = (await createRecommendation(staffer, office).expect(201)).body as { id: string; reference: string };
      const before = await officeChain(office.id);

      await createRecommendation(staffer, office, { reference: first.reference.toLowerCase() }).expect(409);
      await createRecommendation(staffer, office, { ownerIds: [outsider.id] }).expect(422);

      expect(await officeChain(office.id)).toEqual(before);
      expect(await t.db.query('SELECT id FROM recommendations WHERE office_id = $1', [office.id])).toEqual([{ id: first.id }]);

      const next = (await createRecommendation(staffer, office).expect(201)).body as { id: string };
      const after = await officeChain(office.id);
      expect(after.map((r) => [r.action, r.entity_id])).toEqual([
        ['office.create', office.id],
        ['recommendation.create', first.id],
        ['recommendation.create', next.id],
      ]);
      expectValidChain(after, `office:${office.id}`);
    });
  });

  describe('concurrent writes', () => {
    it('20 concurrent creates in one office give one whole chain, no gap and no fork', async () => {
      const office = await newOffice();
      const staffer = await t.factories.signedIn('staffer', [office]);

      const results = await Promise.all(Array.from({ length: 20 }, () => createRecommendation(staffer, office)));

      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const ids = results.map((r) => (r.body as { id: string }).id);
      const rows = await officeChain(office.id);
      expect(rows).toHaveLength(21);
      expectValidChain(rows, `office:${office.id}`);
      expect(rows[0]).toMatchObject({ action: 'office.create', entity_id: office.id, prev_hash: null });
      expect(rows.slice(1).every((r) => r.action === 'recommendation.create')).toBe(true);
      expect(rows.slice(1).map((r) => r.entity_id).sort()).toEqual([...ids].sort());
    });

    it('20 concurrent renames of one office chain in commit order: each update starts from the name the one before left', async () => {
      const office = await newOffice();
      const names = Array.from({ length: 20 }, (_, i) => t.factories.unique(`Rename ${i}`));

      const results = await Promise.all(names.map((name) => t.http().patch(`${API}/offices/${office.id}`).set('Authorization', admin.auth).send({ name })));

      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const rows = await officeChain(office.id);
      expect(rows).toHaveLength(21);
      expectValidChain(rows, `office:${office.id}`);
      const updates = rows.slice(1);
      expect(updates.map((r) => (r.after as { name: string }).name).sort()).toEqual([...names].sort());
      updates.forEach((r, i) => {
        expect(r.before).toEqual(i === 0 ? { name: office.name } : updates[i - 1].after);
      });
      // The office ends with the name of the last event of its chain.
      expect(await t.db.query('SELECT name FROM offices WHERE id = $1', [office.id])).toEqual([updates[19].after]);
    });

    it('10 + 10 concurrent writes in two offices give two whole chains that do not mix', async () => {
      const [a, b] = [await newOffice(), await newOffice()];
      const staffA = await t.factories.signedIn('staffer', [a]);
      const staffB = await t.factories.signedIn('staffer', [b]);

      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? createRecommendation(staffA, a) : createRecommendation(staffB, b))));

      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const chainA = await officeChain(a.id);
      const chainB = await officeChain(b.id);
      expect([chainA.length, chainB.length]).toEqual([11, 11]);
      expectValidChain(chainA, `office:${a.id}`);
      expectValidChain(chainB, `office:${b.id}`);
      const idsOf = (parity: number) => results.filter((_, i) => i % 2 === parity).map((r) => (r.body as { id: string }).id).sort();
      expect(chainA.slice(1).map((r) => r.entity_id).sort()).toEqual(idsOf(0));
      expect(chainB.slice(1).map((r) => r.entity_id).sort()).toEqual(idsOf(1));
      expect(chainA.every((r) => r.office_id === a.id) && chainB.every((r) => r.office_id === b.id)).toBe(true);
    });
  });
});
