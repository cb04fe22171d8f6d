import { createFreshDatabase } from './fresh-database';

declare global {
  var __TEST_DB_TEARDOWN__: (() => Promise<void>) | undefined;
}

/**
 * One fresh, migrated database per test run (see createFreshDatabase); every test file then builds
 * its own data through the factories.
 */
export default async function globalSetup(): Promise<void> {
  const db = await createFreshDatabase();
  globalThis.__TEST_DB_TEARDOWN__ = () => db.drop();
  process.env.TEST_DATABASE_URL = db.url;
}
