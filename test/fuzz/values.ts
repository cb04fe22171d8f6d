import fc from 'fast-check';
import type { Schema } from './openapi-doc';

/** Real ids by kind of record (see fixtures.ts); the fuzzer mixes them with ids of nothing. */
export type Ids = Record<string, string[]>;

/** The sizes: 100k-character strings, 10k-item arrays, 1000 levels of nesting. Built once. */
export const HUGE_STRING = 'x'.repeat(100_000);
export const HUGE_ARRAY = Array.from({ length: 10_000 }, (_, i) => `v${i}`);
const HUGE_UNICODE = 'é'.repeat(100_000);
const HUGE_NUMBER_ARRAY = Array.from({ length: 10_000 }, (_, i) => i);

/** Hostile text. None holds what the leak checks look for (`SELECT "`, `relation "` …), so an echo is no false alarm. */
export const NASTY_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE users; --",
  "' union all select password_hash, null from users --",
  "'); delete from recommendations; --",
  "'||pg_sleep(0)||'",
  '%_%',
  '\\',
  '$1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  "=HYPERLINK(\"http://x\")",
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '+1',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  'line\r\nbreak',
  '\t',
  '\u202egnp.exe',
  '\ufeffbom',
  '\ud800',
  '\udfff\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🤷‍♀️',
  'İstanbul ǅ ß',
  'Z̷̢̛a̵͓͠l̸̰̈g̶̣̚o̵̦͝',
  '',
  '   ',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
];

export const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '6f1d0b9a-2f6f-4c1e-9c1d-3f2c1a7e1b7',
  '6f1d0b9a-2f6f-4c1e-9c1d-3f2c1a7e1b7aa',
  '{6f1d0b9a-2f6f-4c1e-9c1d-3f2c1a7e1b7a}',
  '6f1d0b9a2f6f4c1e9c1d3f2c1a7e1b7a',
  '6F1D0B9A-2F6F-4C1E-9C1D-3F2C1A7E1B7A',
  'g6f1d0b9-2f6f-4c1e-9c1d-3f2c1a7e1b7a',
  ' 6f1d0b9a-2f6f-4c1e-9c1d-3f2c1a7e1b7a ',
  '123',
  '-1',
  'me',
  'none',
];

export const BAD_DATES = [
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '0000-00-00',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '2024-1-1',
  '2024-01-01T25:00:00Z',
  '2024-01-01T00:00:00+14:00',
  '2024-01-01 00:00',
  '2024-W01',
  '20240101',
  'yesterday',
  '1e10',
  '1899-12-31',
  '2999-01-01',
];

export const BAD_NUMBERS: unknown[] = [-1, 0, 1.5, -0.0001, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, 1e21, 1234567890123456, 0.1234567, '1', '1e3', true, [], {}];

const TIME_ZONES = ['UTC', 'America/Chicago', 'Europe/Paris', 'Not/AZone', 'EST5EDT', '+05:00', 'utc', 'Etc/GMT+12'];
const SORTS = ['-createdAt', 'createdAt', 'title', '-updatedAt', 'reference', 'dueOn', '-name', 'bogus', '-', '--title', 'title,-reference', 'password_hash', '"id"', 'constructor', '-toString', 'valueOf'];

/** Every real id but those of the given kinds (policy areas are codes, not ids). */
export function allIds(ids: Ids, except: string[] = []): string[] {
  return Object.entries(ids)
    .filter(([k]) => k !== 'policyArea' && !except.includes(k))
    .flatMap(([, v]) => v);
}

/** The real ids a field of this name may take: the office of `officeId`, users for `ownerIds` … */
export function idsForField(name: string, ids: Ids): string[] {
  const pick = (...kinds: string[]) => kinds.flatMap((k) => ids[k] ?? []);
  if (/office/i.test(name)) return pick('office');
  if (/owner|assignee|actor|user/i.test(name)) return pick('member', 'user');
  if (/evidence/i.test(name)) return pick('evidence');
  if (/source/i.test(name)) return pick('source');
  if (/recommendation|parent|^ids$/i.test(name)) return pick('recommendation');
  return allIds(ids);
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const pastDate = fc.date({ min: new Date('1990-01-01'), max: new Date(Date.now() - 2 * 86_400_000), noInvalidDate: true }).map(day);
const anyDate = fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map(day);

function uuidValue(name: string, ids: Ids): fc.Arbitrary<string> {
  const real = idsForField(name, ids);
  return real.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
}

/** Non-blank text within the length limits: blank text is refused everywhere, and is a bad value of its own. */
function text(schema: Schema): fc.Arbitrary<string> {
  const max = Math.max(1, Math.min(schema.maxLength ?? 40, 40));
  return fc.string({ minLength: Math.max(0, (schema.minLength ?? 1) - 1), maxLength: max - 1 }).map((s) => `v${s}`);
}

/** A value the schema allows (or nearly: a random string may still break a rule the schema does not tell). */
export function validValue(schema: Schema, name: string, ids: Ids, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  // Query parameters take `me` and `none` besides ids; body fields (format uuid) do not.
  if (/^(ownerId|assigneeId)$/.test(name) && !schema.format) return fc.oneof(fc.constant('me'), uuidValue(name, ids));
  if (name === 'parentId' && !schema.format) return fc.oneof(fc.constant('none'), uuidValue(name, ids));
  if (name === 'policyArea') return fc.constantFrom(...(ids.policyArea ?? ['border_migration']));
  if (name === 'timeZone') return fc.constantFrom(...TIME_ZONES);
  if (name === 'sort') return fc.constantFrom(...SORTS);
  if (name === 'email') return fc.emailAddress();
  if (name === 'reference') return fc.stringMatching(/^[A-Z]{2,5}-\d{1,4}(\.\d{1,2})?$/);
  if (name === 'updatedSince' || schema.format === 'date') return /due|target/i.test(name) ? anyDate : pastDate;
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return uuidValue(name, ids);
      if (schema.format === 'uri') return fc.webUrl();
      if (schema.format === 'password') return fc.string({ minLength: 12, maxLength: 40 });
      return text(schema);
    case 'number':
    case 'integer':
      return name === 'value'
        ? fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100)
        : fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 1000) });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)) };
      return fc.uniqueArray(validValue(schema.items ?? {}, name, ids, depth + 1), constraints);
    }
    case 'object':
      if (schema.properties && depth < 4) return validObject(schema, ids, depth + 1);
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validObject(schema: Schema, ids: Ids, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  return fc.record(Object.fromEntries(props.map(([k, s]) => [k, validValue(s, k, ids, depth)])), {
    requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
  });
}

/** A JSON value of another type than the schema's. */
export function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const all: Record<string, fc.Arbitrary<unknown>> = {
    string: fc.constantFrom('1', 'true', 'x', '[]', '{}'),
    number: fc.constantFrom(0, -1, 1.5, 1e300),
    boolean: fc.boolean(),
    array: fc.constantFrom([], [1], [null], [[]], [{}], ['a', 1, true]),
    object: fc.constantFrom({}, { a: 1 }, { $gt: '' }, { length: 1 }),
    null: fc.constant(null),
  };
  const type = schema.type === 'integer' ? 'number' : (schema.type ?? 'string');
  return fc.oneof(...Object.entries(all).filter(([t]) => t !== type).map(([, a]) => a));
}

/** A value nested `levels` deep, in an object or an array. */
export function deeplyNested(levels: number, inArray = false): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = inArray ? [v] : { a: v };
  return v;
}

export const DEEP = deeplyNested(1000);

/** What the schema refuses: wrong types, out of range, hostile text, huge and deep values. */
export function badValue(schema: Schema, name: string): fc.Arbitrary<unknown> {
  const arbs: fc.Arbitrary<unknown>[] = [
    wrongType(schema),
    fc.constantFrom(...NASTY_STRINGS),
    fc.constant(null),
    fc.constantFrom(HUGE_STRING, HUGE_UNICODE, `${'\u0000'.repeat(10)}x`),
    fc.constant(schema.items?.type === 'string' ? HUGE_ARRAY : HUGE_NUMBER_ARRAY),
    fc.constant(DEEP),
    fc.constantFrom(...BAD_NUMBERS),
  ];
  if (schema.format === 'uuid' || /Id$/.test(name) || schema.items?.format === 'uuid') {
    arbs.push(fc.constantFrom(...BAD_UUIDS), fc.array(fc.constantFrom(...BAD_UUIDS), { minLength: 1, maxLength: 3 }));
  }
  if (schema.format === 'date' || /On$|Date|Since|asOf|since/.test(name)) arbs.push(fc.constantFrom(...BAD_DATES));
  if (schema.maxLength !== undefined) arbs.push(fc.constant('y'.repeat(schema.maxLength + 1)));
  if (schema.minLength) arbs.push(fc.constant('y'.repeat(schema.minLength - 1)));
  if (schema.maxItems !== undefined) arbs.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, (_, i) => `item-${i}`)));
  if (schema.type === 'array') arbs.push(fc.array(wrongType(schema.items ?? {}), { minLength: 1, maxLength: 3 }));
  if (schema.enum) arbs.push(fc.constantFrom('', 'OPEN', `${String(schema.enum[0])} `, 'closed', String(schema.enum[0]).toUpperCase()));
  return fc.oneof(...arbs);
}
