import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { Omittable, SingleLine, trim } from '../../common/http/text';
import type { Office } from '../office.entity';
import { DEFAULT_TIME_ZONE, IsIanaTimeZone } from '../time-zone';

export class CreateOfficeDto {
  @ApiProperty({ example: 'House Foreign Affairs — Western Hemisphere staff', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiPropertyOptional({
    example: 'America/Chicago',
    default: DEFAULT_TIME_ZONE,
    maxLength: 64,
    description: 'IANA time zone (or UTC) that decides what "today" is for the office: when a follow-up is overdue',
  })
  @Omittable()
  @IsIanaTimeZone()
  timeZone?: string;
}

/** Name, time zone or both; a field left out stays as it is, a null is refused. */
export class UpdateOfficeDto extends PartialType(CreateOfficeDto, { skipNullProperties: false }) {}

export class OfficeListQueryDto extends PageQueryDto {}

/** An office as other records name it (a user's offices). */
export class OfficeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  static of(o: Pick<Office, 'id' | 'name'>): OfficeDto {
    return { id: o.id, name: o.name };
  }
}

/** An office as the office routes show it. */
export class OfficeDetailDto extends OfficeDto {
  @ApiProperty({ example: DEFAULT_TIME_ZONE, description: 'IANA time zone that decides what "today" is for the office' })
  timeZone: string;

  static detail(o: Pick<Office, 'id' | 'name' | 'timeZone'>): OfficeDetailDto {
    return { id: o.id, name: o.name, timeZone: o.timeZone };
  }
}
