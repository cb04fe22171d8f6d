import { randomUUID } from 'node:crypto';
import { auditHash } from '../src/audit/audit-hash';
import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The insertion half of tampering (alteration and deletion are in audit-log.e2e-spec.ts): verify names
 * the first event whose hash or link no longer holds.
 */
describe('audit log forgery: events inserted behind the back (a database of its own)', () => {
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

  const verify = async () => (await t.http().get('/api/v1/audit/verify').set('Authorization', admin.auth).expect(200)).body as unknown;
  const behindTheBack = (sql: string, params: unknown[]) =>
    t.db.transaction(async (m) => {
      await m.query('SET LOCAL session_replication_role = replica');
      return (await m.query(sql, params)) as unknown;
    });
  const comment = (recId: string, body: string) => t.http().post(`/api/v1/recommendations/${recId}/comments`).set('Authorization', admin.auth).send({ body }).expect(201);
  /** A made-up event of `chainKey`, hashed as the application would, at `seq` or at the end. */
  const forge = async (chainKey: string, officeId: string, prevHash: string | null, opts: { seq?: string; hash?: string } = {}) => {
    const content = {
      id: randomUUID(),
      occurredAt: new Date(),
      actorId: admin.user.id,
      action: 'comment.create',
      entityType: 'comment',
      entityId: randomUUID(),
      officeId,
      before: null,
      after: { body: 'Never said.' },
      requestId: null,
      chainKey,
      prevHash,
    };
    const row: Record<string, unknown> = {
      ...(opts.seq ? { seq: opts.seq } : {}),
      id: content.id,
      occurred_at: content.occurredAt,
      actor_id: content.actorId,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      office_id: officeId,
      after: content.after,
      chain_key: chainKey,
      prev_hash: prevHash,
      hash: opts.hash ?? auditHash(content),
    };
    const columns = Object.keys(row);
    await behindTheBack(
      `INSERT INTO audit_events (${columns.join(', ')}) ${opts.seq ? 'OVERRIDING SYSTEM VALUE' : ''} VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(row),
    );
    return content.id;
  };

  it('names a forged event with a wrong hash or link itself, and the next genuine event after one forged with a right link and hash', async () => {
    const office = (await t.http().post('/api/v1/offices').set('Authorization', admin.auth).send({ name: t.factories.unique('Forgery') }).expect(201)).body as Office;
    const rec = await t.factories.recommendation(office);
    const chainKey = `office:${office.id}`;
    await comment(rec.id, 'First');
    // A number the log never used, between two genuine events: room for an insertion in the middle.
    const [{ gap }] = (await t.db.query("SELECT nextval(pg_get_serial_sequence('audit_events', 'seq'))::text AS gap")) as { gap: string }[];
    await comment(rec.id, 'Second');
    const chain = async () => (await t.db.query('SELECT id, seq::text AS seq, hash FROM audit_events WHERE chain_key = $1 ORDER BY seq', [chainKey])) as { id: string; seq: string; hash: string }[];
    const genuine = await chain();
    expect(await verify()).toEqual({ valid: true, checked: genuine.length + 1, firstBrokenId: null });

    // Appended at the end, linked to nothing or hashed wrong: that event is named.
    const unlinked = await forge(chainKey, office.id, null);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenId: unlinked });
    await behindTheBack('DELETE FROM audit_events WHERE id = $1', [unlinked]);
    const misHashed = await forge(chainKey, office.id, genuine[genuine.length - 1].hash, { hash: 'f'.repeat(64) });
    expect(await verify()).toMatchObject({ valid: false, firstBrokenId: misHashed });
    await behindTheBack('DELETE FROM audit_events WHERE id = $1', [misHashed]);
    expect(await verify()).toMatchObject({ valid: true });

    // In the middle, linked and hashed exactly as the application would: the genuine event after it no
    // longer links to the event before it, and is named.
    const before = genuine.filter((e) => BigInt(e.seq) < BigInt(gap));
    const inserted = await forge(chainKey, office.id, before[before.length - 1].hash, { seq: gap });
    const after = genuine.find((e) => BigInt(e.seq) > BigInt(gap))!;
    expect((await chain()).map((e) => e.id)).toEqual([...before.map((e) => e.id), inserted, ...genuine.filter((e) => BigInt(e.seq) > BigInt(gap)).map((e) => e.id)]);
    expect(await verify()).toMatchObject({ valid: false, firstBrokenId: after.id });
  });
});
