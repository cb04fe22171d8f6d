import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Office } from '../offices/office.entity';
import { User } from '../users/user.entity';

/**
 * A report as it was sent: its exact bytes, the parameters it was made with and their SHA-256.
 * Never changed or deleted (a trigger refuses both), so that what a principal received can be shown
 * again as it was.
 */
@Entity('saved_reports')
@Index('ix_saved_reports_office_created', ['officeId', 'createdAt'])
export class SavedReport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_saved_reports' })
  id: string;

  /** Null for an all-offices report (admins only). */
  @Column({ type: 'uuid', nullable: true })
  officeId: string | null;

  @ManyToOne(() => Office, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_id', foreignKeyConstraintName: 'fk_saved_reports_office' })
  office?: Office;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 10 })
  format: string;

  /** The report's parameters as resolved when it was made (defaults filled in). */
  @Column({ type: 'jsonb' })
  params: Record<string, string | null>;

  @Column({ type: 'varchar', length: 300 })
  filename: string;

  @Column({ type: 'varchar', length: 100 })
  contentType: string;

  @Column({ type: 'integer' })
  byteSize: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_saved_reports_created_by' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
