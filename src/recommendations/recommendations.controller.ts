import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { Auth, AuthOnRecord } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ETAG_RESPONSE_HEADER, ifMatchHeader, PRECONDITION_REQUIRED_RESPONSE, versionFromIfMatch, withEtag } from '../common/http/etag';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { ChangeStatusDto, CreateRecommendationDto, HistoryEntryDto, RecommendationDto, UpdateRecommendationDto } from './dto/recommendation.dto';
import { RecommendationListQueryDto } from './dto/recommendation-list-query.dto';
import { RecommendationStatusService } from './recommendation-status.service';
import { RecommendationsService } from './recommendations.service';

const IF_MATCH = ifMatchHeader('recommendation');

@ApiTags('recommendations')
@Controller('recommendations')
export class RecommendationsController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly lifecycle: RecommendationStatusService,
  ) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'List and search recommendations of your offices' })
  @ApiOkResponse({ type: PageDto(RecommendationDto) })
  list(@CurrentUser() user: AuthUser, @Query() q: RecommendationListQueryDto) {
    return this.recommendations.list(user, q);
  }

  @Post()
  @HttpCode(201)
  @AuthOnRecord('staffer')
  @ApiOperation({ summary: 'Create a recommendation (status open, version 1)' })
  @ApiCreatedResponse({ type: RecommendationDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ description: 'The office does not exist or is not yours', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The reference is taken in the office', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'An owner is not an active member, or the parent or source is wrong', type: ErrorResponseDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateRecommendationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.recommendations.create(user, dto));
  }

  @Get(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One recommendation, with its ETag' })
  @ApiOkResponse({ type: RecommendationDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.recommendations.get(user, id));
  }

  @Patch(':id')
  @AuthOnRecord('staffer')
  @ApiOperation({ summary: 'Edit fields (not status or office); needs If-Match' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RecommendationDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The reference is taken in the office', type: ErrorResponseDto })
  @ApiPreconditionFailedResponse({ description: 'Changed since your read', type: ErrorResponseDto })
  @ApiResponse(PRECONDITION_REQUIRED_RESPONSE)
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateRecommendationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.recommendations.update(user, id, versionFromIfMatch(ifMatch), dto));
  }

  @Post(':id/status')
  @HttpCode(200)
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Change the status, with a reason; needs If-Match',
    description:
      'partially_implemented and implemented need evidence of this recommendation cited in evidenceIds; closing (implemented, not_implemented, withdrawn) or reopening needs director or admin; the current status is refused.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RecommendationDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiPreconditionFailedResponse({ description: 'Changed since your read', type: ErrorResponseDto })
  @ApiResponse(PRECONDITION_REQUIRED_RESPONSE)
  @ApiUnprocessableEntityResponse({ description: 'The lifecycle refuses the transition', type: ErrorResponseDto })
  async changeStatus(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: ChangeStatusDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.lifecycle.change(user, id, versionFromIfMatch(ifMatch), dto));
  }

  @Get(':id/history')
  @Auth('viewer')
  @ApiOperation({ summary: 'Status changes and field edits, oldest first (a bare array)' })
  @ApiOkResponse({ type: [HistoryEntryDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  history(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.lifecycle.history(user, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @AuthOnRecord('director')
  @ApiOperation({ summary: 'Delete (soft): gone from lists and reads, kept in the audit log' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'It still has sub-recommendations', type: ErrorResponseDto })
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.recommendations.remove(user, id);
  }
}
