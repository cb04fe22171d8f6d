import { randomBytes } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DataSource, QueryRunner } from 'typeorm';
import { paramsOf, RECOMMENDATION_ROWS_SQL, REPORT_SETTINGS, type RecommendationRow, type ScopeParams } from './oversight-sql';

/** Rows per FETCH: memory stays flat whatever the size of the office. */
export const CSV_BATCH = 500;

export const CSV_COLUMNS = [
  'Reference',
  'Title',
  'Status',
  'Policy area',
  'Priority',
  'Owners',
  'Addressees',
  'Last status change',
  'Reason',
  'Latest evidence',
  'Open follow-ups',
  'Overdue',
  'Days in status',
  'Parent reference',
];

function csvRecord(r: RecommendationRow): (string | number)[] {
  return [
    r.reference,
    r.title,
    r.status,
    r.policy_area,
    r.priority,
    r.owners.map((o) => o.name).join('; '),
    r.addressees.join('; '),
    r.status_changed_at ? r.status_changed_at.toISOString().slice(0, 10) : '',
    r.reason ?? '',
    r.evidence_title ? `${r.evidence_title} (${r.evidence_on})` : '',
    r.open_follow_ups,
    r.overdue_follow_ups > 0 ? 'yes' : 'no',
    r.days_in_status,
    r.parent_reference ?? '',
  ];
}

/**
 * The CSV as a stream over a server-side cursor: the query runs once, and its rows are kept by the
 * database (`WITH HOLD`: materialised when the short transaction commits, spilling to disk there if
 * large), then fetched a batch at a time as the client drains the response. No transaction stays open
 * while a slow client reads — on the embedded database that would hold its only session for
 * everyone. The first batch is fetched before the response starts, so that a failing database still
 * answers with a proper error. The cursor is closed and the connection goes back to the pool when the
 * last row is sent or the client goes away. Cells that a spreadsheet would run as formulas are escaped.
 */
export async function csvStream(db: DataSource, scope: ScopeParams): Promise<Readable> {
  const runner = db.createQueryRunner();
  // Unique: on the embedded database every connection shares one session, and so its cursors.
  const cursor = `report_rows_${randomBytes(8).toString('hex')}`;
  const fetch = async () => (await runner.query(`FETCH ${CSV_BATCH} FROM ${cursor}`)) as RecommendationRow[];
  let first: RecommendationRow[];
  let held = false;
  try {
    await runner.connect();
    await runner.startTransaction();
    await runner.query(REPORT_SETTINGS);
    await runner.query(`DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR ${RECOMMENDATION_ROWS_SQL}`, paramsOf(scope));
    await runner.commitTransaction();
    held = true;
    first = await fetch();
  } catch (e) {
    await close(runner, held ? cursor : null);
    throw e;
  }
  async function* records() {
    for (let batch = first; ; batch = await fetch()) {
      for (const row of batch) yield csvRecord(row);
      if (batch.length < CSV_BATCH) return;
    }
  }
  const source = Readable.from(records());
  // 'close' comes after the last row, an error, or the client going away (even before the first row
  // was read, when a generator's own finally would never run), and after any FETCH in flight.
  source.once('close', () => void close(runner, cursor).catch(() => undefined));
  const csv = stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true });
  // pipeline, not pipe: a batch that fails destroys the CSV stream too, so the response is aborted, not left hanging.
  pipeline(source, csv, () => undefined);
  return csv;
}

/** A held cursor outlives its transaction: it is closed here, or it would stay with the pooled connection. */
async function close(runner: QueryRunner, cursor: string | null): Promise<void> {
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    // A broken connection has no cursor left to close; the pool drops it.
    else if (cursor) await runner.query(`CLOSE ${cursor}`).catch(() => undefined);
  } finally {
    await runner.release();
  }
}
