import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service';
import { ReminderJob } from './reminder.job';
import { RemindersService } from './reminders.service';

/** Background jobs on pg-boss: its lifecycle, and the follow-up reminder job. */
@Module({ providers: [JobsService, RemindersService, ReminderJob], exports: [JobsService, RemindersService] })
export class JobsModule {}
