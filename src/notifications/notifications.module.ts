import { Global, Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

/** Global: every feature that causes a notification records it in its own transaction. */
@Global()
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
