import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('offices')
// Names are unique regardless of case; the expression index lives in the migration.
@Index('uq_offices_name_lower', { synchronize: false })
export class Office {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_offices' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** IANA time zone that decides what "today" is for the office's due dates (overdue, due soon). */
  @Column({ type: 'varchar', length: 64, default: 'America/New_York' })
  timeZone: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
