import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { User } from '../src/users/user.entity';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('notifications', () => {
  let t: TestApp;
  let office: Office;

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.factories.office();
  });
  afterAll(() => t.close());

  /** A notification straight in the database, as a feature or the reminder job would leave it. */
  const notify = async (user: User, over: { message?: string; createdAt?: string; readAt?: string | null; recommendationId?: string } = {}) => {
    const [row] = (await t.db.query(
      `INSERT INTO notifications (user_id, kind, message, recommendation_id, created_at, read_at)
       VALUES ($1, 'status_changed', $2, $3, $4, $5) RETURNING id`,
      [user.id, over.message ?? t.factories.unique('Message'), over.recommendationId ?? null, over.createdAt ?? new Date().toISOString(), over.readAt ?? null],
    )) as { id: string }[];
    return row.id;
  };
  const list = (who: SignedIn, query: Record<string, string | number> = {}) =>
    t.http().get('/api/v1/notifications').query(query).set('Authorization', who.auth);

  describe('routes', () => {
    it("lists only the caller's own notifications, newest first, in the page shape", async () => {
      const me = await t.factories.signedIn('viewer', [office]);
      const other = await t.factories.signedIn('staffer', [office]);
      const rec = await t.factories.recommendation(office);
      const oldest = await notify(me.user, { message: 'first', createdAt: '2026-01-01T10:00:00.000Z' });
      const newest = await notify(me.user, { message: 'third', createdAt: '2026-01-03T10:00:00.000Z', recommendationId: rec.id });
      const middle = await notify(me.user, { message: 'second', createdAt: '2026-01-02T10:00:00.000Z', readAt: '2026-01-02T11:00:00.000Z' });
      await notify(other.user, { message: 'not mine' });

      const res = await list(me).expect(200);
      const item = (id: string, message: string, createdAt: string, readAt: string | null, recommendationId: string | null = null) => ({
        id,
        kind: 'status_changed',
        message,
        recommendationId,
        followUpId: null,
        createdAt,
        readAt,
      });
      expect(res.body).toEqual({
        items: [
          item(newest, 'third', '2026-01-03T10:00:00.000Z', null, rec.id),
          item(middle, 'second', '2026-01-02T10:00:00.000Z', '2026-01-02T11:00:00.000Z'),
          item(oldest, 'first', '2026-01-01T10:00:00.000Z', null),
        ],
        total: 3,
        page: 1,
        pageSize: 25,
      });
    });

    it('filters on unread=true (unread only) and unread=false (read only), and pages', async () => {
      const me = await t.factories.signedIn('staffer', [office]);
      const a = await notify(me.user, { createdAt: '2026-02-01T00:00:00.000Z' });
      const b = await notify(me.user, { createdAt: '2026-02-02T00:00:00.000Z', readAt: '2026-02-03T00:00:00.000Z' });
      const c = await notify(me.user, { createdAt: '2026-02-03T00:00:00.000Z' });
      const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((n) => n.id);

      const unread = await list(me, { unread: 'true' }).expect(200);
      expect([ids(unread), unread.body.total]).toEqual([[c, a], 2]);
      const read = await list(me, { unread: 'false' }).expect(200);
      expect([ids(read), read.body.total]).toEqual([[b], 1]);

      const page2 = await list(me, { page: 2, pageSize: 2 }).expect(200);
      expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(ids(page2)).toEqual([a]);
      const oldestFirst = await list(me, { sort: 'createdAt' }).expect(200);
      expect(ids(oldestFirst)).toEqual([a, b, c]);
    });

    it.each<[string, Record<string, string>, unknown]>([
      ['an unread value other than true or false', { unread: 'maybe' }, ['unread must be true or false']],
      ['pageSize 0', { pageSize: '0' }, ['pageSize must not be less than 1']],
      ['an unknown sort field', { sort: 'kind' }, 'sort must be one of: createdAt, -createdAt'],
      ['an unknown parameter', { kind: 'status_changed' }, ['property kind should not exist']],
    ])('answers 400 for %s', async (_, query, message) => {
      const me = await t.factories.signedIn('viewer', [office]);
      const res = await list(me, query).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
    });

    it('marks one read: 204, readAt set, idempotent (the first readAt kept)', async () => {
      const me = await t.factories.signedIn('viewer', [office]);
      const id = await notify(me.user);
      const res = await t.http().post(`/api/v1/notifications/${id}/read`).set('Authorization', me.auth).expect(204);
      expect(res.text).toBe('');
      const [first] = (await list(me).expect(200)).body.items as { readAt: string }[];
      expect(first).toMatchObject({ id, readAt: ISO });

      await t.http().post(`/api/v1/notifications/${id}/read`).set('Authorization', me.auth).expect(204);
      const [again] = (await list(me).expect(200)).body.items as { readAt: string }[];
      expect(again.readAt).toBe(first.readAt);
      expect((await list(me, { unread: 'true' }).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    });

    it("answers 404 for another user's notification (left unread) or an unknown one, 400 for a malformed id", async () => {
      const me = await t.factories.signedIn('admin');
      const owner = await t.factories.signedIn('staffer', [office]);
      const theirs = await notify(owner.user);
      const res = await t.http().post(`/api/v1/notifications/${theirs}/read`).set('Authorization', me.auth).expect(404);
      expect(res.body).toEqual(err(404, 'Not Found', 'Notification not found'));
      expect((await list(owner, { unread: 'true' }).expect(200)).body.items).toEqual([expect.objectContaining({ id: theirs, readAt: null })]);
      await t.http().post(`/api/v1/notifications/${UNKNOWN_ID}/read`).set('Authorization', me.auth).expect(404);
      const bad = await t.http().post('/api/v1/notifications/not-a-uuid/read').set('Authorization', me.auth).expect(400);
      expect(bad.body).toEqual(err(400, 'Bad Request', 'Validation failed (uuid is expected)'));
    });

    it("read-all marks every one of the caller's unread notifications read, and nobody else's", async () => {
      const me = await t.factories.signedIn('director', [office]);
      const other = await t.factories.signedIn('staffer', [office]);
      await notify(me.user);
      await notify(me.user);
      const keptRead = await notify(me.user, { readAt: '2026-01-05T00:00:00.000Z' });
      const othersId = await notify(other.user);
      await t.http().post('/api/v1/notifications/read-all').set('Authorization', me.auth).expect(204);
      const mine = (await list(me).expect(200)).body.items as { id: string; readAt: string }[];
      expect(mine.every((n) => n.readAt !== null)).toBe(true);
      expect(mine.find((n) => n.id === keptRead)?.readAt).toBe('2026-01-05T00:00:00.000Z');
      expect((await list(other, { unread: 'true' }).expect(200)).body.items).toEqual([expect.objectContaining({ id: othersId })]);
    });

    it('answers 401 without a token', async () => {
      const unauthorized = err(401, 'Unauthorized', expect.any(String));
      expect((await t.http().get('/api/v1/notifications').expect(401)).body).toEqual(unauthorized);
      expect((await t.http().post(`/api/v1/notifications/${UNKNOWN_ID}/read`).expect(401)).body).toEqual(unauthorized);
      expect((await t.http().post('/api/v1/notifications/read-all').expect(401)).body).toEqual(unauthorized);
    });
  });

  describe('status changes', () => {
    let actor: SignedIn;
    let owner: SignedIn;
    let inactiveOwner: User;
    let formerMember: User;
    let rec: Recommendation;

    const statusChanges = async (recommendationId: string) =>
      (await t.db.query(
        `SELECT user_id AS "userId", kind, message, recommendation_id AS "recommendationId", follow_up_id AS "followUpId", read_at AS "readAt"
           FROM notifications WHERE recommendation_id = $1 ORDER BY created_at, message`,
        [recommendationId],
      )) as Record<string, unknown>[];
    const change = (who: SignedIn, id: string, version: number, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/recommendations/${id}/status`).set('Authorization', who.auth).set('If-Match', `"${version}"`).send(body);

    beforeEach(async () => {
      actor = await t.factories.signedIn('staffer', [office]);
      owner = await t.factories.signedIn('viewer', [office]);
      inactiveOwner = await t.factories.user({ offices: [office], active: false });
      // Owned the recommendation while a member; no longer in the office, so no longer sees it.
      formerMember = await t.factories.user({ offices: [] });
      rec = await t.factories.recommendation(office, { owners: [actor.user, owner.user, inactiveOwner, formerMember] });
    });

    it('tells every active owner who can see it, except the actor, in the same transaction', async () => {
      await change(actor, rec.id, 1, { status: 'in_progress', reason: 'Hearing scheduled for March' }).expect(200);
      expect(await statusChanges(rec.id)).toEqual([
        {
          userId: owner.user.id,
          kind: 'status_changed',
          message: `${rec.reference} moved from open to in_progress: Hearing scheduled for March`,
          recommendationId: rec.id,
          followUpId: null,
          readAt: null,
        },
      ]);
      const listed = await list(owner).expect(200);
      expect(listed.body.items).toEqual([
        {
          id: UUID,
          kind: 'status_changed',
          message: `${rec.reference} moved from open to in_progress: Hearing scheduled for March`,
          recommendationId: rec.id,
          followUpId: null,
          createdAt: ISO,
          readAt: null,
        },
      ]);
      expect((await list(actor).expect(200)).body.total).toBe(0);
    });

    it('quotes a long reason on one line, cut to 200 characters', async () => {
      const reason = `Line one\nline two ${'x'.repeat(300)}`;
      await change(actor, rec.id, 1, { status: 'in_progress', reason }).expect(200);
      const [n] = await statusChanges(rec.id);
      const quoted = (n.message as string).slice(`${rec.reference} moved from open to in_progress: `.length);
      expect(quoted).toBe(`Line one line two ${'x'.repeat(200 - 1 - 'Line one line two '.length)}…`);
      expect([...quoted]).toHaveLength(200);
    });

    it('creates nothing when the change is refused (403, 412, 422)', async () => {
      const viewer = await t.factories.signedIn('viewer', [office]);
      await change(viewer, rec.id, 1, { status: 'in_progress', reason: 'Not allowed' }).expect(403);
      await change(actor, rec.id, 7, { status: 'in_progress', reason: 'Stale' }).expect(412);
      await change(actor, rec.id, 1, { status: 'open', reason: 'Same status' }).expect(422);
      await change(actor, rec.id, 1, { status: 'implemented', reason: 'No evidence cited' }).expect(403);
      await change(actor, rec.id, 1, { status: 'partially_implemented', reason: 'No evidence cited' }).expect(422);
      expect(await statusChanges(rec.id)).toEqual([]);
    });

    it('tells the other owners, the staffer included, when a director closes it', async () => {
      const director = await t.factories.signedIn('director', [office]);
      await change(director, rec.id, 1, { status: 'withdrawn', reason: 'Overtaken by events' }).expect(200);
      const told = (await statusChanges(rec.id)).map((n) => n.userId).sort();
      expect(told).toEqual([actor.user.id, owner.user.id].sort());
    });
  });
});
