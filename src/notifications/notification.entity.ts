import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FollowUp } from '../follow-ups/follow-up.entity';
import { Recommendation } from '../recommendations/recommendation.entity';
import { User } from '../users/user.entity';

export const NOTIFICATION_KINDS = ['follow_up_assigned', 'follow_up_due_soon', 'follow_up_overdue', 'status_changed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Kinds created by the reminder job rather than by a user's write; at most one per follow-up each. */
export const REMINDER_KINDS: readonly NotificationKind[] = ['follow_up_due_soon', 'follow_up_overdue'];

export const EMAIL_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/**
 * An in-app notification for one user. The partial unique index on (follow-up, kind, assignee, due
 * date) for reminder kinds is what makes reminders exactly-once, however many processes run the job:
 * once per follow-up and kind for a given assignee and due date, so a follow-up reassigned or moved
 * to a later date is reminded again. `emailState` is the e-mail outbox: `pending` when e-mail is
 * configured at creation, `sending` while a process has claimed it (since `emailClaimedAt`), then
 * `sent` or `failed`.
 */
@Entity('notifications')
@Check('ck_notifications_kind', `"kind" IN ('follow_up_assigned', 'follow_up_due_soon', 'follow_up_overdue', 'status_changed')`)
@Check('ck_notifications_email_state', `"email_state" IS NULL OR "email_state" IN ('pending', 'sending', 'sent', 'failed')`)
@Index('ix_notifications_user_created_at', ['userId', 'createdAt'])
@Index('ix_notifications_user_unread', ['userId'], { where: `"read_at" IS NULL` })
@Index('uq_notifications_follow_up_reminder', ['followUpId', 'kind', 'userId', 'reminderDueOn'], {
  unique: true,
  where: `"kind" IN ('follow_up_due_soon', 'follow_up_overdue')`,
})
@Index('ix_notifications_email_pending', ['createdAt'], { where: `"email_state" = 'pending'` })
export class Notification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'uuid', nullable: true })
  recommendationId: string | null;

  @ManyToOne(() => Recommendation)
  @JoinColumn({ name: 'recommendation_id', foreignKeyConstraintName: 'fk_notifications_recommendation' })
  recommendation?: Recommendation;

  @Column({ type: 'uuid', nullable: true })
  followUpId: string | null;

  @ManyToOne(() => FollowUp)
  @JoinColumn({ name: 'follow_up_id', foreignKeyConstraintName: 'fk_notifications_follow_up' })
  followUp?: FollowUp;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** For reminder kinds: the due date the reminder was about. */
  @Column({ type: 'date', nullable: true })
  reminderDueOn: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  emailState: EmailState | null;

  @Column({ type: 'int', default: 0 })
  emailAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  emailClaimedAt: Date | null;
}
