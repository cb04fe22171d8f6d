import { Global, Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { NotificationEmailsService } from './notification-emails.service';
import { NotificationMailer } from './notification-mailer';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/**
 * Global: every feature that causes a notification records it in its own transaction. Brings in the
 * job queue, which creates the time-based notifications and sends the e-mails.
 */
@Global()
@Module({
  imports: [JobsModule],
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationMailer, NotificationEmailsService],
  exports: [NotificationsService, NotificationEmailsService],
})
export class NotificationsModule {}
