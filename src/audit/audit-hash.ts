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
