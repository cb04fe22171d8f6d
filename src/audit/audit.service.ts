import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEvent } from './audit-event.entity';
import { auditHash, chainKeyOf } from './audit-hash';

export interface AuditInput {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  officeId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export const REQUEST_ID = 'requestId';

/**
 * Every write records its audit event through here, with the EntityManager of the write's own
 * transaction: the event commits with the write or not at all.
 */
@Injectable()
export class AuditService {
  constructor(private readonly cls: ClsService) {}

  async record(manager: EntityManager, input: AuditInput): Promise<AuditEvent> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.record must run inside the transaction of the write it records');
    }
    const officeId = input.officeId ?? null;
    const chainKey = chainKeyOf(officeId);
    // Serialises appends to one chain only; other offices' chains proceed in parallel. The lock is
    // held until this transaction ends, so the chain order is the commit order.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [chainKey]);
    // Dated by the database's clock once the chain is ours: one clock for every instance, and the
    // same one that dates status changes, so a recommendation's history sorts in commit order.
    const [last] = (await manager.query(
      'SELECT clock_timestamp() AS now, (SELECT hash FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1) AS hash',
      [chainKey],
    )) as { now: Date; hash: string | null }[];
    const event = manager.create(AuditEvent, {
      id: randomUUID(),
      occurredAt: last.now,
      actorId: input.actorId,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      officeId,
      before: input.before ?? null,
      after: input.after ?? null,
      requestId: this.cls.isActive() ? (this.cls.get<string | undefined>(REQUEST_ID) ?? null) : null,
      chainKey,
      prevHash: last.hash,
    });
    event.hash = auditHash(event);
    // The jsonb columns hold plain objects; TypeORM's deep-partial type cannot express that.
    await manager.insert(AuditEvent, event as QueryDeepPartialEntity<AuditEvent>);
    return event;
  }
}
