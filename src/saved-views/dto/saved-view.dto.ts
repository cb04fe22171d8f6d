import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_PAGE_SIZE, PageQueryDto } from '../../common/http/pagination';
import { SingleLine, trim } from '../../common/http/text';
import { RecommendationListQueryDto } from '../../recommendations/dto/recommendation-list-query.dto';

/**
 * The query parameters of `GET /recommendations` as a JSON object, page left out. Documentation
 * only: the body keeps `filters` as sent, and the service validates it with the list's own rules.
 */
export class SavedViewFiltersDto extends OmitType(RecommendationListQueryDto, ['page'] as const) {}

const FILTERS_EXAMPLE = { status: ['open', 'in_progress'], policyArea: 'trade_investment', ownerId: 'me', q: 'USMCA', sort: '-updatedAt' };

export class CreateSavedViewDto {
  @ApiProperty({ example: 'My open trade items', description: 'Unique among your views regardless of case', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiProperty({
    type: SavedViewFiltersDto,
    example: FILTERS_EXAMPLE,
    description:
      'The query parameters of GET /recommendations (page excepted) as a JSON object, checked with the same rules; unknown keys are refused. Stored normalised (a single status becomes an array, pageSize a number).',
  })
  @IsObject()
  filters: Record<string, unknown>;
}

/** Either field or both; a field left out stays as it is, null is refused. `filters` replaces the stored set whole. */
export class UpdateSavedViewDto extends PartialType(CreateSavedViewDto, { skipNullProperties: false }) {}

export class SavedViewListQueryDto extends PageQueryDto {}

/** `?page&pageSize` for applying a view: pageSize, when given, overrides the view's own. */
export class ApplySavedViewQueryDto extends PickType(PageQueryDto, ['page'] as const) {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, description: "Defaults to the view's pageSize, else 25" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export class SavedViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: SavedViewFiltersDto, example: FILTERS_EXAMPLE }) filters: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
