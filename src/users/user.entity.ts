import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinTable,
  ManyToMany,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Office } from '../offices/office.entity';
import type { Role } from './role';

@Entity('users')
@Unique('uq_users_email', ['email'])
@Check('ck_users_role', `"role" IN ('viewer', 'staffer', 'director', 'admin')`)
@Check('ck_users_email_lower', `"email" = lower("email")`)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  /** Stored lower-cased, so uniqueness is case-insensitive. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @ManyToMany(() => Office)
  @JoinTable({
    name: 'user_offices',
    joinColumn: { name: 'user_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_user_offices_user' },
    inverseJoinColumn: {
      name: 'office_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_user_offices_office',
    },
  })
  offices: Office[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
