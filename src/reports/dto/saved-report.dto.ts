import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { lower, SingleLine, trim } from '../../common/http/text';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';
import { OversightQueryDto, REPORT_FORMATS } from './oversight-query.dto';

/** The report's parameters, as for `GET /reports/oversight-status`, and a title to find it by later. */
export class CreateSavedReportDto extends OversightQueryDto {
  @ApiPropertyOptional({ example: 'Weekly status for the Chair', maxLength: 200, description: 'Default: the file name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  @SingleLine()
  title?: string;
}

export class SavedReportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this office's reports" })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all')
  officeId?: string;
}

export class SavedReportParamsDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) officeId: string | null;
  @ApiProperty({ type: String, nullable: true }) policyArea: string | null;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ format: 'date' }) since: string;
  @ApiProperty({ enum: REPORT_FORMATS }) format: string;
}

export class SavedReportOfficeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class SavedReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: SavedReportOfficeDto, nullable: true, description: 'Null for an all-offices report' }) office: SavedReportOfficeDto | null;
  @ApiProperty() title: string;
  @ApiProperty({ enum: REPORT_FORMATS }) format: string;
  @ApiProperty({ type: SavedReportParamsDto, description: 'As resolved when the report was made: defaults filled in' }) params: SavedReportParamsDto;
  @ApiProperty({ example: 'oversight-status-u-s-mexico-working-group-2026-11-23.pdf' }) filename: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty() byteSize: number;
  @ApiProperty({ description: 'SHA-256 of the stored bytes, hex' }) sha256: string;
  @ApiProperty({ type: UserRefDto }) createdBy: UserRefDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ example: '/api/v1/reports/saved/3f0c…/content', description: 'Where the stored bytes are downloaded' }) contentUrl: string;
}
