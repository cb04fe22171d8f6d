import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth, AuthOnRecord } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CommentsService } from './comments.service';
import { CommentDto, CommentListQueryDto, CreateCommentDto } from './dto/comment.dto';

@ApiTags('comments')
@Controller('recommendations/:id/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'The discussion of a recommendation, oldest first by default' })
  @ApiOkResponse({ type: PageDto(CommentDto) })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: CommentListQueryDto) {
    return this.comments.list(user, id, q);
  }

  @Post()
  @HttpCode(201)
  @AuthOnRecord('staffer')
  @ApiOperation({ summary: 'Comment on a recommendation' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateCommentDto) {
    return this.comments.create(user, id, dto);
  }
}
