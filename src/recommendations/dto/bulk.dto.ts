import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { Omittable } from '../../common/http/text';
import { ErrorResponseDto } from '../../common/http/error-response.dto';
import { ChangeStatusDto, UpdateRecommendationDto } from './recommendation.dto';

export const BULK_MAX_IDS = 100;
export const BULK_MAX_EVIDENCE_IDS = 500;

type TransformArg = { value: unknown };
const lowerEach = (value: unknown[]) => value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v));
/** Ids compare as stored (lower case); a repeated id is one item. */
const distinctIds = ({ value }: TransformArg): unknown => (Array.isArray(value) ? [...new Set(lowerEach(value))] : value);
const lowerIds = ({ value }: TransformArg): unknown => (Array.isArray(value) ? lowerEach(value) : value);

class BulkIdsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: BULK_MAX_IDS,
    description: `The recommendations to change: 1–${BULK_MAX_IDS} distinct ids (a repeated id counts once)`,
  })
  @Transform(distinctIds)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_IDS)
  @IsUUID('all', { each: true })
  ids: string[];
}

/** The fields a bulk edit may set, validated as in PATCH: a null targetDate clears it. */
export class BulkSetDto extends PickType(UpdateRecommendationDto, ['ownerIds', 'priority', 'tags', 'targetDate'] as const) {}

export class BulkUpdateDto extends BulkIdsDto {
  @ApiProperty({ type: BulkSetDto, description: 'At least one field; each recommendation gets the same values' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => BulkSetDto)
  set: BulkSetDto;
}

export class BulkChangeStatusDto extends IntersectionType(BulkIdsDto, PickType(ChangeStatusDto, ['status', 'reason'] as const)) {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: BULK_MAX_EVIDENCE_IDS,
    description:
      'Evidence the change relies on, for all the recommendations together: each recommendation cites those of its own. Moving to partially_implemented or implemented needs at least one per recommendation; an id that is evidence of none of them is refused (422).',
  })
  @Omittable()
  @Transform(lowerIds)
  @IsArray()
  @ArrayMaxSize(BULK_MAX_EVIDENCE_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

export const BULK_OUTCOMES = ['updated', 'unchanged'] as const;

export class BulkItemResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: BULK_OUTCOMES, description: 'unchanged: the values were already those; nothing was written' })
  outcome: (typeof BULK_OUTCOMES)[number];
  @ApiProperty({ description: 'The version after the change (its ETag is the quoted value)' }) version: number;
}

export class BulkResultDto {
  @ApiProperty({ type: [BulkItemResultDto], description: 'One per distinct id, in the order sent' })
  results: BulkItemResultDto[];
}

export const BULK_CHECK_OUTCOMES = ['ok', 'error'] as const;

export class BulkItemCheckDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: BULK_CHECK_OUTCOMES, description: 'ok: this item would have succeeded; nothing was written for any item' })
  outcome: (typeof BULK_CHECK_OUTCOMES)[number];
  @ApiPropertyOptional({ example: 404, description: 'error only: the status the single route would have answered' }) statusCode?: number;
  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'Recommendation not found',
    description: 'error only',
  })
  message?: string | string[];
}

/** The 422 of a bulk change that was rolled back: the one error shape, with every item's result. */
export class BulkErrorResponseDto extends ErrorResponseDto {
  @ApiProperty({ type: [BulkItemCheckDto], description: 'One per distinct id, in the order sent' })
  results: BulkItemCheckDto[];
}
