import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Evidence } from './evidence.entity';

/** The bytes of an evidence item's attachment, apart from the metadata so lists never read them. */
@Entity('evidence_attachments')
export class EvidenceAttachment {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_evidence_attachments' })
  evidenceId: string;

  @OneToOne(() => Evidence, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'evidence_id', foreignKeyConstraintName: 'fk_evidence_attachments_evidence' })
  evidence?: Evidence;

  @Column({ type: 'bytea' })
  data: Buffer;
}
