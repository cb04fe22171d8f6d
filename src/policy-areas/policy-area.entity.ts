import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reference data: the policy areas a recommendation is filed under (seeded, see seeds/). */
@Entity('policy_areas')
export class PolicyArea {
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'pk_policy_areas' })
  code: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;
}
