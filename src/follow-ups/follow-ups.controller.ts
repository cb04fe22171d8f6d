import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
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
import { CreateFollowUpDto, FollowUpDto, UpdateFollowUpDto } from './dto/follow-up.dto';
import { FollowUpListQueryDto } from './dto/follow-up-list-query.dto';
import { FollowUpsService } from './follow-ups.service';

const IF_MATCH = ifMatchHeader('follow-up');
const BAD_ASSIGNEE = { description: 'The assignee is not an active member of the office, or is a viewer', type: ErrorResponseDto };

@ApiTags('follow-ups')
@Controller()
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Post('recommendations/:id/follow-ups')
  @HttpCode(201)
  @AuthOnRecord('staffer')
  @ApiOperation({ summary: 'Assign a follow-up on a recommendation (status open, version 1); the assignee is notified' })
  @ApiCreatedResponse({ type: FollowUpDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ description: 'The recommendation does not exist or is not of your offices', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse(BAD_ASSIGNEE)
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Body() dto: CreateFollowUpDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.followUps.create(user, id, dto));
  }

  @Get('follow-ups')
  @Auth('viewer')
  @ApiOperation({
    summary: 'List follow-ups of your offices',
    description:
      'sort: dueOn (default), createdAt, updatedAt, priority (ascending: high, medium, low) or status (ascending: open, in_progress, done, cancelled); -field for descending. Ties go to the earliest due.',
  })
  @ApiOkResponse({ type: PageDto(FollowUpDto) })
  list(@CurrentUser() user: AuthUser, @Query() q: FollowUpListQueryDto) {
    return this.followUps.list(user, q);
  }

  @Get('follow-ups/:id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One follow-up, with its ETag' })
  @ApiOkResponse({ type: FollowUpDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.followUps.get(user, id));
  }

  @Patch('follow-ups/:id')
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Edit or move a follow-up; needs If-Match',
    description:
      'Staffers may edit only follow-ups assigned to them or created by them; directors and admins any of their offices. status done sets completedAt, any other status clears it. A new assignee is notified.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: FollowUpDto, headers: ETAG_RESPONSE_HEADER })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiPreconditionFailedResponse({ description: 'Changed since your read', type: ErrorResponseDto })
  @ApiResponse(PRECONDITION_REQUIRED_RESPONSE)
  @ApiUnprocessableEntityResponse(BAD_ASSIGNEE)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateFollowUpDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.followUps.update(user, id, versionFromIfMatch(ifMatch), dto));
  }
}
