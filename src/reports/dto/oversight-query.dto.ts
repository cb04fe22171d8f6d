import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/http/calendar-date';
import { lower, SingleLine, trim } from '../../common/http/text';

export const REPORT_FORMATS = ['json', 'csv', 'md', 'html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class OversightQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required unless you are an admin (an admin without it gets every office)' })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all')
  officeId?: string;

  @ApiPropertyOptional({ example: 'border_migration', description: 'Only recommendations of this policy area (an unknown code gives an empty report)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'policyArea must not be empty' })
  @MaxLength(40)
  @SingleLine()
  policyArea?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-11-01', description: "The report's date, to the end of that day in the office's time zone (UTC for all offices); default today" })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-10-25', description: 'Changes from the start of this day; default asOf minus 7 days; not after asOf' })
  @IsOptional()
  @IsCalendarDate()
  since?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}
