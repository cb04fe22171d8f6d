import type { EntityManager } from 'typeorm';
import { CreateRecommendationDto, RecommendationDto, UpdateRecommendationDto } from '../dto/recommendation.dto';
import { RECOMMENDATION_COLUMNS, RecommendationRow, toRecommendationDto } from '../recommendation-view';
import type { CsvRow } from './csv-body';
import { CSV_COLUMNS, splitList } from './csv-format';
import { fieldsOf, validateRow } from './csv-row-dto';
import type { ImportFieldErrorDto, ImportRowDto, ImportSummaryDto } from './dto/csv.dto';

/** One data row on its way through the import. */
export interface Item {
  row: CsvRow;
  reference: string;
  key: string;
  existing?: RecommendationDto;
  dto?: CreateRecommendationDto | UpdateRecommendationDto;
  /** Lower-cased parent reference; null to clear the parent; undefined when the column is absent. */
  parentKey?: string | null;
  errors: ImportFieldErrorDto[];
  done?: ImportRowDto;
  id?: string;
}

/** What the office holds that the rows are checked against, read once. */
export interface OfficeState {
  byKey: Map<string, { id: string; reference: string }>;
  views: Map<string, RecommendationDto>;
  members: Map<string, string>;
  /** By recommendation id: its owners' ids by lower-cased e-mail. */
  currentOwners: Map<string, Map<string, string>>;
  policyAreas: Set<string>;
}


export async function loadOffice(m: EntityManager, officeId: string, rows: CsvRow[]): Promise<OfficeState> {
  const refs = (await m.query('SELECT id, reference FROM recommendations WHERE office_id = $1 AND deleted_at IS NULL', [officeId])) as {
    id: string;
    reference: string;
  }[];
  const byKey = new Map(refs.map((r) => [r.reference.toLowerCase(), r]));
  const matched = [...new Set(rows.map((r) => byKey.get((r.cells.reference ?? '').trim().toLowerCase())?.id).filter((id): id is string => !!id))];
  // The rows to update stay as read until the import ends; id order, as the bulk edits lock.
  await m.query('SELECT id FROM recommendations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [matched]);
  const views = (await m.query(`SELECT ${RECOMMENDATION_COLUMNS} FROM recommendations r WHERE r.id = ANY($1::uuid[])`, [matched])) as RecommendationRow[];
  const members = (await m.query(
    `SELECT lower(u.email) AS email, u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id AND uo.office_id = $1 WHERE u.active`,
    [officeId],
  )) as { email: string; id: string }[];
  // A current owner who has since left the office still reads back as that owner: keeping them is no
  // change, and only a change of owners is checked against membership (as PATCH does).
  const owners = (await m.query(
    `SELECT ro.recommendation_id AS "recId", lower(u.email) AS email, u.id FROM recommendation_owners ro JOIN users u ON u.id = ro.user_id
      WHERE ro.recommendation_id = ANY($1::uuid[])`,
    [matched],
  )) as { recId: string; email: string; id: string }[];
  const currentOwners = new Map<string, Map<string, string>>();
  for (const o of owners) currentOwners.set(o.recId, (currentOwners.get(o.recId) ?? new Map<string, string>()).set(o.email, o.id));
  const areas = (await m.query('SELECT code FROM policy_areas')) as { code: string }[];
  return {
    byKey,
    views: new Map(views.map((v) => [v.id, toRecommendationDto(v)])),
    members: new Map(members.map((u) => [u.email, u.id])),
    currentOwners,
    policyAreas: new Set(areas.map((a) => a.code)),
  };
}

/** Checks a row on its own: the DTO rules of create or PATCH, owners, policy area, duplicate reference. */
export async function prepare(row: CsvRow, officeId: string, state: OfficeState, seen: Map<string, number>): Promise<Item> {
  const reference = row.cells.reference ?? '';
  const key = reference.trim().toLowerCase();
  const match = state.byKey.get(key);
  const item: Item = { row, reference, key, existing: match ? state.views.get(match.id) : undefined, errors: [] };
  if (key && seen.has(key)) {
    item.errors.push({ field: 'reference', message: `The reference is already on line ${seen.get(key)}` });
  } else if (key) {
    seen.set(key, row.line);
  }

  const plain: Record<string, unknown> = { ...fieldsOf(row) };
  if (row.cells.owners !== undefined) {
    const known = new Map([...(item.existing ? (state.currentOwners.get(item.existing.id) ?? []) : []), ...state.members]);
    const emails = splitList(row.cells.owners).map((e) => e.toLowerCase());
    for (const email of emails.filter((e) => !known.has(e))) {
      item.errors.push({ field: 'owners', message: `${email} is not an active member of the office` });
    }
    plain.ownerIds = emails.filter((e) => known.has(e)).map((e) => known.get(e)!);
  }
  const { dto, errors } = item.existing
    ? await validateRow(UpdateRecommendationDto, plain)
    : await validateRow(CreateRecommendationDto, { ...plain, officeId });
  item.errors.push(...errors);
  item.dto = dto;
  if (typeof dto.policyArea === 'string' && !errors.some((e) => e.field === 'policyArea') && !state.policyAreas.has(dto.policyArea)) {
    item.errors.push({ field: 'policyArea', message: `${dto.policyArea} is not a policy area code (see GET /policy-areas)` });
  }
  if (row.cells.parentReference !== undefined) {
    const parent = row.cells.parentReference.trim();
    item.parentKey = parent === '' ? null : parent.toLowerCase();
  }
  return item;
}

/** The parent's id (null to clear, undefined to leave as is), or an error on the item. */
export function resolveParent(item: Item, byKey: Map<string, Item>, state: OfficeState): string | null | undefined {
  if (item.parentKey === undefined || item.parentKey === null) return item.parentKey;
  const parent = item.row.cells.parentReference!.trim();
  if (item.parentKey === item.key) {
    item.errors.push({ field: 'parentReference', message: 'A recommendation cannot be its own parent' });
    return undefined;
  }
  const inFile = byKey.get(item.parentKey);
  if (inFile) {
    if (inFile.done?.outcome === 'error' || !inFile.id) {
      item.errors.push({ field: 'parentReference', message: `The parent ${parent} (line ${inFile.row.line}) has errors` });
      return undefined;
    }
    return inFile.id;
  }
  const known = state.byKey.get(item.parentKey);
  if (!known) item.errors.push({ field: 'parentReference', message: `No recommendation ${parent} in the office or the file` });
  return known?.id;
}

/** The columns whose values the row would change, in column order. */
export function changesOf(current: RecommendationDto, dto: UpdateRecommendationDto): string[] {
  const differs: Record<string, boolean> = {
    reference: dto.reference !== undefined && dto.reference !== current.reference,
    title: dto.title !== undefined && dto.title !== current.title,
    text: dto.text !== undefined && dto.text !== current.text,
    policyArea: dto.policyArea !== undefined && dto.policyArea !== current.policyArea,
    priority: dto.priority !== undefined && dto.priority !== current.priority,
    addressees: dto.addressees !== undefined && JSON.stringify(dto.addressees) !== JSON.stringify(current.addressees),
    owners: dto.ownerIds !== undefined && JSON.stringify([...dto.ownerIds].sort()) !== JSON.stringify(current.owners.map((o) => o.id).sort()),
    tags: dto.tags !== undefined && JSON.stringify(dto.tags) !== JSON.stringify(current.tags),
    targetDate: dto.targetDate !== undefined && dto.targetDate !== current.targetDate,
    parentReference: dto.parentId !== undefined && dto.parentId !== current.parentId,
    sourceLocator: dto.sourceLocator !== undefined && dto.sourceLocator !== current.sourceLocator,
  };
  return CSV_COLUMNS.filter((c) => differs[c]);
}

export function finish(item: Item, outcome?: 'created' | 'updated' | 'unchanged', changes?: string[]): void {
  const base = { line: item.row.line, reference: item.reference };
  if (item.errors.length > 0 || !outcome) {
    item.done = { ...base, outcome: 'error', errors: item.errors };
  } else {
    item.done = { ...base, outcome, ...(changes ? { changes } : {}) };
  }
}

/** The column a rule's message is about, for the refusals only the shared create/edit code makes. */
export function fieldOfMessage(message: string): string | null {
  if (/parent/i.test(message)) return 'parentReference';
  if (/owner/i.test(message)) return 'owners';
  if (/policyArea/.test(message)) return 'policyArea';
  return null;
}

export function summarize(rows: ImportRowDto[]): ImportSummaryDto {
  const count = (o: ImportRowDto['outcome']) => rows.filter((r) => r.outcome === o).length;
  return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), errors: count('error') };
}
