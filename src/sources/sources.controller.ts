import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CreateSourceDto, SourceDto, SourceListQueryDto } from './dto/source.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'List source documents (shared by all offices)' })
  @ApiOkResponse({ type: PageDto(SourceDto) })
  list(@Query() q: SourceListQueryDto) {
    return this.sources.list(q);
  }

  @Get(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One source document' })
  @ApiOkResponse({ type: SourceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id', UuidParam) id: string) {
    return this.sources.get(id);
  }

  @Post()
  @HttpCode(201)
  @Auth('staffer')
  @ApiOperation({ summary: 'Register a source document' })
  @ApiCreatedResponse({ type: SourceDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSourceDto) {
    return this.sources.create(user, dto);
  }
}
