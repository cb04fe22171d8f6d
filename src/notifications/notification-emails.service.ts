import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobsService } from '../jobs/jobs.service';
import { NOTIFICATION_EMAILS_QUEUE } from '../jobs/queues';
import { digestEmail, eventEmail, PendingEmailRow } from './notification-email-content';
import { isTransportError, NotificationMailer, OutgoingMail } from './notification-mailer';
import { REMINDER_KINDS } from './notification.entity';

/** After this many failed tries a notification's e-mail is given up ('failed'). */
export const MAX_EMAIL_ATTEMPTS = 5;
/** E-mails (single or digest) one run sends at most; the rest wait for the next run. */
const MAX_EMAILS_PER_RUN = 200;

export interface EmailRun {
  sent: number;
  failed: number;
}

type Unit = { type: 'event'; id: string } | { type: 'digest'; userId: string };

const REMINDER_LIST = REMINDER_KINDS.map((k) => `'${k}'`).join(', ');

/**
 * A claim older than this is taken for one whose process died between claiming and marking, and its
 * rows are sent again. Far longer than one send lasts (the mailer gives up on a silent server after
 * 10 s to connect, 10 s for the greeting, 30 s without an answer), so such a claim has no live owner.
 */
export const EMAIL_CLAIM_TIMEOUT_MINUTES = 10;

/**
 * Claims a unit's pending rows (SKIP LOCKED: rows another process is claiming at this instant are its
 * own) and returns them with what the e-mail says, in one statement: committed as soon as it returns.
 * A deactivated user's rows go straight to 'failed': they receive nothing more, there is nothing to retry.
 */
const claimSql = (condition: string) => `
  WITH claimed AS (
    UPDATE notifications n
       SET email_state = CASE WHEN u.active THEN 'sending' ELSE 'failed' END,
           email_claimed_at = CASE WHEN u.active THEN now() END
      FROM users u
     WHERE u.id = n.user_id
       AND n.id IN (SELECT c.id FROM notifications c
                     WHERE c.email_state = 'pending' AND ${condition}
                     ORDER BY c.created_at, c.id
                     FOR UPDATE SKIP LOCKED)
    RETURNING n.id, n.kind, n.message, n.created_at, n.recommendation_id, n.follow_up_id,
              u.name AS user_name, u.email, u.active
  )
  SELECT n.id, n.kind, n.message, n.user_name AS "userName", n.email, n.active,
         r.reference, r.title AS "recommendationTitle", f.title AS "followUpTitle", to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn"
    FROM claimed n
    LEFT JOIN recommendations r ON r.id = n.recommendation_id
    LEFT JOIN follow_ups f ON f.id = n.follow_up_id
   ORDER BY n.created_at, n.id`;

/**
 * The e-mail outbox (only when SMTP_URL is set). Notifications are created `pending`; each run sends
 * event kinds one e-mail each and a user's reminders as one digest. Each e-mail goes claim → send →
 * mark: one short statement claims its rows (`sending`, stamped `email_claimed_at`; SKIP LOCKED, so
 * runs in several processes never claim the same row), the message is sent with no transaction open
 * (no lock held, no session taken from the embedded database while the server answers), and one short
 * statement marks the rows `sent`. A process that dies between claim and mark leaves its rows
 * `sending`; a later run puts them back to `pending` once the claim is EMAIL_CLAIM_TIMEOUT_MINUTES old
 * and sends them again: at least once. An e-mail the server refuses counts in email_attempts; after
 * MAX_EMAIL_ATTEMPTS it is `failed`, until then `pending`. An unreachable server (or one refusing our
 * login) counts against no message: the run stops and everything waits, pending, for the next.
 */
@Injectable()
export class NotificationEmailsService implements OnModuleInit {
  private readonly logger = new Logger('NotificationEmails');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailer: NotificationMailer,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      queue: NOTIFICATION_EMAILS_QUEUE,
      cron: '* * * * *',
      expireInSeconds: 600,
      enabled: this.config.SMTP_URL !== undefined,
      run: () => this.sendPending(),
    });
  }

  async sendPending(): Promise<EmailRun> {
    const result: EmailRun = { sent: 0, failed: 0 };
    if (!this.mailer.configured) return result;
    await this.releaseAbandonedClaims();
    // Oldest first: events one by one, reminders grouped per user.
    const units = (await this.db.query(
      `SELECT 'event' AS type, id::text AS key, created_at AS since FROM notifications
        WHERE email_state = 'pending' AND kind NOT IN (${REMINDER_LIST})
       UNION ALL
       SELECT 'digest', user_id::text, min(created_at) FROM notifications
        WHERE email_state = 'pending' AND kind IN (${REMINDER_LIST}) GROUP BY user_id
       ORDER BY since LIMIT ${MAX_EMAILS_PER_RUN}`,
    )) as { type: 'event' | 'digest'; key: string }[];
    for (const u of units) {
      const unit: Unit = u.type === 'event' ? { type: 'event', id: u.key } : { type: 'digest', userId: u.key };
      const outcome = await this.sendUnit(unit);
      if (outcome === 'sent') result.sent++;
      if (outcome === 'failed') result.failed++;
      // The server is down or refuses us: the rest would fail alike; the next run tries again.
      if (outcome === 'unreachable') break;
    }
    if (result.sent + result.failed > 0) this.logger.log(`Notification e-mails: ${result.sent} sent, ${result.failed} failed`);
    return result;
  }

  /** Rows a dead process claimed and never marked go back to `pending`. */
  private async releaseAbandonedClaims(): Promise<void> {
    const [, released] = (await this.db.query(
      `UPDATE notifications SET email_state = 'pending', email_claimed_at = NULL
        WHERE email_state = 'sending' AND email_claimed_at < now() - make_interval(mins => $1)`,
      [EMAIL_CLAIM_TIMEOUT_MINUTES],
    )) as [unknown, number];
    if (released > 0) this.logger.warn(`${released} notification e-mail(s) claimed over ${EMAIL_CLAIM_TIMEOUT_MINUTES} minutes ago go out again`);
  }

  private async sendUnit(unit: Unit): Promise<'sent' | 'failed' | 'unreachable' | 'skipped'> {
    const [condition, param] =
      unit.type === 'event' ? ['c.id = $1', unit.id] : [`c.user_id = $1 AND c.kind IN (${REMINDER_LIST})`, unit.userId];
    const rows = (await this.db.query(claimSql(condition), [param])) as (PendingEmailRow & { active: boolean })[];
    // Nothing left (another process claimed it first), or a deactivated user's, already 'failed'.
    if (rows.length === 0 || !rows[0].active) return 'skipped';
    const ids = rows.map((r) => r.id);
    const mail: OutgoingMail = unit.type === 'event' ? eventEmail(rows[0]) : digestEmail(rows);
    try {
      await this.mailer.send(mail);
    } catch (err) {
      if (isTransportError(err)) {
        // The server, not this message: nothing is counted against it; it waits for the next run.
        this.logger.warn(`Mail server unavailable (${(err as Error).message}); pending e-mails wait for the next run`);
        await this.db.query(
          `UPDATE notifications SET email_state = 'pending', email_claimed_at = NULL
            WHERE id = ANY($1::uuid[]) AND email_state = 'sending'`,
          [ids],
        );
        return 'unreachable';
      }
      this.logger.warn(`E-mail for notification ${ids[0]} refused: ${(err as Error).message}`);
      await this.db.query(
        `UPDATE notifications SET email_attempts = email_attempts + 1, email_claimed_at = NULL,
                email_state = CASE WHEN email_attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END
          WHERE id = ANY($1::uuid[]) AND email_state = 'sending'`,
        [ids, MAX_EMAIL_ATTEMPTS],
      );
      return 'failed';
    }
    // Unconditionally: the message went out, even if a late mark finds the claim released meanwhile.
    await this.db.query(`UPDATE notifications SET email_state = 'sent', email_claimed_at = NULL WHERE id = ANY($1::uuid[])`, [ids]);
    return 'sent';
  }
}
