import type { DataSource } from 'typeorm';

export interface RecommendationLedger {
  id: string;
  version: number;
  status: string;
  title: string;
  /** Audit events of the recommendation, in chain order: [action, request id]. */
  events: [string, string | null][];
  statusChanges: number;
  notifications: number;
}

/** Everything a write to these recommendations leaves behind, read straight from the tables. */
export async function ledgerOf(db: DataSource, ids: string[]): Promise<Map<string, RecommendationLedger>> {
  const rows = (await db.query(
    `SELECT r.id, r.version, r.status, r.title,
            (SELECT COALESCE(json_agg(json_build_array(a.action, a.request_id) ORDER BY a.seq), '[]') FROM audit_events a
              WHERE a.entity_type = 'recommendation' AND a.entity_id = r.id::text) AS events,
            (SELECT count(*)::int FROM status_changes sc WHERE sc.recommendation_id = r.id) AS "statusChanges",
            (SELECT count(*)::int FROM notifications n WHERE n.recommendation_id = r.id AND n.kind = 'status_changed') AS notifications
       FROM recommendations r WHERE r.id = ANY($1::uuid[])`,
    [ids],
  )) as RecommendationLedger[];
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Problems with a recommendation's writes, none when each was applied whole or not at all: one
 * version per audited edit or status change, one history row per status change, and `owners`
 * notifications per status change (owners other than the actor).
 */
export function halfAppliedWrites(ledger: RecommendationLedger, owners: number): string[] {
  const problems: string[] = [];
  const writes = ledger.events.filter(([a]) => a === 'recommendation.update' || a === 'recommendation.status_change').length;
  const changes = ledger.events.filter(([a]) => a === 'recommendation.status_change').length;
  if (ledger.version !== 1 + writes) problems.push(`version ${ledger.version} after ${writes} audited writes`);
  if (ledger.statusChanges !== changes) problems.push(`${ledger.statusChanges} status changes, ${changes} audited`);
  if (ledger.notifications !== changes * owners) problems.push(`${ledger.notifications} notifications for ${changes} status changes`);
  return problems.map((p) => `${ledger.id}: ${p}`);
}
