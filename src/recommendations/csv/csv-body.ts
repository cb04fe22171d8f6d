import { BadRequestException, Injectable, OnModuleInit, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type {} from '@fastify/multipart';
import { CsvError, parse } from 'csv-parse/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readFileWithinLimit } from '../../common/http/multipart-file';
import { CSV_COLUMNS, CsvColumn, MAX_IMPORT_ROWS, REQUIRED_COLUMNS, unprotectCell } from './csv-format';

export const CSV_FILE_FIELD = 'file';

/** The one route that takes a CSV body; every other keeps answering 415 to one. */
const CSV_ROUTE = /\/recommendations\/import$/;

/**
 * Lets `text/csv` bodies in, read as a string under the server's body limit (413 above it). Done
 * at module init, before the server is ready; an application context without HTTP has no adapter.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (req, body, done) => {
      if (CSV_ROUTE.test(req.routeOptions.url ?? '')) return done(null, body);
      done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    });
  }
}

/** The CSV of an import request: a `text/csv` body, or the file of multipart field `file`. */
export async function readCsvBody(req: FastifyRequest): Promise<string> {
  if (req.isMultipart()) return readCsvFile(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'text/csv' || typeof req.body !== 'string') {
    throw new UnsupportedMediaTypeException(`Send the CSV as text/csv, or as multipart/form-data in the field "${CSV_FILE_FIELD}"`);
  }
  return req.body;
}

async function readCsvFile(req: FastifyRequest): Promise<string> {
  const limit = req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit ?? 1024 * 1024;
  let part;
  try {
    part = await req.file({ limits: { fileSize: limit, files: 1, fields: 10, parts: 11 } });
  } catch (err) {
    throw multipartError(err);
  }
  if (!part) throw new BadRequestException(`Send the CSV in the multipart field "${CSV_FILE_FIELD}"`);
  if (part.fieldname !== CSV_FILE_FIELD) {
    part.file.resume();
    throw new BadRequestException(`Send the CSV in the multipart field "${CSV_FILE_FIELD}", not "${part.fieldname}"`);
  }
  try {
    return (await readFileWithinLimit(part.file)).toString('utf8');
  } catch (err) {
    throw multipartError(err);
  }
}

function multipartError(err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new PayloadTooLargeException('Request body is too large');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new PayloadTooLargeException('Send one file, with at most 10 other fields');
  }
  return new BadRequestException('The multipart body is malformed');
}

export interface CsvRow {
  /** The line the row starts on; the header is line 1. */
  line: number;
  /** The cells of the columns present, formula quotes stripped. */
  cells: Partial<Record<CsvColumn, string>>;
}

/**
 * Parses an import: UTF-8, an optional BOM, a header naming known columns (each at most once, the
 * required ones all there), then at most MAX_IMPORT_ROWS rows. Rows with every cell blank are
 * skipped (spreadsheets leave them at the end). Anything else is a 400 naming the line.
 */
export function parseCsv(text: string): { columns: CsvColumn[]; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    if (err instanceof CsvError) throw new BadRequestException(`Malformed CSV: ${err.message.replace(/\s+/g, ' ')}`);
    throw err;
  }
  if (records.length === 0) throw new BadRequestException('The CSV is empty: the first line must be the header');
  const header = records[0].record.map((h) => h.trim());
  const known = new Set<string>(CSV_COLUMNS);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) {
    throw new BadRequestException(`Unknown column(s): ${unknown.map((h) => `"${h}"`).join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`);
  }
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) throw new BadRequestException(`Column(s) given more than once: ${[...new Set(repeated)].join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new BadRequestException(`Missing required column(s): ${missing.join(', ')}`);

  const columns = header as CsvColumn[];
  const rows: CsvRow[] = [];
  // csv-parse reports the line a record ends on, and counts a CRLF inside quotes as two lines.
  let overcount = 0;
  const count = (record: string[], pattern: RegExp) => record.reduce((n, cell) => n + (cell.match(pattern)?.length ?? 0), 0);
  for (const { record, info } of records.slice(1)) {
    overcount += count(record, /\r\n/g);
    if (record.every((cell) => cell.trim() === '')) continue;
    const cells: CsvRow['cells'] = {};
    columns.forEach((c, i) => (cells[c] = unprotectCell(record[i])));
    rows.push({ line: info.lines - overcount - count(record, /\r\n|\r|\n/g), cells });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new PayloadTooLargeException(`An import holds at most ${MAX_IMPORT_ROWS} rows; this one has ${rows.length}`);
  return { columns, rows };
}
