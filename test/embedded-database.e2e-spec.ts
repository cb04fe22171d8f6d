import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
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

// Each test starts PGlite (a WebAssembly PostgreSQL) from a fresh directory, twice in the first: on a
// loaded two-core machine that alone can pass the default 30 s.
jest.setTimeout(120_000);

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

  it('keeps each parameterised query and each transaction of concurrent connections whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oversight-embedded-'));
    const db = await startEmbeddedDatabase(dir, 8);
    const pool = new Pool({ connectionString: db.url, max: 6 });
    const problems: string[] = [];
    // Transactions of parameterised statements, while other connections run parameterised queries
    // outside any transaction: without keeping each exchange (Parse … Sync) to one connection, their
    // messages interleave — wrong results, "portal does not exist", or a client waiting forever.
    const inTransactions = async (worker: number) => {
      for (let i = 0; i < 25; i++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query<{ n: number }>('SELECT $1::int * 10 AS n', [i]);
          if (rows[0].n !== i * 10) problems.push(`worker ${worker} read ${JSON.stringify(rows[0])} for ${i}`);
          await client.query('INSERT INTO t (id, v) VALUES ($1, $2)', [worker * 1000 + i, `w${worker}`]);
          await client.query('COMMIT');
        } catch (err) {
          problems.push((err as Error).message);
          await client.query('ROLLBACK').catch(() => undefined);
        } finally {
          client.release();
        }
      }
    };
    const outside = async () => {
      for (let i = 0; i < 50; i++) {
        try {
          const { rows } = await pool.query<{ a: string }>('SELECT $1::text AS a', [`p${i}`]);
          if (rows[0].a !== `p${i}`) problems.push(`read ${JSON.stringify(rows[0])} for p${i}`);
        } catch (err) {
          problems.push((err as Error).message);
        }
      }
    };
    try {
      await pool.query('CREATE TABLE t (id int PRIMARY KEY, v text NOT NULL)');
      await Promise.all([inTransactions(1), inTransactions(2), inTransactions(3), outside(), outside(), outside()]);
      expect(problems).toEqual([]);
      await expect(pool.query('SELECT v, count(*)::int AS n FROM t GROUP BY v ORDER BY v')).resolves.toMatchObject({
        rows: [
          { v: 'w1', n: 25 },
          { v: 'w2', n: 25 },
          { v: 'w3', n: 25 },
        ],
      });
    } finally {
      await pool.end();
      await db.stop();
    }
  });
});
