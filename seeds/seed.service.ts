import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ILike } from 'typeorm';
import { OfficesService } from '../src/offices/offices.service';
import { Office } from '../src/offices/office.entity';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { DEMO_DEFAULT_PASSWORD, DEMO_OFFICE_NAME, DEMO_USERS } from './demo-data';

export interface SeedOptions {
  demo: boolean;
  demoPassword?: string;
  production: boolean;
}

export class SeedRefusedError extends Error {}

/**
 * Loads seed data idempotently: running it twice changes nothing. Every row goes through the same
 * services as the API, so it is validated and audited like any other write.
 */
@Injectable()
export class SeedService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offices: OfficesService,
    private readonly users: UsersService,
  ) {}

  async run(options: SeedOptions): Promise<string[]> {
    const report: string[] = [];
    if (options.demo) {
      if (options.production) throw new SeedRefusedError('Demo users are never created when NODE_ENV=production');
      report.push(...(await this.seedDemo(options.demoPassword ?? DEMO_DEFAULT_PASSWORD)));
    }
    if (report.length === 0) report.push('Nothing to seed.');
    return report;
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
