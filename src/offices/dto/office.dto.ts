import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { SingleLine, trim } from '../../common/http/text';
import type { Office } from '../office.entity';

export class CreateOfficeDto {
  @ApiProperty({ example: 'House Foreign Affairs — Western Hemisphere staff', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name: string;
}

export class UpdateOfficeDto extends CreateOfficeDto {}

export class OfficeListQueryDto extends PageQueryDto {}

export class OfficeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  static of(o: Pick<Office, 'id' | 'name'>): OfficeDto {
    return { id: o.id, name: o.name };
  }
}
