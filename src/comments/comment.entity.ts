import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity';

/** Discussion on a recommendation. */
@Entity('comments')
@Index('ix_comments_recommendation_created_at', ['recommendationId', 'createdAt'])
export class Comment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_comments' })
  id: string;

  @Column({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation)
  @JoinColumn({ name: 'recommendation_id', foreignKeyConstraintName: 'fk_comments_recommendation' })
  recommendation?: Recommendation;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
