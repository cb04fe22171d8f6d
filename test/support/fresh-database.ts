import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedDatabase } from '../../src/database/embedded-database';

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, migrated database: on the server of DATABASE_URL when it is set (CI, and anyone with a
 * local PostgreSQL), else on an embedded PostgreSQL in a temporary directory.
 */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  let fresh: FreshDatabase;
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    const name = `oversight_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(server.toString());
    url.pathname = `/${name}`;
    fresh = {
      url: url.toString(),
      drop: async () => {
        if (process.env.KEEP_TEST_DATABASE) return;
        const c = new Client({ connectionString: server.toString() });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  } else {
    const embedded = await startEmbeddedDatabase(await mkdtemp(join(tmpdir(), 'oversight-test-')), 64);
    fresh = { url: embedded.url, drop: () => embedded.stop() };
  }
  const ds = new DataSource(dataSourceOptions({ url: fresh.url, poolSize: 2 }));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return fresh;
}
