import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { startEmbeddedDatabase } from './embedded-database';

export interface OpenedDatabase {
  /** Where the database answers; the embedded server's loopback URL when DATABASE_URL is unset. */
  url: string;
  embedded: boolean;
  options: DataSourceOptions;
  /** Stops the embedded server, if one was started; close the pool first. */
  close(): Promise<void>;
}

/**
 * Connections the embedded server accepts: the application's pool, the job queue's own pool when
 * jobs run, and a few spare for the migration runner and health checks.
 */
export function embeddedConnectionLimit(config: Pick<AppConfig, 'DB_POOL_SIZE' | 'JOBS_ENABLED' | 'JOBS_POOL_SIZE'>): number {
  return config.DB_POOL_SIZE + (config.JOBS_ENABLED ? config.JOBS_POOL_SIZE : 0) + 4;
}

/** Resolves the database the process uses: DATABASE_URL, or an embedded PostgreSQL in DATA_DIR. */
export async function openDatabase(config: AppConfig): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) {
    const url = config.DATABASE_URL;
    return { url, embedded: false, options: dataSourceOptions({ url, poolSize: config.DB_POOL_SIZE }), close: async () => undefined };
  }
  const embedded = await startEmbeddedDatabase(config.DATA_DIR, embeddedConnectionLimit(config));
  return {
    url: embedded.url,
    embedded: true,
    options: dataSourceOptions({ url: embedded.url, poolSize: config.DB_POOL_SIZE }),
    close: () => embedded.stop(),
  };
}
