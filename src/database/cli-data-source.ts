import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { openDatabase } from './open-database';

/**
 * The TypeORM CLI's data source (`npm run migration:*`): the same options as the application, on
 * DATABASE_URL or, without it, on the embedded database in DATA_DIR.
 */
export default (async () => {
  const config = loadConfig();
  const database = await openDatabase(config);
  process.once('exit', () => void database.close());
  const dataSource = new DataSource(database.options);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await destroy();
    await database.close();
  };
  return dataSource;
})();
