import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A failed login, counted per account and per client address over a sliding window. Kept in the
 * database so that every instance of the service sees the same counts.
 */
@Entity('login_failures')
@Index('ix_login_failures_email_failed_at', ['email', 'failedAt'])
@Index('ix_login_failures_address_failed_at', ['address', 'failedAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'pk_login_failures' })
  id: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 64 })
  address: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  failedAt: Date;
}
