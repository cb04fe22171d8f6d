import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CreateOfficeDto, OfficeDetailDto, OfficeListQueryDto, UpdateOfficeDto } from './dto/office.dto';
import { OfficesService } from './offices.service';

@ApiTags('offices')
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'List offices: every office for admins, your own for everyone else' })
  @ApiOkResponse({ type: PageDto(OfficeDetailDto) })
  list(@CurrentUser() user: AuthUser, @Query() q: OfficeListQueryDto) {
    return this.offices.list(user, q);
  }

  @Get(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One office you belong to (any office for admins)' })
  @ApiOkResponse({ type: OfficeDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.offices.get(user, id);
  }

  @Post()
  @HttpCode(201)
  @Auth('admin')
  @ApiOperation({ summary: 'Create an office (time zone America/New_York unless given)' })
  @ApiCreatedResponse({ type: OfficeDetailDto })
  @ApiConflictResponse({ description: 'An office with this name exists', type: ErrorResponseDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOfficeDto) {
    return this.offices.create(user, dto);
  }

  @Patch(':id')
  @Auth('admin')
  @ApiOperation({ summary: 'Rename an office or change its time zone' })
  @ApiOkResponse({ type: OfficeDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'An office with this name exists', type: ErrorResponseDto })
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateOfficeDto) {
    return this.offices.update(user, id, dto);
  }
}
