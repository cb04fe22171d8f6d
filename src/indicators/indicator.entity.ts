import { Check, Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Recommendation } from '../recommendations/recommendation.entity';

export const BETTER_WHEN = ['higher', 'lower'] as const;
export type BetterWhen = (typeof BETTER_WHEN)[number];

/**
 * A measured quantity tracked over time (overdose deaths, border encounters a day …). Like source
 * documents, indicators are shared by every office; their links to recommendations are shown to each
 * reader only for the recommendations that reader may see. Names are unique regardless of case (the
 * expression index lives in the migration).
 */
@Entity('indicators')
@Check('ck_indicators_better_when', `"better_when" IN ('higher', 'lower')`)
@Index('uq_indicators_name_lower', { synchronize: false })
export class Indicator {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_indicators' })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  unit: string;

  @Column({ type: 'varchar', length: 8 })
  betterWhen: BetterWhen;

  @Column({ type: 'varchar', length: 500, nullable: true })
  source: string | null;

  @ManyToMany(() => Recommendation)
  @JoinTable({
    name: 'indicator_recommendations',
    joinColumn: { name: 'indicator_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_indicator_recommendations_indicator' },
    inverseJoinColumn: {
      name: 'recommendation_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_indicator_recommendations_recommendation',
    },
  })
  recommendations?: Recommendation[];

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
