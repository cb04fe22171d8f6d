import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

const PENDING_COLUMNS = `n.id, n.kind, n.message, u.name AS "userName", u.email, u.active,
  r.reference, r.title AS "recommendationTitle", f.title AS "followUpTitle", to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn"`;
const PENDING_FROM = `notifications n
  JOIN users u ON u.id = n.user_id
  LEFT JOIN recommendations r ON r.id = n.recommendation_id
  LEFT JOIN follow_ups f ON f.id = n.follow_up_id`;

/**
 * The e-mail outbox (only when SMTP_URL is set). Notifications are created `pending`; each run sends
 * event kinds one e-mail each and a user's reminders as one digest, then marks them `sent`. Each
 * e-mail is claimed in its own short transaction with FOR UPDATE SKIP LOCKED, so runs in several
 * processes never send the same notification twice at once; a crash between sending and committing
 * sends it again on the next run (at least once). An e-mail the server refuses counts in
 * email_attempts; after MAX_EMAIL_ATTEMPTS it is `failed`. An unreachable server (or one refusing our
 * login) counts against no message: the run stops and everything waits, still pending, for the next.
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

  private async sendUnit(unit: Unit): Promise<'sent' | 'failed' | 'unreachable' | 'skipped'> {
    return this.db.transaction(async (m: EntityManager) => {
      const [condition, param] =
        unit.type === 'event' ? ['n.id = $1', unit.id] : [`n.user_id = $1 AND n.kind IN (${REMINDER_LIST})`, unit.userId];
      // SKIP LOCKED: rows another process is sending right now are its own; it marks them.
      const rows = (await m.query(
        `SELECT ${PENDING_COLUMNS} FROM ${PENDING_FROM}
          WHERE n.email_state = 'pending' AND ${condition}
          ORDER BY n.created_at, n.id
          FOR UPDATE OF n SKIP LOCKED`,
        [param],
      )) as (PendingEmailRow & { active: boolean })[];
      if (rows.length === 0) return 'skipped';
      const ids = rows.map((r) => r.id);
      if (!rows[0].active) {
        // A deactivated user receives nothing more; there is nothing to retry.
        await m.query(`UPDATE notifications SET email_state = 'failed' WHERE id = ANY($1::uuid[])`, [ids]);
        return 'skipped';
      }
      const mail: OutgoingMail = unit.type === 'event' ? eventEmail(rows[0]) : digestEmail(rows);
      try {
        await this.mailer.send(mail);
      } catch (err) {
        if (isTransportError(err)) {
          // The server, not this message: nothing is counted against it; it waits for the next run.
          this.logger.warn(`Mail server unavailable (${(err as Error).message}); pending e-mails wait for the next run`);
          return 'unreachable';
        }
        this.logger.warn(`E-mail for notification ${ids[0]} refused: ${(err as Error).message}`);
        await m.query(
          `UPDATE notifications SET email_attempts = email_attempts + 1,
                  email_state = CASE WHEN email_attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END
            WHERE id = ANY($1::uuid[])`,
          [ids, MAX_EMAIL_ATTEMPTS],
        );
        return 'failed';
      }
      await m.query(`UPDATE notifications SET email_state = 'sent' WHERE id = ANY($1::uuid[])`, [ids]);
      return 'sent';
    });
  }
}
