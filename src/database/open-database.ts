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

/** Resolves the database the process uses: DATABASE_URL, or an embedded PostgreSQL in DATA_DIR. */
export async function openDatabase(config: AppConfig): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) {
    const url = config.DATABASE_URL;
    return { url, embedded: false, options: dataSourceOptions({ url, poolSize: config.DB_POOL_SIZE }), close: async () => undefined };
  }
  // A few spare connections above the pool for the migration runner and health checks.
  const embedded = await startEmbeddedDatabase(config.DATA_DIR, config.DB_POOL_SIZE + 4);
  return {
    url: embedded.url,
    embedded: true,
    options: dataSourceOptions({ url: embedded.url, poolSize: config.DB_POOL_SIZE }),
    close: () => embedded.stop(),
  };
}
