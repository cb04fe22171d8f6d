import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Recommendation } from './recommendation.entity';
import type { RecommendationStatus } from './recommendation-status';

/** One move of a recommendation's status. Never updated or deleted: the history is kept whole. */
@Entity('status_changes')
@Index('ix_status_changes_recommendation_changed_at', ['recommendationId', 'changedAt'])
@Index('ix_status_changes_changed_at', ['changedAt'])
export class StatusChange {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_status_changes' })
  id: string;

  @Column({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation)
  @JoinColumn({ name: 'recommendation_id', foreignKeyConstraintName: 'fk_status_changes_recommendation' })
  recommendation?: Recommendation;

  /** Null for the initial status given at creation. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  fromStatus: RecommendationStatus | null;

  @Column({ type: 'varchar', length: 24 })
  toStatus: RecommendationStatus;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  evidenceIds: string[];

  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;
}
