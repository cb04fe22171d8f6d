import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** A user's named filter set for the recommendation list; private to that user. */
@Entity('saved_views')
// Names are unique per user regardless of case; the expression index lives in the migration.
@Index('uq_saved_views_user_name_lower', { synchronize: false })
@Index('ix_saved_views_user_id', ['userId'])
export class SavedView {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_saved_views' })
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_saved_views_user' })
  user?: User;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The query parameters of `GET /recommendations`, normalised (page left out). */
  @Column({ type: 'jsonb' })
  filters: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
