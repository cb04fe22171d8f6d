import * as argon2 from 'argon2';
import { Client } from 'pg';
import { POLICY_AREAS } from '../policy-areas';
import { appendAuditEvents } from './audit-chain';
import { TABLES } from './batch';
import { setupRows, SETUP_TABLES, writeGroup } from './cohort-rows';
import { copyRows } from './copy';
import { planCohort, SYNTHETIC_EMAIL_DOMAIN, SYNTHETIC_OFFICE_PREFIX } from './plan';
import { Random } from './random';
import { transaction, writeInBatches } from './writer';

export interface SyntheticOptions {
  recommendations: number;
  offices: number;
  users: number;
  seed: number;
  /** Add another set next to synthetic data already there, instead of refusing. */
  append: boolean;
  /** The day the data leads up to (YYYY-MM-DD): everything happens in the four years before it. */
  asOf: string;
  password: string;
  /** Recommendations per transaction. */
  batchSize?: number;
}

export interface Progress {
  start(total: number): void;
  update(done: number, rows: number): void;
  stop(): void;
}

export interface SyntheticResult {
  counts: Record<string, number>;
  rows: number;
  seconds: number;
  offices: { id: string; name: string }[];
  signIns: { admin: string; director: string; staffer: string };
}

/** Synthetic data is already in the database and --append was not given. */
export class SyntheticRefusedError extends Error {}

const NO_PROGRESS: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

/**
 * Generates a set of offices, users and recommendations with their evidence, follow-ups, status
 * history and hash-chained audit events, and loads it with COPY: offices, users and sources in one
 * transaction, then the recommendations in batches of their own transactions. Migrations must have run.
 */
export async function seedSynthetic(databaseUrl: string, options: SyntheticOptions, progress: Progress = NO_PROGRESS): Promise<SyntheticResult> {
  const started = performance.now();
  const client = new Client({ connectionString: databaseUrl, application_name: 'synthetic-seed' });
  const second = new Client({ connectionString: databaseUrl, application_name: 'synthetic-seed' });
  await Promise.all([client.connect(), second.connect()]);
  try {
    const { rows: [existing] } = await client.query<{ offices: number; lastOffice: number; lastUser: number }>(
      `SELECT (SELECT count(*)::int FROM offices WHERE name ~ $1) AS offices,
              (SELECT coalesce(max(substring(name from $1)::int), 0) FROM offices WHERE name ~ $1) AS "lastOffice",
              (SELECT coalesce(max(substring(email from $2)::int), 0) FROM users WHERE email ~ $2) AS "lastUser"`,
      [`^${SYNTHETIC_OFFICE_PREFIX}([0-9]+)$`, `\\.([0-9]+)@${SYNTHETIC_EMAIL_DOMAIN.replace(/\./g, '\\.')}$`],
    );
    if (existing.offices > 0 && !options.append) {
      throw new SyntheticRefusedError(`This database already holds synthetic data (${existing.offices} synthetic offices): pass --append to add another set, or use a fresh database`);
    }
    const end = Date.parse(`${options.asOf}T00:00:00Z`);
    // Seeded by the set's place too: an appended set differs from the first, a fresh database with the same seed gets the same data.
    const rng = new Random(options.seed, existing.lastOffice);
    const plan = planCohort(rng, { ...options, firstOfficeNumber: existing.lastOffice + 1, firstUserNumber: existing.lastUser + 1, end });
    // Hashed once for every user (argon2 takes tens of milliseconds); the salt comes from the seed so the data is reproducible.
    const salt = Buffer.from(Array.from({ length: 16 }, () => rng.int(0, 255)));
    const passwordHash = await argon2.hash(options.password, { type: argon2.argon2id, salt });

    const counts: Record<string, number> = {};
    const add = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);

    const setup = setupRows(rng, plan, passwordHash);
    await transaction(client, async () => {
      await client.query('INSERT INTO policy_areas (code, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING', [
        POLICY_AREAS.map((a) => a.code),
        POLICY_AREAS.map((a) => a.name),
      ]);
      for (const key of ['offices', 'users', 'userOffices', 'sources'] as const) {
        const { table, columns } = SETUP_TABLES[key];
        add(table, await copyRows(client, table, columns, setup[key]));
      }
      add('audit_events', await appendAuditEvents(client, setup.events));
    });

    let done = 0;
    progress.start(options.recommendations);
    try {
      await writeInBatches(
        [client, second],
        plan.groups,
        (g, into) => writeGroup(rng, into, plan, g, end),
        options.batchSize ?? 1000,
        add,
        (n) => progress.update((done += n), Object.values(counts).reduce((a, b) => a + b, 0)),
      );
    } finally {
      progress.stop();
    }

    await client.query(`ANALYZE ${[...Object.values(SETUP_TABLES), ...Object.values(TABLES)].map((t) => t.table).join(', ')}, audit_events`);
    // A director and a staffer of one office, for benchmarks that sign in as both.
    const director = plan.users.find((u) => u.role === 'director') ?? plan.users[0];
    const staffer = plan.users.find((u) => u.role === 'staffer' && u.officeIds.includes(director.officeIds[0])) ?? plan.users.find((u) => u.role === 'staffer');
    return {
      counts,
      rows: Object.values(counts).reduce((a, b) => a + b, 0),
      seconds: (performance.now() - started) / 1000,
      offices: plan.offices.map((o) => ({ id: o.id, name: o.name })),
      signIns: { admin: plan.users[0].email, director: director.email, staffer: (staffer ?? director).email },
    };
  } finally {
    await Promise.all([client.end(), second.end()]);
  }
}
