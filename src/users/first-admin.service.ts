import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { UsersService } from './users.service';

export const DEVELOPMENT_ADMIN_EMAIL = 'admin@example.org';

/**
 * On first start (no user at all), creates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD. In
 * development without those, it creates `admin@example.org` with a random password, printed once and
 * kept in DATA_DIR/initial-admin.txt, so a newcomer can sign in; production never does that.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminService.name);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD, NODE_ENV } = this.config;
    if (ADMIN_EMAIL && ADMIN_PASSWORD) {
      if (await this.users.createFirstAdmin(ADMIN_EMAIL, 'Administrator', ADMIN_PASSWORD)) {
        this.logger.log(`Created the first admin, ${ADMIN_EMAIL.toLowerCase()}`);
      }
      return;
    }
    if (NODE_ENV !== 'development') return;
    const password = randomBytes(12).toString('base64url');
    if (!(await this.users.createFirstAdmin(DEVELOPMENT_ADMIN_EMAIL, 'Administrator', password))) return;
    const file = join(resolve(this.config.DATA_DIR), 'initial-admin.txt');
    await mkdir(this.config.DATA_DIR, { recursive: true });
    await writeFile(file, `email: ${DEVELOPMENT_ADMIN_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
    this.logger.warn(
      `No user existed: created the admin ${DEVELOPMENT_ADMIN_EMAIL}; its password is in ${file}. Change it after signing in.`,
    );
  }
}
