import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { AppConfig } from '../config/app-config';
import { NotificationDto, NotificationListQueryDto } from './dto/notification.dto';
import type { NotificationKind } from './notification.entity';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  message: string;
  recommendationId?: string | null;
  followUpId?: string | null;
}

export interface StatusChangeNotice {
  recommendationId: string;
  officeId: string;
  reference: string;
  from: string;
  to: string;
  reason: string;
  /** Who made the change: not told about their own change. */
  actorId: string;
}

/** How much of a status change's reason a notification quotes. */
export const REASON_EXCERPT_LENGTH = 200;

const SORTS = { createdAt: 'created_at' };

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  message: string;
  recommendation_id: string | null;
  follow_up_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

/**
 * In-app notifications. Those caused by a user's write are created inside that write's transaction:
 * they commit with it or not at all. When e-mail is configured they are also queued for it
 * (`email_state = 'pending'`; see NotificationEmailsService). Each user reads and marks only their own.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async record(m: EntityManager, notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    if (!m.queryRunner?.isTransactionActive) {
      throw new Error('NotificationsService.record must run inside the transaction of the write that causes it');
    }
    const emailState = this.config.SMTP_URL ? 'pending' : null;
    await m.query(
      `INSERT INTO notifications (user_id, kind, message, recommendation_id, follow_up_id, email_state)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::uuid[], $5::uuid[], $6::varchar[])`,
      [
        notifications.map((n) => n.userId),
        notifications.map((n) => n.kind),
        notifications.map((n) => n.message),
        notifications.map((n) => n.recommendationId ?? null),
        notifications.map((n) => n.followUpId ?? null),
        notifications.map(() => emailState),
      ],
    );
  }

  /**
   * Tells every owner of the recommendation but the actor that its status changed. Only owners who
   * are active and can still see the office (admins, members) are told.
   */
  async recordStatusChange(m: EntityManager, change: StatusChangeNotice): Promise<void> {
    const owners = (await m.query(
      `SELECT u.id FROM recommendation_owners ro JOIN users u ON u.id = ro.user_id
        WHERE ro.recommendation_id = $1 AND u.active AND u.id <> $2
          AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id AND uo.office_id = $3))
        ORDER BY u.id`,
      [change.recommendationId, change.actorId, change.officeId],
    )) as { id: string }[];
    const message = `${change.reference} moved from ${change.from} to ${change.to}: ${excerpt(change.reason, REASON_EXCERPT_LENGTH)}`;
    await this.record(
      m,
      owners.map((o) => ({ userId: o.id, kind: 'status_changed' as const, message, recommendationId: change.recommendationId })),
    );
  }

  /**
   * The caller's own notifications, newest first. A notification is its recipient's for good: it is
   * listed even if its recommendation was deleted since or the user left the office.
   */
  async list(user: AuthUser, q: NotificationListQueryDto): Promise<Page<NotificationDto>> {
    const [column, direction] = resolveSort(q.sort, SORTS, '-createdAt');
    const filter = q.unread === undefined ? '' : q.unread ? 'AND read_at IS NULL' : 'AND read_at IS NOT NULL';
    const [rows, [{ n }]] = (await Promise.all([
      this.db.query(
        `SELECT id, kind, message, recommendation_id, follow_up_id, created_at, read_at
           FROM notifications WHERE user_id = $1 ${filter}
          ORDER BY ${column} ${direction}, id ${direction}
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
        [user.id],
      ),
      this.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 ${filter}`, [user.id]),
    ])) as [NotificationRow[], { n: number }[]];
    return pageOf(rows.map(toNotificationDto), n, q);
  }

  /** Idempotent: marking a read notification again keeps its first readAt. Another user's is 404. */
  async markRead(user: AuthUser, id: string): Promise<void> {
    const [, affected] = (await this.db.query(
      'UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2',
      [id, user.id],
    )) as [unknown, number];
    if (affected !== 1) throw new EntityNotFoundException('Notification');
  }

  async markAllRead(user: AuthUser): Promise<void> {
    await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [user.id]);
  }
}

/** The text on one line, cut to `max` characters (an ellipsis marking the cut). */
export function excerpt(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function toNotificationDto(r: NotificationRow): NotificationDto {
  return {
    id: r.id,
    kind: r.kind,
    message: r.message,
    recommendationId: r.recommendation_id,
    followUpId: r.follow_up_id,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}
