import type { DataSource } from 'typeorm';
import { auditHash, AuditEventRow, hashedContentOf } from './audit-hash';

export interface AuditVerification {
  /** True when every event's hash matches its content and links to the event before it in its chain. */
  valid: boolean;
  /** Events examined, in insertion order; on a break, up to and including the broken one. */
  checked: number;
  /** The first event (in insertion order) whose content or link does not match; null when valid. */
  firstBrokenId: string | null;
}

/**
 * Walks the whole audit log in insertion order, in batches, inside one read-only snapshot (writes go
 * on meanwhile and are simply not seen). Each event must hash to its stored hash and carry the hash
 * of the previous event of its chain (null for a chain's first). An event altered, removed from the
 * middle of a chain, or inserted behind the application's back breaks one of the two.
 */
export async function verifyAuditLog(db: DataSource, batchSize = 1000): Promise<AuditVerification> {
  return db.transaction('REPEATABLE READ', async (m) => {
    await m.query('SET TRANSACTION READ ONLY');
    const lastHashOfChain = new Map<string, string>();
    let checked = 0;
    let after = '0';
    for (;;) {
      const rows = (await m.query(
        // Ordered by the bigint column (a.seq), not by the text alias: '10' sorts before '9'.
        `SELECT a.seq::text AS seq, a.id, a.occurred_at, a.actor_id, a.action, a.entity_type, a.entity_id, a.office_id, a.before, a.after,
                a.request_id, a.chain_key, a.prev_hash, a.hash
           FROM audit_events a WHERE a.seq > $1::bigint ORDER BY a.seq LIMIT $2`,
        [after, batchSize],
      )) as AuditEventRow[];
      for (const r of rows) {
        checked += 1;
        const expectedPrev = lastHashOfChain.get(r.chain_key) ?? null;
        const recomputed = auditHash(hashedContentOf(r));
        if (r.prev_hash !== expectedPrev || recomputed !== r.hash) return { valid: false, checked, firstBrokenId: r.id };
        lastHashOfChain.set(r.chain_key, r.hash);
      }
      if (rows.length < batchSize) return { valid: true, checked, firstBrokenId: null };
      after = rows[rows.length - 1].seq;
    }
  });
}
