import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SOURCE_KINDS = ['brief', 'report', 'hearing', 'analysis', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A document recommendations come from (a brief, a GAO report, a hearing record …). Shared by all offices. */
@Entity('source_documents')
@Check('ck_source_documents_kind', `"kind" IN ('brief', 'report', 'hearing', 'analysis', 'other')`)
export class SourceDocument {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_source_documents' })
  id: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  author: string | null;

  @Column({ type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: SourceKind;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
