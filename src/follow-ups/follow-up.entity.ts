import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Office } from '../offices/office.entity';
import type { Priority } from '../recommendations/recommendation-status';
import { Recommendation } from '../recommendations/recommendation.entity';
import { User } from '../users/user.entity';

export const FOLLOW_UP_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
/** Statuses that still count: not done, not cancelled. Only these can be overdue. */
export const ACTIVE_FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['open', 'in_progress'];

/**
 * A task on a recommendation, assigned to a member of its office. `officeId` repeats the
 * recommendation's office (which never changes) so that lists filter on one indexed column.
 * `version` is the optimistic-concurrency counter, as on recommendations.
 */
@Entity('follow_ups')
@Check('ck_follow_ups_status', `"status" IN ('open', 'in_progress', 'done', 'cancelled')`)
@Check('ck_follow_ups_priority', `"priority" IN ('high', 'medium', 'low')`)
@Check('ck_follow_ups_version', `"version" >= 1`)
@Check('ck_follow_ups_completed_at', `("status" = 'done') = ("completed_at" IS NOT NULL)`)
@Index('ix_follow_ups_recommendation_status', ['recommendationId', 'status'])
@Index('ix_follow_ups_assignee_status_due_on', ['assigneeId', 'status', 'dueOn'])
@Index('ix_follow_ups_office_due_on', ['officeId', 'dueOn'])
@Index('ix_follow_ups_active_due_on', ['dueOn'], { where: `"status" IN ('open', 'in_progress')` })
export class FollowUp {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_follow_ups' })
  id: string;

  @Column({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation)
  @JoinColumn({ name: 'recommendation_id', foreignKeyConstraintName: 'fk_follow_ups_recommendation' })
  recommendation?: Recommendation;

  @Column({ type: 'uuid' })
  officeId: string;

  @ManyToOne(() => Office)
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_follow_ups_office' })
  office?: Office;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ type: 'uuid' })
  assigneeId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_follow_ups_assignee' })
  assignee?: User;

  @Column({ type: 'uuid', nullable: true })
  assignedBy: string | null;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'assigned_by', foreignKeyConstraintName: 'fk_follow_ups_assigned_by' })
  assigner?: User;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'varchar', length: 8, default: 'medium' })
  priority: Priority;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: FollowUpStatus;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
