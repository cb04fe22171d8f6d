import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, Public } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { UserDto } from '../users/dto/user.dto';
import { AuthService } from './auth.service';
import type { AuthUser } from './auth-user';
import { LoginDto, RefreshDto, TokenPairDto } from './dto/auth.dto';

/** The column that keeps failed logins per address holds this much. */
const ADDRESS_MAX = 64;

/**
 * The client address failed logins are counted by. Behind a trusted proxy it comes from
 * X-Forwarded-For, which can hold any text: cut to what the column holds rather than fail the request.
 */
function clientAddress(req: FastifyRequest): string {
  const ip = req.ip || req.socket?.remoteAddress || 'unknown';
  return ip.length <= ADDRESS_MAX ? ip : ip.slice(0, ADDRESS_MAX);
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or an inactive user', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many recent failures for this account or address', type: ErrorResponseDto })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    return this.auth.login(dto, clientAddress(req));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Trade a refresh token for a new pair; a token works once, and reuse ends the login' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused refresh token, or an inactive user', type: ErrorResponseDto })
  refresh(@Body() dto: RefreshDto) {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Auth('viewer')
  @ApiOperation({ summary: 'End the login the refresh token belongs to; its tokens stop working' })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@CurrentUser() user: AuthUser, @Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(user, dto.refreshToken);
  }

  @Get('me')
  @Auth('viewer')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return UserDto.of(user);
  }
}
