import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { NotificationKind } from './notification.entity';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  message: string;
  recommendationId?: string | null;
  followUpId?: string | null;
}

/**
 * Creates in-app notifications inside the transaction of the write that causes them: they commit with
 * it or not at all. When e-mail is configured they are also queued for it (`email_state = 'pending'`).
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly config: AppConfig) {}

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
}
