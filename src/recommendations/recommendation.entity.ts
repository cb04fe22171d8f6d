import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Office } from '../offices/office.entity';
import { PolicyArea } from '../policy-areas/policy-area.entity';
import { SourceDocument } from '../sources/source-document.entity';
import { User } from '../users/user.entity';
import type { Priority, RecommendationStatus } from './recommendation-status';

/**
 * A trackable recommendation. `version` is the optimistic-concurrency counter: every write is a
 * conditional UPDATE on it. Deletion is soft (`deletedAt`); the audit log keeps the record.
 * The partial unique index on (office, reference), the GIN indexes and the list's covering index
 * (DESC NULLS LAST, INCLUDE: more than a decorator says) live in the migrations.
 */
@Entity('recommendations')
@Check('ck_recommendations_status', `"status" IN ('open', 'in_progress', 'partially_implemented', 'implemented', 'not_implemented', 'withdrawn')`)
@Check('ck_recommendations_priority', `"priority" IN ('high', 'medium', 'low')`)
@Check('ck_recommendations_version', `"version" >= 1`)
@Check('ck_recommendations_not_own_parent', `"parent_id" IS NULL OR "parent_id" <> "id"`)
@Index('uq_recommendations_office_reference', { synchronize: false })
@Index('ix_recommendations_search', { synchronize: false })
// Lists never show deleted items: partial, so the count of a filtered list reads the index alone.
@Index('ix_recommendations_live_office_status', ['officeId', 'status'], { where: '"deleted_at" IS NULL' })
@Index('ix_recommendations_live_office_updated_at', { synchronize: false })
@Index('ix_recommendations_office_updated_at', ['officeId', 'updatedAt'])
@Index('ix_recommendations_policy_area', ['policyArea'])
@Index('ix_recommendations_parent_id', ['parentId'])
@Index('ix_recommendations_addressees', { synchronize: false })
@Index('ix_recommendations_tags', { synchronize: false })
export class Recommendation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_recommendations' })
  id: string;

  @Column({ type: 'uuid' })
  officeId: string;

  @ManyToOne(() => Office)
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_recommendations_office' })
  office?: Office;

  @Column({ type: 'varchar', length: 64 })
  reference: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 40 })
  policyArea: string;

  @ManyToOne(() => PolicyArea)
  @JoinColumn({ name: 'policy_area', foreignKeyConstraintName: 'fk_recommendations_policy_area' })
  policyAreaRef?: PolicyArea;

  @Column({ type: 'varchar', length: 8 })
  priority: Priority;

  @Column({ type: 'varchar', length: 24, default: 'open' })
  status: RecommendationStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  statusChangedAt: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  addressees: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'uuid', nullable: true })
  sourceId: string | null;

  @ManyToOne(() => SourceDocument)
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'fk_recommendations_source' })
  source?: SourceDocument;

  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceLocator: string | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Recommendation)
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_recommendations_parent' })
  parent?: Recommendation;

  @Column({ type: 'date', nullable: true })
  targetDate: string | null;

  @ManyToMany(() => User)
  @JoinTable({
    name: 'recommendation_owners',
    joinColumn: { name: 'recommendation_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_recommendation_owners_recommendation' },
    inverseJoinColumn: { name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_recommendation_owners_user' },
  })
  owners?: User[];

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

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** Stemmed English full text of reference and title (weight A) and text (weight B); GIN-indexed. */
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('english', coalesce("reference", '') || ' ' || coalesce("title", '')), 'A') || setweight(to_tsvector('english', coalesce("text", '')), 'B')`,
  })
  search?: string;

  @Column({ type: 'uuid', nullable: true })
  deletedBy: string | null;
}
