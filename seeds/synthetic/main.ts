import 'reflect-metadata';
import { Presets, SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { parseCommand, USAGE, UsageError } from './options';
import { Progress, seedSynthetic, SyntheticRefusedError } from './synthetic-seed';

/** Brings the database up to date first: the generator writes the current schema. */
async function migrate(url: string): Promise<number> {
  const db = new DataSource(dataSourceOptions({ url, poolSize: 1, applicationName: 'synthetic-seed' }));
  await db.initialize();
  try {
    return (await db.runMigrations({ transaction: 'each' })).length;
  } finally {
    await db.destroy();
  }
}

/** A bar on stderr; cli-progress draws nothing when stderr is not a terminal (CI, a log file). */
function progressBar(): Progress {
  const bar = new SingleBar(
    { stream: process.stderr, format: 'Synthetic data {bar} {percentage}% | {value}/{total} recommendations | {rows} rows | ETA {eta_formatted}', hideCursor: true },
    Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { rows: 0 }),
    update: (done, rows) => bar.update(done, { rows: rows.toLocaleString('en-US') }),
    stop: () => bar.stop(),
  };
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2), process.env, new Date());
  if (command.help) {
    console.log(USAGE);
    return 0;
  }
  const { databaseUrl, options } = command;
  const migrated = await migrate(databaseUrl);
  if (migrated > 0) console.log(`Ran ${migrated} pending migration(s).`);
  const result = await seedSynthetic(databaseUrl, options, progressBar());
  const perSecond = Math.round(result.rows / result.seconds);
  console.log(`Synthetic data loaded in ${result.seconds.toFixed(1)} s: ${result.rows.toLocaleString('en-US')} rows (${perSecond.toLocaleString('en-US')} rows/s), seed ${options.seed}, as of ${options.asOf}.`);
  for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(22)} ${n.toLocaleString('en-US').padStart(12)}`);
  console.log(`Offices: ${result.offices.map((o) => o.name).join(', ')}`);
  console.log(`Every synthetic user's password: ${options.password}`);
  console.log(`  director: ${result.signIns.director}\n  staffer:  ${result.signIns.staffer}\n  admin:    ${result.signIns.admin}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof UsageError || err instanceof SyntheticRefusedError;
    console.error(known ? (err as Error).message : err);
    if (err instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(known ? 2 : 1);
  },
);
