import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { FollowUp } from '../src/follow-ups/follow-up.entity';
import { JobsService } from '../src/jobs/jobs.service';
import { FOLLOW_UP_REMINDERS_QUEUE } from '../src/jobs/queues';
import { RemindersService } from '../src/jobs/reminders.service';
import { EMAIL_CLAIM_TIMEOUT_MINUTES, MAX_EMAIL_ATTEMPTS, NotificationEmailsService } from '../src/notifications/notification-emails.service';
import { NotificationsService } from '../src/notifications/notifications.service';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { User } from '../src/users/user.entity';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { startTestApp, TestApp } from './support/test-app';

interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Headers and plain-text body of a single-part message, transfer encoding undone. */
function parseMail(raw: string): Pick<ReceivedMail, 'from' | 'to' | 'subject' | 'text'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return {
    from: headers.get('from') ?? '',
    to: headers.get('to') ?? '',
    subject: headers.get('subject') ?? '',
    text: body.replace(/\r\n/g, '\n'),
  };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('notification e-mails (SMTP_URL set; on a database of their own)', () => {
  // A database of its own: the outbox and the reminder run cover every notification and follow-up.
  let database: FreshDatabase;
  let smtp: SMTPServer;
  let received: ReceivedMail[];
  // When set, the server takes the message to this address in, then answers only once released.
  let holdMailTo: { address: string; held: (release: () => void) => void } | undefined;
  let smtpUrl: string;
  let t: TestApp;
  let office: Office;

  beforeAll(async () => {
    received = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        // A mailbox the server refuses, for the failure path.
        callback(address.address.startsWith('bounce-') ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : null);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const answer = () => {
            received.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              ...parseMail(Buffer.concat(chunks).toString('latin1')),
            });
            callback();
          };
          const hold = holdMailTo;
          if (hold && session.envelope.rcptTo.some((r) => r.address === hold.address)) {
            holdMailTo = undefined;
            hold.held(answer);
          } else {
            answer();
          }
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as { port: number };
    smtpUrl = `smtp://127.0.0.1:${port}`;
    database = await createFreshDatabase();
    t = await startTestApp({ SMTP_URL: smtpUrl, SMTP_FROM: 'Oversight tracker <tracker@example.org>' }, database.url);
    office = await t.factories.office();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    await new Promise<void>((resolve) => smtp.close(resolve));
  }, 60_000);

  const sendPending = () => t.app.get(NotificationEmailsService).sendPending();
  const mailTo = (user: User) => received.filter((m) => m.rcptTo.includes(user.email));
  const emailStates = async (userIds: string[]) =>
    (await t.db.query(
      'SELECT kind, email_state AS "state", email_attempts AS "attempts" FROM notifications WHERE user_id = ANY($1::uuid[]) ORDER BY kind',
      [userIds],
    )) as { kind: string; state: string; attempts: number }[];
  const followUp = (rec: Recommendation, assignee: User, dueOn: string, title = t.factories.unique('Request the docket')) =>
    t.db.getRepository(FollowUp).save({ recommendationId: rec.id, officeId: rec.officeId, title, assigneeId: assignee.id, dueOn });
  const todayInOffice = async () =>
    ((await t.db.query('SELECT (now() AT TIME ZONE time_zone)::date::text AS d FROM offices WHERE id = $1', [office.id])) as { d: string }[])[0].d;
  const addDays = (date: string, days: number) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  it('e-mails a status change to each owner told in-app, one message each, then marks them sent', async () => {
    const actor = await t.factories.signedIn('staffer', [office]);
    const first = await t.factories.user({ offices: [office] });
    const second = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office, { owners: [actor.user, first, second], title: 'Expand the Rapid Response Mechanism' });
    await t
      .http()
      .post(`/api/v1/recommendations/${rec.id}/status`)
      .set('Authorization', actor.auth)
      .set('If-Match', '"1"')
      .send({ status: 'in_progress', reason: 'Hearing scheduled for March' })
      .expect(200);
    expect(await emailStates([first.id, second.id])).toEqual([
      { kind: 'status_changed', state: 'pending', attempts: 0 },
      { kind: 'status_changed', state: 'pending', attempts: 0 },
    ]);

    await expect(sendPending()).resolves.toEqual({ sent: 2, failed: 0 });

    for (const owner of [first, second]) {
      expect(mailTo(owner)).toEqual([
        {
          mailFrom: 'tracker@example.org',
          rcptTo: [owner.email],
          from: 'Oversight tracker <tracker@example.org>',
          to: `"${owner.name}" <${owner.email}>`,
          subject: `Status change on ${rec.reference}`,
          text: expect.any(String),
        },
      ]);
      const { text } = mailTo(owner)[0];
      expect(text).toContain(`Hello ${owner.name},`);
      expect(text).toContain(`${rec.reference} moved from open to in_progress: Hearing scheduled for March`);
      expect(text).toContain(`Recommendation: ${rec.reference} — Expand the Rapid Response Mechanism`);
    }
    expect(mailTo(actor.user)).toEqual([]);
    expect(await emailStates([first.id, second.id])).toEqual([
      { kind: 'status_changed', state: 'sent', attempts: 0 },
      { kind: 'status_changed', state: 'sent', attempts: 0 },
    ]);
    // Sent is sent: the next run finds nothing of theirs.
    await sendPending();
    expect(mailTo(first)).toHaveLength(1);
  });

  it('e-mails an assignment with the recommendation, the follow-up and its due date', async () => {
    const assignee = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    const f = await followUp(rec, assignee, '2030-03-15', 'Ask USTR for the labor case docket');
    // As the follow-up feature does: inside the transaction of the assignment.
    await t.db.transaction((m) =>
      t.app.get(NotificationsService).record(m, [
        { userId: assignee.id, kind: 'follow_up_assigned', message: `You were assigned "${f.title}" on ${rec.reference}`, recommendationId: rec.id, followUpId: f.id },
      ]),
    );

    await sendPending();

    const [mail, ...more] = mailTo(assignee);
    expect(more).toEqual([]);
    expect(mail.subject).toBe('Follow-up assigned to you: Ask USTR for the labor case docket');
    expect(mail.text).toContain(`You were assigned "Ask USTR for the labor case docket" on ${rec.reference}`);
    expect(mail.text).toContain('Follow-up: Ask USTR for the labor case docket\nDue: 2030-03-15');
    expect(await emailStates([assignee.id])).toEqual([{ kind: 'follow_up_assigned', state: 'sent', attempts: 0 }]);
  });

  it('sends the reminders of a run as one digest per user', async () => {
    const today = await todayInOffice();
    const busy = await t.factories.user({ offices: [office] });
    const light = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    const late1 = await followUp(rec, busy, addDays(today, -3));
    const late2 = await followUp(rec, busy, addDays(today, -1));
    const soon = await followUp(rec, busy, addDays(today, 2));
    const lightSoon = await followUp(rec, light, today);

    await t.app.get(RemindersService).run();
    await sendPending();

    const [digest, ...more] = mailTo(busy);
    expect(more).toEqual([]);
    expect(digest).toMatchObject({ rcptTo: [busy.email], subject: 'Follow-up reminders: 2 overdue, 1 due soon' });
    expect(digest.text).toContain(`Hello ${busy.name},`);
    expect(digest.text).toContain(
      [
        'Overdue:',
        `- ${rec.reference} — ${late1.title} — due ${late1.dueOn}`,
        `- ${rec.reference} — ${late2.title} — due ${late2.dueOn}`,
        '',
        'Due soon:',
        `- ${rec.reference} — ${soon.title} — due ${soon.dueOn}`,
      ].join('\n'),
    );
    const [lightDigest, ...lightMore] = mailTo(light);
    expect(lightMore).toEqual([]);
    expect(lightDigest.subject).toBe('Follow-up reminders: 1 due soon');
    expect(lightDigest.text).toContain(`- ${rec.reference} — ${lightSoon.title} — due ${lightSoon.dueOn}`);
    expect((await emailStates([busy.id, light.id])).map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);

    // Another run: no new reminder, so no new e-mail.
    await t.app.get(RemindersService).run();
    await sendPending();
    expect([mailTo(busy).length, mailTo(light).length]).toEqual([1, 1]);
  });

  it(`counts refused e-mails and gives up after ${MAX_EMAIL_ATTEMPTS} tries, still sending the others`, async () => {
    const bouncing = await t.factories.user({ offices: [office], email: `bounce-${t.factories.unique('x')}@example.org` });
    const fine = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    await t.db.transaction((m) =>
      t.app.get(NotificationsService).record(m, [
        { userId: bouncing.id, kind: 'status_changed', message: `${rec.reference} moved from open to in_progress: Letter sent`, recommendationId: rec.id },
        { userId: fine.id, kind: 'status_changed', message: `${rec.reference} moved from open to in_progress: Letter sent`, recommendationId: rec.id },
      ]),
    );

    await sendPending();
    expect(mailTo(fine)).toHaveLength(1);
    expect(await emailStates([bouncing.id])).toEqual([{ kind: 'status_changed', state: 'pending', attempts: 1 }]);
    for (let i = 2; i <= MAX_EMAIL_ATTEMPTS; i++) await sendPending();
    expect(await emailStates([bouncing.id])).toEqual([{ kind: 'status_changed', state: 'failed', attempts: MAX_EMAIL_ATTEMPTS }]);
    expect(mailTo(bouncing)).toEqual([]);
  });

  it('sends nothing to a user deactivated since, and stops trying', async () => {
    const leaver = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    await t.db.transaction((m) =>
      t.app.get(NotificationsService).record(m, [{ userId: leaver.id, kind: 'status_changed', message: 'moved', recommendationId: rec.id }]),
    );
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [leaver.id]);
    await sendPending();
    expect(mailTo(leaver)).toEqual([]);
    expect(await emailStates([leaver.id])).toEqual([{ kind: 'status_changed', state: 'failed', attempts: 0 }]);
  });

  it('keeps e-mails pending, counting no attempt, while the mail server does not answer', async () => {
    const port = await freePort();
    const offline = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` }, database.url);
    try {
      const user = await t.factories.user({ offices: [office] });
      const other = await t.factories.user({ offices: [office] });
      const rec = await t.factories.recommendation(office);
      await t.db.transaction((m) =>
        t.app.get(NotificationsService).record(m, [
          { userId: user.id, kind: 'status_changed', message: 'one', recommendationId: rec.id },
          { userId: other.id, kind: 'status_changed', message: 'two', recommendationId: rec.id },
        ]),
      );
      await expect(offline.app.get(NotificationEmailsService).sendPending()).resolves.toEqual({ sent: 0, failed: 0 });
      await expect(offline.app.get(NotificationEmailsService).sendPending()).resolves.toEqual({ sent: 0, failed: 0 });
      expect(await emailStates([user.id, other.id])).toEqual([
        { kind: 'status_changed', state: 'pending', attempts: 0 },
        { kind: 'status_changed', state: 'pending', attempts: 0 },
      ]);

      // Through a server that answers, they go out.
      await sendPending();
      expect((await emailStates([user.id, other.id])).map((s) => s.state)).toEqual(['sent', 'sent']);
      expect([mailTo(user).length, mailTo(other).length]).toEqual([1, 1]);
    } finally {
      await offline.close();
    }
  });

  it('sends with no transaction open: marking a notification read while its e-mail is on the wire answers at once', async () => {
    // An app of its own: passport keeps one 'jwt' strategy per process, the last started app's, and
    // the other tests here start (and close) apps of their own.
    const api = await startTestApp({ SMTP_URL: smtpUrl }, database.url);
    const events: string[] = [];
    let answerSmtp: (() => void) | undefined;
    let reading = true;
    try {
      const reader = await api.factories.signedIn('staffer', [office]);
      const rec = await api.factories.recommendation(office);
      await api.db.transaction((m) =>
        api.app.get(NotificationsService).record(m, [{ userId: reader.user.id, kind: 'status_changed', message: 'moved', recommendationId: rec.id }]),
      );
      const [{ id }] = (await api.db.query('SELECT id FROM notifications WHERE user_id = $1', [reader.user.id])) as { id: string }[];
      const held = new Promise<void>((resolve) => {
        holdMailTo = {
          address: reader.user.email,
          held: (answer) => {
            answerSmtp = () => {
              answerSmtp = undefined;
              events.push('smtp answered');
              answer();
            };
            resolve();
          },
        };
      });
      // Were the row still locked, the read would wait for an answer the test gives only after it: this
      // watch then gives it, so the test fails on the order of events instead of by timing out.
      const watchForBlockedRead = async () => {
        while (reading) {
          const waiting = (await api.db.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%SET read_at%'`,
          )) as unknown[];
          if (waiting.length > 0) {
            answerSmtp?.();
            return;
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      };

      const run = api.app.get(NotificationEmailsService).sendPending();
      await held;
      events.push('smtp holds the message');
      expect(await api.db.query('SELECT email_state, email_claimed_at IS NOT NULL AS claimed FROM notifications WHERE id = $1', [id])).toEqual([
        { email_state: 'sending', claimed: true },
      ]);
      const watch = watchForBlockedRead();
      await api.http().post(`/api/v1/notifications/${id}/read`).set('Authorization', reader.auth).expect(204);
      events.push('read answered 204');
      reading = false;
      await watch;
      answerSmtp?.();
      await expect(run).resolves.toEqual({ sent: 1, failed: 0 });

      expect(events).toEqual(['smtp holds the message', 'read answered 204', 'smtp answered']);
      expect(mailTo(reader.user)).toHaveLength(1);
      expect(
        await api.db.query('SELECT email_state, email_claimed_at, read_at IS NOT NULL AS "isRead" FROM notifications WHERE id = $1', [id]),
      ).toEqual([{ email_state: 'sent', email_claimed_at: null, isRead: true }]);
    } finally {
      reading = false;
      holdMailTo = undefined;
      answerSmtp?.();
      await api.close();
    }
  });

  it(`sends again an e-mail claimed over ${EMAIL_CLAIM_TIMEOUT_MINUTES} minutes ago and never marked, not one claimed just now`, async () => {
    const orphan = await t.factories.user({ offices: [office] });
    const busy = await t.factories.user({ offices: [office] });
    const rec = await t.factories.recommendation(office);
    await t.db.transaction((m) =>
      t.app.get(NotificationsService).record(m, [
        { userId: orphan.id, kind: 'status_changed', message: `${rec.reference} moved from open to closed: Done`, recommendationId: rec.id },
        { userId: busy.id, kind: 'status_changed', message: `${rec.reference} moved from open to closed: Done`, recommendationId: rec.id },
      ]),
    );
    // A process died after claiming the first (long ago); another is sending the second right now.
    await t.db.query(
      `UPDATE notifications SET email_state = 'sending', email_claimed_at = now() - make_interval(mins => $2 + 1) WHERE user_id = $1`,
      [orphan.id, EMAIL_CLAIM_TIMEOUT_MINUTES],
    );
    await t.db.query(`UPDATE notifications SET email_state = 'sending', email_claimed_at = now() WHERE user_id = $1`, [busy.id]);
    const claims = async () =>
      (await t.db.query(
        `SELECT user_id AS "userId", email_state AS state, email_claimed_at IS NOT NULL AS claimed, email_attempts AS attempts
           FROM notifications WHERE user_id = ANY($1::uuid[]) ORDER BY user_id = $2 DESC`,
        [[orphan.id, busy.id], orphan.id],
      )) as unknown[];

    await expect(sendPending()).resolves.toEqual({ sent: 1, failed: 0 });

    expect(mailTo(orphan).map((m) => m.subject)).toEqual([`Status change on ${rec.reference}`]);
    expect(mailTo(busy)).toEqual([]);
    expect(await claims()).toEqual([
      { userId: orphan.id, state: 'sent', claimed: false, attempts: 0 },
      { userId: busy.id, state: 'sending', claimed: true, attempts: 0 },
    ]);
    // The other process marks its own when done; until then no run touches it.
    await sendPending();
    expect(mailTo(busy)).toEqual([]);
    await t.db.query(`UPDATE notifications SET email_state = 'sent', email_claimed_at = NULL WHERE user_id = $1`, [busy.id]);
  });

  it('through pg-boss: each reminder job is followed by an e-mail run, scheduled only while SMTP_URL is set', async () => {
    const withJobs = await startTestApp({ JOBS_ENABLED: 'true', SMTP_URL: smtpUrl }, database.url);
    try {
      const assignee = await t.factories.user({ offices: [office] });
      const rec = await t.factories.recommendation(office);
      const f = await followUp(rec, assignee, addDays(await todayInOffice(), 1));
      await withJobs.app.get(JobsService).send(FOLLOW_UP_REMINDERS_QUEUE);

      const deadline = Date.now() + 30_000;
      while (mailTo(assignee).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(mailTo(assignee).map((m) => m.subject)).toEqual(['Follow-up reminders: 1 due soon']);
      expect(mailTo(assignee)[0].text).toContain(`- ${rec.reference} — ${f.title} — due ${f.dueOn}`);
      expect(await emailStates([assignee.id])).toEqual([{ kind: 'follow_up_due_soon', state: 'sent', attempts: 0 }]);
    } finally {
      await withJobs.close();
    }
    const emailSchedules = `SELECT name, cron FROM pgboss.schedule WHERE name = 'notification-emails'`;
    expect(await t.db.query(emailSchedules)).toEqual([{ name: 'notification-emails', cron: '* * * * *' }]);
    // Started without SMTP_URL, the job queue removes the e-mail schedule nobody would work.
    const withoutMail = await startTestApp({ JOBS_ENABLED: 'true' }, database.url);
    await withoutMail.close();
    expect(await t.db.query(emailSchedules)).toEqual([]);
  }, 60_000);
});
