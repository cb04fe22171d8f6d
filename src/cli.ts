import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module';
import { AuditLogService } from './audit/audit-log.service';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { DataDirectoryInUseError } from './database/embedded-database';
import { openDatabase } from './database/open-database';
import { RemindersService } from './jobs/reminders.service';
import { NotificationEmailsService } from './notifications/notification-emails.service';
import { SeedRefusedError, SeedService } from '../seeds/seed.service';
import { CreateUserDto } from './users/dto/user.dto';
import { UsersService } from './users/users.service';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-admin --email <email> --name <name>   Create an admin. The password comes from --password
               [--password <password>]         or, safer, the ADMIN_PASSWORD environment variable.
  seed [--demo] [--demo-password <pw>]         Load reference data; --demo adds a demo office with one
                                               user per role (refused when NODE_ENV=production).
  verify-audit                                 Check every hash link of the audit log; exits 1 and names
                                               the first broken event when the log was tampered with.
  reminders                                    Create the due-soon and overdue notifications now (as the
                                               scheduled job does; harmless to repeat), then send pending
                                               notification e-mails when SMTP_URL is set.

Runs against DATABASE_URL, or the embedded database in DATA_DIR (stop the server first: the
directory is locked while a process uses it).`;

type Command = (app: INestApplicationContext, config: AppConfig, values: Record<string, string | boolean | undefined>) => Promise<string>;

const COMMANDS: Record<string, Command> = {
  'create-admin': async (app, config, v) => {
    const email = v.email;
    const name = v.name;
    const password = typeof v.password === 'string' ? v.password : config.ADMIN_PASSWORD;
    if (typeof email !== 'string' || typeof name !== 'string' || !password) {
      throw new UsageError('create-admin needs --email, --name and a password (--password or ADMIN_PASSWORD)');
    }
    const dto = plainToInstance(CreateUserDto, { email, name, role: 'admin', password, officeIds: [] });
    const errors = await validate(dto);
    if (errors.length > 0) throw new UsageError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
    const user = await app.get(UsersService).create(null, dto);
    return `Created admin ${user.email} (${user.id})`;
  },
  seed: async (app, config, v) => {
    const lines = await app.get(SeedService).run({
      demo: v.demo === true,
      demoPassword: typeof v['demo-password'] === 'string' ? v['demo-password'] : undefined,
      production: config.isProduction,
    });
    return lines.join('\n');
  },
  'verify-audit': async (app) => {
    const result = await app.get(AuditLogService).verify();
    if (!result.valid) {
      throw new AuditBrokenError(`Audit log BROKEN at event ${result.firstBrokenId} (after ${result.checked - 1} valid events)`);
    }
    return `Audit log valid: ${result.checked} events checked`;
  },
  reminders: async (app) => {
    const { dueSoon, overdue } = await app.get(RemindersService).run();
    const { sent, failed } = await app.get(NotificationEmailsService).sendPending();
    return `Reminders created: ${dueSoon} due soon, ${overdue} overdue; e-mails sent: ${sent}, failed: ${failed}`;
  },
};

class UsageError extends Error {}

/** The audit log does not verify: the message names the first broken event. */
class AuditBrokenError extends Error {}


async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      demo: { type: 'boolean' },
      'demo-password': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = COMMANDS[positionals[0] ?? ''];
  if (values.help || !command || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  // A one-off command runs no background jobs: no pg-boss, no scheduled runs (`reminders` runs directly).
  const config = loadConfig({ ...process.env, JOBS_ENABLED: 'false' });
  const database = await openDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.options), { logger: ['error', 'warn'] });
    try {
      console.log(await command(app, config, values));
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof AuditBrokenError) {
      console.error(err.message);
      process.exit(1);
    }
    const known = err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirectoryInUseError || err instanceof SeedRefusedError;
    const status = (err as { status?: number }).status;
    console.error(known || status ? (err as Error).message : err);
    process.exit(known ? 2 : 1);
  },
);
