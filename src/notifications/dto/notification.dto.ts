import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { NOTIFICATION_KINDS, NotificationKind } from '../notification.entity';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: unread only; false: read only; left out: all' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty({ example: 'FAL-2022-1 moved from open to in_progress: Hearing scheduled for March' }) message: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) recommendationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) followUpId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the user marked it read; null while unread' })
  readAt: string | null;
}
