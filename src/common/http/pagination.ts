import { BadRequestException } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `?page&pageSize&sort` shared by every collection GET. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 25;

  @ApiPropertyOptional({ description: 'A field name, or -field for descending order', example: '-createdAt' })
  @IsOptional()
  @IsString()
  @Matches(/^-?[A-Za-z]{1,40}$/, { message: 'sort must be a field name, optionally prefixed by -' })
  sort?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf<T>(items: T[], total: number, q: PageQueryDto): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/**
 * Resolves `sort` against the columns a list allows: returns [column, direction] or answers 400
 * naming the allowed fields.
 */
export function resolveSort(
  sort: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
): [string, 'ASC' | 'DESC'] {
  const spec = sort ?? fallback;
  const desc = spec.startsWith('-');
  const field = desc ? spec.slice(1) : spec;
  // Own keys only: `constructor` or `toString` would otherwise name a column of Object.prototype.
  const column = Object.hasOwn(allowed, field) ? allowed[field] : undefined;
  if (!column) {
    throw new BadRequestException(`sort must be one of: ${Object.keys(allowed).flatMap((f) => [f, `-${f}`]).join(', ')}`);
  }
  return [column, desc ? 'DESC' : 'ASC'];
}

/** Builds the OpenAPI schema class for `{items, total, page, pageSize}` of a given item DTO. */
export function PageDto<T>(item: new (...args: never[]) => T) {
  class PageOfItems {
    @ApiProperty({ type: item, isArray: true })
    items: T[];

    @ApiProperty({ example: 1 })
    total: number;

    @ApiProperty({ example: 1 })
    page: number;

    @ApiProperty({ example: 25 })
    pageSize: number;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `PageOf${item.name.replace(/Dto$/, '')}` });
  return PageOfItems;
}
