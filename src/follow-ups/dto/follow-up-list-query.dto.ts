import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { FOLLOW_UP_STATUSES, FollowUpStatus } from '../follow-up.entity';
import { IsCalendarDate } from '../../common/http/calendar-date';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
// Only the words true and false: anything else (1, yes, a repeated parameter) is left for IsBoolean to refuse.
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class FollowUpListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A user id, or `me` for the caller' })
  @IsOptional()
  @ValidateIf((_, v) => v !== 'me')
  @IsUUID('all', { message: 'assigneeId must be a UUID or me' })
  assigneeId?: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES, isArray: true, description: 'Repeat for several: ?status=open&status=in_progress' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsIn(FOLLOW_UP_STATUSES, { each: true })
  status?: FollowUpStatus[];

  @ApiPropertyOptional({
    type: Boolean,
    description: "true: only overdue ones (open or in_progress, due before today in the office's time zone); false: only those that are not",
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-01', description: 'Due strictly before this date (exclusive)' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  recommendationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An office you cannot see gives an empty list' })
  @IsOptional()
  @IsUUID('all')
  officeId?: string;
}
