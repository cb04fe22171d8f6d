import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { Omittable } from '../../common/http/text';
import { UserRefDto } from '../../recommendations/dto/recommendation.dto';

const INSTANT = 'A date (YYYY-MM-DD, the whole day) or an ISO 8601 timestamp';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'recommendation', description: 'user, office, session, source, recommendation, evidence, comment …' })
  @Omittable()
  @IsString()
  @Matches(/^[a-z_]{1,64}$/, { message: 'entityType must be lower-case letters and underscores' })
  entityType?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only events of this office' })
  @Omittable()
  @IsUUID('all')
  officeId?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: `${INSTANT}; events at or after it` })
  @Omittable()
  @IsISO8601({ strict: true }, { message: 'from must be a date or an ISO 8601 timestamp' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: `${INSTANT}; events at or before it (a date includes its whole day)` })
  @Omittable()
  @IsISO8601({ strict: true }, { message: 'to must be a date or an ISO 8601 timestamp' })
  to?: string;
}

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Insertion order' }) seq: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Null for the system (seeding, first start)' }) actor: UserRefDto | null;
  @ApiProperty({ example: 'recommendation.status_change' }) action: string;
  @ApiProperty({ example: 'recommendation' }) entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) officeId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Hash of the previous event of the same office' }) prevHash: string | null;
  @ApiProperty({ description: 'SHA-256 of this event’s canonical content and prevHash' }) hash: string;
}

export class AuditVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Events examined; on a break, up to and including the broken one' }) checked: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) firstBrokenId: string | null;
}
