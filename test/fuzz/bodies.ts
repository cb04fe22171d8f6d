import fc from 'fast-check';
import type { Schema } from './openapi-doc';
import { badValue, DEEP, deeplyNested, HUGE_ARRAY, HUGE_STRING, Ids, NASTY_STRINGS, validValue } from './values';

/** A request body as sent: `contentType` undefined sends no Content-Type header at all. */
export interface Body {
  kind: string;
  contentType?: string;
  payload?: string | Buffer;
}

/** Over the server's 1 MiB body limit (BODY_LIMIT_BYTES). */
export const OVERSIZED = 1024 * 1024 + 64;

const UNKNOWN_KEYS = ['id', 'status', 'officeId', 'createdAt', 'version', 'role', 'isAdmin', 'passwordHash', 'constructor', 'prototype', '__proto__', 'toString', '', ' ', 'a'.repeat(1000), '\u0000'];

const INVALID_JSON = [
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":undefined}',
  '{"a":1}garbage',
  '{"a":NaN}',
  '[1,2',
  '"unterminated',
  '\ufeff{}',
  '\u0000',
  '',
  '   ',
  '{"a":"\\ud800"}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1e999999}',
  '{"a":"\\u0000"}',
];

/** Serialised by hand, so that keys may repeat and `__proto__` stays an own key. */
function objectText(pairs: [string, unknown][]): string {
  return `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

/** Serialises an object with some extra pairs; a repeated key sometimes, the later one winning in JSON.parse. */
function withExtras(fields: [string, unknown][], schema: Schema): fc.Arbitrary<string> {
  const extra = fc.oneof(
    { weight: 6, arbitrary: fc.constant([] as [string, unknown][]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), fc.jsonValue({ maxDepth: 1 })), { minLength: 1, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...NASTY_STRINGS)), { minLength: 1, maxLength: 2 }) },
  );
  const names = Object.keys(schema.properties ?? {});
  return fc.tuple(extra, fc.boolean()).map(([more, repeat]) => {
    const pairs = [...fields, ...more];
    if (repeat && names.length > 0) pairs.push([names[0], 42]);
    return objectText(pairs);
  });
}

/** An object after the schema where each field is left out, valid or wrong; unknown or repeated keys sometimes. */
function mutatedObject(schema: Schema, ids: Ids): fc.Arbitrary<string> {
  const props = Object.entries(schema.properties ?? {});
  const field = ([name, s]: [string, Schema]) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 5, arbitrary: validValue(s, name, ids).map((v) => [name, v] as [string, unknown]) },
      { weight: 3, arbitrary: badValue(s, name).map((v) => [name, v] as [string, unknown]) },
    );
  return fc
    .tuple(...props.map(field))
    .chain((fields) => withExtras(fields.filter((f): f is [string, unknown] => f !== undefined), schema));
}

/** A valid object but for one field, left out or wrong: what gets past the other rules to the one under test. */
function oneBadField(schema: Schema, ids: Ids): fc.Arbitrary<string> {
  const props = Object.entries(schema.properties ?? {});
  if (props.length === 0) return mutatedObject(schema, ids);
  const valid = validValue(schema, '', ids) as fc.Arbitrary<Record<string, unknown>>;
  return fc.oneof(
    ...props.map(([name, s]) =>
      fc.tuple(valid, fc.option(badValue(s, name), { nil: undefined, freq: 5 })).map(([obj, bad]) => {
        const rest = Object.entries(obj).filter(([k]) => k !== name);
        return objectText(bad === undefined ? rest : [...rest, [name, bad]]);
      }),
    ),
  );
}

/** A body of a valid object but with every field (or the whole) oversized or nested past reason. */
function extremeBody(schema: Schema, ids: Ids): fc.Arbitrary<string> {
  const names = Object.keys(schema.properties ?? {});
  const name = names.length > 0 ? fc.constantFrom(...names) : fc.constant('a');
  return fc.oneof(
    fc.tuple(validValue(schema, '', ids), name).map(([v, n]) => JSON.stringify({ ...(v as object), [n]: HUGE_STRING })),
    fc.tuple(validValue(schema, '', ids), name).map(([v, n]) => JSON.stringify({ ...(v as object), [n]: HUGE_ARRAY })),
    name.map((n) => JSON.stringify({ [n]: DEEP })),
    fc.constant(JSON.stringify(deeplyNested(1000, true))),
    // Deeper than JSON.parse recurses comfortably, and still under the body limit.
    fc.constantFrom(`${'['.repeat(200_000)}${']'.repeat(200_000)}`, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`),
  );
}

export const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json;charset=utf-16',
];
const OTHER_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'text/csv', 'application/vnd.api+json', 'application/octet-stream', 'image/png', ';;;', 'multipart/form-data', 'multipart/form-data; boundary=', 'text/html; charset=utf-8'];

/** JSON bodies for a route that takes one: mostly after its schema, the rest malformed in every way listed in the issue. */
export function jsonBody(schema: Schema, ids: Ids): fc.Arbitrary<Body> {
  const json = fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: fc.constantFrom(...JSON_TYPES) });
  const wrongTypes = fc.constantFrom('null', '[]', '[{}]', '1', '"text"', 'true', '{}');
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(mutatedObject(schema, ids), json).map(([payload, contentType]) => ({ kind: 'fields', contentType, payload })) },
    { weight: 8, arbitrary: fc.tuple(oneBadField(schema, ids), json).map(([payload, contentType]) => ({ kind: 'one-bad-field', contentType, payload })) },
    { weight: 3, arbitrary: fc.tuple(validValue(schema, '', ids), json).map(([v, contentType]) => ({ kind: 'valid', contentType, payload: JSON.stringify(v) })) },
    { weight: 2, arbitrary: wrongTypes.map((payload) => ({ kind: 'not-an-object', contentType: 'application/json', payload })) },
    { weight: 2, arbitrary: fc.constantFrom(...INVALID_JSON).map((payload) => ({ kind: 'invalid-json', contentType: 'application/json', payload })) },
    { weight: 2, arbitrary: extremeBody(schema, ids).map((payload) => ({ kind: 'extreme', contentType: 'application/json', payload })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'oversized', contentType: 'application/json', payload: JSON.stringify({ title: 'x'.repeat(OVERSIZED) }) }) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...OTHER_TYPES), validValue(schema, '', ids)).map(([contentType, v]) => ({ kind: 'wrong-type', contentType, payload: JSON.stringify(v) })) },
    { weight: 1, arbitrary: validValue(schema, '', ids).map((v) => ({ kind: 'no-type', payload: JSON.stringify(v) })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' }) },
    { weight: 2, arbitrary: multipartBody('file', fc.constant(Buffer.from('{}'))).map((b) => ({ ...b, kind: `json-route-${b.kind}` })) },
  );
}

const FILE_CONTENTS: Record<string, Buffer> = {
  text: Buffer.from('Plain notes.\n'),
  pdf: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1'),
  png: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  exe: Buffer.from('4d5a90000300000004000000ffff0000', 'hex'),
  zip: Buffer.from('504b0304140000000800', 'hex'),
  html: Buffer.from('<html><script>alert(1)</script></html>'),
  binary: Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]),
  empty: Buffer.alloc(0),
};
const FILENAMES = ['notes.txt', 'data.csv', 'report.pdf', '../../etc/passwd', 'a'.repeat(1000) + '.txt', 'évidence ✓.txt', 'x";.txt', '', 'no-extension', 'CON.txt', 'x.exe'];
const FIELDS = ['file', 'file', 'file', 'files', 'FILE', '', 'file[]'];

function part(boundary: string, field: string, filename: string | undefined, type: string, data: Buffer): Buffer {
  const disposition = filename === undefined ? `form-data; name="${field}"` : `form-data; name="${field}"; filename="${filename}"`;
  return Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from('\r\n')]);
}

/** multipart/form-data bodies: one file in a right or wrong field, extra fields and files, truncated or mislabelled. */
export function multipartBody(field: string, contents: fc.Arbitrary<Buffer>): fc.Arbitrary<Body> {
  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
  const type = `multipart/form-data; boundary=${boundary}`;
  const end = Buffer.from(`--${boundary}--\r\n`);
  const file = fc.tuple(fc.constantFrom(field, ...FIELDS), fc.constantFrom(...FILENAMES), fc.constantFrom('text/plain', 'application/pdf', 'application/octet-stream', 'text/csv', 'image/png'), contents);
  return fc.oneof(
    { weight: 6, arbitrary: file.map(([f, name, t, data]) => ({ kind: 'multipart', contentType: type, payload: Buffer.concat([part(boundary, f, name, t, data), end]) })) },
    {
      weight: 1,
      arbitrary: fc.tuple(file, fc.integer({ min: 1, max: 14 })).map(([[f, name, t, data], extra]) => ({
        kind: 'multipart-fields',
        contentType: type,
        payload: Buffer.concat([...Array.from({ length: extra }, (_, i) => part(boundary, `note${i}`, undefined, 'text/plain', Buffer.from('x'))), part(boundary, f, name, t, data), end]),
      })),
    },
    { weight: 1, arbitrary: file.map(([f, name, t, data]) => ({ kind: 'multipart-two-files', contentType: type, payload: Buffer.concat([part(boundary, f, name, t, data), part(boundary, f, name, t, data), end]) })) },
    { weight: 1, arbitrary: file.map(([f, name, t, data]) => ({ kind: 'multipart-truncated', contentType: type, payload: part(boundary, f, name, t, data).subarray(0, 60) })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'multipart-no-file', contentType: type, payload: Buffer.concat([part(boundary, 'note', undefined, 'text/plain', Buffer.from('x')), end]) }) },
    { weight: 1, arbitrary: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=other', 'multipart/mixed; boundary=x').map((contentType) => ({ kind: 'multipart-bad-boundary', contentType, payload: Buffer.concat([part(boundary, field, 'a.txt', 'text/plain', FILE_CONTENTS.text), end]) })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'multipart-empty', contentType: type, payload: '' }) },
  );
}

/** File contents for the attachment route: each allowed type, refused types, empty, and rarely one over 10 MiB. */
export function attachmentBody(): fc.Arbitrary<Body> {
  const contents = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...Object.values(FILE_CONTENTS)) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(10 * 1024 * 1024 + 1, 'a')) },
  );
  return otherBodies(multipartBody('file', contents));
}

const CSV_HEADER = 'reference,title,text,policyArea,priority,addressees,owners';

/** CSV files for the import: after its columns with hostile cells, or broken in header, quoting, size. */
export function csvText(ids: Ids): fc.Arbitrary<string> {
  const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(...(ids.policyArea ?? []), 'high', 'low', 'Congress'), fc.constant(HUGE_STRING));
  const row = fc.array(cell, { minLength: 0, maxLength: 9 }).map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','));
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(row, { maxLength: 5 }).map((rows) => [CSV_HEADER, ...rows].join('\r\n')) },
    { weight: 1, arbitrary: fc.constantFrom('', '\ufeff', 'reference', `${CSV_HEADER},reference`, `${CSV_HEADER},bogus`, `${CSV_HEADER}\n"unterminated`, `${CSV_HEADER}\na,"b"c,d`, `${CSV_HEADER}\n\u0000`) },
    { weight: 1, arbitrary: fc.constant([CSV_HEADER, ...Array.from({ length: 2001 }, (_, i) => `R${i},t,x,border_migration,high,Congress,`)].join('\n')) },
  );
}

/** The import route: CSV as text/csv or in a multipart file, and every other kind of body too. */
export function csvBody(ids: Ids): fc.Arbitrary<Body> {
  return otherBodies(
    fc.oneof(
      { weight: 3, arbitrary: csvText(ids).map((payload) => ({ kind: 'csv', contentType: 'text/csv', payload })) },
      { weight: 1, arbitrary: fc.constant({ kind: 'csv-oversized', contentType: 'text/csv', payload: `${CSV_HEADER}\n${'x'.repeat(OVERSIZED)}` }) },
      { weight: 2, arbitrary: multipartBody('file', csvText(ids).map((t) => Buffer.from(t))) },
    ),
  );
}

/** Adds the bodies a non-JSON route must refuse: JSON, text, none. */
function otherBodies(main: fc.Arbitrary<Body>): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 8, arbitrary: main },
    { weight: 1, arbitrary: fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES).map((contentType) => ({ kind: 'wrong-type', contentType, payload: '{"file":"x"}' })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' }) },
  );
}

/** Routes without a body: usually none, sometimes one anyway. */
export function strayBody(): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant({ kind: 'none' }) },
    { weight: 1, arbitrary: fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES).map((contentType) => ({ kind: 'stray', contentType, payload: '{"x":1}' })) },
    { weight: 1, arbitrary: fc.constantFrom(...INVALID_JSON).map((payload) => ({ kind: 'stray-invalid-json', contentType: 'application/json', payload })) },
  );
}
