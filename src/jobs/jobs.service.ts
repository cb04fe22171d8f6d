import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** A recurring background job: a pg-boss queue, its cron schedule and what one run does. */
export interface JobDefinition {
  queue: string;
  /** Five-field cron expression, UTC. */
  cron: string;
  /** One run. It must be idempotent: pg-boss delivers at least once, and a run may repeat. */
  run: () => Promise<unknown>;
  /** A run still active after this long is failed (and retried) by pg-boss. */
  expireInSeconds: number;
  /** Besides the schedule, run once this many seconds after the process starts. */
  runAfterStartSeconds?: number;
  /** False: the job is off in this configuration; a schedule left by an earlier one is removed. */
  enabled?: boolean;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/**
 * Owns the pg-boss instance: its own small pool on the application's database, its `pgboss` schema
 * (installed and migrated by pg-boss itself), the queues, schedules and workers of the jobs features
 * register. pg-boss keeps schedules and jobs in PostgreSQL, so several processes on one database
 * share them: a scheduled occurrence becomes one job, and each job is claimed by one worker.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly definitions = new Map<string, JobDefinition>();
  private boss?: PgBoss;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** Called by features while the application initialises (onModuleInit), before the queue starts. */
  register(definition: JobDefinition): void {
    if (this.boss) throw new Error(`Job ${definition.queue} registered after the job queue started`);
    this.definitions.set(definition.queue, definition);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.JOBS_ENABLED || this.definitions.size === 0) return;
    // The same database as the application's pool (DATABASE_URL, or the embedded server's URL).
    const options = this.db.options;
    const url = 'url' in options ? options.url : undefined;
    if (!url) throw new Error('The job queue needs the database URL');
    const boss = new PgBoss({
      connectionString: url,
      max: this.config.JOBS_POOL_SIZE,
      application_name: 'oversight-tracker-jobs',
      connectionTimeoutMillis: 5_000,
    });
    // A lost connection or a failed maintenance pass is reported here; pg-boss retries on its own,
    // so it is logged and never allowed to take the process down.
    boss.on('error', (err) => this.logger.error(`Job queue error: ${err.message}`));
    boss.on('warning', (w) => this.logger.warn(`Job queue warning: ${w.message}`));
    try {
      await boss.start();
      for (const def of this.definitions.values()) {
        if (def.enabled === false) await this.uninstall(boss, def);
        else await this.install(boss, def);
      }
    } catch (err) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw new Error(`The job queue (pg-boss) could not start: ${(err as Error).message}. Set JOBS_ENABLED=false to run without background jobs.`, {
        cause: err,
      });
    }
    this.boss = boss;
    const active = [...this.definitions.values()].filter((d) => d.enabled !== false);
    this.logger.log(`Job queue started: ${active.map((d) => `${d.queue} (${d.cron})`).join(', ')}`);
  }

  /** Stops taking jobs and waits for the running ones, before the application's pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = undefined;
    // pg-boss needs at least a second; half the shutdown budget leaves the rest for HTTP and the pool.
    await boss.stop({ graceful: true, close: true, timeout: Math.max(1_000, Math.floor(this.config.SHUTDOWN_TIMEOUT_MS / 2)) });
  }

  /**
   * Queues one run of a registered job, for any worker of any process to pick up. Answers the job
   * id, or null when the job queue is not running in this process (JOBS_ENABLED=false).
   */
  async send(queue: string): Promise<string | null> {
    const def = this.definitions.get(queue);
    if (!def) throw new Error(`Unknown job ${queue}`);
    if (!this.boss || def.enabled === false) return null;
    return this.boss.send(queue, {});
  }

  /** Queues a run of `queue` when that job is registered and the queue runs; does nothing otherwise. */
  async trigger(queue: string): Promise<void> {
    const def = this.definitions.get(queue);
    if (this.boss && def && def.enabled !== false) await this.boss.send(queue, {});
  }

  /** The state of a job queued with `send`, or null when pg-boss no longer (or never) had it. */
  async stateOf(queue: string, id: string): Promise<JobState | null> {
    if (!this.boss) return null;
    const [job] = await this.boss.findJobs(queue, { id });
    return (job?.state as JobState | undefined) ?? null;
  }

  private async uninstall(boss: PgBoss, def: JobDefinition): Promise<void> {
    // Without this, the schedule of a job switched off would keep queueing runs nobody works.
    if (await boss.getQueue(def.queue)) await boss.unschedule(def.queue);
  }

  private async install(boss: PgBoss, def: JobDefinition): Promise<void> {
    // Creating an existing queue or schedule is a no-op / an update, so every process may do it.
    await boss.createQueue(def.queue, { expireInSeconds: def.expireInSeconds, retryLimit: 2, retryDelay: 30, retryBackoff: true });
    // `missed: once`: after downtime spanning scheduled occurrences, one catch-up run, not one each.
    await boss.schedule(def.queue, def.cron, {}, { missed: 'once' });
    await boss.work(def.queue, async (jobs) => {
      for (const job of jobs) {
        try {
          await def.run();
        } catch (err) {
          this.logger.error(`Job ${def.queue} ${job.id} failed: ${(err as Error).message}`);
          throw err;
        }
      }
    });
    if (def.runAfterStartSeconds !== undefined) {
      await boss.send(def.queue, {}, { startAfter: def.runAfterStartSeconds });
    }
  }
}
