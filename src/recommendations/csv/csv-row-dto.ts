import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { CreateRecommendationDto, UpdateRecommendationDto } from '../dto/recommendation.dto';
import type { CsvRow } from './csv-body';
import { splitList } from './csv-format';
import type { ImportFieldErrorDto } from './dto/csv.dto';

/** The columns that hold a field of the DTOs, by DTO field (owners and parentReference are resolved apart). */
const FIELD_COLUMNS: Record<string, string> = {
  reference: 'reference',
  title: 'title',
  text: 'text',
  policyArea: 'policyArea',
  priority: 'priority',
  addressees: 'addressees',
  ownerIds: 'owners',
  tags: 'tags',
  targetDate: 'targetDate',
  sourceLocator: 'sourceLocator',
  parentId: 'parentReference',
};

export type RowFields = Partial<Record<'reference' | 'title' | 'text' | 'policyArea' | 'priority' | 'addressees' | 'tags' | 'targetDate' | 'sourceLocator', unknown>>;

/** The DTO fields a row sets: every column present but status, owners and parentReference. */
export function fieldsOf(row: CsvRow): RowFields {
  const c = row.cells;
  const plain: RowFields = {};
  for (const key of ['reference', 'title', 'text', 'policyArea', 'priority'] as const) {
    if (c[key] !== undefined) plain[key] = c[key];
  }
  if (c.addressees !== undefined) plain.addressees = splitList(c.addressees);
  if (c.tags !== undefined) plain.tags = splitList(c.tags);
  // An empty cell clears a nullable field.
  if (c.targetDate !== undefined) plain.targetDate = c.targetDate.trim() === '' ? null : c.targetDate.trim();
  if (c.sourceLocator !== undefined) plain.sourceLocator = c.sourceLocator.trim() === '' ? null : c.sourceLocator;
  return plain;
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } };

/**
 * Validates a row under the rules of POST (a new reference) or PATCH (a known one), with the owner
 * ids already resolved. Returns the transformed DTO, or the errors by column.
 */
export async function validateRow<T extends CreateRecommendationDto | UpdateRecommendationDto>(
  cls: new () => T,
  plain: Record<string, unknown>,
): Promise<{ dto: T; errors: ImportFieldErrorDto[] }> {
  const dto = plainToInstance(cls, plain);
  const errors = flatten(await validate(dto, VALIDATION));
  return { dto, errors };
}

function flatten(errors: ValidationError[]): ImportFieldErrorDto[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) => {
      const field = FIELD_COLUMNS[e.property] ?? e.property;
      return { field, message: field === e.property ? message : message.replace(e.property, field) };
    }),
  );
}
