import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/changed-fields';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { conflictOnUnique } from '../database/pg-errors';
import type { RecommendationDto } from '../recommendations/dto/recommendation.dto';
import { RecommendationsService } from '../recommendations/recommendations.service';
import { RECOMMENDATION_SORTS } from '../recommendations/recommendations-list';
import { ApplySavedViewQueryDto, CreateSavedViewDto, SavedViewDto, SavedViewListQueryDto, UpdateSavedViewDto } from './dto/saved-view.dto';
import { listQueryOf, normaliseFilters } from './saved-view-filters';

const SORTS = { name: 'lower(v.name)', createdAt: 'v.created_at', updatedAt: 'v.updated_at' };

interface SavedViewRow {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

const VIEW_COLUMNS = 'v.id, v.name, v.filters, v.created_at AS "createdAt", v.updated_at AS "updatedAt"';

/**
 * A user's named filter sets for the recommendation list. Each is its owner's alone, whatever the
 * role: another user's view answers 404 like one that does not exist. Audit events go to the
 * global chain (no office).
 */
@Injectable()
export class SavedViewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly recommendations: RecommendationsService,
  ) {}

  async list(user: AuthUser, q: SavedViewListQueryDto): Promise<Page<SavedViewDto>> {
    const [column, direction] = resolveSort(q.sort, SORTS, 'name');
    const [rows, [{ n }]] = (await Promise.all([
      this.db.query(
        `SELECT ${VIEW_COLUMNS} FROM saved_views v WHERE v.user_id = $1
          ORDER BY ${column} ${direction}, v.id LIMIT $2 OFFSET $3`,
        [user.id, q.pageSize, (q.page - 1) * q.pageSize],
      ),
      this.db.query('SELECT count(*)::int AS n FROM saved_views WHERE user_id = $1', [user.id]),
    ])) as [SavedViewRow[], { n: number }[]];
    return pageOf(rows.map(toSavedViewDto), n, q);
  }

  async get(user: AuthUser, id: string): Promise<SavedViewDto> {
    return toSavedViewDto(await findOwn(this.db.manager, user, id));
  }

  async create(user: AuthUser, dto: CreateSavedViewDto): Promise<SavedViewDto> {
    const filters = await this.checkedFilters(dto.filters);
    return uniqueName(() =>
      this.db.transaction(async (m) => {
        const [row] = (await m.query(
          `INSERT INTO saved_views (user_id, name, filters) VALUES ($1, $2, $3::jsonb)
           RETURNING id, name, filters, created_at AS "createdAt", updated_at AS "updatedAt"`,
          [user.id, dto.name, JSON.stringify(filters)],
        )) as SavedViewRow[];
        await this.audit.record(m, {
          actorId: user.id,
          action: 'saved_view.create',
          entityType: 'saved_view',
          entityId: row.id,
          officeId: null,
          after: { name: row.name, filters: row.filters },
        });
        return toSavedViewDto(row);
      }),
    );
  }

  async update(user: AuthUser, id: string, dto: UpdateSavedViewDto): Promise<SavedViewDto> {
    if (dto.name === undefined && dto.filters === undefined) throw new BadRequestException('Send at least one field to change');
    // Checked before the view is looked up, as the list's own query parameters would be.
    const filters = dto.filters === undefined ? undefined : await this.checkedFilters(dto.filters);
    return uniqueName(() =>
      this.db.transaction(async (m) => {
        const before = await findOwn(m, user, id, true);
        const [rows] = (await m.query(
          `UPDATE saved_views SET name = $2, filters = $3::jsonb, updated_at = now() WHERE id = $1
           RETURNING id, name, filters, created_at AS "createdAt", updated_at AS "updatedAt"`,
          [id, dto.name ?? before.name, JSON.stringify(filters ?? before.filters)],
        )) as [SavedViewRow[], number];
        const after = rows[0];
        const diff = changedFields({ name: before.name, filters: before.filters }, { name: after.name, filters: after.filters });
        await this.audit.record(m, {
          actorId: user.id,
          action: 'saved_view.update',
          entityType: 'saved_view',
          entityId: id,
          officeId: null,
          before: diff.before,
          after: diff.after,
        });
        return toSavedViewDto(after);
      }),
    );
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const before = await findOwn(m, user, id, true);
      await m.query('DELETE FROM saved_views WHERE id = $1', [id]);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'saved_view.delete',
        entityType: 'saved_view',
        entityId: id,
        officeId: null,
        before: { name: before.name, filters: before.filters },
      });
    });
  }

  /** The recommendation list with the view's filters; visibility is the list's own, as on `GET /recommendations`. */
  async apply(user: AuthUser, id: string, q: ApplySavedViewQueryDto): Promise<Page<RecommendationDto>> {
    const view = await findOwn(this.db.manager, user, id);
    return this.recommendations.list(user, listQueryOf(view.filters, q.page, q.pageSize));
  }

  /** The list's DTO rules, and a sort field the list knows: a view that would answer 400 when applied is refused when saved. */
  private async checkedFilters(raw: Record<string, unknown>): Promise<Record<string, unknown>> {
    const filters = await normaliseFilters(raw);
    if (filters.sort !== undefined) {
      try {
        resolveSort(filters.sort as string, RECOMMENDATION_SORTS, 'reference');
      } catch (err) {
        if (err instanceof BadRequestException) throw new BadRequestException([`filters.${(err.getResponse() as { message: string }).message}`]);
        throw err;
      }
    }
    return filters;
  }
}

/** The caller's own view, or 404: another user's is not told apart from a missing one. */
async function findOwn(m: EntityManager, user: AuthUser, id: string, lock = false): Promise<SavedViewRow> {
  const [row] = (await m.query(`SELECT ${VIEW_COLUMNS} FROM saved_views v WHERE v.id = $1 AND v.user_id = $2${lock ? ' FOR UPDATE' : ''}`, [
    id,
    user.id,
  ])) as SavedViewRow[];
  if (!row) throw new EntityNotFoundException('Saved view');
  return row;
}

const uniqueName = <T>(write: () => Promise<T>) => conflictOnUnique('uq_saved_views_user_name_lower', 'You already have a saved view with this name', write);

function toSavedViewDto(r: SavedViewRow): SavedViewDto {
  return { id: r.id, name: r.name, filters: r.filters, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}
