import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataDirectoryInUseError, startEmbeddedDatabase } from '../src/database/embedded-database';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded database', () => {
  it('serves PostgreSQL to the pg driver, keeps data across restarts, and locks its directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oversight-embedded-'));
    const first = await startEmbeddedDatabase(dir, 4);
    try {
      await query(first.url, 'CREATE TABLE kept (note text)');
      await query(first.url, "INSERT INTO kept VALUES ('still here')");
      await expect(startEmbeddedDatabase(dir, 4)).rejects.toThrow(DataDirectoryInUseError);
      await expect(startEmbeddedDatabase(dir, 4)).rejects.toThrow(`The data directory ${dir} is in use by another process`);
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedDatabase(dir, 4);
    try {
      await expect(query(second.url, 'SELECT note FROM kept')).resolves.toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('isolates the transactions of concurrent connections', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oversight-embedded-'));
    const db = await startEmbeddedDatabase(dir, 4);
    const a = new Client({ connectionString: db.url });
    const b = new Client({ connectionString: db.url });
    try {
      await a.connect();
      await b.connect();
      await a.query('CREATE TABLE t (v int)');
      await a.query('BEGIN');
      await a.query('INSERT INTO t VALUES (1)');
      // b runs outside a's transaction: it must not see the uncommitted row, and must not be swept
      // into a's rollback.
      const seen = b.query('SELECT count(*)::int AS n FROM t');
      await a.query('ROLLBACK');
      await expect(seen).resolves.toMatchObject({ rows: [{ n: 0 }] });
      await b.query('INSERT INTO t VALUES (2)');
      await expect(a.query('SELECT v FROM t')).resolves.toMatchObject({ rows: [{ v: 2 }] });
    } finally {
      await a.end();
      await b.end();
      await db.stop();
    }
  });
});
