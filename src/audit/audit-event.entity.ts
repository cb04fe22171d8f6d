import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An append-only record of a write. Events form hash chains, one per office (and one for writes that
 * belong to no office): each carries the hash of the previous event of its chain and a hash of its own
 * canonical content, so an edit, deletion or insertion behind the application's back breaks a link.
 * The database refuses UPDATE and DELETE on this table (trigger in the migration).
 */
@Entity('audit_events')
@Index('ix_audit_events_chain_key_seq', ['chainKey', 'seq'])
@Index('ix_audit_events_entity', ['entityType', 'entityId'])
@Index('ix_audit_events_actor_id', ['actorId'])
@Index('ix_audit_events_office_id_occurred_at', ['officeId', 'occurredAt'])
@Index('uq_audit_events_seq', ['seq'], { unique: true })
export class AuditEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_audit_events' })
  id: string;

  /** Insertion order; a chain is read in this order. */
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS', generated: 'identity' })
  seq: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'uuid', nullable: true })
  officeId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 80 })
  chainKey: string;

  @Column({ type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
