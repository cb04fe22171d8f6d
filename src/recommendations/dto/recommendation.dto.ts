import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsCalendarDate } from '../../common/http/calendar-date';
import { lowerEach, MultiLine, Omittable, SingleLine, trim, trimEach } from '../../common/http/text';
import { Priority, PRIORITIES, RecommendationStatus, STATUSES } from '../recommendation-status';

export class UserRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

/** The editable fields of a recommendation, shared by create and PATCH. */
class RecommendationFieldsDto {
  @ApiProperty({ example: 'FAL-2022-1.1', description: 'Unique within the office (case-insensitive)', maxLength: 64 })
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, { message: 'reference must be 1–64 letters, digits, dots, dashes, underscores or slashes' })
  reference: string;

  @ApiProperty({ maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @SingleLine()
  title: string;

  @ApiProperty({ description: 'The recommendation as written in its source', maxLength: 20000 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  @MultiLine()
  text: string;

  @ApiProperty({ example: 'border_migration', description: 'A code of GET /policy-areas' })
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'policyArea must be a policy area code' })
  policyArea: string;

  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority: Priority;

  @ApiProperty({ type: [String], example: ['Congress', 'DHS'], description: 'Who must act', maxItems: 30 })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @SingleLine(true)
  addressees: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Active members of the office', maxItems: 50 })
  @Transform(lowerEach)
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ownerIds: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID('all')
  sourceId?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Recommendation 1, bullet 1', maxLength: 200, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @SingleLine()
  sourceLocator?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The parent, for a sub-recommendation (same office)' })
  @IsOptional()
  @IsUUID('all')
  parentId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-07-01', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  targetDate?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 30 })
  @Omittable()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @SingleLine(true)
  tags?: string[];
}

export class CreateRecommendationDto extends RecommendationFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  officeId: string;
}

/**
 * Every editable field, each optional: a field left out stays as it is, a null clears the nullable
 * ones and is refused for the others. `status` and `officeId` are not editable here (400).
 */
export class UpdateRecommendationDto extends PartialType(RecommendationFieldsDto, { skipNullProperties: false }) {}

export class ChangeStatusDto {
  @ApiProperty({ enum: STATUSES })
  @IsIn(STATUSES)
  status: RecommendationStatus;

  @ApiProperty({ description: 'Why the status changes (required, not blank)', maxLength: 5000 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'reason must not be empty' })
  @MaxLength(5000)
  @MultiLine()
  reason: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    description: 'Evidence of this recommendation the change relies on; required for partially_implemented and implemented',
  })
  @Omittable()
  @Transform(lowerEach)
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  evidenceIds?: string[];
}

export class RecommendationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
  @ApiProperty() policyArea: string;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ type: [String] }) addressees: string[];
  @ApiProperty({ type: [UserRefDto] }) owners: UserRefDto[];
  @ApiProperty({ enum: STATUSES }) status: RecommendationStatus;
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sourceId: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceLocator: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) targetDate: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() evidenceCount: number;
  @ApiProperty() openFollowUpCount: number;
  @ApiProperty() overdueFollowUpCount: number;
  @ApiProperty({ description: 'Optimistic-concurrency version; the ETag is its quoted value' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class HistoryEntryDto {
  @ApiProperty({ enum: ['status', 'field'] }) type: 'status' | 'field';
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) actor: UserRefDto | null;
  @ApiProperty({
    description: 'status: the previous status (null for the first); field: the changed fields before',
    oneOf: [{ type: 'string', nullable: true }, { type: 'object', additionalProperties: true }],
  })
  from: string | Record<string, unknown> | null;
  @ApiProperty({ description: 'status: the new status; field: the changed fields after', oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }] })
  to: string | Record<string, unknown>;
  @ApiPropertyOptional({ description: 'status changes only' }) reason?: string;
  @ApiPropertyOptional({ type: [String], description: 'status changes only: evidence cited' }) evidenceIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'field changes only: the names of the changed fields' }) changes?: string[];
}
