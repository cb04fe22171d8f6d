import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { visibleOfficeIds } from '../offices/office-access';
import type { RecommendationDto } from './dto/recommendation.dto';
import type { RecommendationListQueryDto } from './dto/recommendation-list-query.dto';
import { RECOMMENDATION_COLUMNS, RecommendationRow, toRecommendationDto } from './recommendation-view';

/** The list's sort fields and the SQL each sorts by. */
export const RECOMMENDATION_SORTS = {
  reference: 'r.reference',
  title: 'r.title',
  status: 'r.status',
  priority: "array_position(ARRAY['high','medium','low']::varchar[], r.priority)",
  policyArea: 'r.policy_area',
  createdAt: 'r.created_at',
  updatedAt: 'r.updated_at',
  statusChangedAt: 'r.status_changed_at',
  targetDate: 'r.target_date',
};

/**
 * The recommendation list: every filter of the contract, visibility first, full-text search ranked
 * by relevance unless another order is asked for. One query whatever the page size: the count, and
 * the page's ids sorted and cut first, so that owners and counts are computed for the page's rows
 * only (computed before the cut, page 25 would pay for the 600 rows it skips).
 */
export async function listRecommendations(m: EntityManager, user: AuthUser, q: RecommendationListQueryDto): Promise<Page<RecommendationDto>> {
  const where: string[] = ['r.deleted_at IS NULL'];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  const visible = visibleOfficeIds(user);
  if (visible) where.push(`r.office_id = ANY(${param(visible)}::uuid[])`);
  if (q.officeId) where.push(`r.office_id = ${param(q.officeId)}`);
  if (q.status?.length) where.push(`r.status = ANY(${param(q.status)}::varchar[])`);
  if (q.policyArea) where.push(`r.policy_area = ${param(q.policyArea)}`);
  if (q.priority) where.push(`r.priority = ${param(q.priority)}`);
  if (q.addressee) where.push(`r.addressees @> ARRAY[${param(q.addressee)}]::text[]`);
  if (q.tag) where.push(`r.tags @> ARRAY[${param(q.tag)}]::text[]`);
  if (q.ownerId) {
    const owner = q.ownerId === 'me' ? user.id : q.ownerId;
    where.push(`EXISTS (SELECT 1 FROM recommendation_owners ro WHERE ro.recommendation_id = r.id AND ro.user_id = ${param(owner)})`);
  }
  if (q.parentId === 'none') where.push('r.parent_id IS NULL');
  else if (q.parentId) where.push(`r.parent_id = ${param(q.parentId)}`);
  if (q.updatedSince) where.push(`r.updated_at >= ${param(q.updatedSince)}::timestamptz`);

  let order: string;
  const text = q.q?.trim();
  if (text) {
    const tsquery = `websearch_to_tsquery('english', ${param(text)})`;
    where.push(`r.search @@ ${tsquery}`);
    order = q.sort ? sortClause(q.sort) : `ts_rank_cd(r.search, ${tsquery}) DESC, r.reference ASC`;
  } else {
    order = sortClause(q.sort);
  }

  const whereSql = where.join(' AND ');
  // ARRAY(…) keeps the page's order and WITH ORDINALITY numbers it; the count row stands alone
  // (its columns null) when the page is past the end.
  const rows = (await m.query(
    `SELECT t.total, v.* FROM (SELECT count(*)::int AS total FROM recommendations r WHERE ${whereSql}) t
     LEFT JOIN LATERAL (
       SELECT ${RECOMMENDATION_COLUMNS}, p.n
         FROM unnest(ARRAY(SELECT r.id FROM recommendations r WHERE ${whereSql} ORDER BY ${order}, r.id
                           LIMIT ${param(q.pageSize)} OFFSET ${param((q.page - 1) * q.pageSize)})) WITH ORDINALITY p(id, n)
         JOIN recommendations r ON r.id = p.id
     ) v ON true
     ORDER BY v.n`,
    params,
  )) as (RecommendationRow & { total: number; n: number | null })[];
  const total = rows[0]?.total ?? 0;
  return pageOf(rows[0]?.n == null ? [] : rows.map(toRecommendationDto), total, q);
}

function sortClause(sort: string | undefined): string {
  const [column, direction] = resolveSort(sort, RECOMMENDATION_SORTS, 'reference');
  return `${column} ${direction}${direction === 'DESC' ? ' NULLS LAST' : ''}`;
}
