/** The columns of the recommendations CSV, in the order of the export. */
export const CSV_COLUMNS = [
  'reference',
  'title',
  'text',
  'policyArea',
  'priority',
  'status',
  'addressees',
  'owners',
  'tags',
  'targetDate',
  'parentReference',
  'sourceLocator',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns an import cannot do without: the fields a create needs. The others may be left out. */
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['reference', 'title', 'text', 'policyArea', 'priority', 'addressees', 'owners'];

export const MAX_IMPORT_ROWS = 2000;

export const LIST_SEPARATOR = '; ';

/**
 * A cell a spreadsheet would run as a formula starts with one of these. A cell that already starts
 * with quotes before one of them gets one more, so that stripping exactly one quote on import gives
 * back what was exported.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** Defuses a cell for a spreadsheet: a leading single quote makes it text. */
export function protectCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `protectCell`: strips exactly the one quote it added. */
export function unprotectCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

/** A list cell ("Congress; DHS") as its items, blanks dropped. */
export function splitList(value: string): string[] {
  return value
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}
