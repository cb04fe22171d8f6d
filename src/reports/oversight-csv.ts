import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { EntityManager } from 'typeorm';
import { recommendationRows, type RecommendationRow, type ScopeParams } from './oversight-sql';

/** Rows per query: memory stays flat whatever the size of the office. */
export const CSV_PAGE_SIZE = 500;

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
 * The CSV as a stream: `first` is the first page, read before the response starts so that a
 * failing database still answers with a proper error; later pages are read as the client drains
 * the stream (keyset on the row order). Cells that a spreadsheet would run as formulas are escaped.
 */
export function csvStream(m: EntityManager, scope: ScopeParams, first: RecommendationRow[]): Readable {
  async function* records() {
    let page = first;
    for (;;) {
      for (const row of page) yield csvRecord(row);
      if (page.length < CSV_PAGE_SIZE) return;
      page = await recommendationRows(m, scope, { after: page[page.length - 1].path, size: CSV_PAGE_SIZE });
    }
  }
  const csv = stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true });
  // pipeline, not pipe: a page that fails destroys the CSV stream too, so the response is aborted, not left hanging.
  pipeline(Readable.from(records()), csv, () => undefined);
  return csv;
}
