import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { Priority, PRIORITIES, RecommendationStatus, STATUSES } from '../recommendation-status';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class RecommendationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  officeId?: string;

  @ApiPropertyOptional({ enum: STATUSES, isArray: true, description: 'Repeat for several: ?status=open&status=in_progress' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsIn(STATUSES, { each: true })
  status?: RecommendationStatus[];

  @ApiPropertyOptional({ example: 'border_migration' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  policyArea?: string;

  @ApiPropertyOptional({ description: 'A user id, or `me`' })
  @IsOptional()
  @ValidateIf((_, v) => v !== 'me')
  @IsUUID('all', { message: 'ownerId must be a UUID or me' })
  ownerId?: string;

  @ApiPropertyOptional({ example: 'USTR', description: 'Exact addressee' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  addressee?: string;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ description: 'A tag the recommendation carries' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @ApiPropertyOptional({ description: 'Full-text search (stemmed English) over reference, title and text; ranked unless sort is given' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'A parent id for its sub-recommendations, or `none` for top-level ones' })
  @IsOptional()
  @ValidateIf((_, v) => v !== 'none')
  @IsUUID('all', { message: 'parentId must be a UUID or none' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'Changed at or after this date or timestamp (ISO 8601)', example: '2026-01-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}/)
  updatedSince?: string;
}
