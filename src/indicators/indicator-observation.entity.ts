import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Indicator } from './indicator.entity';

/** One dated value of an indicator; at most one per indicator and date. */
@Entity('indicator_observations')
@Unique('uq_indicator_observations_indicator_observed_on', ['indicatorId', 'observedOn'])
export class IndicatorObservation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_indicator_observations' })
  id: string;

  @Column({ type: 'uuid' })
  indicatorId: string;

  @ManyToOne(() => Indicator)
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'fk_indicator_observations_indicator' })
  indicator?: Indicator;

  @Column({ type: 'date' })
  observedOn: string;

  /** Exact decimal; read back as a string by `pg` and turned into a number at the API edge. */
  @Column({ type: 'numeric' })
  value: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  source: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
