import type { EntityManager } from 'typeorm';
import type { FollowUpDto } from './dto/follow-up.dto';
import { officeTodaySql } from './follow-up-dates';

/** SQL of "this follow-up (alias f, its office o) is overdue", judged on the office's calendar. */
export const OVERDUE_SQL = `(f.status IN ('open', 'in_progress') AND f.due_on < ${officeTodaySql('o')})`;

/**
 * The rows every read starts from: follow-ups of live recommendations only (a deleted
 * recommendation's follow-ups are gone with it), with the office for its time zone.
 */
export const FOLLOW_UP_SCOPE = `
  follow_ups f
  JOIN recommendations r ON r.id = f.recommendation_id AND r.deleted_at IS NULL
  JOIN offices o ON o.id = f.office_id`;

/** The users whose names a follow-up shows. */
const FOLLOW_UP_NAMES = `
  JOIN users a ON a.id = f.assignee_id
  LEFT JOIN users b ON b.id = f.assigned_by`;

/** The scope and the users whose names a follow-up shows. */
export const FOLLOW_UP_FROM = `${FOLLOW_UP_SCOPE}${FOLLOW_UP_NAMES}`;

/**
 * What the columns of follow-ups already known to be in scope (a list's page) need: their office
 * and names, without the scope's join again.
 */
export const FOLLOW_UP_ROW_JOINS = `
  JOIN offices o ON o.id = f.office_id${FOLLOW_UP_NAMES}`;

/** The columns that shape a follow-up for the API; `overdue` is computed by the database, not the server's clock. */
export const FOLLOW_UP_COLUMNS = `
  f.id, f.recommendation_id AS "recommendationId", f.office_id AS "officeId", f.title, f.details,
  f.assignee_id AS "assigneeId", a.name AS "assigneeName", f.assigned_by AS "assignedById", b.name AS "assignedByName",
  to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn", f.priority, f.status, ${OVERDUE_SQL} AS overdue,
  f.completed_at AS "completedAt", f.version, f.created_at AS "createdAt", f.updated_at AS "updatedAt"`;

export interface FollowUpRow {
  id: string;
  recommendationId: string;
  officeId: string;
  title: string;
  details: string | null;
  assigneeId: string;
  assigneeName: string;
  assignedById: string | null;
  assignedByName: string | null;
  dueOn: string;
  priority: FollowUpDto['priority'];
  status: FollowUpDto['status'];
  overdue: boolean;
  completedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toFollowUpDto(r: FollowUpRow): FollowUpDto {
  return {
    id: r.id,
    recommendationId: r.recommendationId,
    officeId: r.officeId,
    title: r.title,
    details: r.details,
    assignee: { id: r.assigneeId, name: r.assigneeName },
    assignedBy: r.assignedById ? { id: r.assignedById, name: r.assignedByName ?? '' } : null,
    dueOn: r.dueOn,
    priority: r.priority,
    status: r.status,
    overdue: r.overdue,
    completedAt: r.completedAt ? r.completedAt.toISOString() : null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** One follow-up of a live recommendation as the API shows it, or undefined. */
export async function loadFollowUpView(m: EntityManager, id: string): Promise<FollowUpDto | undefined> {
  const rows = (await m.query(`SELECT ${FOLLOW_UP_COLUMNS} FROM ${FOLLOW_UP_FROM} WHERE f.id = $1`, [id])) as FollowUpRow[];
  return rows[0] ? toFollowUpDto(rows[0]) : undefined;
}

/** What the audit log keeps of a follow-up: its content, people as ids. */
export function auditable(v: FollowUpDto): Record<string, unknown> {
  return {
    recommendationId: v.recommendationId,
    title: v.title,
    details: v.details,
    assigneeId: v.assignee.id,
    assignedBy: v.assignedBy?.id ?? null,
    dueOn: v.dueOn,
    priority: v.priority,
    status: v.status,
    completedAt: v.completedAt,
  };
}
