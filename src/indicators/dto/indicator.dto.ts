import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { Omittable, SingleLine, trim } from '../../common/http/text';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';
import { BETTER_WHEN, BetterWhen } from '../indicator.entity';
import { TRENDS, Trend } from '../indicator-trend';

export const MAX_LINKED_RECOMMENDATIONS = 100;

/** Lower-cases and de-duplicates an array of ids; anything else is left for the validators to refuse. */
const dedupeIds = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...new Set(value.map((v: string) => v.toLowerCase()))] : value;

/** The editable fields of an indicator, shared by create and PATCH. */
class IndicatorFieldsDto {
  @ApiProperty({ example: 'U.S. overdose deaths', description: 'Unique regardless of case', maxLength: 300 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @SingleLine()
  name: string;

  @ApiProperty({ example: 'deaths per year', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @SingleLine()
  unit: string;

  @ApiProperty({ enum: BETTER_WHEN, description: 'Which direction of the value is an improvement' })
  @IsIn(BETTER_WHEN)
  betterWhen: BetterWhen;

  @ApiPropertyOptional({ type: String, example: 'CDC', maxLength: 500, nullable: true, description: 'Who publishes the figures' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @SingleLine()
  source?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_LINKED_RECOMMENDATIONS,
    description:
      'Recommendations the indicator bears on; live ones you can see (duplicates are ignored). On PATCH the list replaces the links you can see; links to recommendations you cannot see are kept.',
  })
  @Omittable()
  @Transform(dedupeIds)
  @IsArray()
  @ArrayMaxSize(MAX_LINKED_RECOMMENDATIONS)
  @IsUUID('all', { each: true })
  recommendationIds?: string[];
}

export class CreateIndicatorDto extends IndicatorFieldsDto {}

/** Every field optional: a field left out stays as it is; null clears `source` and is refused for the others. */
export class UpdateIndicatorDto extends PartialType(IndicatorFieldsDto, { skipNullProperties: false }) {}

export class IndicatorListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only indicators linked to this recommendation (none when you cannot see it)' })
  @IsOptional()
  @IsUUID('all')
  recommendationId?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the name', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

/** One dated value, as shown in an indicator. */
export class ObservationValueDto {
  @ApiProperty({ format: 'date', example: '2022-06-01' }) observedOn: string;
  @ApiProperty({ example: 106000 }) value: number;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class IndicatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() unit: string;
  @ApiProperty({ enum: BETTER_WHEN }) betterWhen: BetterWhen;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Linked recommendations you can see' }) recommendationIds: string[];
  @ApiProperty({ type: ObservationValueDto, nullable: true, description: 'The observation of the latest date' }) latest: ObservationValueDto | null;
  @ApiProperty({ type: ObservationValueDto, nullable: true, description: 'The observation before the latest' }) previous: ObservationValueDto | null;
  @ApiProperty({
    type: String,
    enum: TRENDS,
    nullable: true,
    description: 'latest against previous, read with betterWhen; null with fewer than two observations',
  })
  trend: Trend | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'Last change to the indicator or a new observation' }) updatedAt: string;
}

export class IndicatorDetailDto extends IndicatorDto {
  @ApiProperty({ type: [ObservationValueDto], description: 'Oldest first' }) observations: ObservationValueDto[];
}

/** An observation as recorded. */
export class ObservationDto extends ObservationValueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) indicatorId: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) createdBy: UserRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
