import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ErrorResponseDto } from '../../../common/http/error-response.dto';
import { RecommendationListQueryDto } from '../../dto/recommendation-list-query.dto';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The list's filters and sort, for one office, without paging: the export holds every match. */
export class ExportCsvQueryDto extends OmitType(RecommendationListQueryDto, ['officeId', 'page', 'pageSize'] as const) {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  officeId: string;
}

export class ImportCsvQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The office the rows belong to; references are matched within it' })
  @IsUUID('all')
  officeId: string;

  @ApiPropertyOptional({ type: Boolean, default: true, description: 'true: report what would happen and write nothing' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun: boolean = true;
}

export const ROW_OUTCOMES = ['created', 'updated', 'unchanged', 'error'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export class ImportFieldErrorDto {
  @ApiProperty({ type: String, nullable: true, example: 'owners', description: 'The column at fault; null when the row as a whole is' })
  field: string | null;

  @ApiProperty({ example: 'nobody@example.org is not an active member of the office' })
  message: string;
}

export class ImportRowDto {
  @ApiProperty({ description: 'The line of the file the row starts on (the header is line 1)', example: 2 })
  line: number;

  @ApiProperty({ example: 'FAL-2022-1.1', description: 'The reference as written in the row' })
  reference: string;

  @ApiProperty({ enum: ROW_OUTCOMES })
  outcome: RowOutcome;

  @ApiPropertyOptional({ type: [String], example: ['title'], description: 'updated rows: the columns whose values change' })
  changes?: string[];

  @ApiPropertyOptional({ type: [ImportFieldErrorDto], description: 'error rows: what is wrong' })
  errors?: ImportFieldErrorDto[];
}

export class ImportSummaryDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() errors: number;
}

export class ImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'true when the rows were written' }) applied: boolean;
  @ApiProperty({ type: ImportSummaryDto }) summary: ImportSummaryDto;
  @ApiProperty({ type: [ImportRowDto], description: 'One per data row, in file order' }) rows: ImportRowDto[];
}

export class ImportFailedResponseDto extends ErrorResponseDto {
  @ApiProperty({ type: ImportSummaryDto }) summary: ImportSummaryDto;
  @ApiProperty({ type: [ImportRowDto] }) rows: ImportRowDto[];
}
