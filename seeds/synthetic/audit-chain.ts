import type { ClientBase } from 'pg';
import { auditHash, chainKeyOf } from '../../src/audit/audit-hash';
import type { AuditDraft } from './batch';
import { CopyRow, copyRows, iso } from './copy';

const COLUMNS = ['id', 'occurred_at', 'actor_id', 'action', 'entity_type', 'entity_id', 'office_id', 'before', 'after', 'request_id', 'chain_key', 'prev_hash', 'hash'];

/**
 * Appends events to their chains exactly as AuditService.record does, in bulk: inside the caller's
 * transaction it takes each chain's advisory lock (the application's writers to those chains wait
 * until commit, so nothing forks a chain), reads the chain's last hash, links the events in time
 * order with the application's own hash function, and writes them with COPY, so `seq` (identity)
 * follows that order.
 */
export async function appendAuditEvents(client: ClientBase, drafts: AuditDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const events = [...drafts].sort((a, b) => a.at - b.at);
  const keys = [...new Set(events.map((e) => chainKeyOf(e.officeId)))].sort();
  // One lock at a time in a fixed order, so two seeders cannot deadlock each other.
  for (const key of keys) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  const { rows: heads } = await client.query<{ key: string; hash: string | null }>(
    `SELECT k AS key, (SELECT a.hash FROM audit_events a WHERE a.chain_key = k ORDER BY a.chain_key DESC, a.seq DESC LIMIT 1) AS hash
       FROM unnest($1::text[]) AS k`,
    [keys],
  );
  const last = new Map(heads.map((h) => [h.key, h.hash]));
  function* rows(): Generator<CopyRow> {
    for (const e of events) {
      const chainKey = chainKeyOf(e.officeId);
      const prevHash = last.get(chainKey) ?? null;
      const hash = auditHash({
        id: e.id, occurredAt: new Date(e.at), actorId: e.actorId, action: e.action, entityType: e.entityType, entityId: e.entityId,
        officeId: e.officeId, before: e.before, after: e.after, requestId: e.requestId, chainKey, prevHash,
      });
      last.set(chainKey, hash);
      yield [
        e.id, iso(e.at), e.actorId, e.action, e.entityType, e.entityId, e.officeId,
        e.before === null ? null : JSON.stringify(e.before), e.after === null ? null : JSON.stringify(e.after),
        e.requestId, chainKey, prevHash, hash,
      ];
    }
  }
  return copyRows(client, 'audit_events', COLUMNS, rows());
}
