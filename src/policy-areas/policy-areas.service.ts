import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { POLICY_AREAS } from '../../seeds/policy-areas';
import { PolicyArea } from './policy-area.entity';

@Injectable()
export class PolicyAreasService implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Reference data is kept in step with seeds/policy-areas.ts on every start (an idempotent upsert). */
  async onApplicationBootstrap(): Promise<void> {
    await this.db.getRepository(PolicyArea).upsert(POLICY_AREAS, ['code']);
  }

  list(): Promise<PolicyArea[]> {
    return this.db.getRepository(PolicyArea).find({ order: { code: 'ASC' } });
  }

  async exists(code: string): Promise<boolean> {
    return this.db.getRepository(PolicyArea).existsBy({ code });
  }
}
