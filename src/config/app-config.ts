import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { CronExpressionParser } from 'cron-parser';

/** A cron expression the job queue (pg-boss, through cron-parser) will accept. */
const IsCronExpression = (message: string) =>
  ValidateBy({
    name: 'isCronExpression',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        try {
          CronExpressionParser.parse(value, { tz: 'UTC' });
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: () => message,
    },
  });

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/**
 * Every setting the service reads from its environment, validated once at startup. A bad or missing
 * value stops the process with a message naming the variable (see loadConfig).
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 10;

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** On the embedded database only: load the brief at startup while no recommendation exists. */
  @Transform(toBool)
  @IsBoolean()
  SEED_BRIEF_ON_FIRST_START = true;

  // Required in production (checked in loadConfig); a development default is used elsewhere.
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_REFRESH_SECRET must be at least 32 characters' })
  JWT_REFRESH_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(90 * 86400)
  JWT_REFRESH_TTL_SECONDS = 14 * 86400;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an e-mail address' })
  ADMIN_EMAIL?: string;

  @ValidateIf((c: AppConfig) => c.ADMIN_EMAIL !== undefined || c.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be set together with ADMIN_EMAIL' })
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  @MaxLength(256)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of notification e-mails: an address, optionally with a display name. */
  @IsString()
  @Matches(/^[^\r\n<>]*<[^\s<>@]+@[^\s<>@]+>$|^[^\s<>@]+@[^\s<>@]+$/, {
    message: 'SMTP_FROM must be an address like no-reply@example.org or Name <no-reply@example.org>',
  })
  SMTP_FROM = 'Oversight tracker <no-reply@localhost>';

  /** Background jobs (follow-up reminders, notification e-mails) through pg-boss in the same database. */
  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED = true;

  /** Connections of the job queue's own pool, on top of DB_POOL_SIZE. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(20)
  JOBS_POOL_SIZE = 3;

  /** When the reminder job runs: a five-field cron expression, evaluated in UTC. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value))
  @IsString()
  @Matches(/^[\d*/,\-A-Za-z?#]+( [\d*/,\-A-Za-z?#]+){4}$/, {
    message: 'REMINDER_CRON must be a five-field cron expression such as */5 * * * *',
  })
  @IsCronExpression('REMINDER_CRON must be a valid cron expression (minute 0-59, hour 0-23, day 1-31, month 1-12, weekday 0-7) such as */5 * * * *')
  REMINDER_CRON = '*/5 * * * *';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Transform(toList)
  @Matches(/^https?:\/\/[^\s/]+$/, { each: true, message: 'CORS_ORIGINS must be a comma-separated list of origins like https://host:port' })
  CORS_ORIGINS: string[] = [];

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /**
   * A request's headers and body must have arrived within this long (an upload of 10 MiB included);
   * a slower client gets 408 and its connection closes, so slow senders cannot pile up connections.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  REQUEST_TIMEOUT_MS = 120_000;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class ConfigError extends Error {}

// Used only outside production, so a newcomer needs no setup; production refuses to start without
// explicit secrets (see loadConfig).
export const DEVELOPMENT_JWT_SECRET = 'development-only-access-token-secret-change-me';
export const DEVELOPMENT_JWT_REFRESH_SECRET = 'development-only-refresh-token-secret-change-me';

const KNOWN = new Set(Object.keys(new AppConfig()).concat(['DATABASE_URL', 'JWT_SECRET', 'JWT_REFRESH_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SMTP_URL']));

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of KNOWN) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  const messages = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
  if (config.isProduction) {
    if (!config.JWT_SECRET) messages.push('JWT_SECRET is required when NODE_ENV=production');
    if (!config.JWT_REFRESH_SECRET) messages.push('JWT_REFRESH_SECRET is required when NODE_ENV=production');
    if (config.JWT_SECRET && config.JWT_SECRET === config.JWT_REFRESH_SECRET) {
      messages.push('JWT_REFRESH_SECRET must differ from JWT_SECRET');
    }
  }
  if (messages.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${messages.join('\n  - ')}`);
  }
  config.JWT_SECRET ??= DEVELOPMENT_JWT_SECRET;
  config.JWT_REFRESH_SECRET ??= DEVELOPMENT_JWT_REFRESH_SECRET;
  return config;
}
