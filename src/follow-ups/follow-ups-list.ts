import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { visibleOfficeIds } from '../offices/office-access';
import type { FollowUpDto } from './dto/follow-up.dto';
import type { FollowUpListQueryDto } from './dto/follow-up-list-query.dto';
import { FOLLOW_UP_COLUMNS, FOLLOW_UP_ROW_JOINS, FOLLOW_UP_SCOPE, FollowUpRow, OVERDUE_SQL, toFollowUpDto } from './follow-up-view';

/** Ascending priority puts high first; ascending status follows the lifecycle. */
const SORTABLE = {
  dueOn: 'f.due_on',
  createdAt: 'f.created_at',
  updatedAt: 'f.updated_at',
  priority: "array_position(ARRAY['high','medium','low']::varchar[], f.priority)",
  status: "array_position(ARRAY['open','in_progress','done','cancelled']::varchar[], f.status)",
};

/**
 * The follow-up list: the caller's offices only (admins all), follow-ups of deleted recommendations
 * left out. One query whatever the page size: the count and the page together.
 */
export async function listFollowUps(m: EntityManager, user: AuthUser, q: FollowUpListQueryDto): Promise<Page<FollowUpDto>> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  const visible = visibleOfficeIds(user);
  if (visible) where.push(`f.office_id = ANY(${param(visible)}::uuid[])`);
  if (q.officeId) where.push(`f.office_id = ${param(q.officeId)}`);
  if (q.recommendationId) where.push(`f.recommendation_id = ${param(q.recommendationId)}`);
  if (q.assigneeId) where.push(`f.assignee_id = ${param(q.assigneeId === 'me' ? user.id : q.assigneeId)}`);
  if (q.status?.length) where.push(`f.status = ANY(${param(q.status)}::varchar[])`);
  if (q.overdue !== undefined) where.push(q.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`);
  if (q.dueBefore) where.push(`f.due_on < ${param(q.dueBefore)}::date`);

  const [column, direction] = resolveSort(q.sort, SORTABLE, 'dueOn');
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  // The page's ids sorted and cut first (ARRAY keeps their order, WITH ORDINALITY numbers it), then
  // their columns; the count row stands alone (its columns null) when the page is past the end.
  const rows = (await m.query(
    `SELECT t.total, v.* FROM (SELECT count(*)::int AS total FROM ${FOLLOW_UP_SCOPE} ${whereSql}) t
     LEFT JOIN LATERAL (
       SELECT ${FOLLOW_UP_COLUMNS}, p.n
         FROM unnest(ARRAY(SELECT f.id FROM ${FOLLOW_UP_SCOPE} ${whereSql}
                           ORDER BY ${column} ${direction}, f.due_on ASC, f.created_at ASC, f.id ASC
                           LIMIT ${param(q.pageSize)} OFFSET ${param((q.page - 1) * q.pageSize)})) WITH ORDINALITY p(id, n)
         JOIN follow_ups f ON f.id = p.id${FOLLOW_UP_ROW_JOINS}
     ) v ON true
     ORDER BY v.n`,
    params,
  )) as (FollowUpRow & { total: number; n: number | null })[];
  const total = rows[0]?.total ?? 0;
  return pageOf(rows[0]?.n == null ? [] : rows.map(toFollowUpDto), total, q);
}
