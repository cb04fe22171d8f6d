import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedDatabase } from '../../src/database/embedded-database';

declare global {
  var __TEST_DB_TEARDOWN__: (() => Promise<void>) | undefined;
}

/**
 * One fresh database per test run: on the server of DATABASE_URL when it is set (CI, and anyone with
 * a local PostgreSQL), else on an embedded PostgreSQL in a temporary directory. Migrations run once
 * here; every test file then builds its own data through the factories.
 */
export default async function globalSetup(): Promise<void> {
  let url: string;
  if (process.env.DATABASE_URL) {
    const server = new URL(process.env.DATABASE_URL);
    const name = `oversight_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: server.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const testUrl = new URL(server.toString());
    testUrl.pathname = `/${name}`;
    url = testUrl.toString();
    globalThis.__TEST_DB_TEARDOWN__ = async () => {
      if (process.env.KEEP_TEST_DATABASE) return;
      const c = new Client({ connectionString: server.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'oversight-test-'));
    const embedded = await startEmbeddedDatabase(dir, 64);
    url = embedded.url;
    globalThis.__TEST_DB_TEARDOWN__ = () => embedded.stop();
  }
  const ds = new DataSource(dataSourceOptions({ url, poolSize: 2 }));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_DATABASE_URL = url;
}
