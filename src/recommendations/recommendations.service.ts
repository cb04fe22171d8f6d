import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changed-fields';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException, EntityNotFoundException } from '../common/http/domain-exceptions';
import { PreconditionFailedException } from '../common/http/etag';
import { Page } from '../common/http/pagination';
import { conflictOnUnique } from '../database/pg-errors';
import { canSeeOffice } from '../offices/office-access';
import { CreateRecommendationDto, RecommendationDto, UpdateRecommendationDto } from './dto/recommendation.dto';
import { RecommendationListQueryDto } from './dto/recommendation-list-query.dto';
import { findVisibleRecommendation } from './recommendation-access';
import { checkOwners, checkParent, checkPolicyArea, checkSource, requireRole } from './recommendation-rules';
import { loadRecommendationView } from './recommendation-view';
import { Recommendation } from './recommendation.entity';
import { listRecommendations } from './recommendations-list';

/** Columns a PATCH may set, by DTO field. */
const EDITABLE: Record<string, string> = {
  reference: 'reference',
  title: 'title',
  text: 'text',
  policyArea: 'policy_area',
  priority: 'priority',
  addressees: 'addressees',
  sourceId: 'source_id',
  sourceLocator: 'source_locator',
  parentId: 'parent_id',
  targetDate: 'target_date',
  tags: 'tags',
};

@Injectable()
export class RecommendationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(user: AuthUser, q: RecommendationListQueryDto): Promise<Page<RecommendationDto>> {
    return listRecommendations(this.db.manager, user, q);
  }

  async get(user: AuthUser, id: string): Promise<RecommendationDto> {
    const view = await loadRecommendationView(this.db.manager, id);
    if (!view || !canSeeOffice(user, view.officeId)) throw new EntityNotFoundException('Recommendation');
    return view;
  }

  async create(user: AuthUser, dto: CreateRecommendationDto): Promise<RecommendationDto> {
    if (!canSeeOffice(user, dto.officeId)) throw new EntityNotFoundException('Office');
    requireRole(user, 'staffer', 'Creating a recommendation');
    return uniqueReference(() => this.db.transaction((m) => this.createIn(m, user, dto)));
  }

  /**
   * The body of a create, on the caller's transaction (a single POST, or one row of a CSV import).
   * Checks visibility (404), the role (403), then the rules (400/422); a taken reference surfaces as
   * the unique violation, for the caller to answer.
   */
  async createIn(m: EntityManager, user: AuthUser, dto: CreateRecommendationDto): Promise<RecommendationDto> {
    if (!canSeeOffice(user, dto.officeId)) throw new EntityNotFoundException('Office');
    requireRole(user, 'staffer', 'Creating a recommendation');
    const offices = (await m.query('SELECT 1 FROM offices WHERE id = $1', [dto.officeId])) as unknown[];
    if (offices.length === 0) throw new EntityNotFoundException('Office');
    await checkPolicyArea(m, dto.policyArea);
    await checkOwners(m, dto.officeId, dto.ownerIds);
    await checkSource(m, dto.sourceId);
    await checkParent(m, dto.officeId, dto.parentId);
    const rec = await m.save(
      m.create(Recommendation, {
        officeId: dto.officeId,
        reference: dto.reference,
        title: dto.title,
        text: dto.text,
        policyArea: dto.policyArea,
        priority: dto.priority,
        addressees: dto.addressees,
        tags: dto.tags ?? [],
        sourceId: dto.sourceId ?? null,
        sourceLocator: dto.sourceLocator ?? null,
        parentId: dto.parentId ?? null,
        targetDate: dto.targetDate ?? null,
        status: 'open',
        version: 1,
        createdBy: user.id,
        updatedBy: user.id,
        owners: dto.ownerIds.map((id) => ({ id })),
      }),
    );
    const view = (await loadRecommendationView(m, rec.id))!;
    await this.audit.record(m, {
      actorId: user.id,
      action: 'recommendation.create',
      entityType: 'recommendation',
      entityId: rec.id,
      officeId: rec.officeId,
      after: auditable(view),
    });
    return view;
  }

  async update(user: AuthUser, id: string, expectedVersion: number, dto: UpdateRecommendationDto): Promise<RecommendationDto> {
    const fields = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
    if (fields.length === 0) throw new BadRequestException('Send at least one field to change');
    return uniqueReference(() =>
      this.db.transaction(async (m) => (await this.updateIn(m, user, id, dto, { expectedVersion })).view),
    );
  }

  /**
   * The body of an edit, on the caller's transaction (a single PATCH, or one item of a bulk edit).
   * Checks, in this order: visibility (404), the expected version when given (412), the role (403),
   * the rules (400/422). Without an expected version the edit applies to the current one: the caller
   * holds the row locked. With `skipUnchanged`, an edit that would change nothing writes nothing (no
   * version bump, no audit event) and answers `changed: false`.
   */
  async updateIn(
    m: EntityManager,
    user: AuthUser,
    id: string,
    dto: UpdateRecommendationDto,
    opts: { expectedVersion?: number; skipUnchanged?: boolean } = {},
  ): Promise<{ view: RecommendationDto; changed: boolean }> {
    const rec = await findVisibleRecommendation(m, user, id);
    if (opts.expectedVersion !== undefined && rec.version !== opts.expectedVersion) throw new PreconditionFailedException();
    const version = opts.expectedVersion ?? rec.version;
    requireRole(user, 'staffer', 'Editing a recommendation');
    if (dto.policyArea !== undefined) await checkPolicyArea(m, dto.policyArea);
    if (dto.ownerIds !== undefined) await checkOwners(m, rec.officeId, dto.ownerIds);
    if (dto.sourceId !== undefined) await checkSource(m, dto.sourceId);
    if (dto.parentId !== undefined) await checkParent(m, rec.officeId, dto.parentId, rec.id);

    const before = (await loadRecommendationView(m, id))!;
    if (opts.skipUnchanged && Object.keys(changedFields(auditable(before), proposed(before, dto)).after).length === 0) {
      return { view: before, changed: false };
    }
    const sets: string[] = [];
    const params: unknown[] = [id, version, user.id];
    for (const [field, column] of Object.entries(EDITABLE)) {
      const value = (dto as Record<string, unknown>)[field];
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    // The version check is in the write itself: of concurrent edits with one If-Match, one wins.
    const [, affected] = (await m.query(
      `UPDATE recommendations SET ${sets.concat('version = version + 1', 'updated_at = now()', 'updated_by = $3').join(', ')}
        WHERE id = $1 AND version = $2 AND deleted_at IS NULL`,
      params,
    )) as [unknown, number];
    if (affected !== 1) throw new PreconditionFailedException();
    if (dto.ownerIds !== undefined) {
      await m.query('DELETE FROM recommendation_owners WHERE recommendation_id = $1', [id]);
      if (dto.ownerIds.length > 0) {
        await m.query('INSERT INTO recommendation_owners (recommendation_id, user_id) SELECT $1, unnest($2::uuid[])', [id, dto.ownerIds]);
      }
    }
    const after = (await loadRecommendationView(m, id))!;
    const diff = changedFields(auditable(before), auditable(after));
    await this.audit.record(m, {
      actorId: user.id,
      action: 'recommendation.update',
      entityType: 'recommendation',
      entityId: id,
      officeId: rec.officeId,
      before: diff.before,
      after: diff.after,
    });
    return { view: after, changed: true };
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const rec = await findVisibleRecommendation(m, user, id, { lock: true });
      requireRole(user, 'director', 'Deleting a recommendation');
      const children = (await m.query('SELECT count(*)::int AS n FROM recommendations WHERE parent_id = $1 AND deleted_at IS NULL', [id])) as {
        n: number;
      }[];
      if (children[0].n > 0) throw new BusinessRuleException('Delete or move its sub-recommendations first');
      const before = (await loadRecommendationView(m, id))!;
      await m.query('UPDATE recommendations SET deleted_at = now(), deleted_by = $2, version = version + 1 WHERE id = $1', [id, user.id]);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'recommendation.delete',
        entityType: 'recommendation',
        entityId: id,
        officeId: rec.officeId,
        before: auditable(before),
      });
    });
  }
}

/** What the audit log keeps of a recommendation: its editable content, owners as ids. */
export function auditable(v: RecommendationDto): Record<string, unknown> {
  return {
    reference: v.reference,
    title: v.title,
    text: v.text,
    policyArea: v.policyArea,
    priority: v.priority,
    addressees: v.addressees,
    ownerIds: v.owners.map((o) => o.id).sort(),
    status: v.status,
    sourceId: v.sourceId,
    sourceLocator: v.sourceLocator,
    parentId: v.parentId,
    targetDate: v.targetDate,
    tags: v.tags,
  };
}

/** What the audit log would keep of `current` once the edit's fields are applied. */
function proposed(current: RecommendationDto, dto: UpdateRecommendationDto): Record<string, unknown> {
  const next = auditable(current);
  for (const [field, value] of Object.entries(dto)) {
    if (value !== undefined && field in next) next[field] = value;
  }
  if (dto.ownerIds !== undefined) next.ownerIds = [...dto.ownerIds].sort();
  return next;
}

const uniqueReference = <T>(write: () => Promise<T>) =>
  conflictOnUnique('uq_recommendations_office_reference', 'A recommendation with this reference already exists in the office', write);
