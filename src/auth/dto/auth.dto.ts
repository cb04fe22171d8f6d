import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, ValidateBy, ValidationOptions } from 'class-validator';
import { lowerTrim, SingleLine } from '../../common/http/text';
import { UserDto } from '../../users/dto/user.dto';

/** At most `max` characters as PostgreSQL counts them (code points), unlike MaxLength. */
function MaxCodePoints(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxCodePoints',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length <= max,
        defaultMessage: () => `$property must be shorter than or equal to ${max} characters`,
      },
    },
    options,
  );
}

export class LoginDto {
  /**
   * Matched case-insensitively: validated as it is looked up and stored (trimmed, lower-cased, which
   * can lengthen it), its length counted in code points as PostgreSQL counts it, and without control
   * characters (PostgreSQL refuses NUL in text).
   */
  @ApiProperty({ example: 'admin@example.org', maxLength: 320 })
  @Transform(lowerTrim)
  @IsString()
  @MinLength(1)
  @MaxCodePoints(320)
  @SingleLine()
  email: string;

  @ApiProperty({ format: 'password', maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class RefreshDto {
  /**
   * Any non-empty string: one that is not a valid refresh token (garbage included) is a bad token,
   * 401 like a forged or spent one, not a malformed request.
   */
  @ApiProperty({ description: 'The refresh token of the last login or refresh; it works once', minLength: 1, maxLength: 2048 })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty()
  accessToken: string;

  @ApiProperty()
  refreshToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
