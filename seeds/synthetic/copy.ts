import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A row for COPY: each value already in PostgreSQL's text form, null for NULL. */
export type CopyRow = (string | null)[];

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format: backslash, tab and line breaks escaped, NULL as \N. */
export function copyValue(v: string | null): string {
  if (v === null) return '\\N';
  return SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;
}

export function copyLine(row: CopyRow): string {
  let line = copyValue(row[0]);
  for (let i = 1; i < row.length; i++) line += '\t' + copyValue(row[i]);
  return line + '\n';
}

/** A text[] literal: every element quoted, so commas, braces and spaces need no thought. */
export function textArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** A uuid[] literal. */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const CHUNK_ROWS = 500;

/**
 * Streams rows into `table` with COPY FROM STDIN, a few hundred rows per network write. Rows are
 * pulled as the server takes them, so a lazy iterable (audit events hashed one by one) is computed
 * while the server is busy with the rows before.
 */
export async function copyRows(client: ClientBase, table: string, columns: readonly string[], rows: Iterable<CopyRow>): Promise<number> {
  let count = 0;
  function* chunks() {
    let chunk = '';
    let inChunk = 0;
    for (const row of rows) {
      chunk += copyLine(row);
      count += 1;
      if (++inChunk === CHUNK_ROWS) {
        yield chunk;
        chunk = '';
        inChunk = 0;
      }
    }
    if (chunk !== '') yield chunk;
  }
  const sql = `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`;
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
  return count;
}
