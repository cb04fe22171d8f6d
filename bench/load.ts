import autocannon from 'autocannon';
import type { EventEmitter } from 'node:events';
import type { Plan, PlannedRequest } from './scenarios';

export interface Measure {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  /** Answers other than 2xx, connection errors and timeouts. */
  failures: number;
  bytesPerRequest: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** autocannon at `connections`, each connection one request at a time, for `seconds`. */
export async function runLoad(url: string, plan: Plan, connections: number, seconds: number): Promise<Measure> {
  const connectionErrors = new Map<string, number>();
  const result = await autocannon({
    url,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 60,
    setupClient: (client) => {
      // Not in the type definitions, but emitted: a connection failed and autocannon reconnects.
      (client as unknown as EventEmitter).on('connError', (err: Error) => connectionErrors.set(err.message, (connectionErrors.get(err.message) ?? 0) + 1));
    },
    requests: [
      {
        setupRequest: (request: autocannon.Request, context: Record<string, unknown>) => {
          const next = plan.next();
          if (!next) throw new Error('The scenario ran out of requests (its pool of recommendations is used up)');
          context.tag = plan.tag?.(next);
          return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body };
        },
        ...(plan.done ? { onResponse: (status: number, body: string, context: Record<string, unknown>) => plan.done!(status, body, context.tag) } : {}),
      } as autocannon.Request,
    ],
  });
  const requests = result.requests.total;
  if (connectionErrors.size > 0) process.stderr.write(`  connection errors: ${[...connectionErrors].map(([m, n]) => `${m} ×${n}`).join(', ')}\n`);
  return {
    requests,
    seconds: result.duration,
    rps: round(requests / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: round(result.latency.mean, 2),
    max: result.latency.max,
    failures: result.non2xx + result.errors + result.timeouts,
    bytesPerRequest: requests > 0 ? Math.round(result.throughput.total / requests) : 0,
  };
}

export async function send(url: string, request: PlannedRequest, timeoutMs = 600_000): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started };
}

/** `count` requests one after another (counting SQL, comparing bodies): their answers. */
export async function runSequence(url: string, plan: Plan, count: number): Promise<{ status: number; body: string; ms: number }[]> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const request = plan.next();
    if (!request) break;
    const tag = plan.tag?.(request);
    const answer = await send(url, request);
    plan.done?.(answer.status, answer.body, tag);
    out.push(answer);
  }
  return out;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * One request at a time for at least `seconds` (reports take seconds each). The first request warms
 * up and is dropped when it was short; a long one (a quarter of the time or more) stands as the
 * only sample rather than doubling the run.
 */
export async function runSequential(url: string, plan: Plan, seconds: number): Promise<Measure & { sent: number }> {
  const samples: number[] = [];
  let failures = 0;
  let bytes = 0;
  let sent = 0;
  const started = performance.now();
  for (let i = 0; ; i++) {
    const request = plan.next()!;
    const tag = plan.tag?.(request);
    const answer = await send(url, request);
    plan.done?.(answer.status, answer.body, tag);
    sent += 1;
    if (answer.status < 200 || answer.status > 299) failures += 1;
    bytes += Buffer.byteLength(answer.body);
    samples.push(answer.ms);
    if (i === 0 && answer.ms < (seconds * 1000) / 4) {
      samples.length = 0;
      failures = 0;
      bytes = 0;
    }
    if (samples.length > 0 && performance.now() - started >= seconds * 1000) break;
  }
  const elapsed = samples.reduce((a, b) => a + b, 0) / 1000;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    requests: samples.length,
    seconds: round(elapsed, 2),
    rps: round(samples.length / elapsed, 2),
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    mean: Math.round(elapsed * 1000 / samples.length),
    max: Math.round(sorted[sorted.length - 1]),
    failures,
    bytesPerRequest: Math.round(bytes / samples.length),
    sent,
  };
}
