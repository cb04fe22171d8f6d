import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ACTIVE_FOLLOW_UP_STATUSES } from '../follow-ups/follow-up.entity';
import { DUE_SOON_DAYS, officeTodaySql } from '../follow-ups/follow-up-dates';

export interface ReminderRun {
  /** Notifications created by this run (not those an earlier or a concurrent run already made). */
  dueSoon: number;
  overdue: number;
}

const ACTIVE = ACTIVE_FOLLOW_UP_STATUSES.map((s) => `'${s}'`).join(', ');
const TODAY = officeTodaySql('o');

/**
 * The follow-ups a reminder kind is about, with the inputs of its message. Only live work reaches
 * anyone: an open or in-progress follow-up of a recommendation that is not deleted, assigned to an
 * active user who can still see the office (an admin, or a member).
 */
function candidates(dueCondition: string, message: string): string {
  return `SELECT f.assignee_id, $1::varchar, ${message}, f.recommendation_id, f.id, f.due_on, $2::varchar
      FROM follow_ups f
      JOIN offices o ON o.id = f.office_id
      JOIN recommendations r ON r.id = f.recommendation_id AND r.deleted_at IS NULL
      JOIN users u ON u.id = f.assignee_id AND u.active
     WHERE f.status IN (${ACTIVE})
       AND ${dueCondition}
       AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id AND uo.office_id = f.office_id))
     ORDER BY f.id`;
}

/*
 * One statement per kind. ON CONFLICT against the partial unique index uq_notifications_follow_up_reminder
 * is what makes each reminder exactly-once, whichever process runs this and however often: a
 * concurrent run inserting the same (follow-up, kind, assignee, due date) waits for the first to
 * commit, then skips it. The assignee and due date are part of the key so that a follow-up given to
 * someone else, or moved to a later date, is reminded again — once.
 * ORDER BY f.id makes every run take those index entries in the same order, so two runs never
 * deadlock on each other's rows.
 */
const INSERT = `INSERT INTO notifications (user_id, kind, message, recommendation_id, follow_up_id, reminder_due_on, email_state)`;
const ON_CONFLICT = `ON CONFLICT (follow_up_id, kind, user_id, reminder_due_on) WHERE kind IN ('follow_up_due_soon', 'follow_up_overdue') DO NOTHING
  RETURNING id`;

const DUE_SOON_SQL = `${INSERT}
  ${candidates(
    `f.due_on BETWEEN ${TODAY} AND ${TODAY} + ${DUE_SOON_DAYS}`,
    `format('Follow-up "%s" on %s is due %s (%s)', f.title, r.reference,
        CASE f.due_on - ${TODAY} WHEN 0 THEN 'today' WHEN 1 THEN 'tomorrow' ELSE 'in ' || (f.due_on - ${TODAY}) || ' days' END,
        to_char(f.due_on, 'YYYY-MM-DD'))`,
  )}
  ${ON_CONFLICT}`;

const OVERDUE_SQL = `${INSERT}
  ${candidates(`f.due_on < ${TODAY}`, `format('Follow-up "%s" on %s is overdue: it was due %s', f.title, r.reference, to_char(f.due_on, 'YYYY-MM-DD'))`)}
  ${ON_CONFLICT}`;

/**
 * The time-based notifications: "due soon" (due today or within DUE_SOON_DAYS) and "overdue", judged
 * on each office's own calendar (offices.time_zone). Idempotent: a missed run is caught up by the
 * next, a repeated one creates nothing.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<ReminderRun> {
    const emailState = this.config.SMTP_URL ? 'pending' : null;
    // Both kinds commit together, so an e-mail digest never sees one without the other.
    return this.db.transaction(async (m: EntityManager) => {
      const dueSoon = (await m.query(DUE_SOON_SQL, ['follow_up_due_soon', emailState])) as unknown[];
      const overdue = (await m.query(OVERDUE_SQL, ['follow_up_overdue', emailState])) as unknown[];
      return { dueSoon: dueSoon.length, overdue: overdue.length };
    });
  }
}
