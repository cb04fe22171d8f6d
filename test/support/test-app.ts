import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource, Logger } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { Factories } from './factories';

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  factories: Factories;
  close(): Promise<void>;
}

/**
 * The real application (same pipeline as production) on this run's test database. `env` overrides
 * configuration for one test file; `databaseUrl` points it somewhere else (a proxy, say); `logger`
 * sees every SQL statement (see QueryCounter).
 */
export async function startTestApp(env: Record<string, string> = {}, databaseUrl?: string, logger?: Logger): Promise<TestApp> {
  const url = databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup)');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    DB_POOL_SIZE: '4',
    // pg-boss only where a test asks for it (JOBS_ENABLED=true): the others trigger runs themselves.
    JOBS_ENABLED: 'false',
    JWT_SECRET: 'test-access-secret-0123456789abcdef0123',
    JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdef012',
    ...env,
  });
  const options = dataSourceOptions({ url, poolSize: config.DB_POOL_SIZE });
  const app = await createApp(config, logger ? { ...options, logger, logging: ['query'] } : options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());
  const server = app.getHttpServer();
  const http = () => request(server);
  return { app, db, config, http, factories: new Factories(db, http), close: () => app.close() };
}
