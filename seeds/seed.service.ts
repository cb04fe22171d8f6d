import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ILike } from 'typeorm';
import { OfficesService } from '../src/offices/offices.service';
import { Office } from '../src/offices/office.entity';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { BriefSeeder } from './brief-seeder';
import { DEMO_DEFAULT_PASSWORD, DEMO_OFFICE_NAME, DEMO_USERS } from './demo-data';

export interface SeedOptions {
  demo: boolean;
  demoPassword?: string;
  production: boolean;
}

export class SeedRefusedError extends Error {}

/**
 * Loads seed data idempotently: running it twice changes nothing. The brief always; demo users only
 * when asked for, never in production. Every row is validated and audited like any other write.
 */
@Injectable()
export class SeedService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offices: OfficesService,
    private readonly users: UsersService,
    private readonly brief: BriefSeeder,
  ) {}

  async run(options: SeedOptions): Promise<string[]> {
    if (options.demo && options.production) throw new SeedRefusedError('Demo users are never created when NODE_ENV=production');
    const report: string[] = [await this.seedBrief()];
    if (options.demo) {
      report.push(...(await this.seedDemo(options.demoPassword ?? DEMO_DEFAULT_PASSWORD)));
    }
    return report;
  }

  /**
   * The newcomer's first start on the embedded database: loads the brief when the database holds no
   * recommendation at all (a database someone has started using is left alone).
   */
  async seedBriefIfEmpty(): Promise<string | undefined> {
    const [{ any }] = (await this.db.query('SELECT EXISTS (SELECT 1 FROM recommendations) AS any')) as { any: boolean }[];
    return any ? undefined : this.seedBrief();
  }

  private async seedBrief(): Promise<string> {
    const { created } = await this.brief.run();
    const parts = [
      plural(created.offices, 'office', 'offices'),
      plural(created.sources, 'source', 'sources'),
      plural(created.recommendations, 'recommendation', 'recommendations'),
      plural(created.evidence, 'evidence item', 'evidence items'),
      plural(created.statusChanges, 'starting status', 'starting statuses'),
      plural(created.indicators, 'indicator', 'indicators'),
      plural(created.observations, 'indicator observation', 'indicator observations'),
    ].filter((p): p is string => p !== undefined);
    return parts.length > 0 ? `Brief of June 2022 loaded: ${parts.join(', ')}.` : 'Brief of June 2022 already loaded: nothing changed.';
  }

  private async seedDemo(password: string): Promise<string[]> {
    const report: string[] = [];
    let office = await this.db.getRepository(Office).findOneBy({ name: ILike(DEMO_OFFICE_NAME) });
    if (!office) {
      const created = await this.offices.create(null, { name: DEMO_OFFICE_NAME });
      office = { ...created } as Office;
      report.push(`Created office "${DEMO_OFFICE_NAME}"`);
    }
    for (const demo of DEMO_USERS) {
      if (await this.db.getRepository(User).existsBy({ email: demo.email })) continue;
      await this.users.create(null, { ...demo, password, officeIds: [office.id] });
      report.push(`Created ${demo.role} ${demo.email} (password: ${password === DEMO_DEFAULT_PASSWORD ? password : 'as given'})`);
    }
    if (report.length === 0) report.push('Demo data already present.');
    return report;
  }
}

function plural(n: number, one: string, many: string): string | undefined {
  return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
}
