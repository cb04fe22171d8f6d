import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { lower, MultiLine, Omittable, SingleLine, trim } from '../../common/http/text';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';
import { Priority, PRIORITIES } from '../../recommendations/recommendation-status';
import { FOLLOW_UP_STATUSES, FollowUpStatus } from '../follow-up.entity';
import { IsCalendarDate } from '../../common/http/calendar-date';

/** The fields of a follow-up a creator sets, shared by create and PATCH. */
export class CreateFollowUpDto {
  @ApiProperty({ example: 'Ask USTR staff for the date of the next Rapid Response request', minLength: 1, maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(500)
  @SingleLine()
  title: string;

  @ApiPropertyOptional({ type: String, maxLength: 20000, nullable: true, description: 'Null clears it' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(20000)
  @MultiLine()
  details?: string | null;

  @ApiProperty({ format: 'uuid', description: 'An active member of the office who is not a viewer' })
  @Transform(lower)
  @IsUUID('all')
  assigneeId: string;

  @ApiProperty({ format: 'date', example: '2026-12-01', description: 'YYYY-MM-DD; overdue once this day has passed in the office\'s time zone' })
  @IsCalendarDate()
  dueOn: string;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'medium' })
  @Omittable()
  @IsIn(PRIORITIES)
  priority?: Priority;
}

/**
 * Every field optional: a field left out stays as it is; a null clears `details` and is refused for
 * the others. `status: done` sets `completedAt`; any other status clears it.
 */
export class UpdateFollowUpDto extends PartialType(CreateFollowUpDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @Omittable()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) details: string | null;
  @ApiProperty({ type: UserRefDto }) assignee: UserRefDto;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Who gave it to the current assignee' }) assignedBy: UserRefDto | null;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ enum: PRIORITIES }) priority: Priority;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty({ description: "open or in_progress, and due before today in the office's time zone" }) overdue: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was marked done; null unless done' }) completedAt: string | null;
  @ApiProperty({ description: 'Optimistic-concurrency version; the ETag is its quoted value' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
