import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changed-fields';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { PreconditionFailedException } from '../common/http/etag';
import { Page } from '../common/http/pagination';
import { NotificationsService } from '../notifications/notifications.service';
import { canSeeOffice } from '../offices/office-access';
import { findVisibleRecommendation } from '../recommendations/recommendation-access';
import { requireRole } from '../recommendations/recommendation-rules';
import { CreateFollowUpDto, FollowUpDto, UpdateFollowUpDto } from './dto/follow-up.dto';
import { FollowUpListQueryDto } from './dto/follow-up-list-query.dto';
import { checkAssignee, requireCanUpdate } from './follow-up-rules';
import { auditable, loadFollowUpView } from './follow-up-view';
import { listFollowUps } from './follow-ups-list';

/** Columns a PATCH may set directly, by DTO field. */
const EDITABLE: Record<string, string> = {
  title: 'title',
  details: 'details',
  assigneeId: 'assignee_id',
  dueOn: 'due_on',
  priority: 'priority',
  status: 'status',
};

interface StoredFollowUp {
  officeId: string;
  reference: string;
  assigneeId: string;
  createdBy: string | null;
  version: number;
}

/** Follow-ups: tasks on a recommendation, assigned to members of its office. */
@Injectable()
export class FollowUpsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  list(user: AuthUser, q: FollowUpListQueryDto): Promise<Page<FollowUpDto>> {
    return listFollowUps(this.db.manager, user, q);
  }

  async get(user: AuthUser, id: string): Promise<FollowUpDto> {
    const view = await loadFollowUpView(this.db.manager, id);
    if (!view || !canSeeOffice(user, view.officeId)) throw new EntityNotFoundException('Follow-up');
    return view;
  }

  /**
   * Checks, in this order: the recommendation's visibility (404), the role (403), the assignee (422).
   * The follow-up, its audit event and the assignee's notification commit together.
   */
  async create(user: AuthUser, recommendationId: string, dto: CreateFollowUpDto): Promise<FollowUpDto> {
    return this.db.transaction(async (m) => {
      const rec = await findVisibleRecommendation(m, user, recommendationId, { lock: true });
      requireRole(user, 'staffer', 'Creating a follow-up');
      await checkAssignee(m, rec.officeId, dto.assigneeId);
      const [{ id }] = (await m.query(
        `INSERT INTO follow_ups (recommendation_id, office_id, title, details, assignee_id, assigned_by, due_on, priority, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $6) RETURNING id`,
        [recommendationId, rec.officeId, dto.title, dto.details ?? null, dto.assigneeId, user.id, dto.dueOn, dto.priority ?? 'medium'],
      )) as { id: string }[];
      const view = (await loadFollowUpView(m, id))!;
      await this.audit.record(m, {
        actorId: user.id,
        action: 'follow_up.create',
        entityType: 'follow_up',
        entityId: id,
        officeId: rec.officeId,
        after: auditable(view),
      });
      await this.notifyAssignee(m, user, rec.reference, view);
      return view;
    });
  }

  /**
   * Checks, in this order: visibility (404), the If-Match version (412), who may update it (403), a
   * new assignee (422). The version check is repeated in the UPDATE itself, so of concurrent edits
   * made from one read exactly one wins.
   */
  async update(user: AuthUser, id: string, expectedVersion: number, dto: UpdateFollowUpDto): Promise<FollowUpDto> {
    const fields = Object.keys(EDITABLE).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
    if (fields.length === 0) throw new BadRequestException('Send at least one field to change');
    return this.db.transaction(async (m) => {
      const stored = await this.findVisible(m, user, id);
      if (stored.version !== expectedVersion) throw new PreconditionFailedException();
      requireCanUpdate(user, stored);
      const reassigned = dto.assigneeId !== undefined && dto.assigneeId !== stored.assigneeId;
      if (reassigned) await checkAssignee(m, stored.officeId, dto.assigneeId!);

      const before = (await loadFollowUpView(m, id))!;
      const params: unknown[] = [id, expectedVersion, user.id];
      const sets = fields.map((field) => {
        params.push((dto as Record<string, unknown>)[field]);
        return `${EDITABLE[field]} = $${params.length}`;
      });
      if (reassigned) sets.push('assigned_by = $3');
      if (dto.status !== undefined) {
        // Done keeps the moment it was first marked done; any other status clears it (ck_follow_ups_completed_at).
        sets.push(`completed_at = CASE WHEN $${params.length + 1}::varchar = 'done' THEN COALESCE(completed_at, now()) END`);
        params.push(dto.status);
      }
      const [, affected] = (await m.query(
        `UPDATE follow_ups SET ${sets.concat('version = version + 1', 'updated_at = now()', 'updated_by = $3').join(', ')}
          WHERE id = $1 AND version = $2`,
        params,
      )) as [unknown, number];
      if (affected !== 1) throw new PreconditionFailedException();

      const after = (await loadFollowUpView(m, id))!;
      const diff = changedFields(auditable(before), auditable(after));
      await this.audit.record(m, {
        actorId: user.id,
        action: 'follow_up.update',
        entityType: 'follow_up',
        entityId: id,
        officeId: stored.officeId,
        before: diff.before,
        after: diff.after,
      });
      if (reassigned) await this.notifyAssignee(m, user, stored.reference, after);
      return after;
    });
  }

  /** A follow-up of a live recommendation the user may see, or 404 (the same for all three cases). */
  private async findVisible(m: EntityManager, user: AuthUser, id: string): Promise<StoredFollowUp> {
    const rows = (await m.query(
      `SELECT f.office_id AS "officeId", r.reference, f.assignee_id AS "assigneeId", f.created_by AS "createdBy", f.version
         FROM follow_ups f JOIN recommendations r ON r.id = f.recommendation_id AND r.deleted_at IS NULL
        WHERE f.id = $1`,
      [id],
    )) as StoredFollowUp[];
    if (!rows[0] || !canSeeOffice(user, rows[0].officeId)) throw new EntityNotFoundException('Follow-up');
    return rows[0];
  }

  /** The assignee hears of it, unless they gave it to themselves. */
  private async notifyAssignee(m: EntityManager, actor: AuthUser, reference: string, f: FollowUpDto): Promise<void> {
    if (f.assignee.id === actor.id) return;
    await this.notifications.record(m, [
      {
        userId: f.assignee.id,
        kind: 'follow_up_assigned',
        message: `${actor.name} assigned you a follow-up on ${reference}: ${f.title} (due ${f.dueOn})`,
        recommendationId: f.recommendationId,
        followUpId: f.id,
      },
    ]);
  }
}
