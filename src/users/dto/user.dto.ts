import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { lowerTrim, Omittable, SingleLine, trim } from '../../common/http/text';
import { OfficeDto } from '../../offices/dto/office.dto';
import { Role, ROLES } from '../role';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export class CreateUserDto {
  /** validator's isEmail already caps the address at 64 + 1 + 254 characters. */
  @ApiProperty({ example: 'ana.ruiz@mail.house.gov', maxLength: 320 })
  @Transform(lowerTrim)
  @IsEmail()
  email: string;

  @ApiProperty({ example: 'Ana Ruiz', minLength: 1, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @SingleLine()
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password' })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  password: string;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  officeIds: string[];
}

/** Every field but the e-mail address may change; a field left out stays, a null is refused. */
export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  active?: boolean;
}

export class UserListQueryDto extends PageQueryDto {}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: [OfficeDto] })
  offices: OfficeDto[];

  static of(u: { id: string; email: string; name: string; role: Role; active: boolean; offices: { id: string; name: string }[] }): UserDto {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      active: u.active,
      offices: [...u.offices].sort((a, b) => a.name.localeCompare(b.name)).map(OfficeDto.of),
    };
  }
}
