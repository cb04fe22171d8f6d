import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';
import { DataDirectoryInUseError } from './database/embedded-database';
import { openDatabase } from './database/open-database';
import { SeedService } from '../seeds/seed.service';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const app = await createApp(config, database.options).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  const logger = new Logger('Main');
  if (database.embedded && config.SEED_BRIEF_ON_FIRST_START) {
    const loaded = await app.get(SeedService).seedBriefIfEmpty();
    if (loaded) logger.log(loaded);
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.log(
    `Listening on http://${config.HOST}:${config.PORT} (API /api/v1, docs /docs) on ${database.embedded ? `the embedded database in ${config.DATA_DIR}` : 'DATABASE_URL'}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: no new requests; finishing those in flight`);
    const force = setTimeout(() => {
      logger.error(`Shutdown took longer than ${config.SHUTDOWN_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // app.close() stops the listener, waits for in-flight requests, then closes the pool.
    await app.close();
    await database.close();
    logger.log('Stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirectoryInUseError) {
    console.error(err.message);
  } else {
    console.error('Startup failed:', err);
  }
  process.exit(1);
});
