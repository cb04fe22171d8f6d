import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/http/calendar-date';
import { PageQueryDto } from '../../common/http/pagination';
import { Omittable, SingleLine, trim } from '../../common/http/text';
import { SOURCE_KINDS, SourceKind } from '../source-document.entity';

/** Web addresses kept in the tracker: http(s) only, so a link can never run script in a client. */
export const WEB_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export class CreateSourceDto {
  @ApiProperty({ example: 'Six Recommendations for Congress and the Biden Administration', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @SingleLine()
  title: string;

  @ApiPropertyOptional({ type: String, example: 'Wilson Center Mexico Institute', maxLength: 300, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @SingleLine()
  author?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2022-06-01', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  publishedOn?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uri', maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  @IsUrl(WEB_URL, { message: 'url must be an http or https address' })
  url?: string | null;

  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS)
  kind: SourceKind;
}

export class SourceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @Omittable()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;
}

export class SourceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) author: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) publishedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ enum: SOURCE_KINDS }) kind: SourceKind;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
