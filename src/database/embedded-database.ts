import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import * as lockfile from 'proper-lockfile';
import { exchangeAwarePGlite } from './pglite-exchange-guard';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export class DataDirectoryInUseError extends Error {}

/**
 * Starts PostgreSQL in-process (PGlite) on a data directory and serves it on a loopback port, so the
 * application talks to it with the same `pg` driver it uses for a real server. The directory is locked
 * for as long as this process runs: a second process on the same directory fails fast instead of
 * corrupting it.
 */
export async function startEmbeddedDatabase(dataDir: string, maxConnections: number): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: join(dir, 'instance.lock'),
      stale: 15_000,
      update: 5_000,
      retries: 0,
      realpath: false,
      onCompromised: (err) => {
        // Another process took the directory over; continuing would risk corrupting it.
        console.error(`Lost the lock on the data directory ${dir}: ${err.message}`);
        process.exit(1);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DataDirectoryInUseError(
        `The data directory ${dir} is in use by another process. Stop that process or set DATA_DIR to another directory.`,
      );
    }
    throw err;
  }

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(join(dir, 'pgdata'));
    server = new PGLiteSocketServer({ db: exchangeAwarePGlite(db), host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
  } catch (err) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await release();
    throw err;
  }
  const url = `postgresql://postgres@${server.getServerConn()}/postgres`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop() {
      stopped ??= (async () => {
        await server.stop();
        await db.close();
        await release();
      })();
      return stopped;
    },
  };
}
