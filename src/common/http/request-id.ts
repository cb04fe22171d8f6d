import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const VALID = /^[A-Za-z0-9._-]{1,128}$/;
const KEY = Symbol('requestId');

/**
 * The request's correlation id: the caller's `X-Request-Id` when it is 1–128 characters of
 * `A-Z a-z 0-9 . _ -`, else a fresh UUID. Memoised on the raw request so Fastify, the logger and the
 * request context all agree on one value.
 */
export function requestIdOf(req: IncomingMessage): string {
  const holder = req as IncomingMessage & { [KEY]?: string };
  if (holder[KEY]) return holder[KEY];
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && VALID.test(incoming) ? incoming : randomUUID();
  holder[KEY] = id;
  return id;
}
