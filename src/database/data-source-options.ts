import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  applicationName?: string;
}

/** The one set of DataSource options, shared by the application, the TypeORM CLI, seeds and tests. */
export function dataSourceOptions({ url, poolSize, applicationName = 'oversight-tracker' }: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, embedded or not.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5_000,
      // Bounds any single statement, so a stuck query cannot hold a pooled connection forever.
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}
