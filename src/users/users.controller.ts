import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CreateUserDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Auth('admin')
  @ApiOperation({ summary: 'List users' })
  @ApiOkResponse({ type: PageDto(UserDto) })
  list(@Query() q: UserListQueryDto) {
    return this.users.list(q);
  }

  @Get(':id')
  @Auth('admin')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id', UuidParam) id: string) {
    return this.users.get(id);
  }

  @Post()
  @HttpCode(201)
  @Auth('admin')
  @ApiOperation({ summary: 'Create a user (password of at least 12 characters)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'The e-mail is taken', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'An office id does not exist', type: ErrorResponseDto })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @Auth('admin')
  @ApiOperation({
    summary: 'Change a user: name, role, active flag, offices or password',
    description: 'Deactivating a user or setting a password ends their sessions at once.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown office id, or the last active admin would be lost', type: ErrorResponseDto })
  update(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
