import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/http/calendar-date';
import { PageQueryDto } from '../../common/http/pagination';
import { MultiLine, Omittable, SingleLine, trim } from '../../common/http/text';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';
import { WEB_URL } from '../../sources/dto/source.dto';
import { ATTACHMENT_TYPES } from '../attachment-type';
import { EVIDENCE_KINDS, EvidenceKind } from '../evidence.entity';

export class CreateEvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @ApiProperty({ example: 'DHS terminates the Migrant Protection Protocols', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @SingleLine()
  title: string;

  @ApiPropertyOptional({ type: String, maxLength: 20000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(20000)
  @MultiLine()
  summary?: string | null;

  @ApiProperty({ format: 'date', example: '2021-06-01', description: 'When it happened' })
  @IsCalendarDate()
  occurredOn: string;

  @ApiPropertyOptional({ type: String, format: 'uri', maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  @IsUrl(WEB_URL, { message: 'url must be an http or https address' })
  url?: string | null;
}

export class EvidenceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EVIDENCE_KINDS })
  @Omittable()
  @IsIn(EVIDENCE_KINDS)
  kind?: EvidenceKind;
}

export class AttachmentDto {
  @ApiProperty({ example: 'hearing-transcript.pdf' }) filename: string;
  @ApiProperty({ enum: ATTACHMENT_TYPES, description: 'Decided from the bytes of the file' }) contentType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) sha256: string;
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: EvidenceKind;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) summary: string | null;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ type: AttachmentDto, nullable: true }) attachment: AttachmentDto | null;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Null for seeded evidence' }) createdBy: UserRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
