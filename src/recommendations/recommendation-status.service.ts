import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException } from '../common/http/domain-exceptions';
import { PreconditionFailedException } from '../common/http/etag';
import { NotificationsService } from '../notifications/notifications.service';
import { ChangeStatusDto, HistoryEntryDto, RecommendationDto } from './dto/recommendation.dto';
import { findVisibleRecommendation } from './recommendation-access';
import { requireRole } from './recommendation-rules';
import { EVIDENCE_REQUIRED_STATUSES, isClosed } from './recommendation-status';
import { loadRecommendationView } from './recommendation-view';
import { StatusChange } from './status-change.entity';

/** The status lifecycle of PRODUCT.md, and the history it leaves. */
@Injectable()
export class RecommendationStatusService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * Checks, in this order: visibility (404), the If-Match version (412), the role (403), the rules
   * (422). The change, its history row, its audit event and the owners' notifications commit together
   * or not at all.
   */
  async change(user: AuthUser, id: string, expectedVersion: number, dto: ChangeStatusDto): Promise<RecommendationDto> {
    return this.db.transaction((m) => this.changeIn(m, user, id, dto, expectedVersion));
  }

  /**
   * The body of a status change, on the caller's transaction (the single route, or one item of a bulk
   * change). Without an expected version the change applies to the current one: the caller holds the
   * row locked.
   */
  async changeIn(m: EntityManager, user: AuthUser, id: string, dto: ChangeStatusDto, expectedVersion?: number): Promise<RecommendationDto> {
    const rec = await findVisibleRecommendation(m, user, id);
    if (expectedVersion !== undefined && rec.version !== expectedVersion) throw new PreconditionFailedException();
    const version = expectedVersion ?? rec.version;
    requireRole(user, 'staffer', 'Changing a status');
    if (isClosed(rec.status) || isClosed(dto.status)) {
      requireRole(user, 'director', isClosed(rec.status) ? 'Reopening a closed recommendation' : 'Closing a recommendation');
    }
    if (dto.status === rec.status) throw new BusinessRuleException(`The recommendation is already ${rec.status}`);

    const evidenceIds = dto.evidenceIds ?? [];
    if (EVIDENCE_REQUIRED_STATUSES.includes(dto.status) && evidenceIds.length === 0) {
      throw new BusinessRuleException(`Moving to ${dto.status} needs at least one evidence item of this recommendation, cited in evidenceIds`);
    }
    if (evidenceIds.length > 0) {
      const found = (await m.query(
        'SELECT id FROM evidence WHERE id = ANY($1::uuid[]) AND recommendation_id = $2 AND deleted_at IS NULL',
        [evidenceIds, id],
      )) as { id: string }[];
      const known = new Set(found.map((e) => e.id));
      const foreign = evidenceIds.filter((e) => !known.has(e));
      if (foreign.length > 0) throw new BusinessRuleException(`Not evidence of this recommendation: ${foreign.join(', ')}`);
    }

    // clock_timestamp(), not now(): the moment of this write, after the row lock, so the changes of one
    // recommendation are dated in commit order. now() is when the transaction began, and a bulk change
    // that waited on the lock would otherwise be dated before the change it waited for.
    const [, affected] = (await m.query(
      `UPDATE recommendations SET status = $3, status_changed_at = clock_timestamp(), version = version + 1, updated_at = now(), updated_by = $4
        WHERE id = $1 AND version = $2 AND deleted_at IS NULL`,
      [id, version, dto.status, user.id],
    )) as [unknown, number];
    if (affected !== 1) throw new PreconditionFailedException();
    await m.insert(StatusChange, {
      recommendationId: id,
      fromStatus: rec.status,
      toStatus: dto.status,
      reason: dto.reason,
      evidenceIds,
      changedBy: user.id,
      changedAt: () => 'clock_timestamp()',
    });
    await this.audit.record(m, {
      actorId: user.id,
      action: 'recommendation.status_change',
      entityType: 'recommendation',
      entityId: id,
      officeId: rec.officeId,
      before: { status: rec.status },
      after: { status: dto.status, reason: dto.reason, evidenceIds },
    });
    await this.notifications.recordStatusChange(m, {
      recommendationId: id,
      officeId: rec.officeId,
      reference: rec.reference,
      from: rec.status,
      to: dto.status,
      reason: dto.reason,
      actorId: user.id,
    });
    return (await loadRecommendationView(m, id))!;
  }

  /** Status changes and field edits (from the audit log), oldest first. */
  async history(user: AuthUser, id: string): Promise<HistoryEntryDto[]> {
    await findVisibleRecommendation(this.db.manager, user, id);
    const rows = (await this.db.query(
      `SELECT 'status' AS type, sc.changed_at AS at, sc.changed_by AS actor_id, u.name AS actor_name,
              to_jsonb(sc.from_status) AS "from", to_jsonb(sc.to_status) AS "to", sc.reason, sc.evidence_ids AS evidence_ids, 0 AS seq
         FROM status_changes sc LEFT JOIN users u ON u.id = sc.changed_by
        WHERE sc.recommendation_id = $1
       UNION ALL
       SELECT 'field', a.occurred_at, a.actor_id, u.name, a.before, a.after, NULL, NULL, a.seq
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE a.entity_type = 'recommendation' AND a.entity_id = $1::text AND a.action = 'recommendation.update'
          AND a.after <> '{}'::jsonb
       ORDER BY at, seq`,
      [id],
    )) as {
      type: 'status' | 'field';
      at: Date;
      actor_id: string | null;
      actor_name: string | null;
      from: string | Record<string, unknown> | null;
      to: string | Record<string, unknown>;
      reason: string | null;
      evidence_ids: string[] | null;
    }[];
    return rows.map((r) => {
      const base = { type: r.type, at: r.at.toISOString(), actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null, from: r.from, to: r.to };
      return r.type === 'status'
        ? { ...base, reason: r.reason ?? '', evidenceIds: r.evidence_ids ?? [] }
        : { ...base, changes: Object.keys(r.to as Record<string, unknown>).sort() };
    });
  }
}
