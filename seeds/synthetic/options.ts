import { parseArgs } from 'node:util';
import type { SyntheticOptions } from './synthetic-seed';

export const DEFAULT_PASSWORD = 'synthetic-data-password';

export const USAGE = `Usage: npm run seed:synthetic -- [options]

Loads synthetic offices, users and recommendations (with evidence, follow-ups, status history and
audit events) into the PostgreSQL database of DATABASE_URL, for load tests and benchmarks.

Options:
  --recommendations <n>   recommendations to generate (default 10000)
  --offices <n>           offices (default 5)
  --users <n>             users, spread over the offices (default 50, at least one per office)
  --seed <int>            seed of the generator: the same seed and --as-of give the same data (default 1)
  --as-of <YYYY-MM-DD>    the data covers the four years before this day (default today, UTC)
  --password <pw>         every synthetic user's password, 12+ characters (default ${DEFAULT_PASSWORD})
  --append                add another set of offices and users when synthetic data is already there
                          (without it the command refuses)`;

export class UsageError extends Error {}

export type ParsedCommand = { help: true } | { help: false; databaseUrl: string; options: SyntheticOptions };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function count(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** Reads the command line and the environment; every mistake is a UsageError naming the option. */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv, today: Date): ParsedCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        recommendations: { type: 'string' },
        offices: { type: 'string' },
        users: { type: 'string' },
        seed: { type: 'string' },
        'as-of': { type: 'string' },
        password: { type: 'string' },
        append: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true };
  const options: SyntheticOptions = {
    recommendations: count('recommendations', values.recommendations, 10_000, 1, 10_000_000),
    offices: count('offices', values.offices, 5, 1, 1_000),
    users: count('users', values.users, 50, 1, 100_000),
    seed: 1,
    append: values.append === true,
    asOf: values['as-of'] ?? today.toISOString().slice(0, 10),
    password: values.password ?? DEFAULT_PASSWORD,
  };
  if (values.seed !== undefined) {
    if (!/^-?\d{1,15}$/.test(values.seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    options.seed = Number(values.seed);
  }
  if (options.users < options.offices) throw new UsageError(`--users (${options.users}) must be at least --offices (${options.offices}): every office needs a director`);
  if (!DATE.test(options.asOf) || Number.isNaN(Date.parse(`${options.asOf}T00:00:00Z`)) || new Date(`${options.asOf}T00:00:00Z`).toISOString().slice(0, 10) !== options.asOf) {
    throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${options.asOf}"`);
  }
  if (options.asOf > today.toISOString().slice(0, 10)) throw new UsageError(`--as-of must not be later than today: the data would lie in the future`);
  if (options.password.length < 12) throw new UsageError('--password must be at least 12 characters (the application refuses shorter ones)');

  if (env.NODE_ENV === 'production') throw new UsageError('Synthetic data is never loaded when NODE_ENV=production');
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl) {
    throw new UsageError('DATABASE_URL is required: synthetic data goes into a PostgreSQL server (not the embedded database), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/synth');
  }
  return { help: false, databaseUrl, options };
}
