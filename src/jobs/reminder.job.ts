import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobsService } from './jobs.service';
import { FOLLOW_UP_REMINDERS_QUEUE, NOTIFICATION_EMAILS_QUEUE } from './queues';
import { RemindersService } from './reminders.service';

/** Shortly after start rather than at once, so a process that just booted is not also busy with this. */
const FIRST_RUN_AFTER_SECONDS = 10;

/** The reminder job: on REMINDER_CRON and once after start; its e-mails go out right after. */
@Injectable()
export class ReminderJob implements OnModuleInit {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly jobs: JobsService,
    private readonly reminders: RemindersService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      queue: FOLLOW_UP_REMINDERS_QUEUE,
      cron: this.config.REMINDER_CRON,
      expireInSeconds: 300,
      runAfterStartSeconds: FIRST_RUN_AFTER_SECONDS,
      run: () => this.run(),
    });
  }

  async run(): Promise<void> {
    const { dueSoon, overdue } = await this.reminders.run();
    if (dueSoon + overdue > 0) this.logger.log(`Reminders created: ${dueSoon} due soon, ${overdue} overdue`);
    await this.jobs.trigger(NOTIFICATION_EMAILS_QUEUE);
  }
}
