import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { NotificationDto, NotificationListQueryDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: "The caller's own notifications, newest first" })
  @ApiOkResponse({ type: PageDto(NotificationDto) })
  list(@CurrentUser() user: AuthUser, @Query() q: NotificationListQueryDto) {
    return this.notifications.list(user, q);
  }

  @Post('read-all')
  @HttpCode(204)
  @Auth('viewer')
  @ApiOperation({ summary: "Mark all the caller's unread notifications read" })
  @ApiNoContentResponse({ description: 'All read' })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(204)
  @Auth('viewer')
  @ApiOperation({ summary: 'Mark one of the caller\'s notifications read (again: no change)' })
  @ApiNoContentResponse({ description: 'Read' })
  @ApiNotFoundResponse({ description: 'Unknown, or another user\'s', type: ErrorResponseDto })
  read(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.notifications.markRead(user, id);
  }
}
