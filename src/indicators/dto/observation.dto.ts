import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { MultiLine, SingleLine, trim } from '../../common/http/text';
import { IsExactValue, IsPastCalendarDate, MAX_DECIMALS, MAX_DIGITS } from '../observation-value';

export class CreateObservationDto {
  @ApiProperty({
    format: 'date',
    example: '2022-06-01',
    description: 'The date the figure refers to; one observation per indicator and date; not later than today in any time zone',
  })
  @IsPastCalendarDate()
  observedOn: string;

  @ApiProperty({
    example: 106000,
    description: `A JSON number (not a string) of at most ${MAX_DIGITS} digits, at most ${MAX_DECIMALS} after the decimal point; stored exactly`,
  })
  @IsExactValue()
  value: number;

  @ApiPropertyOptional({ type: String, example: 'CDC provisional counts', maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @SingleLine()
  source?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 5000, nullable: true, description: 'How the figure was read or rounded' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @MultiLine()
  note?: string | null;
}
