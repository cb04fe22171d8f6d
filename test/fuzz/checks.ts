import { STATUS_CODES } from 'node:http';
import type { Operation } from './openapi-doc';
import type { FuzzRequest } from './requests';

/** What the fuzzer keeps of an answer. */
export interface FuzzResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

const ERROR_KEYS = ['statusCode', 'error', 'message', 'requestId'];

/** Text that must never reach a client: stack frames, source paths, SQL and database errors. None of it is ever sent by the fuzzer. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\n\s+at \S|\bat (async )?\S+ \(.*:\d+:\d+\)/],
  ['a source file', /\.(ts|js|mjs|cjs):\d+:\d+/],
  ['a file path', /node_modules|oversight-test-/],
  ['SQL', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN)\s+"/],
  ['a database error', /QueryFailedError|TypeORMError|EntityNotFound|EntityPropertyNotFound|relation "|column "|violates .* constraint|syntax error at or near|invalid input (syntax|value) for|out of range for type|value too long for type|duplicate key value|operator does not exist|could not determine data type/],
  ['a password hash', /\$argon2|passwordHash|password_hash"/],
];

/** The literal secrets of this run: signing keys, where the database and the code are. */
export function secretsOf(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 8);
}

function leaksIn(text: string, secrets: string[]): string[] {
  const found = LEAKS.filter(([, re]) => re.test(text)).map(([what, re]) => `${what} (${re.exec(text)?.[0]})`);
  return [...found, ...secrets.filter((s) => text.includes(s)).map(() => 'a secret of the configuration or a server path')];
}

/** Every broken promise of the contract in one answer: 5xx, an error not in the one shape, anything leaked. */
export function problemsOf(op: Operation, res: FuzzResponse, secrets: string[], sentText: string): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  if (status >= 500) problems.push(`answered ${status}`);
  const requestId = res.headers['x-request-id'];
  if (typeof requestId !== 'string' || requestId === '') problems.push('no X-Request-Id header');
  if (status >= 400) {
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(res.body);
      body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) problems.push(`error content-type ${String(res.headers['content-type'])}`);
    if (!body) {
      problems.push('error body is not a JSON object');
    } else {
      if (body.statusCode !== status) problems.push(`error statusCode ${String(body.statusCode)} ≠ ${status}`);
      if (body.error !== STATUS_CODES[status]) problems.push(`error "${String(body.error)}" ≠ "${STATUS_CODES[status]}"`);
      const m = body.message;
      const okMessage = (typeof m === 'string' && m !== '') || (Array.isArray(m) && m.length > 0 && m.every((x) => typeof x === 'string' && x !== ''));
      if (!okMessage) problems.push('error message is not a non-empty string or string[]');
      if (body.requestId !== requestId) problems.push(`error requestId ${String(body.requestId)} ≠ header ${String(requestId)}`);
      // Extensions of the shape (bulk results, import rows) only where the document says so.
      const documented = Object.keys(op.responses[String(status)]?.properties ?? {});
      const extra = Object.keys(body).filter((k) => !ERROR_KEYS.includes(k) && !documented.includes(k));
      if (extra.length > 0) problems.push(`error body has undocumented keys ${extra.join(', ')}`);
    }
  }
  // A stored fuzzed value may come back in a later answer; only what the fuzzer never sends counts.
  const text = `${JSON.stringify(res.headers)}\n${res.body}`;
  const sent = leaksIn(sentText, secrets);
  for (const leak of leaksIn(text, secrets)) if (!sent.includes(leak)) problems.push(`leaks ${leak}`);
  return problems;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters in all)`;
}

/** The failing exchange, for fast-check to print after shrinking: enough to replay it with curl. */
export function describeExchange(req: FuzzRequest, res: FuzzResponse, problems: string[]): string {
  const payload = req.body.payload === undefined ? '(none)' : clip(typeof req.body.payload === 'string' ? req.body.payload : req.body.payload.toString('latin1'), 1500);
  return [
    `Contract broken: ${problems.join('; ')}`,
    `Request: ${req.method} ${clip(req.url, 1000)}`,
    `Request headers: ${JSON.stringify(req.headers)}`,
    `Request body (${req.body.kind}): ${payload}`,
    `Response: ${res.statusCode} ${JSON.stringify(res.headers)}`,
    `Response body: ${clip(res.body, 3000)}`,
  ].join('\n');
}
