import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { RecommendationListQueryDto } from '../recommendations/dto/recommendation-list-query.dto';

/** A view is a filter set, not a place in the list: the page is chosen when the view is applied. */
const NOT_SAVED = ['page'];

/**
 * Checks `filters` with the recommendation list's own DTO and rules (unknown keys refused) and
 * returns the normalised form to store: the keys that were sent, as the list's DTO transforms them.
 * Refusals answer 400 with every message naming its field as `filters.<field>`.
 */
export async function normaliseFilters(raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const messages: string[] = [];
  for (const key of Object.keys(raw)) {
    if (NOT_SAVED.includes(key)) messages.push(`filters.${key} cannot be saved: it is chosen when the view is applied`);
    // A query string cannot carry a null; refusing it here keeps the stored form one a URL could express.
    else if (raw[key] === null) messages.push(`filters.${key} must not be null`);
  }
  const query = plainToInstance(RecommendationListQueryDto, raw);
  // class-transformer skips keys such as `constructor`, so the validator never sees them: refused here.
  for (const key of Object.keys(raw)) if (!Object.hasOwn(query, key)) messages.push(`property filters.${key} should not exist`);
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
  messages.push(...errors.flatMap(prefixed));
  if (messages.length > 0) throw new BadRequestException(messages);

  const transformed = query as unknown as Record<string, unknown>;
  const normalised: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) normalised[key] = transformed[key];
  return normalised;
}

/** The list's DTO as `GET /recommendations` would see it with these filters, plus the page choices. */
export function listQueryOf(filters: Record<string, unknown>, page: number, pageSize: number | undefined): RecommendationListQueryDto {
  return plainToInstance(RecommendationListQueryDto, { ...filters, page, ...(pageSize === undefined ? {} : { pageSize }) });
}

/** Puts `filters.` before the field's name wherever the message names it first ("each value in status …" too). */
function prefixed(error: ValidationError): string[] {
  // An unknown key may hold any character: escaped, and bounded by non-word characters rather than \b.
  const name = new RegExp(`(?<![\\w.])${error.property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
  return Object.values(error.constraints ?? {}).map((m) => (name.test(m) ? m.replace(name, () => `filters.${error.property}`) : `filters.${error.property}: ${m}`));
}
