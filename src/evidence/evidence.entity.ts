import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity';

export const EVIDENCE_KINDS = [
  'hearing',
  'letter',
  'legislation',
  'report',
  'statement',
  'meeting',
  'delegation',
  'court_ruling',
  'agency_action',
  'news',
  'data',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * Something that happened and bears on a recommendation. The attachment's metadata lives here; its
 * bytes in `evidence_attachments`, so lists never load them.
 */
@Entity('evidence')
@Check(
  'ck_evidence_kind',
  `"kind" IN ('hearing', 'letter', 'legislation', 'report', 'statement', 'meeting', 'delegation', 'court_ruling', 'agency_action', 'news', 'data', 'other')`,
)
@Index('ix_evidence_recommendation_occurred_on', ['recommendationId', 'occurredOn'])
@Index('ix_evidence_created_at', ['createdAt'])
// Every view of a recommendation counts its live evidence: an index-only count.
@Index('ix_evidence_live_recommendation', ['recommendationId'], { where: '"deleted_at" IS NULL' })
export class Evidence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_evidence' })
  id: string;

  @Column({ type: 'uuid' })
  recommendationId: string;

  @ManyToOne(() => Recommendation)
  @JoinColumn({ name: 'recommendation_id', foreignKeyConstraintName: 'fk_evidence_recommendation' })
  recommendation?: Recommendation;

  @Column({ type: 'varchar', length: 24 })
  kind: EvidenceKind;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  attachmentFilename: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  attachmentContentType: string | null;

  @Column({ type: 'int', nullable: true })
  attachmentSize: number | null;

  @Column({ type: 'char', length: 64, nullable: true })
  attachmentSha256: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  deletedBy: string | null;
}
