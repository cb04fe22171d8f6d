import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changed-fields';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException, EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { conflictOnUnique } from '../database/pg-errors';
import { visibleOfficeIds } from '../offices/office-access';
import { CreateIndicatorDto, IndicatorDetailDto, IndicatorDto, IndicatorListQueryDto, ObservationDto, UpdateIndicatorDto } from './dto/indicator.dto';
import { CreateObservationDto } from './dto/observation.dto';
import { IndicatorRow, indicatorColumns, toIndicatorDetailDto, toIndicatorDto } from './indicator-view';

const SORTS = { name: 'lower(i.name)', createdAt: 'i.created_at', updatedAt: 'i.updated_at' };

/** Columns a PATCH may set, by DTO field. */
const EDITABLE: Record<string, string> = { name: 'name', unit: 'unit', betterWhen: 'better_when', source: 'source' };

/** `user` null is the system (seeding): it sees every office. */
type Caller = AuthUser | null;

/**
 * Indicators are shared by every office, like source documents: anyone signed in reads them,
 * directors define them, staffers record observations; their audit events go to the global chain.
 * Links to recommendations are shown, checked and replaced only within the offices the caller sees.
 */
@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Two statements whatever the page size: the count and the page, links and latest values included. */
  async list(user: AuthUser, q: IndicatorListQueryDto): Promise<Page<IndicatorDto>> {
    const [column, direction] = resolveSort(q.sort, SORTS, 'name');
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = visibleOfficeIds(user);
    const where: string[] = [];
    if (q.recommendationId) {
      where.push(`EXISTS (SELECT 1 FROM indicator_recommendations ir JOIN recommendations r ON r.id = ir.recommendation_id
        WHERE ir.indicator_id = i.id AND ir.recommendation_id = ${param(q.recommendationId)} AND r.deleted_at IS NULL
        ${visible ? `AND r.office_id = ANY(${param(visible)}::uuid[])` : ''})`);
    }
    const text = q.q?.trim();
    if (text) where.push(`i.name ILIKE ${param(`%${escapeLike(text)}%`)} ESCAPE '\\'`);
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';

    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM indicators i ${whereSql}`, params)) as { total: number }[];
    if (total === 0 || (q.page - 1) * q.pageSize >= total) return pageOf([], total, q);
    // The page's own parameters come after the filter's, which the count used alone.
    const offices = visible ? `${param(visible)}::uuid[]` : null;
    const rows = (await this.db.query(
      `SELECT ${indicatorColumns(offices, false)} FROM indicators i ${whereSql}
        ORDER BY ${column} ${direction}, i.id LIMIT ${param(q.pageSize)} OFFSET ${param((q.page - 1) * q.pageSize)}`,
      params,
    )) as IndicatorRow[];
    return pageOf(rows.map(toIndicatorDto), total, q);
  }

  async get(user: AuthUser, id: string): Promise<IndicatorDetailDto> {
    const row = await loadRow(this.db.manager, user, id, true);
    if (!row) throw new EntityNotFoundException('Indicator');
    return toIndicatorDetailDto(row);
  }

  /** Creates an indicator in its own transaction, or in the caller's when `manager` is given (seeding). */
  async create(user: Caller, dto: CreateIndicatorDto, manager?: EntityManager): Promise<IndicatorDto> {
    const write = async (m: EntityManager) => {
      const recommendationIds = dto.recommendationIds ?? [];
      await checkRecommendations(m, user, recommendationIds);
      const [{ id }] = (await m.query(
        `INSERT INTO indicators (name, unit, better_when, source, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [dto.name, dto.unit, dto.betterWhen, dto.source ?? null, user?.id ?? null],
      )) as { id: string }[];
      await linkRecommendations(m, id, recommendationIds);
      await this.audit.record(m, {
        actorId: user?.id ?? null,
        action: 'indicator.create',
        entityType: 'indicator',
        entityId: id,
        after: await auditable(m, id),
      });
      return toIndicatorDto((await loadRow(m, user, id, false))!);
    };
    return uniqueName(() => (manager ? write(manager) : this.db.transaction(write)));
  }

  async update(user: AuthUser, id: string, dto: UpdateIndicatorDto): Promise<IndicatorDto> {
    const fields = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
    if (fields.length === 0) throw new BadRequestException('Send at least one field to change');
    return uniqueName(() =>
      this.db.transaction(async (m) => {
        await lockIndicator(m, id);
        if (dto.recommendationIds !== undefined) await checkRecommendations(m, user, dto.recommendationIds);
        const before = await auditable(m, id);

        const sets = ['updated_at = now()'];
        const params: unknown[] = [id];
        for (const [field, column] of Object.entries(EDITABLE)) {
          const value = (dto as Record<string, unknown>)[field];
          if (value === undefined) continue;
          params.push(value);
          sets.push(`${column} = $${params.length}`);
        }
        await m.query(`UPDATE indicators SET ${sets.join(', ')} WHERE id = $1`, params);
        if (dto.recommendationIds !== undefined) await this.replaceVisibleLinks(m, user, id, dto.recommendationIds);

        const diff = changedFields(before, await auditable(m, id));
        await this.audit.record(m, {
          actorId: user.id,
          action: 'indicator.update',
          entityType: 'indicator',
          entityId: id,
          before: diff.before,
          after: diff.after,
        });
        return toIndicatorDto((await loadRow(m, user, id, false))!);
      }),
    );
  }

  /**
   * Records one dated value; a second on the same date answers 409. The indicator row is locked, so
   * observations of one indicator are recorded one at a time, and its updatedAt moves with them.
   */
  async addObservation(user: Caller, indicatorId: string, dto: CreateObservationDto, manager?: EntityManager): Promise<ObservationDto> {
    const write = async (m: EntityManager) => {
      await lockIndicator(m, indicatorId);
      const [row] = (await m.query(
        `INSERT INTO indicator_observations (indicator_id, observed_on, value, source, note, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, to_char(observed_on, 'YYYY-MM-DD') AS "observedOn", value::text AS value, source, note, created_at AS "createdAt"`,
        [indicatorId, dto.observedOn, String(dto.value), dto.source ?? null, dto.note ?? null, user?.id ?? null],
      )) as { id: string; observedOn: string; value: string; source: string | null; note: string | null; createdAt: Date }[];
      await m.query('UPDATE indicators SET updated_at = now() WHERE id = $1', [indicatorId]);
      const observation: ObservationDto = {
        id: row.id,
        indicatorId,
        observedOn: row.observedOn,
        value: Number(row.value),
        source: row.source,
        note: row.note,
        createdBy: user ? { id: user.id, name: user.name } : null,
        createdAt: row.createdAt.toISOString(),
      };
      await this.audit.record(m, {
        actorId: user?.id ?? null,
        action: 'indicator.observation.create',
        entityType: 'indicator',
        entityId: indicatorId,
        after: { observationId: row.id, observedOn: row.observedOn, value: observation.value, source: row.source, note: row.note },
      });
      return observation;
    };
    return conflictOnUnique('uq_indicator_observations_indicator_observed_on', `The indicator already has an observation on ${dto.observedOn}`, () =>
      manager ? write(manager) : this.db.transaction(write),
    );
  }

  /** The links the caller can see become exactly `ids`; links to recommendations outside their offices stay. */
  private async replaceVisibleLinks(m: EntityManager, user: AuthUser, id: string, ids: string[]): Promise<void> {
    const visible = visibleOfficeIds(user);
    await m.query(
      `DELETE FROM indicator_recommendations ir USING recommendations r
        WHERE ir.indicator_id = $1 AND r.id = ir.recommendation_id AND r.deleted_at IS NULL AND NOT (ir.recommendation_id = ANY($2::uuid[]))
          ${visible ? 'AND r.office_id = ANY($3::uuid[])' : ''}`,
      visible ? [id, ids, visible] : [id, ids],
    );
    await linkRecommendations(m, id, ids);
  }
}

async function loadRow(m: EntityManager, user: Caller, id: string, allObservations: boolean): Promise<IndicatorRow | undefined> {
  const visible = user ? visibleOfficeIds(user) : undefined;
  const [row] = (await m.query(
    `SELECT ${indicatorColumns(visible ? '$2::uuid[]' : null, allObservations)} FROM indicators i WHERE i.id = $1`,
    visible ? [id, visible] : [id],
  )) as IndicatorRow[];
  return row;
}

async function lockIndicator(m: EntityManager, id: string): Promise<void> {
  const rows = (await m.query('SELECT id FROM indicators WHERE id = $1 FOR UPDATE', [id])) as unknown[];
  if (rows.length === 0) throw new EntityNotFoundException('Indicator');
}

/**
 * Every id must be a live recommendation the caller can see. The refusal names the ids that fail
 * without saying why, so it tells nothing about another office's recommendations.
 */
async function checkRecommendations(m: EntityManager, user: Caller, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const visible = user ? visibleOfficeIds(user) : undefined;
  const rows = (await m.query(
    `SELECT id FROM recommendations WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL${visible ? ' AND office_id = ANY($2::uuid[])' : ''}`,
    visible ? [ids, visible] : [ids],
  )) as { id: string }[];
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new BusinessRuleException(`These recommendations do not exist or are not visible to you: ${missing.join(', ')}`);
}

async function linkRecommendations(m: EntityManager, id: string, recommendationIds: string[]): Promise<void> {
  if (recommendationIds.length === 0) return;
  await m.query(
    `INSERT INTO indicator_recommendations (indicator_id, recommendation_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [id, recommendationIds],
  );
}

/** What the audit log keeps of an indicator; it is read by admins only, so every link is listed. */
async function auditable(m: EntityManager, id: string): Promise<Record<string, unknown>> {
  const [row] = (await m.query(
    `SELECT name, unit, better_when AS "betterWhen", source,
            ARRAY(SELECT recommendation_id::text FROM indicator_recommendations WHERE indicator_id = i.id ORDER BY recommendation_id) AS "recommendationIds"
       FROM indicators i WHERE id = $1`,
    [id],
  )) as Record<string, unknown>[];
  return row;
}

const uniqueName = <T>(write: () => Promise<T>) => conflictOnUnique('uq_indicators_name_lower', 'An indicator with this name already exists', write);

/** `%`, `_` and the escape character itself match literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
