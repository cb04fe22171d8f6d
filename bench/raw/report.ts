import type { ServerResponse } from 'node:http';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../src/auth/auth-user';
import type { OversightQueryDto } from '../../src/reports/dto/oversight-query.dto';
import { REPORT_CONTENT_TYPES, ReportsService } from '../../src/reports/reports.service';
import { HttpError } from './status-change';

/** The one method of an EntityManager the service's SQL builders use, answered straight by pg. */
export function managerOf(db: Pick<Pool, 'query'>): EntityManager {
  return { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows } as unknown as EntityManager;
}

/**
 * A query runner on one pooled pg connection, sending what TypeORM's would: START TRANSACTION,
 * SET TRANSACTION ISOLATION LEVEL …, COMMIT or ROLLBACK.
 */
function queryRunnerOf(pool: Pool) {
  let client: PoolClient | undefined;
  let active = false;
  const runner = {
    get isTransactionActive() {
      return active;
    },
    async connect() {
      client ??= await pool.connect();
    },
    async startTransaction(level?: string) {
      await runner.connect();
      await client!.query('START TRANSACTION');
      if (level) await client!.query(`SET TRANSACTION ISOLATION LEVEL ${level}`);
      active = true;
    },
    async commitTransaction() {
      await client!.query('COMMIT');
      active = false;
    },
    async rollbackTransaction() {
      await client!.query('ROLLBACK');
      active = false;
    },
    async query(sql: string, params?: unknown[]) {
      await runner.connect();
      return (await client!.query(sql, params)).rows;
    },
    async release() {
      client?.release();
      client = undefined;
    },
    manager: undefined as unknown as EntityManager,
  };
  runner.manager = { query: runner.query, queryRunner: runner } as unknown as EntityManager;
  return runner;
}

/**
 * As much of a TypeORM DataSource as src/reports/reports.service.ts uses, on a bare pg pool: the
 * report code runs as it is, its SQL unchanged, with neither Nest nor TypeORM in the path.
 */
function dataSourceOf(pool: Pool): DataSource {
  const manager = managerOf(pool);
  return {
    manager,
    query: (sql: string, params?: unknown[]) => manager.query(sql, params),
    createQueryRunner: () => queryRunnerOf(pool),
    async transaction<T>(level: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
      const runner = queryRunnerOf(pool);
      await runner.startTransaction(level);
      try {
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (err) {
        await runner.rollbackTransaction();
        throw err;
      } finally {
        await runner.release();
      }
    },
    getRepository: () => ({
      findOneBy: async ({ id }: { id: string }) =>
        (
          await pool.query(
            'SELECT "Office"."id" AS "id", "Office"."name" AS "name", "Office"."time_zone" AS "timeZone" FROM "offices" "Office" WHERE (("Office"."id" = $1)) LIMIT 1',
            [id],
          )
        ).rows[0] ?? null,
    }),
  } as unknown as DataSource;
}

/** GET /reports/oversight-status in JSON or CSV, by the service's own report code. */
export function reportHandler(pool: Pool) {
  const reports = new ReportsService(dataSourceOf(pool));
  return async (user: AuthUser, params: URLSearchParams, res: ServerResponse): Promise<void> => {
    const q = Object.fromEntries(params) as OversightQueryDto;
    if (q.format && q.format !== 'json' && q.format !== 'csv') throw new HttpError(400, 'The baseline serves json and csv only');
    const report = await reports.oversightStatus(user, q).catch((err: { status?: number; message: string }) => {
      throw new HttpError(err.status ?? 500, err.message);
    });
    if (report.format === 'csv') {
      res.writeHead(200, { 'content-type': REPORT_CONTENT_TYPES.csv, 'content-disposition': `attachment; filename="${report.filename}"` });
      report.body.pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': REPORT_CONTENT_TYPES.json, 'cache-control': 'private, no-store' });
    res.end(JSON.stringify(report.body));
  };
}
