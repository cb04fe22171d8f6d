import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { RecommendationDto } from '../recommendations/dto/recommendation.dto';
import { ApplySavedViewQueryDto, CreateSavedViewDto, SavedViewDto, SavedViewListQueryDto, UpdateSavedViewDto } from './dto/saved-view.dto';
import { SavedViewsService } from './saved-views.service';

const NOT_YOURS = { description: 'No such view among yours (another user’s views are never shown, whatever the role)', type: ErrorResponseDto };
const NAME_TAKEN = { description: 'You already have a view of this name (regardless of case)', type: ErrorResponseDto };
const BAD_INPUT = { description: 'Invalid input; a refused filter is named filters.<field>', type: ErrorResponseDto };

/** Every signed-in user keeps their own views: the guard's sign-in check is the whole role rule, ownership is checked in the service. */
@ApiTags('saved-views')
@Controller('saved-views')
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'Your saved views (sort name, createdAt or updatedAt; name by default)' })
  @ApiOkResponse({ type: PageDto(SavedViewDto) })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  list(@CurrentUser() user: AuthUser, @Query() q: SavedViewListQueryDto) {
    return this.views.list(user, q);
  }

  @Post()
  @HttpCode(201)
  @Auth('viewer')
  @ApiOperation({ summary: 'Save a named filter set for the recommendation list' })
  @ApiCreatedResponse({ type: SavedViewDto })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiConflictResponse(NAME_TAKEN)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSavedViewDto) {
    return this.views.create(user, dto);
  }

  @Get(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One of your saved views' })
  @ApiOkResponse({ type: SavedViewDto })
  @ApiBadRequestResponse({ description: 'Malformed id', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_YOURS)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.views.get(user, id);
  }

  @Patch(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'Rename a view or replace its filters (filters replaces the whole set)' })
  @ApiOkResponse({ type: SavedViewDto })
  @ApiBadRequestResponse({ description: 'No field sent, a null, or an invalid field; a refused filter is named filters.<field>', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_YOURS)
  @ApiConflictResponse(NAME_TAKEN)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateSavedViewDto) {
    return this.views.update(user, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Auth('viewer')
  @ApiOperation({ summary: 'Delete one of your saved views' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'Malformed id', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_YOURS)
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.views.remove(user, id);
  }

  @Get(':id/recommendations')
  @Auth('viewer')
  @ApiOperation({ summary: 'The recommendation list with the view’s filters applied, as GET /recommendations would answer them' })
  @ApiOkResponse({ type: PageDto(RecommendationDto) })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_YOURS)
  apply(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ApplySavedViewQueryDto) {
    return this.views.apply(user, id, q);
  }
}
