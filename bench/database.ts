import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';

const ROOT = resolve(__dirname, '../..');

/** What a seeded template holds, kept as the database's comment. */
export interface TemplateMeta {
  recommendations: number;
  seed: number;
  asOf: string;
  seedSeconds: number;
  password: string;
  signIns: { admin: string; director: string; staffer: string };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The schema the template was seeded under: a new migration means a new template. */
function schemaKey(): string {
  return createHash('sha256')
    .update(MIGRATIONS.map((m) => m.name).join(','))
    .digest('hex')
    .slice(0, 8);
}

async function withAdmin<T>(adminUrl: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, application_name: 'bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function dropDatabase(c: Client, name: string): Promise<void> {
  const { rows } = await c.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
  if (rows.length === 0) return;
  if (rows[0].datistemplate) await c.query(`ALTER DATABASE ${quote(name)} WITH IS_TEMPLATE false`);
  await c.query(`DROP DATABASE ${quote(name)} WITH (FORCE)`);
}

function runSeed(url: string, n: number, seed: number, asOf: string, log: (line: string) => void): Promise<string> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
    delete env.NODE_ENV;
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'dist/seeds/synthetic/main.js'), '--recommendations', String(n), '--seed', String(seed), '--as-of', asOf],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of d.toString().split('\n')) if (line.trim()) log(`  seed: ${line}`);
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`npm run seed:synthetic exited with ${code}`))));
  });
}

function parseSeedOutput(out: string): Pick<TemplateMeta, 'password' | 'signIns'> {
  const grab = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) throw new Error(`Unexpected output from the synthetic seed (no ${re.source}):\n${out}`);
    return m[1].trim();
  };
  return {
    password: grab(/password: (.+)/),
    signIns: { director: grab(/director:\s+(\S+)/), staffer: grab(/staffer:\s+(\S+)/), admin: grab(/admin:\s+(\S+)/) },
  };
}

/**
 * A template database seeded once per (size, seed, schema) and reused after: cloning it takes
 * seconds, seeding 10,000 recommendations most of a minute. Every run works on a fresh clone, so
 * the status changes of one run never leak into the next. Other templates of the same size and seed
 * (an older schema) are dropped.
 */
export async function ensureTemplate(
  adminUrl: string,
  n: number,
  seed: number,
  reseed: boolean,
  log: (line: string) => void,
): Promise<{ name: string; meta: TemplateMeta; seeded: boolean }> {
  const prefix = `oversight_bench_tpl_${n}_s${seed}_`;
  const name = prefix + schemaKey();
  const existing = await withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string; comment: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    for (const row of rows) if (row.datname !== name || reseed || !row.comment) await dropDatabase(c, row.datname);
    const mine = rows.find((r) => r.datname === name && !reseed && r.comment);
    return mine ? (JSON.parse(mine.comment!) as TemplateMeta) : undefined;
  });
  if (existing) {
    log(`Data: template ${name} (seeded ${existing.asOf}, reused)`);
    return { name, meta: existing, seeded: false };
  }

  log(`Data: seeding ${n.toLocaleString('en-US')} recommendations into ${name} …`);
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${quote(name)}`));
  const url = databaseUrl(adminUrl, name);
  const asOf = new Date().toISOString().slice(0, 10);
  const started = performance.now();
  const out = await runSeed(url, n, seed, asOf, log);
  const seedSeconds = (performance.now() - started) / 1000;
  const meta: TemplateMeta = { recommendations: n, seed, asOf, seedSeconds: Math.round(seedSeconds * 10) / 10, ...parseSeedOutput(out) };
  // Statistics and the visibility map as autovacuum would leave them on a live server.
  const tpl = new Client({ connectionString: url, application_name: 'bench' });
  await tpl.connect();
  await tpl.query('VACUUM (ANALYZE)');
  await tpl.end();
  await withAdmin(adminUrl, async (c) => {
    await c.query(`COMMENT ON DATABASE ${quote(name)} IS ${c.escapeLiteral(JSON.stringify(meta))}`);
    // No connections (autovacuum's included) may be open while it is copied.
    await c.query(`ALTER DATABASE ${quote(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  });
  return { name, meta, seeded: true };
}

/** A fresh copy of the template for one run (FILE_COPY: a file-level copy, fast for big databases). */
export async function cloneDatabase(adminUrl: string, template: string, name: string): Promise<string> {
  await withAdmin(adminUrl, async (c) => {
    await dropDatabase(c, name);
    await c.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)} STRATEGY FILE_COPY`);
  });
  return databaseUrl(adminUrl, name);
}

export async function dropRunDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (c) => dropDatabase(c, name));
}

export async function serverFacts(adminUrl: string): Promise<{ version: string; settings: Record<string, string> }> {
  return withAdmin(adminUrl, async (c) => {
    const { rows: v } = await c.query<{ server_version: string }>('SHOW server_version');
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_connections', 'synchronous_commit', 'effective_cache_size', 'random_page_cost')`,
    );
    return { version: v[0].server_version, settings: Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting])) };
  });
}
