import { writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import type { FastifyInstance as Fastify, InjectOptions } from 'fastify';
import { startTestApp, TestApp } from '../support/test-app';
import { describeExchange, FuzzResponse, problemsOf, secretsOf } from './checks';
import { createFixtures } from './fixtures';
import { OpenApiDoc, Operation, operationsOf, routeSalt } from './openapi-doc';
import { CURRENT_ETAG, FuzzRequest, requestArb } from './requests';

/*
 * Property-based fuzzing of every route of the OpenAPI document with bad input (see values.ts,
 * bodies.ts, requests.ts): no answer may be a 5xx, every 4xx is the one error shape, and nothing
 * internal or secret shows in any body or header.
 *
 * Knobs (environment):
 * - FUZZ_SEED: replay a run; every run prints its seed (each route draws from seed ^ a hash of it).
 * - FUZZ_REQUESTS: how many requests in all, split evenly between routes; 10,000 unless set. The
 *   embedded database is no slower here (about a minute either way on 2 cores), so a local run
 *   without DATABASE_URL fuzzes as many as CI does; FUZZ_REQUESTS=1000 gives a quick look.
 * - FUZZ_ROUTE: only routes whose "METHOD /path" contains this; FUZZ_PATH: fast-check's path of a
 *   counterexample, to replay just it (with FUZZ_SEED and FUZZ_ROUTE).
 * - FUZZ_REPORT: also write the figures (requests, 5xx, statuses) as JSON to this file.
 */
const TARGET = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const REQUEST_TIMEOUT_MS = 15_000;
// Failed logins are throttled by client address, in the database every test file of the run shares:
// the fuzzer's come from an address of its own (TEST-NET-2), not the 127.0.0.1 of the other files.
const FUZZ_ADDRESS = '198.51.100.23';

async function send(fastify: Fastify, req: FuzzRequest): Promise<FuzzResponse> {
  const options: InjectOptions = { method: req.method as InjectOptions['method'], url: req.url, headers: req.headers, payload: req.body.payload, remoteAddress: FUZZ_ADDRESS };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([fastify.inject(options), timeout]);
    return { statusCode: res.statusCode, headers: res.headers, body: res.payload };
  } finally {
    clearTimeout(timer);
  }
}

/** Replaces CURRENT_ETAG with the ETag of the record (the URL, or its parent for `/status`), as a client would. */
async function withCurrentEtag(fastify: Fastify, req: FuzzRequest, auth: string): Promise<FuzzRequest> {
  if (req.headers['if-match'] !== CURRENT_ETAG) return req;
  const path = req.url.split('?')[0];
  let etag: string | undefined;
  for (const url of [path, path.replace(/\/[a-z-]+$/, '')]) {
    if (etag) break;
    const res = await fastify.inject({ method: 'GET', url, headers: { authorization: auth }, remoteAddress: FUZZ_ADDRESS });
    etag ??= typeof res.headers.etag === 'string' ? res.headers.etag : undefined;
  }
  return { ...req, headers: { ...req.headers, 'if-match': etag ?? '"1"' } };
}

function sentText(req: FuzzRequest): string {
  const payload = req.body.payload;
  return `${req.url}\n${JSON.stringify(req.headers)}\n${typeof payload === 'string' ? payload : (payload?.toString('latin1') ?? '')}`;
}

class Figures {
  requests = 0;
  serverErrors = 0;
  statuses: Record<string, number> = {};
  /** Statuses by route. */
  routes: Record<string, Record<string, number>> = {};
  routeMs: Record<string, number> = {};

  count(op: Operation, status: number, ms: number): void {
    this.requests++;
    if (status >= 500) this.serverErrors++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    const route = `${op.method} ${op.path}`;
    this.routes[route] ??= {};
    this.routes[route][status] = (this.routes[route][status] ?? 0) + 1;
    this.routeMs[route] = (this.routeMs[route] ?? 0) + ms;
  }

  slowest(n: number): Record<string, number> {
    return Object.fromEntries(
      Object.entries(this.routeMs)
        .sort(([, a], [, b]) => b - a)
        .slice(0, n)
        .map(([route, ms]) => [route, Math.round(ms / 1000)]),
    );
  }
}

describe('fuzzed bad input on every route of the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it(`answers ${TARGET}+ hostile requests without a 5xx, in the one error shape, leaking nothing`, async () => {
    const fastify: Fastify = t.app.getHttpAdapter().getInstance();
    const docRes = await fastify.inject({ method: 'GET', url: '/docs/openapi.json' });
    const ops = operationsOf(docRes.json<OpenApiDoc>()).filter((op) => `${op.method} ${op.path}`.includes(process.env.FUZZ_ROUTE ?? ''));
    expect(ops.length).toBeGreaterThan(0);
    const { ids, callers } = await createFixtures(t);
    const dbUrl = process.env.TEST_DATABASE_URL ?? '';
    const secrets = secretsOf([t.config.JWT_SECRET, t.config.JWT_REFRESH_SECRET, dbUrl, new URL(dbUrl).pathname.slice(1), process.cwd()]);
    const numRuns = Math.ceil(TARGET / ops.length);
    console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${ops.length} routes × ${numRuns} runs`);

    const figures = new Figures();
    const failures: string[] = [];
    const started = Date.now();
    for (const op of ops) {
      const property = fc.asyncProperty(requestArb(op, ids, callers), async (generated) => {
        const req = await withCurrentEtag(fastify, generated, callers.admin);
        const sentAt = performance.now();
        const res = await send(fastify, req);
        figures.count(op, res.statusCode, performance.now() - sentAt);
        const problems = problemsOf(op, res, secrets, sentText(req));
        if (problems.length > 0) throw new Error(describeExchange(req, res, problems));
      });
      const seed = (SEED ^ routeSalt(op)) | 0;
      // With a path, fast-check starts at that counterexample: one run replays it.
      const replay = process.env.FUZZ_PATH;
      const details = await fc.check(property, replay ? { numRuns: 1, seed, path: replay } : { numRuns, seed });
      if (details.failed) {
        // Not fast-check's own report: its counterexample would print megabyte bodies whole.
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        failures.push(
          `${op.method} ${op.path}: failed after ${details.numRuns} runs and ${details.numShrinks} shrinks ` +
            `(replay: FUZZ_SEED=${SEED} FUZZ_ROUTE='${op.method} ${op.path}' FUZZ_PATH='${details.counterexamplePath}')\n${error}`,
        );
      }
    }

    const report = {
      seed: SEED,
      database: process.env.DATABASE_URL ? 'postgresql' : 'embedded',
      routes: ops.length,
      requests: figures.requests,
      serverErrors: figures.serverErrors,
      failedRoutes: failures.length,
      seconds: Math.round((Date.now() - started) / 1000),
      statuses: figures.statuses,
      slowestRoutesSeconds: figures.slowest(8),
      answeringSeconds: Math.round(Object.values(figures.routeMs).reduce((a, b) => a + b, 0) / 1000),
    };
    console.log(`fuzz: ${JSON.stringify(report)}`);
    if (process.env.FUZZ_REPORT) await writeFile(process.env.FUZZ_REPORT, `${JSON.stringify({ ...report, statusesByRoute: figures.routes }, null, 2)}\n`);
    expect(failures).toEqual([]);
    expect(figures.requests).toBeGreaterThanOrEqual(process.env.FUZZ_ROUTE ? 1 : TARGET);
  }, 20 * 60_000);
});
