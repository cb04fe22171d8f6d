import type { CopyRow } from './copy';
import type { Random } from './random';

/** An audit event before it is hashed: the hash needs the chain's previous event, known only at write time. */
export interface AuditDraft {
  at: number;
  id: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  /** Null for events that belong to no office (users, sources): the global chain. */
  officeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

/** The rows of one batch of recommendations, table by table, in the column order of TABLES. */
export interface BatchRows {
  recommendations: CopyRow[];
  owners: CopyRow[];
  statusChanges: CopyRow[];
  evidence: CopyRow[];
  followUps: CopyRow[];
  events: AuditDraft[];
}

export const emptyBatch = (): BatchRows => ({ recommendations: [], owners: [], statusChanges: [], evidence: [], followUps: [], events: [] });

/** Tables and the columns COPY fills, parents before children (generated `search` and identity `seq` left to the database). */
export const TABLES = {
  recommendations: {
    table: 'recommendations',
    columns: ['id', 'office_id', 'reference', 'title', 'text', 'policy_area', 'priority', 'status', 'status_changed_at', 'addressees', 'tags', 'source_id', 'source_locator', 'parent_id', 'target_date', 'version', 'created_by', 'updated_by', 'created_at', 'updated_at', 'deleted_at', 'deleted_by'],
  },
  owners: { table: 'recommendation_owners', columns: ['recommendation_id', 'user_id'] },
  evidence: {
    table: 'evidence',
    columns: ['id', 'recommendation_id', 'kind', 'title', 'summary', 'occurred_on', 'url', 'created_by', 'created_at', 'deleted_at', 'deleted_by'],
  },
  statusChanges: {
    table: 'status_changes',
    columns: ['id', 'recommendation_id', 'from_status', 'to_status', 'reason', 'evidence_ids', 'changed_by', 'changed_at'],
  },
  followUps: {
    table: 'follow_ups',
    columns: ['id', 'recommendation_id', 'office_id', 'title', 'details', 'assignee_id', 'assigned_by', 'due_on', 'priority', 'status', 'completed_at', 'version', 'created_by', 'updated_by', 'created_at', 'updated_at'],
  },
} as const;

/** A moment strictly between `a` and `b` (when they are at least 2 ms apart). */
export function between(rng: Random, a: number, b: number): number {
  return b - a < 2 ? a + 1 : a + 1 + Math.floor(rng.next() * (b - a - 1));
}

/** Records an audit event: one by a user carries a request id, as every HTTP write does. */
export function audit(rng: Random, out: BatchRows, e: Omit<AuditDraft, 'id' | 'requestId'>): void {
  const id = rng.uuid();
  const requestId = e.actorId ? rng.uuid() : null;
  out.events.push({ at: e.at, id, actorId: e.actorId, action: e.action, entityType: e.entityType, entityId: e.entityId, officeId: e.officeId, before: e.before, after: e.after, requestId });
}
