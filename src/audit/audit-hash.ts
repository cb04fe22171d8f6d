import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The fields an event's hash covers: everything it says, and the link to the event before it. */
export interface HashedAuditContent {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  officeId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  chainKey: string;
  prevHash: string | null;
}

/** SHA-256 over the RFC 8785 canonical JSON of the event, so the hash does not depend on key order. */
export function auditHash(e: HashedAuditContent): string {
  const canonical = canonicalize({
    id: e.id,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    officeId: e.officeId,
    before: e.before ?? null,
    after: e.after ?? null,
    requestId: e.requestId,
    chainKey: e.chainKey,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical ?? '').digest('hex');
}

export function chainKeyOf(officeId: string | null): string {
  return officeId ? `office:${officeId}` : 'global';
}

/** An audit_events row as a raw query reads it (snake_case columns). */
export interface AuditEventRow {
  id: string;
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  office_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  chain_key: string;
  prev_hash: string | null;
  hash: string;
}

/** What the hash of a stored row covers. */
export function hashedContentOf(r: AuditEventRow): HashedAuditContent {
  return {
    id: r.id,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    officeId: r.office_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    chainKey: r.chain_key,
    prevHash: r.prev_hash,
  };
}
