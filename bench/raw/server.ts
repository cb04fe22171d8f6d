/**
 * The raw baseline: node:http and pg, no framework. For each request the bench makes it runs the
 * service's own SQL (the same builders from src/, handed a bare pg pool, or the statements written
 * out where the service goes through TypeORM) and answers the same JSON. What the service costs on
 * top of this is the framework's share: Nest, Fastify, validation, logging, TypeORM.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import type { AuthUser } from '../../src/auth/auth-user';
import { canSeeOffice } from '../../src/offices/office-access';
import { listRecommendations } from '../../src/recommendations/recommendations-list';
import { loadRecommendationView } from '../../src/recommendations/recommendation-view';
import type { RecommendationListQueryDto } from '../../src/recommendations/dto/recommendation-list-query.dto';
import { listFollowUps } from '../../src/follow-ups/follow-ups-list';
import type { FollowUpListQueryDto } from '../../src/follow-ups/dto/follow-up-list-query.dto';
import { authenticate } from './auth';
import { managerOf, reportHandler } from './report';
import { changeStatus, HttpError } from './status-change';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const secret = env('JWT_SECRET');
const pool = new Pool({
  connectionString: env('DATABASE_URL'),
  max: Number(env('DB_POOL_SIZE', '10')),
  application_name: 'bench-raw',
});
const db = managerOf(pool);
const oversightReport = reportHandler(pool);

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function page(params: URLSearchParams): { page: number; pageSize: number } {
  return { page: Number(params.get('page') ?? 1), pageSize: Number(params.get('pageSize') ?? 25) };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

const RECOMMENDATION = /^\/api\/v1\/recommendations\/([0-9a-f-]{36})$/;
const STATUS = /^\/api\/v1\/recommendations\/([0-9a-f-]{36})\/status$/;

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://raw');
  const path = url.pathname;
  const params = url.searchParams;
  if (path === '/health/ready') {
    await pool.query('SELECT 1');
    return send(res, 200, { status: 'ok' });
  }
  const user: AuthUser | undefined = await authenticate(pool, req, secret);
  if (!user) return send(res, 401, { statusCode: 401, message: 'Missing, invalid or expired access token' });

  if (req.method === 'GET' && path === '/api/v1/recommendations') {
    const q = {
      ...page(params),
      sort: params.get('sort') ?? undefined,
      q: params.get('q') ?? undefined,
      officeId: params.get('officeId') ?? undefined,
      ownerId: params.get('ownerId') ?? undefined,
      status: params.getAll('status').length > 0 ? params.getAll('status') : undefined,
    } as RecommendationListQueryDto;
    return send(res, 200, await listRecommendations(db, user, q));
  }
  let match = RECOMMENDATION.exec(path);
  if (req.method === 'GET' && match) {
    const view = await loadRecommendationView(db, match[1]);
    if (!view || !canSeeOffice(user, view.officeId)) throw new HttpError(404, 'Recommendation not found');
    return send(res, 200, view, { etag: `"${view.version}"` });
  }
  match = STATUS.exec(path);
  if (req.method === 'POST' && match) {
    const version = Number(/^"?(\d+)"?$/.exec(req.headers['if-match'] ?? '')?.[1]);
    if (!version) throw new HttpError(428, 'If-Match is required');
    const body = (await readJson(req)) as { status: string; reason: string };
    const view = await changeStatus(pool, user, match[1], version, body);
    return send(res, 200, view, { etag: `"${view.version}"` });
  }
  if (req.method === 'GET' && path === '/api/v1/follow-ups') {
    const overdue = params.get('overdue');
    const q = {
      ...page(params),
      sort: params.get('sort') ?? undefined,
      assigneeId: params.get('assigneeId') ?? undefined,
      overdue: overdue === null ? undefined : overdue === 'true',
    } as FollowUpListQueryDto;
    return send(res, 200, await listFollowUps(db, user, q));
  }
  if (req.method === 'GET' && path === '/api/v1/reports/oversight-status') {
    return oversightReport(user, params, res);
  }
  send(res, 404, { statusCode: 404, message: 'No such route in the raw baseline' });
}

const server = createServer((req, res) => {
  route(req, res).catch((err: unknown) => {
    const status = err instanceof HttpError ? err.statusCode : 500;
    if (status === 500) console.error(err);
    if (!res.headersSent) send(res, status, { statusCode: status, message: (err as Error).message });
    else res.destroy();
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(env('PORT', '3100')), env('HOST', '127.0.0.1'));

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
