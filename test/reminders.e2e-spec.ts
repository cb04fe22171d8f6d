import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedDatabase } from '../src/database/embedded-database';
import { embeddedConnectionLimit } from '../src/database/open-database';
import { FollowUp, FollowUpStatus } from '../src/follow-ups/follow-up.entity';
import { JobsService, JobState } from '../src/jobs/jobs.service';
import { FOLLOW_UP_REMINDERS_QUEUE } from '../src/jobs/queues';
import { RemindersService } from '../src/jobs/reminders.service';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { User } from '../src/users/user.entity';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

// Far apart: 25 hours between them, so their calendars always differ by one or two days.
const EARLIEST_ZONE = 'Pacific/Kiritimati'; // UTC+14
const LATEST_ZONE = 'Pacific/Pago_Pago'; // UTC-11

interface ReminderRow {
  followUpId: string;
  kind: string;
  userId: string;
  recommendationId: string;
  message: string;
}

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The helpers every describe needs, on a given application. */
function helpers(t: () => TestApp) {
  return {
    async officeIn(timeZone: string): Promise<Office> {
      const office = await t().factories.office();
      await t().db.query('UPDATE offices SET time_zone = $2 WHERE id = $1', [office.id, timeZone]);
      return { ...office, timeZone };
    },
    /** "Today" as PostgreSQL sees it in that zone: the same clock the job uses. */
    async todayIn(timeZone: string): Promise<string> {
      const [row] = (await t().db.query('SELECT (now() AT TIME ZONE $1)::date::text AS d', [timeZone])) as { d: string }[];
      return row.d;
    },
    async followUp(rec: Recommendation, assignee: User, dueOn: string, status: FollowUpStatus = 'open'): Promise<FollowUp> {
      return t()
        .db.getRepository(FollowUp)
        .save({
          recommendationId: rec.id,
          officeId: rec.officeId,
          title: t().factories.unique('Ask USTR for the labor case docket'),
          assigneeId: assignee.id,
          dueOn,
          status,
          completedAt: status === 'done' ? new Date() : null,
        });
    },
    async remindersOf(followUps: FollowUp[]): Promise<ReminderRow[]> {
      return (await t().db.query(
        `SELECT follow_up_id AS "followUpId", kind, user_id AS "userId", recommendation_id AS "recommendationId", message
           FROM notifications WHERE follow_up_id = ANY($1::uuid[]) ORDER BY follow_up_id, kind`,
        [followUps.map((f) => f.id)],
      )) as ReminderRow[];
    },
  };
}

const byFollowUp = (a: ReminderRow, b: ReminderRow) => a.followUpId.localeCompare(b.followUpId) || a.kind.localeCompare(b.kind);

async function waitForJobs(jobs: JobsService, ids: (string | null)[], timeoutMs = 60_000): Promise<(JobState | null)[]> {
  const deadline = Date.now() + timeoutMs;
  let states: (JobState | null)[] = [];
  while (Date.now() < deadline) {
    states = await Promise.all(ids.map((id) => jobs.stateOf(FOLLOW_UP_REMINDERS_QUEUE, id!)));
    if (states.every((s) => s === 'completed' || s === 'failed')) return states;
    await new Promise((r) => setTimeout(r, 250));
  }
  return states;
}

describe('follow-up reminders (on a database of their own)', () => {
  // A database of its own: a run covers every follow-up there is, so the shared one would get
  // reminders for other test files' follow-ups.
  let database: FreshDatabase;
  let t: TestApp;
  const h = helpers(() => t);

  beforeAll(async () => {
    database = await createFreshDatabase();
    t = await startTestApp({}, database.url);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  }, 60_000);

  const run = () => t.app.get(RemindersService).run();

  it("creates due-soon and overdue reminders on each office's own calendar", async () => {
    const early = await h.officeIn(EARLIEST_ZONE);
    const late = await h.officeIn(LATEST_ZONE);
    const earlyUser = await t.factories.user({ offices: [early] });
    const lateUser = await t.factories.user({ offices: [late] });
    const earlyRec = await t.factories.recommendation(early);
    const lateRec = await t.factories.recommendation(late);
    const earlyToday = await h.todayIn(EARLIEST_ZONE);
    const lateToday = await h.todayIn(LATEST_ZONE);

    const overdue = await h.followUp(earlyRec, earlyUser, addDays(earlyToday, -1));
    const dueToday = await h.followUp(earlyRec, earlyUser, earlyToday);
    const dueInTwoDays = await h.followUp(earlyRec, earlyUser, addDays(earlyToday, 2));
    const notYet = await h.followUp(earlyRec, earlyUser, addDays(earlyToday, 3));
    // Yesterday in the earliest zone is today or tomorrow in the latest one: not overdue there.
    const sameDateLate = await h.followUp(lateRec, lateUser, addDays(earlyToday, -1));
    const lateOverdue = await h.followUp(lateRec, lateUser, addDays(lateToday, -1));

    await run();

    const reminder = (f: FollowUp, rec: Recommendation, user: User, kind: string, message: string): ReminderRow => ({
      followUpId: f.id,
      kind,
      userId: user.id,
      recommendationId: rec.id,
      message,
    });
    const lateWhen = sameDateLate.dueOn === lateToday ? 'today' : 'tomorrow';
    expect(await h.remindersOf([overdue, dueToday, dueInTwoDays, notYet, sameDateLate, lateOverdue])).toEqual(
      [
        reminder(overdue, earlyRec, earlyUser, 'follow_up_overdue', `Follow-up "${overdue.title}" on ${earlyRec.reference} is overdue: it was due ${overdue.dueOn}`),
        reminder(dueToday, earlyRec, earlyUser, 'follow_up_due_soon', `Follow-up "${dueToday.title}" on ${earlyRec.reference} is due today (${dueToday.dueOn})`),
        reminder(dueInTwoDays, earlyRec, earlyUser, 'follow_up_due_soon', `Follow-up "${dueInTwoDays.title}" on ${earlyRec.reference} is due in 2 days (${dueInTwoDays.dueOn})`),
        reminder(sameDateLate, lateRec, lateUser, 'follow_up_due_soon', `Follow-up "${sameDateLate.title}" on ${lateRec.reference} is due ${lateWhen} (${sameDateLate.dueOn})`),
        reminder(lateOverdue, lateRec, lateUser, 'follow_up_overdue', `Follow-up "${lateOverdue.title}" on ${lateRec.reference} is overdue: it was due ${lateOverdue.dueOn}`),
      ].sort(byFollowUp),
    );
    // In-app, through the assignee's own list.
    const signedIn = await t.factories.login(earlyUser);
    const listed = await t.http().get('/api/v1/notifications').query({ unread: 'true' }).set('Authorization', signedIn.auth).expect(200);
    expect(listed.body.total).toBe(3);
    expect(listed.body.items).toContainEqual({
      id: expect.any(String),
      kind: 'follow_up_overdue',
      message: `Follow-up "${overdue.title}" on ${earlyRec.reference} is overdue: it was due ${overdue.dueOn}`,
      recommendationId: earlyRec.id,
      followUpId: overdue.id,
      createdAt: expect.any(String),
      readAt: null,
    });
  });

  it('gives nothing for done or cancelled follow-ups, inactive assignees, deleted recommendations or assignees who left the office', async () => {
    const office = await h.officeIn('America/New_York');
    const today = await h.todayIn('America/New_York');
    const member = await t.factories.user({ offices: [office] });
    const inactive = await t.factories.user({ offices: [office], active: false });
    const leaver = await t.factories.user({ offices: [await t.factories.office()] });
    const adminElsewhere = await t.factories.user({ role: 'admin' });
    const rec = await t.factories.recommendation(office);
    const deletedRec = await t.factories.recommendation(office);
    await t.db.query('UPDATE recommendations SET deleted_at = now() WHERE id = $1', [deletedRec.id]);

    const silent = [
      await h.followUp(rec, member, addDays(today, -3), 'done'),
      await h.followUp(rec, member, today, 'cancelled'),
      await h.followUp(rec, inactive, addDays(today, -1)),
      await h.followUp(deletedRec, member, today),
      await h.followUp(rec, leaver, addDays(today, -1)),
    ];
    const inProgress = await h.followUp(rec, member, addDays(today, 1), 'in_progress');
    const admins = await h.followUp(rec, adminElsewhere, addDays(today, -2));

    await run();

    expect(await h.remindersOf(silent)).toEqual([]);
    expect((await h.remindersOf([inProgress, admins])).map((r) => [r.followUpId, r.kind])).toEqual(
      [
        [inProgress.id, 'follow_up_due_soon'],
        [admins.id, 'follow_up_overdue'],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
  });

  it('creates each reminder once however many runs there are, at once or one after another', async () => {
    const office = await h.officeIn('Europe/Madrid');
    const today = await h.todayIn('Europe/Madrid');
    const member = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    const followUps = [];
    for (let i = 0; i < 10; i++) followUps.push(await h.followUp(rec, member, addDays(today, i % 2 === 0 ? -1 - i : i % 3)));

    await Promise.all(Array.from({ length: 6 }, () => run()));
    await run();
    await run();

    const rows = await h.remindersOf(followUps);
    expect(rows).toHaveLength(10);
    expect(new Set(rows.map((r) => r.followUpId)).size).toBe(10);
  });

  it('creates the overdue reminder too when a due-soon follow-up falls overdue, still once each', async () => {
    const office = await h.officeIn('UTC');
    const today = await h.todayIn('UTC');
    const member = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    const f = await h.followUp(rec, member, today);
    await run();
    // The date passes: the same follow-up, now due yesterday.
    await t.db.query('UPDATE follow_ups SET due_on = $2 WHERE id = $1', [f.id, addDays(today, -1)]);
    await run();
    await run();
    expect((await h.remindersOf([f])).map((r) => r.kind)).toEqual(['follow_up_due_soon', 'follow_up_overdue']);
  });

  it('reminds again, once, a follow-up given to someone else or moved to a later date', async () => {
    const office = await h.officeIn('UTC');
    const today = await h.todayIn('UTC');
    const first = await t.factories.user({ offices: [office] });
    const second = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    const f = await h.followUp(rec, first, addDays(today, -2));
    await run();
    // Reassigned: the new assignee is told it is overdue; the first is not told again.
    await t.db.query('UPDATE follow_ups SET assignee_id = $2 WHERE id = $1', [f.id, second.id]);
    await run();
    await run();
    // Moved to tomorrow: due soon for the new date, once.
    await t.db.query('UPDATE follow_ups SET due_on = $2 WHERE id = $1', [f.id, addDays(today, 1)]);
    await run();
    await run();
    const rows = (await t.db.query(
      `SELECT user_id AS "userId", kind, reminder_due_on::text AS "dueOn" FROM notifications WHERE follow_up_id = $1 ORDER BY created_at, kind`,
      [f.id],
    )) as { userId: string; kind: string; dueOn: string }[];
    expect(rows).toEqual([
      { userId: first.id, kind: 'follow_up_overdue', dueOn: addDays(today, -2) },
      { userId: second.id, kind: 'follow_up_overdue', dueOn: addDays(today, -2) },
      { userId: second.id, kind: 'follow_up_due_soon', dueOn: addDays(today, 1) },
    ]);
  });

  it('keeps the process up while the database is unreachable, and catches up once it is back', async () => {
    const target = new URL(database.url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const viaProxy = await startTestApp({ JOBS_ENABLED: 'true' }, proxy.urlFor(database.url));
    try {
      const office = await h.officeIn('America/Los_Angeles');
      const member = await t.factories.user({ offices: [office] });
      const rec = await t.factories.recommendation(office);
      proxy.cut();
      // Created while the job queue cannot reach the database: reminded once it can again.
      const f = await h.followUp(rec, member, addDays(await h.todayIn('America/Los_Angeles'), -1));
      // Long enough for pg-boss's workers and maintenance to fail a few times (logged, not thrown).
      await new Promise((r) => setTimeout(r, 5_000));
      proxy.restore();

      const jobs = viaProxy.app.get(JobsService);
      let id: string | null = null;
      const deadline = Date.now() + 20_000;
      while (id === null && Date.now() < deadline) {
        id = await jobs.send(FOLLOW_UP_REMINDERS_QUEUE).catch(() => null);
        if (id === null) await new Promise((r) => setTimeout(r, 250));
      }
      expect(await waitForJobs(jobs, [id])).toEqual(['completed']);
      expect((await h.remindersOf([f])).map((r) => r.kind)).toEqual(['follow_up_overdue']);
    } finally {
      proxy.restore();
      await viaProxy.close();
      await proxy.stop();
    }
  }, 90_000);

  describe('with two application instances, each with its own pool and pg-boss', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      [a, b] = await Promise.all([startTestApp({ JOBS_ENABLED: 'true' }, database.url), startTestApp({ JOBS_ENABLED: 'true' }, database.url)]);
    }, 60_000);
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    }, 60_000);

    it('installs the schedule once, on REMINDER_CRON', async () => {
      const schedules = (await t.db.query(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [FOLLOW_UP_REMINDERS_QUEUE])) as unknown[];
      expect(schedules).toEqual([{ name: FOLLOW_UP_REMINDERS_QUEUE, cron: '*/5 * * * *' }]);
    });

    it('creates exactly one reminder per follow-up and kind when both run the job at once, through pg-boss and directly', async () => {
      const office = await h.officeIn('America/Chicago');
      const today = await h.todayIn('America/Chicago');
      const member = await t.factories.user({ offices: [office] });
      const rec = await t.factories.recommendation(office);
      const followUps: FollowUp[] = [];
      for (let i = 0; i < 20; i++) followUps.push(await h.followUp(rec, member, addDays(today, i < 10 ? -1 - i : i % 3)));

      const [ids] = await Promise.all([
        Promise.all(Array.from({ length: 4 }, () => [a.app.get(JobsService).send(FOLLOW_UP_REMINDERS_QUEUE), b.app.get(JobsService).send(FOLLOW_UP_REMINDERS_QUEUE)]).flat()),
        Promise.all(Array.from({ length: 3 }, () => [a.app.get(RemindersService).run(), b.app.get(RemindersService).run()]).flat()),
      ]);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect(await waitForJobs(a.app.get(JobsService), ids)).toEqual(ids.map(() => 'completed'));

      const rows = await h.remindersOf(followUps);
      expect(rows.filter((r) => r.kind === 'follow_up_overdue')).toHaveLength(10);
      expect(rows.filter((r) => r.kind === 'follow_up_due_soon')).toHaveLength(10);
      expect(new Set(rows.map((r) => r.followUpId)).size).toBe(20);
    }, 90_000);

    it('and with a second operating-system process doing the same at the same time', async () => {
      const office = await h.officeIn('Asia/Tokyo');
      const today = await h.todayIn('Asia/Tokyo');
      const member = await t.factories.user({ offices: [office] });
      const rec = await t.factories.recommendation(office);
      const followUps: FollowUp[] = [];
      for (let i = 0; i < 20; i++) followUps.push(await h.followUp(rec, member, addDays(today, i < 10 ? -2 - i : i % 3)));

      const child = startReminderProcess(database.url, 4);
      await child.ready;
      child.go();
      const [ids] = await Promise.all([
        Promise.all(Array.from({ length: 4 }, () => [a.app.get(JobsService).send(FOLLOW_UP_REMINDERS_QUEUE), b.app.get(JobsService).send(FOLLOW_UP_REMINDERS_QUEUE)]).flat()),
        Promise.all(Array.from({ length: 3 }, () => [a.app.get(RemindersService).run(), b.app.get(RemindersService).run()]).flat()),
      ]);
      const [states, childResult] = await Promise.all([waitForJobs(b.app.get(JobsService), ids), child.done]);
      expect(states).toEqual(ids.map(() => 'completed'));
      expect(childResult).toEqual({ code: 0, states: ['completed', 'completed', 'completed', 'completed'] });

      const rows = await h.remindersOf(followUps);
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => `${r.followUpId}:${r.kind}`)).size).toBe(20);
    }, 120_000);
  });
});

describe('follow-up reminders on the embedded database', () => {
  it('starts pg-boss and runs the reminder job on PGlite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oversight-jobs-'));
    const env = { JOBS_ENABLED: 'true', DB_POOL_SIZE: '4' };
    const embedded = await startEmbeddedDatabase(dir, embeddedConnectionLimit(loadConfig(env)));
    let t: TestApp | undefined;
    try {
      const migrator = new DataSource(dataSourceOptions({ url: embedded.url, poolSize: 1 }));
      await migrator.initialize();
      await migrator.runMigrations({ transaction: 'each' });
      await migrator.destroy();

      t = await startTestApp(env, embedded.url);
      const app = t;
      const h = helpers(() => app);
      const office = await h.officeIn('Australia/Sydney');
      const today = await h.todayIn('Australia/Sydney');
      const member = await t.factories.user({ offices: [office] });
      const rec = await t.factories.recommendation(office);
      const overdue = await h.followUp(rec, member, addDays(today, -1));
      const dueSoon = await h.followUp(rec, member, addDays(today, 1));

      const jobs = t.app.get(JobsService);
      const ids = [await jobs.send(FOLLOW_UP_REMINDERS_QUEUE), await jobs.send(FOLLOW_UP_REMINDERS_QUEUE)];
      expect(await waitForJobs(jobs, ids)).toEqual(['completed', 'completed']);
      expect((await h.remindersOf([overdue, dueSoon])).map((r) => [r.followUpId, r.kind])).toEqual(
        [
          [overdue.id, 'follow_up_overdue'],
          [dueSoon.id, 'follow_up_due_soon'],
        ].sort((x, y) => x[0].localeCompare(y[0])),
      );
    } finally {
      await t?.close();
      await embedded.stop();
    }
  }, 180_000);
});

/*
 * The second OS process: the application's own modules, compiled on the fly by swc as jest does,
 * booted as an application context with jobs on. It prints "ready", waits for a line on stdin, then
 * queues `runs` reminder jobs through its own pg-boss and makes as many direct runs at once, waits
 * for its jobs and prints their states as JSON.
 */
const CHILD_PROGRAM = String.raw`
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const swc = require('@swc/core');
const root = process.env.APP_ROOT;
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
require.extensions['.ts'] = (module, filename) => {
  module._compile(swc.transformSync(readFileSync(filename, 'utf8'), { ...swcrc, filename, swcrc: false }).code, filename);
};
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require(join(root, 'src/app.module.ts'));
const { loadConfig } = require(join(root, 'src/config/app-config.ts'));
const { dataSourceOptions } = require(join(root, 'src/database/data-source-options.ts'));
const { JobsService } = require(join(root, 'src/jobs/jobs.service.ts'));
const { RemindersService } = require(join(root, 'src/jobs/reminders.service.ts'));
const { FOLLOW_UP_REMINDERS_QUEUE } = require(join(root, 'src/jobs/queues.ts'));

(async () => {
  const [url, runs] = [process.env.CHILD_DATABASE_URL, Number(process.env.CHILD_RUNS)];
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MIGRATIONS_RUN: 'false', DB_POOL_SIZE: '4', JOBS_ENABLED: 'true' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, dataSourceOptions({ url, poolSize: 4 })), { logger: false });
  await app.init();
  try {
    const jobs = app.get(JobsService);
    const reminders = app.get(RemindersService);
    process.stdout.write('ready\n');
    await new Promise((resolve) => process.stdin.once('data', resolve));
    const [ids] = await Promise.all([
      Promise.all(Array.from({ length: runs }, () => jobs.send(FOLLOW_UP_REMINDERS_QUEUE))),
      Promise.all(Array.from({ length: runs }, () => reminders.run())),
    ]);
    const deadline = Date.now() + 60000;
    let states = [];
    while (Date.now() < deadline) {
      states = await Promise.all(ids.map((id) => jobs.stateOf(FOLLOW_UP_REMINDERS_QUEUE, id)));
      if (states.every((s) => s === 'completed' || s === 'failed')) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    process.stdout.write(JSON.stringify({ states }) + '\n');
  } finally {
    await app.close();
  }
})().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
`;

function startReminderProcess(databaseUrl: string, runs: number) {
  const child = spawn(process.execPath, ['-e', CHILD_PROGRAM], {
    cwd: resolve(__dirname, '..'),
    env: { ...process.env, APP_ROOT: resolve(__dirname, '..'), CHILD_DATABASE_URL: databaseUrl, CHILD_RUNS: String(runs) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let errors = '';
  child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  const ready = new Promise<void>((resolveReady, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolveReady();
    });
    child.once('exit', (code) => reject(new Error(`The second process exited (${code}) before it was ready: ${errors}`)));
  });
  const done = new Promise<{ code: number | null; states?: unknown; errors?: string }>((resolveDone) => {
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolveDone({ code, ...(JSON.parse(last) as { states: unknown }) });
      } catch {
        resolveDone({ code, errors });
      }
    });
  });
  return { ready, done, go: () => child.stdin.write('go\n') };
}
