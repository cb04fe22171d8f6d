import fc from 'fast-check';
import { attachmentBody, Body, csvBody, jsonBody, strayBody } from './bodies';
import type { Operation, Parameter } from './openapi-doc';
import { allIds, BAD_DATES, BAD_NUMBERS, BAD_UUIDS, HUGE_STRING, Ids, NASTY_STRINGS, validValue } from './values';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Body;
}

/** Who sends the request: the `Authorization` header values to pick from. */
export interface Callers {
  admin: string;
  viewer: string;
  /** Tokens that must not work: tampered, unsigned, a refresh token … */
  forged: string[];
}

/** Percent-encodes every byte but the unreserved ones; unlike encodeURIComponent, never throws on a lone surrogate. */
export function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Already encoded: what a hand-made URL holds. */
const RAW_SEGMENTS = ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f', '..%5C..%5C', '%', '%zz', '%00', '%E0%A4%A', '%C0%AF', '%FF%FE', '%252F', 'a;b=c', '%3Bx', '%20', '%0d%0aSet-Cookie:%20x=y'];

/** Path segment name before `{param}` → the kind of record whose ids it takes. */
const KIND_OF_SEGMENT: Record<string, string> = {
  users: 'user',
  offices: 'office',
  sources: 'source',
  recommendations: 'recommendation',
  evidence: 'evidence',
  'follow-ups': 'followUp',
  indicators: 'indicator',
  'saved-views': 'savedView',
  notifications: 'notification',
  comments: 'comment',
};

function pathParam(op: Operation, p: Parameter, ids: Ids): fc.Arbitrary<string> {
  const segment = op.path.split('/').at(op.path.split('/').indexOf(`{${p.name}}`) - 1) ?? '';
  const kind = KIND_OF_SEGMENT[segment];
  // Users that sign in for the fuzzer are no ids here, so no request deactivates its own caller.
  const own = kind ? (ids[kind] ?? []) : allIds(ids, ['member']);
  const others = allIds(ids, ['member', kind ?? '']);
  const arbs: fc.MaybeWeightedArbitrary<string>[] = [
    { weight: 3, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: fc.constantFrom(...BAD_UUIDS, ...NASTY_STRINGS, HUGE_STRING, 'é'.repeat(300)).map(encode) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  ];
  if (own.length > 0) arbs.push({ weight: 8, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...own).map((id) => id.toUpperCase()) });
  if (others.length > 0) arbs.push({ weight: 1, arbitrary: fc.constantFrom(...others) });
  return fc.oneof(...arbs);
}

/** A query parameter's bad values: after its type and format, then hostile text. */
function badQueryValue(p: Parameter): fc.Arbitrary<string> {
  const s = p.schema ?? {};
  const pools: string[] = [...NASTY_STRINGS, '', ' ', 'x'.repeat(10_000)];
  if (s.type === 'number' || s.type === 'integer' || /page/i.test(p.name)) pools.push('-1', '0', '1.5', 'abc', '1e3', '1e309', '99999999999999999999', '9007199254740993', '2147483648', '0x10', ' 2', '١٢');
  if (s.type === 'boolean') pools.push('yes', 'TRUE', '2', 'on', 'null');
  if (s.format === 'uuid' || /Id$/.test(p.name)) pools.push(...BAD_UUIDS);
  if (s.format === 'date' || /Since|Before|asOf|since|^from$|^to$/.test(p.name)) pools.push(...BAD_DATES, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000+25:00');
  if (s.enum || s.items?.enum) pools.push('OPEN', 'closed', 'open,in_progress', 'Implemented', 'csv ', 'xml', 'PDF');
  for (const n of BAD_NUMBERS) if (typeof n === 'number') pools.push(String(n));
  return fc.constantFrom(...pools).map(encode);
}

function validQueryValue(p: Parameter, ids: Ids): fc.Arbitrary<string> {
  const schema = p.schema?.type === 'array' ? (p.schema.items ?? {}) : (p.schema ?? {});
  return validValue(schema, p.name, ids).map((v) => encode(String(v)));
}

/** One parameter spoiled: a bad value, repeated, bracketed as an array or object, or without a value. */
function spoiledParam(p: Parameter, ids: Ids): fc.Arbitrary<string[]> {
  const valid = validQueryValue(p, ids);
  const bad = badQueryValue(p);
  const key = encode(p.name);
  return fc.oneof<fc.MaybeWeightedArbitrary<string[]>[]>(
    { weight: 5, arbitrary: bad.map((v) => [`${key}=${v}`]) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(valid, bad), fc.oneof(valid, bad)).map(([a, b]) => [`${key}=${a}`, `${key}=${b}`]) },
    { weight: 1, arbitrary: fc.oneof(valid, bad).map((v) => [`${key}%5B%5D=${v}`, `${key}[0]=${v}`, `${key}[a][b]=${v}`]) },
    { weight: 1, arbitrary: fc.constant([key, `${key}=`]) },
  );
}

const RAW_QUERIES = ['&&&', '=', '==x', '%', '%zz=1', 'a=%E0%A4%A', '__proto__[isAdmin]=1', 'constructor[prototype][x]=1', 'hasOwnProperty=1', 'page=1&page=2', 'pageSize=100&pageSize=1', 'a'.repeat(5000), `q=${'%00'.repeat(5)}`];

/** Valid or left-out parameters, then (mostly) one spoiled parameter, an unknown one or a raw oddity. */
function query(op: Operation, ids: Ids): fc.Arbitrary<string> {
  const valid = fc.tuple(
    ...op.query.map((p) => fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: validQueryValue(p, ids).map((v) => `${encode(p.name)}=${v}`) })),
  );
  const spoilers: fc.MaybeWeightedArbitrary<string[]>[] = [
    { weight: 4, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('foo', 'limit', 'offset', 'debug', 'include', 'password', 'role'), fc.string({ maxLength: 10 })).map(([k, v]) => [`${k}=${encode(v)}`]) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERIES).map((q) => [q]) },
  ];
  if (op.query.length > 0) spoilers.push({ weight: 6, arbitrary: fc.oneof(...op.query.map((p) => spoiledParam(p, ids))) });
  return fc.tuple(valid, fc.oneof(...spoilers)).map(([known, extra]) => [...known.filter(Boolean), ...extra].join('&'));
}

/** Stands for the record's ETag at the time of sending (see openapi-fuzz.e2e-spec.ts): a stale one only tests the 412. */
export const CURRENT_ETAG = '<current ETag>';
const IF_MATCH = ['"1"', '"2"', '"3"', '*', 'W/"1"', 'garbage', '""', '"99999999999999999999"', '"-1"', '"1.5"', '"1", "2"', '"abc"', '1'];
const REQUEST_IDS = ['fuzz-req-1', 'r'.repeat(200), 'has space', '<script>', 'é', ''];
const ACCEPTS = ['text/csv', 'application/xml', 'text/html', '*/*', 'application/pdf', 'application/json;q=0'];

/** The value `present` times in `present + absent`, else left out. */
function sometimes<T>(arb: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: present, arbitrary: arb }, { weight: absent, arbitrary: fc.constant(undefined) });
}

function headers(op: Operation, callers: Callers): fc.Arbitrary<Record<string, string>> {
  const auth = fc.oneof(
    { weight: 14, arbitrary: fc.constant(callers.admin) },
    { weight: 2, arbitrary: fc.constant(callers.viewer) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom(...callers.forged) },
  );
  const needsIfMatch = op.headers.some((h) => h.name.toLowerCase() === 'if-match');
  return fc
    .record({
      authorization: auth,
      'if-match': sometimes(fc.oneof(fc.constant(CURRENT_ETAG), fc.constantFrom(...IF_MATCH)), needsIfMatch ? 4 : 1, needsIfMatch ? 1 : 4),
      'x-request-id': sometimes(fc.constantFrom(...REQUEST_IDS), 1, 4),
      accept: sometimes(fc.constantFrom(...ACCEPTS), 1, 8),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);
}

function body(op: Operation, ids: Ids): fc.Arbitrary<Body> {
  const types = op.body.map((b) => b.contentType);
  if (types.includes('text/csv')) return csvBody(ids);
  if (types.includes('multipart/form-data')) return attachmentBody();
  const json = op.body.find((b) => b.contentType === 'application/json');
  if (json) return jsonBody(json.schema, ids);
  return strayBody();
}

/** Every request the fuzzer may send to one route of the document. */
export function requestArb(op: Operation, ids: Ids, callers: Callers): fc.Arbitrary<FuzzRequest> {
  const path = fc.tuple(...op.pathParams.map((p) => pathParam(op, p, ids).map((v) => [p.name, v] as const)));
  return fc.record({ params: path, query: query(op, ids), headers: headers(op, callers), body: body(op, ids) }).map(({ params, query: q, headers: h, body: b }) => {
    let url = op.path;
    for (const [name, value] of params) url = url.replace(`{${name}}`, value);
    const hs = b.contentType === undefined ? h : { ...h, 'content-type': b.contentType };
    return { method: op.method, url: q ? `${url}?${q}` : url, headers: hs, body: b };
  });
}
