import type { FollowUp } from '../src/follow-ups/follow-up.entity';
import type { Office } from '../src/offices/office.entity';
import { isIanaTimeZone } from '../src/offices/time-zone';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { User } from '../src/users/user.entity';
import type { SignedIn } from './support/factories';
import { QueryCounter } from './support/query-counter';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NO_TOKEN = 'Missing, invalid or expired access token';
const STALE = 'The record has changed since you read it: reload it and try again';
const ZONE_MESSAGE = ['timeZone must be an IANA time zone name, such as America/New_York or UTC'];
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const badAssignee = (id: string) => err(422, 'Unprocessable Entity', `The assignee must be an active member of the office who is not a viewer; ${id} is not`);

interface FollowUpView {
  id: string;
  recommendationId: string;
  officeId: string;
  title: string;
  details: string | null;
  assignee: { id: string; name: string };
  assignedBy: { id: string; name: string } | null;
  dueOn: string;
  priority: string;
  status: string;
  overdue: boolean;
  completedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}
interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const ref = (u: Pick<User, 'id' | 'name'>) => ({ id: u.id, name: u.name });

describe('follow-ups', () => {
  const counter = new QueryCounter();
  let t: TestApp;
  let office: Office;
  let otherOffice: Office;
  let staffer: SignedIn;
  let colleague: SignedIn;
  let director: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, counter);
    office = await t.factories.office();
    otherOffice = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    colleague = await t.factories.signedIn('staffer', [office]);
    director = await t.factories.signedIn('director', [office]);
    viewer = await t.factories.signedIn('viewer', [office]);
    outsider = await t.factories.signedIn('director', [otherOffice]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const body = (assignee: SignedIn, over: Record<string, unknown> = {}) => ({
    title: 'Ask USTR for the date of the next Rapid Response request',
    assigneeId: assignee.user.id,
    dueOn: '2099-12-01',
    ...over,
  });
  const post = (recId: string, who: SignedIn, payload: unknown) =>
    t.http().post(`${API}/recommendations/${recId}/follow-ups`).set('Authorization', who.auth).send(payload as object);
  const create = async (rec: Recommendation, who: SignedIn, assignee: SignedIn, over: Record<string, unknown> = {}) =>
    (await post(rec.id, who, body(assignee, over)).expect(201)).body as FollowUpView;
  const get = (id: string, who: SignedIn) => t.http().get(`${API}/follow-ups/${id}`).set('Authorization', who.auth);
  const patch = (id: string, who: SignedIn, version: number | null, payload: unknown) => {
    const req = t.http().patch(`${API}/follow-ups/${id}`).set('Authorization', who.auth);
    return (version === null ? req : req.set('If-Match', `"${version}"`)).send(payload as object);
  };
  const list = (who: SignedIn, query: string) => t.http().get(`${API}/follow-ups?${query}`).set('Authorization', who.auth);
  /** "Today" on the calendar of `zone`, as PostgreSQL computes it. */
  const todayIn = async (zone: string) =>
    ((await t.db.query(`SELECT to_char((now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS d`, [zone])) as { d: string }[])[0].d;
  const setZone = async (o: Pick<Office, 'id'>, timeZone: string) =>
    t.http().patch(`${API}/offices/${o.id}`).set('Authorization', admin.auth).send({ timeZone }).expect(200);
  const auditOf = async (id: string) =>
    (await t.db.query(
      `SELECT actor_id, action, entity_type, entity_id, office_id, chain_key, before, after
         FROM audit_events WHERE entity_type = 'follow_up' AND entity_id = $1 ORDER BY seq`,
      [id],
    )) as Record<string, unknown>[];
  const notificationsOf = async (followUpId: string) =>
    (await t.db.query(
      `SELECT user_id, kind, message, recommendation_id, follow_up_id, read_at, email_state
         FROM notifications WHERE follow_up_id = $1 ORDER BY created_at, id`,
      [followUpId],
    )) as Record<string, unknown>[];
  const followUpCount = async (recId: string) =>
    ((await t.db.query('SELECT count(*)::int AS n FROM follow_ups WHERE recommendation_id = $1', [recId])) as { n: number }[])[0].n;
  const stored = async (id: string) =>
    ((await t.db.query('SELECT status, completed_at, version, assigned_by, updated_by FROM follow_ups WHERE id = $1', [id])) as Record<string, unknown>[])[0];

  describe('POST /recommendations/:id/follow-ups', () => {
    it('answers 201 with the follow-up (open, version 1, medium), its ETag, an audit event and a notification for the assignee', async () => {
      const rec = await t.factories.recommendation(office);
      const res = await post(rec.id, staffer, body(colleague, { title: '  Call the DHS liaison  ' })).expect(201);

      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        id: UUID,
        recommendationId: rec.id,
        officeId: office.id,
        title: 'Call the DHS liaison',
        details: null,
        assignee: ref(colleague.user),
        assignedBy: ref(staffer.user),
        dueOn: '2099-12-01',
        priority: 'medium',
        status: 'open',
        overdue: false,
        completedAt: null,
        version: 1,
        createdAt: ISO,
        updatedAt: ISO,
      });
      const { id } = res.body as FollowUpView;
      expect((await get(id, viewer).expect(200)).body).toEqual(res.body);
      expect(await auditOf(id)).toEqual([
        {
          actor_id: staffer.user.id,
          action: 'follow_up.create',
          entity_type: 'follow_up',
          entity_id: id,
          office_id: office.id,
          chain_key: `office:${office.id}`,
          before: null,
          after: {
            recommendationId: rec.id,
            title: 'Call the DHS liaison',
            details: null,
            assigneeId: colleague.user.id,
            assignedBy: staffer.user.id,
            dueOn: '2099-12-01',
            priority: 'medium',
            status: 'open',
            completedAt: null,
          },
        },
      ]);
      expect(await notificationsOf(id)).toEqual([
        {
          user_id: colleague.user.id,
          kind: 'follow_up_assigned',
          message: `${staffer.user.name} assigned you a follow-up on ${rec.reference}: Call the DHS liaison (due 2099-12-01)`,
          recommendation_id: rec.id,
          follow_up_id: id,
          read_at: null,
          email_state: null,
        },
      ]);
    });

    it('keeps details and a given priority, and does not notify someone who assigns themselves', async () => {
      const rec = await t.factories.recommendation(office);
      const res = await post(rec.id, staffer, body(staffer, { details: ' Line one.\nLine two. ', priority: 'high', dueOn: '2030-02-28' })).expect(201);
      expect(res.body).toMatchObject({ details: 'Line one.\nLine two.', priority: 'high', dueOn: '2030-02-28', assignee: ref(staffer.user), assignedBy: ref(staffer.user) });
      expect(await notificationsOf((res.body as FollowUpView).id)).toEqual([]);
    });

    it('lets a director and an admin (not a member) assign, and accepts a director as assignee', async () => {
      const rec = await t.factories.recommendation(office);
      const byDirector = await create(rec, director, staffer);
      const byAdmin = await create(rec, admin, director);
      expect(byDirector.assignedBy).toEqual(ref(director.user));
      expect(byAdmin).toMatchObject({ assignee: ref(director.user), assignedBy: ref(admin.user), officeId: office.id });
      expect((await notificationsOf(byAdmin.id)).map((n) => n.user_id)).toEqual([director.user.id]);
    });

    it('accepts a due date in the past: the follow-up is overdue at once', async () => {
      const rec = await t.factories.recommendation(office);
      const res = await post(rec.id, staffer, body(staffer, { dueOn: '2020-01-31' })).expect(201);
      expect(res.body).toMatchObject({ dueOn: '2020-01-31', overdue: true });
    });

    it.each<[string, () => Promise<string>]>([
      ['a viewer of the office', async () => viewer.user.id],
      ['an inactive member', async () => (await t.factories.user({ role: 'staffer', offices: [office], active: false })).id],
      ['a member of another office', async () => outsider.user.id],
      ['an admin who is not a member', async () => admin.user.id],
      ['an unknown user', async () => UNKNOWN_ID],
    ])('answers 422 when the assignee is %s, and creates nothing', async (_case, assigneeId) => {
      const rec = await t.factories.recommendation(office);
      const id = await assigneeId();
      const res = await post(rec.id, director, { ...body(staffer), assigneeId: id }).expect(422);
      expect(res.body).toEqual(badAssignee(id));
      expect(await followUpCount(rec.id)).toBe(0);
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['an empty title', { title: '  ' }, ['title must not be empty']],
      ['a title with a line break', { title: 'One\nTwo' }, ['title must not contain control characters']],
      ['a title over 500 characters', { title: 'x'.repeat(501) }, ['title must be shorter than or equal to 500 characters']],
      ['a null title', { title: null }, expect.arrayContaining(['title must be a string'])],
      ['details that are not text', { details: 5 }, expect.arrayContaining(['details must be a string'])],
      ['details with a NUL', { details: 'a\u0000b' }, ['details must not contain control characters other than tabs and line breaks']],
      ['an impossible due date', { dueOn: '2026-02-30' }, ['dueOn must be a date as YYYY-MM-DD']],
      ['a due date not as YYYY-MM-DD', { dueOn: '2026-12-1' }, ['dueOn must be a date as YYYY-MM-DD']],
      ['a due timestamp', { dueOn: '2026-12-01T00:00:00Z' }, ['dueOn must be a date as YYYY-MM-DD']],
      ['a due date in year 0000, which PostgreSQL has not', { dueOn: '0000-01-01' }, ['dueOn must be a date as YYYY-MM-DD']],
      ['a missing due date', { dueOn: undefined }, ['dueOn must be a date as YYYY-MM-DD']],
      ['an unknown priority', { priority: 'urgent' }, ['priority must be one of the following values: high, medium, low']],
      ['a null priority', { priority: null }, ['priority must be one of the following values: high, medium, low']],
      ['a malformed assignee', { assigneeId: 'someone' }, ['assigneeId must be a UUID']],
      ['a missing assignee', { assigneeId: undefined }, ['assigneeId must be a UUID']],
      ['a status', { status: 'done' }, ['property status should not exist']],
      ['an unknown field', { officeId: UNKNOWN_ID }, ['property officeId should not exist']],
    ])('answers 400 for %s, and creates nothing', async (_case, over, message) => {
      const rec = await t.factories.recommendation(office);
      const res = await post(rec.id, staffer, body(colleague, over)).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
      expect(await followUpCount(rec.id)).toBe(0);
    });

    it('answers 400 for a body that is not an object, and for a malformed recommendation id', async () => {
      const rec = await t.factories.recommendation(office);
      const raw = await t.http().post(`${API}/recommendations/${rec.id}/follow-ups`).set('Authorization', staffer.auth).set('Content-Type', 'application/json').send('[]').expect(400);
      expect(raw.body).toEqual(err(400, 'Bad Request', 'Request body must be a JSON object'));
      expect((await post('nope', staffer, body(staffer)).expect(400)).body).toEqual(err(400, 'Bad Request', 'Validation failed (uuid is expected)'));
    });

    it("answers 404 for another office's recommendation whatever the role, an unknown one and a deleted one", async () => {
      const rec = await t.factories.recommendation(office);
      const notFound = err(404, 'Not Found', 'Recommendation not found');
      expect((await post(rec.id, outsider, body(outsider)).expect(404)).body).toEqual(notFound);
      const otherViewer = await t.factories.signedIn('viewer', [otherOffice]);
      expect((await post(rec.id, otherViewer, body(staffer)).expect(404)).body).toEqual(notFound);
      expect((await post(UNKNOWN_ID, staffer, body(staffer)).expect(404)).body).toEqual(notFound);
      await t.http().delete(`${API}/recommendations/${rec.id}`).set('Authorization', director.auth).expect(204);
      expect((await post(rec.id, staffer, body(staffer)).expect(404)).body).toEqual(notFound);
      expect(await followUpCount(rec.id)).toBe(0);
    });

    it('answers 403 to a viewer of the office, and 401 without a token', async () => {
      const rec = await t.factories.recommendation(office);
      expect((await post(rec.id, viewer, body(staffer)).expect(403)).body).toEqual(err(403, 'Forbidden', 'Creating a follow-up needs role staffer or above'));
      const anonymous = await t.http().post(`${API}/recommendations/${rec.id}/follow-ups`).send(body(staffer)).expect(401);
      expect(anonymous.body).toEqual(err(401, 'Unauthorized', NO_TOKEN));
      expect(await followUpCount(rec.id)).toBe(0);
    });
  });

  describe('GET /follow-ups/:id', () => {
    it("answers the office's members with the ETag, 404 to another office and for unknown ids, 400 for malformed ones, 401 without a token", async () => {
      const rec = await t.factories.recommendation(office);
      const made = await create(rec, staffer, colleague);
      for (const who of [viewer, staffer, director, admin]) {
        const res = await get(made.id, who).expect(200);
        expect(res.headers.etag).toBe('"1"');
        expect(res.body).toEqual(made);
      }
      expect((await get(made.id, outsider).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
      expect((await get(UNKNOWN_ID, staffer).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
      expect((await get('123', staffer).expect(400)).body).toEqual(err(400, 'Bad Request', 'Validation failed (uuid is expected)'));
      expect((await t.http().get(`${API}/follow-ups/${made.id}`).expect(401)).body).toEqual(err(401, 'Unauthorized', NO_TOKEN));
    });

    it('answers 404 once its recommendation is deleted', async () => {
      const rec = await t.factories.recommendation(office);
      const made = await create(rec, staffer, staffer);
      await t.http().delete(`${API}/recommendations/${rec.id}`).set('Authorization', director.auth).expect(204);
      expect((await get(made.id, director).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
      expect((await patch(made.id, director, 1, { title: 'Late' }).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
    });
  });

  describe('PATCH /follow-ups/:id', () => {
    it('needs If-Match (428), refuses a stale one (412), and answers 200 with the new version, ETag and an audit event of the changes', async () => {
      const rec = await t.factories.recommendation(office);
      const made = await create(rec, staffer, staffer, { details: 'Old details' });

      expect((await patch(made.id, staffer, null, { title: 'New' }).expect(428)).body).toEqual(
        err(428, 'Precondition Required', 'If-Match is required: send the ETag of your last read'),
      );
      const res = await patch(made.id, staffer, 1, { title: 'Renamed', details: null, priority: 'low', dueOn: '2098-01-15' }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual({ ...made, title: 'Renamed', details: null, priority: 'low', dueOn: '2098-01-15', version: 2, updatedAt: ISO });
      expect((await get(made.id, viewer).expect(200)).body).toEqual(res.body);
      expect((await patch(made.id, staffer, 1, { title: 'Again' }).expect(412)).body).toEqual(err(412, 'Precondition Failed', STALE));
      expect((await patch(made.id, staffer, 99, { title: 'Again' }).expect(412)).body).toEqual(err(412, 'Precondition Failed', STALE));

      const events = await auditOf(made.id);
      expect(events).toHaveLength(2);
      expect(events[1]).toEqual({
        actor_id: staffer.user.id,
        action: 'follow_up.update',
        entity_type: 'follow_up',
        entity_id: made.id,
        office_id: office.id,
        chain_key: `office:${office.id}`,
        before: { title: made.title, details: 'Old details', priority: 'medium', dueOn: '2099-12-01' },
        after: { title: 'Renamed', details: null, priority: 'low', dueOn: '2098-01-15' },
      });
    });

    it('sets completedAt when done, keeps it while done, and clears it when leaving done', async () => {
      const rec = await t.factories.recommendation(office);
      const made = await create(rec, staffer, staffer, { dueOn: '2020-01-01' });
      expect(made.overdue).toBe(true);

      const started = (await patch(made.id, staffer, 1, { status: 'in_progress' }).expect(200)).body as FollowUpView;
      expect(started).toMatchObject({ status: 'in_progress', completedAt: null, overdue: true, version: 2 });
      const done = (await patch(made.id, staffer, 2, { status: 'done' }).expect(200)).body as FollowUpView;
      expect(done).toMatchObject({ status: 'done', completedAt: ISO, overdue: false, version: 3 });
      const stillDone = (await patch(made.id, staffer, 3, { status: 'done', priority: 'high' }).expect(200)).body as FollowUpView;
      expect(stillDone).toMatchObject({ status: 'done', completedAt: done.completedAt, priority: 'high', version: 4 });
      const reopened = (await patch(made.id, staffer, 4, { status: 'open' }).expect(200)).body as FollowUpView;
      expect(reopened).toMatchObject({ status: 'open', completedAt: null, overdue: true, version: 5 });
      const cancelled = (await patch(made.id, staffer, 5, { status: 'cancelled' }).expect(200)).body as FollowUpView;
      expect(cancelled).toMatchObject({ status: 'cancelled', completedAt: null, overdue: false, version: 6 });
      expect(await stored(made.id)).toEqual({ status: 'cancelled', completed_at: null, version: 6, assigned_by: staffer.user.id, updated_by: staffer.user.id });

      const [, , toDone, , toOpen] = await auditOf(made.id);
      expect([toDone.before, toDone.after]).toEqual([
        { status: 'in_progress', completedAt: null },
        { status: 'done', completedAt: done.completedAt },
      ]);
      expect([toOpen.before, toOpen.after]).toEqual([
        { status: 'done', completedAt: done.completedAt },
        { status: 'open', completedAt: null },
      ]);
    });

    it.each<[string, unknown, unknown]>([
      ['an empty body', {}, 'Send at least one field to change'],
      ['a null title', { title: null }, expect.arrayContaining(['title must be a string'])],
      ['an empty title', { title: '' }, ['title must not be empty']],
      ['a null due date', { dueOn: null }, ['dueOn must be a date as YYYY-MM-DD']],
      ['an impossible due date', { dueOn: '2026-13-01' }, ['dueOn must be a date as YYYY-MM-DD']],
      ['a due date in year 0000', { dueOn: '0000-12-31' }, ['dueOn must be a date as YYYY-MM-DD']],
      ['a null assignee', { assigneeId: null }, ['assigneeId must be a UUID']],
      ['a null priority', { priority: null }, ['priority must be one of the following values: high, medium, low']],
      ['a null status', { status: null }, ['status must be one of the following values: open, in_progress, done, cancelled']],
      ['an unknown status', { status: 'closed' }, ['status must be one of the following values: open, in_progress, done, cancelled']],
      ['the recommendation', { recommendationId: UNKNOWN_ID }, ['property recommendationId should not exist']],
      ['completedAt', { completedAt: '2026-01-01T00:00:00.000Z' }, ['property completedAt should not exist']],
    ])('answers 400 for %s, and changes nothing', async (_case, payload, message) => {
      const rec = await t.factories.recommendation(office);
      const made = await create(rec, staffer, staffer);
      expect((await patch(made.id, staffer, 1, payload).expect(400)).body).toEqual(err(400, 'Bad Request', message));
      expect((await get(made.id, staffer).expect(200)).body).toEqual(made);
    });

    it('answers 400 for a malformed id, 404 for an unknown one, 401 without a token', async () => {
      expect((await patch('nope', staffer, 1, { title: 'x' }).expect(400)).body).toEqual(err(400, 'Bad Request', 'Validation failed (uuid is expected)'));
      expect((await patch(UNKNOWN_ID, staffer, 1, { title: 'x' }).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
      const anonymous = await t.http().patch(`${API}/follow-ups/${UNKNOWN_ID}`).set('If-Match', '"1"').send({ title: 'x' }).expect(401);
      expect(anonymous.body).toEqual(err(401, 'Unauthorized', NO_TOKEN));
    });

    describe('who may update', () => {
      const OTHER_STAFFER = 'A staffer may update only follow-ups assigned to them or created by them';

      it('lets a staffer update one assigned to them, and one they created for someone else', async () => {
        const rec = await t.factories.recommendation(office);
        const mine = await create(rec, director, staffer);
        expect((await patch(mine.id, staffer, 1, { status: 'in_progress' }).expect(200)).body).toMatchObject({ status: 'in_progress', version: 2 });
        const given = await create(rec, staffer, colleague);
        expect((await patch(given.id, staffer, 1, { dueOn: '2097-03-03' }).expect(200)).body).toMatchObject({ dueOn: '2097-03-03', version: 2 });
      });

      it("refuses (403) a staffer another's follow-up, and a viewer any; lets a director and an admin update any of the office's", async () => {
        const rec = await t.factories.recommendation(office);
        const made = await create(rec, director, colleague);
        expect((await patch(made.id, staffer, 1, { title: 'Mine now' }).expect(403)).body).toEqual(err(403, 'Forbidden', OTHER_STAFFER));
        expect((await patch(made.id, viewer, 1, { title: 'Mine now' }).expect(403)).body).toEqual(
          err(403, 'Forbidden', 'Updating a follow-up needs role staffer or above'),
        );
        expect((await get(made.id, staffer).expect(200)).body).toEqual(made);
        const other = await t.factories.signedIn('director', [office]);
        await patch(made.id, other, 1, { priority: 'high' }).expect(200);
        expect((await patch(made.id, admin, 2, { priority: 'low' }).expect(200)).body).toMatchObject({ priority: 'low', version: 3 });
      });

      it("answers 404 to another office's users whatever their role, before the version and the role", async () => {
        const rec = await t.factories.recommendation(office);
        const made = await create(rec, staffer, staffer);
        const otherStaffer = await t.factories.signedIn('staffer', [otherOffice]);
        for (const who of [outsider, otherStaffer]) {
          expect((await patch(made.id, who, 1, { title: 'x' }).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
          expect((await patch(made.id, who, 7, { title: 'x' }).expect(404)).body).toEqual(err(404, 'Not Found', 'Follow-up not found'));
        }
      });

      it('checks a stale If-Match before the role and the assignee rule (412)', async () => {
        const rec = await t.factories.recommendation(office);
        const made = await create(rec, director, colleague);
        expect((await patch(made.id, viewer, 2, { title: 'x' }).expect(412)).body).toEqual(err(412, 'Precondition Failed', STALE));
        expect((await patch(made.id, staffer, 2, { title: 'x' }).expect(412)).body).toEqual(err(412, 'Precondition Failed', STALE));
        expect((await patch(made.id, director, 2, { assigneeId: viewer.user.id }).expect(412)).body).toEqual(err(412, 'Precondition Failed', STALE));
      });

      it('refuses a staffer once a follow-up is neither assigned to them nor created by them', async () => {
        const rec = await t.factories.recommendation(office);
        const made = await create(rec, colleague, staffer);
        await patch(made.id, staffer, 1, { status: 'in_progress' }).expect(200);
        await patch(made.id, colleague, 2, { assigneeId: director.user.id }).expect(200);
        expect((await patch(made.id, staffer, 3, { status: 'done' }).expect(403)).body).toEqual(err(403, 'Forbidden', OTHER_STAFFER));
        await patch(made.id, colleague, 3, { status: 'done' }).expect(200);
      });
    });

    describe('reassignment', () => {
      it('checks the new assignee (422), sets assignedBy to whoever reassigned it and notifies the new assignee', async () => {
        const rec = await t.factories.recommendation(office);
        const made = await create(rec, staffer, staffer);
        const inactive = await t.factories.user({ role: 'director', offices: [office], active: false });
        for (const id of [viewer.user.id, inactive.id, outsider.user.id, UNKNOWN_ID]) {
          expect((await patch(made.id, director, 1, { assigneeId: id }).expect(422)).body).toEqual(badAssignee(id));
        }
        expect((await get(made.id, staffer).expect(200)).body).toEqual(made);

        const res = await patch(made.id, director, 1, { assigneeId: colleague.user.id, title: 'Brief the principal' }).expect(200);
        expect(res.body).toEqual({ ...made, title: 'Brief the principal', assignee: ref(colleague.user), assignedBy: ref(director.user), version: 2, updatedAt: ISO });
        expect(await notificationsOf(made.id)).toEqual([
          {
            user_id: colleague.user.id,
            kind: 'follow_up_assigned',
            message: `${director.user.name} assigned you a follow-up on ${rec.reference}: Brief the principal (due 2099-12-01)`,
            recommendation_id: rec.id,
            follow_up_id: made.id,
            read_at: null,
            email_state: null,
          },
        ]);
        const [, update] = await auditOf(made.id);
        expect([update.before, update.after]).toEqual([
          { title: made.title, assigneeId: staffer.user.id, assignedBy: staffer.user.id },
          { title: 'Brief the principal', assigneeId: colleague.user.id, assignedBy: director.user.id },
        ]);
      });

      it('does not notify when the assignee stays the same, nor when someone takes it on themselves', async () => {
        const rec = await t.factories.recommendation(office);
        const made = await create(rec, staffer, staffer);
        // The same id in capitals is the same assignee.
        const same = await patch(made.id, director, 1, { assigneeId: staffer.user.id.toUpperCase() }).expect(200);
        expect(same.body).toMatchObject({ assignee: ref(staffer.user), assignedBy: ref(staffer.user), version: 2 });
        const taken = await patch(made.id, director, 2, { assigneeId: director.user.id }).expect(200);
        expect(taken.body).toMatchObject({ assignee: ref(director.user), assignedBy: ref(director.user), version: 3 });
        expect(await notificationsOf(made.id)).toEqual([]);
      });
    });

    it('lets exactly one of 30 simultaneous updates with the same If-Match win', async () => {
      const rec = await t.factories.recommendation(office);
      const made = await create(rec, staffer, staffer);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => patch(made.id, staffer, 1, { title: `Edit ${i}` })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(29);
      for (const loser of results.filter((r) => r.status === 412)) expect(loser.body).toEqual(err(412, 'Precondition Failed', STALE));
      const winner = results.find((r) => r.status === 200)!;
      const after = await get(made.id, staffer).expect(200);
      expect(after.body).toEqual(winner.body);
      expect(after.body).toMatchObject({ version: 2 });
      expect((await auditOf(made.id)).map((e) => e.action)).toEqual(['follow_up.create', 'follow_up.update']);
    });
  });

  describe('GET /follow-ups', () => {
    // Read only: made once. Keys a–f; dates relative to today in the office's zone.
    let listOffice: Office;
    let alice: SignedIn;
    let bob: SignedIn;
    let recs: Recommendation[];
    const views: Record<string, FollowUpView> = {};
    let today: string;

    beforeAll(async () => {
      listOffice = await t.factories.office();
      await setZone(listOffice, 'Asia/Tokyo');
      alice = await t.factories.signedIn('staffer', [listOffice]);
      bob = await t.factories.signedIn('staffer', [listOffice]);
      recs = [await t.factories.recommendation(listOffice), await t.factories.recommendation(listOffice)];
      today = await todayIn('Asia/Tokyo');
      const rows: [string, number, User, number, FollowUp['status'], FollowUp['priority']][] = [
        ['a', 0, alice.user, -3, 'open', 'high'],
        ['b', 0, bob.user, -1, 'in_progress', 'low'],
        ['c', 0, alice.user, 0, 'open', 'medium'],
        ['d', 1, alice.user, 5, 'done', 'high'],
        ['e', 1, bob.user, -10, 'cancelled', 'medium'],
        ['f', 1, bob.user, 1, 'open', 'low'],
      ];
      for (const [i, [key, rec, assignee, days, status, priority]] of rows.entries()) {
        const made = await t.factories.followUp(recs[rec], assignee, { dueOn: addDays(today, days), status, priority, createdBy: alice.user });
        // Creation follows the rows; the last update runs the other way round.
        await t.db.query(
          `UPDATE follow_ups SET created_at = timestamptz '2026-01-01T00:00:00Z' + make_interval(mins => $2),
                                 updated_at = timestamptz '2026-02-01T00:00:00Z' + make_interval(mins => $3) WHERE id = $1`,
          [made.id, i, 10 - i],
        );
        views[key] = (await get(made.id, alice).expect(200)).body as FollowUpView;
      }
    });

    const page = (keys: string[], total = keys.length, p = 1, pageSize = 25): PageOf<FollowUpView> => ({ items: keys.map((k) => views[k]), total, page: p, pageSize });

    it('answers a page of the follow-ups of your offices, earliest due first, overdue judged in the office zone', async () => {
      expect((await list(alice, '').expect(200)).body).toEqual(page(['e', 'a', 'b', 'c', 'f', 'd']));
      expect(Object.fromEntries(Object.entries(views).map(([k, v]) => [k, v.overdue]))).toEqual({ a: true, b: true, c: false, d: false, e: false, f: false });
      expect(views.d.completedAt).toEqual(ISO);
    });

    it.each<[string, string[]]>([
      ['assigneeId=me', ['a', 'c', 'd']],
      ['status=open', ['a', 'c', 'f']],
      ['status=open&status=in_progress', ['a', 'b', 'c', 'f']],
      ['status=done&status=cancelled', ['e', 'd']],
      ['overdue=true', ['a', 'b']],
      ['overdue=false', ['e', 'c', 'f', 'd']],
      ['assigneeId=me&overdue=true', ['a']],
      ['sort=-dueOn', ['d', 'f', 'c', 'b', 'a', 'e']],
      ['sort=dueOn', ['e', 'a', 'b', 'c', 'f', 'd']],
      ['sort=createdAt', ['a', 'b', 'c', 'd', 'e', 'f']],
      ['sort=-createdAt', ['f', 'e', 'd', 'c', 'b', 'a']],
      ['sort=updatedAt', ['f', 'e', 'd', 'c', 'b', 'a']],
      ['sort=-updatedAt', ['a', 'b', 'c', 'd', 'e', 'f']],
      ['sort=priority', ['a', 'd', 'e', 'c', 'b', 'f']],
      ['sort=-priority', ['b', 'f', 'e', 'c', 'a', 'd']],
      ['sort=status', ['a', 'c', 'f', 'b', 'd', 'e']],
      ['sort=-status', ['e', 'd', 'b', 'a', 'c', 'f']],
    ])('filters and sorts: %s', async (query, keys) => {
      expect((await list(alice, query).expect(200)).body).toEqual(page(keys));
    });

    it('filters on an assignee id, a recommendation, and a due date (exclusive)', async () => {
      expect((await list(alice, `assigneeId=${bob.user.id}`).expect(200)).body).toEqual(page(['e', 'b', 'f']));
      expect((await list(bob, 'assigneeId=me').expect(200)).body).toEqual(page(['e', 'b', 'f']));
      expect((await list(alice, `recommendationId=${recs[1].id}`).expect(200)).body).toEqual(page(['e', 'f', 'd']));
      expect((await list(alice, `dueBefore=${today}`).expect(200)).body).toEqual(page(['e', 'a', 'b']));
      expect((await list(alice, `dueBefore=${addDays(today, -1)}`).expect(200)).body).toEqual(page(['e', 'a']));
      expect((await list(alice, `recommendationId=${UNKNOWN_ID}`).expect(200)).body).toEqual(page([]));
    });

    it('pages: page 2 of size 2 is the 3rd and 4th; past the end is empty with the total', async () => {
      expect((await list(alice, 'pageSize=2&page=2').expect(200)).body).toEqual(page(['b', 'c'], 6, 2, 2));
      expect((await list(alice, 'pageSize=2&page=4').expect(200)).body).toEqual(page([], 6, 4, 2));
    });

    it("keeps each office's follow-ups to the office: another office's filter is empty, an admin sees any", async () => {
      const officeViewer = await t.factories.signedIn('viewer', [listOffice]);
      expect((await list(officeViewer, '').expect(200)).body).toEqual(page(['e', 'a', 'b', 'c', 'f', 'd']));
      expect((await list(alice, `officeId=${listOffice.id}`).expect(200)).body).toEqual(page(['e', 'a', 'b', 'c', 'f', 'd']));
      expect((await list(alice, `officeId=${office.id}`).expect(200)).body).toEqual(page([]));
      expect((await list(outsider, `officeId=${listOffice.id}`).expect(200)).body).toEqual(page([]));
      expect((await list(outsider, `recommendationId=${recs[0].id}`).expect(200)).body).toEqual(page([]));
      expect((await list(outsider, `assigneeId=${alice.user.id}`).expect(200)).body).toEqual(page([]));
      expect((await list(admin, `officeId=${listOffice.id}`).expect(200)).body).toEqual(page(['e', 'a', 'b', 'c', 'f', 'd']));
      expect((await list(admin, `assigneeId=${bob.user.id}&sort=createdAt`).expect(200)).body).toEqual(page(['b', 'e', 'f']));
    });

    it.each<[string, unknown]>([
      ['assigneeId=someone', ['assigneeId must be a UUID or me']],
      ['assigneeId=me&assigneeId=me', ['assigneeId must be a UUID or me']],
      ['status=closed', ['each value in status must be one of the following values: open, in_progress, done, cancelled']],
      ['overdue=yes', ['overdue must be true or false']],
      ['overdue=1', ['overdue must be true or false']],
      ['overdue=true&overdue=false', ['overdue must be true or false']],
      ['dueBefore=2026-02-30', ['dueBefore must be a date as YYYY-MM-DD']],
      ['dueBefore=tomorrow', ['dueBefore must be a date as YYYY-MM-DD']],
      ['dueBefore=0000-06-01', ['dueBefore must be a date as YYYY-MM-DD']],
      ['recommendationId=x', ['recommendationId must be a UUID']],
      ['officeId=x', ['officeId must be a UUID']],
      ['pageSize=101', ['pageSize must not be greater than 100']],
      ['page=0', ['page must not be less than 1']],
      ['unknown=1', ['property unknown should not exist']],
      ['sort=title', 'sort must be one of: dueOn, -dueOn, createdAt, -createdAt, updatedAt, -updatedAt, priority, -priority, status, -status'],
      ['sort=--dueOn', ['sort must be a field name, optionally prefixed by -']],
    ])('answers 400 for %s', async (query, message) => {
      expect((await list(alice, query).expect(400)).body).toEqual(err(400, 'Bad Request', message));
    });

    it('answers 401 without a token', async () => {
      expect((await t.http().get(`${API}/follow-ups`).expect(401)).body).toEqual(err(401, 'Unauthorized', NO_TOKEN));
    });

    it('issues the same small number of queries for a page of 2 and a page of 100', async () => {
      const counts: number[] = [];
      for (const pageSize of [2, 100]) {
        counter.reset();
        await list(alice, `pageSize=${pageSize}`).expect(200);
        counts.push(counter.count);
      }
      expect(counts[0]).toBe(counts[1]);
      // The caller's session and user, the count, the page.
      expect(counts[0]).toBeLessThanOrEqual(3);
    });
  });

  it("leaves a deleted recommendation's follow-ups out of the list", async () => {
    const own = await t.factories.office();
    const member = await t.factories.signedIn('director', [own]);
    const [kept, gone] = [await t.factories.recommendation(own), await t.factories.recommendation(own)];
    const keptFu = await create(kept, member, member);
    await create(gone, member, member);
    await t.http().delete(`${API}/recommendations/${gone.id}`).set('Authorization', member.auth).expect(204);
    expect((await list(member, '').expect(200)).body).toEqual({ items: [keptFu], total: 1, page: 1, pageSize: 25 });
    expect((await list(member, `recommendationId=${gone.id}`).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
  });

  describe('overdue on the office calendar', () => {
    it('judges the same due date overdue in Pacific/Kiritimati (UTC+14) and not in Pacific/Pago_Pago (UTC−11)', async () => {
      const [east, west] = [await t.factories.office(), await t.factories.office()];
      await setZone(east, 'Pacific/Kiritimati');
      await setZone(west, 'Pacific/Pago_Pago');
      const [eastToday, westToday] = [await todayIn('Pacific/Kiritimati'), await todayIn('Pacific/Pago_Pago')];
      // Kiritimati is always one or two calendar days ahead of Pago Pago, so this day is past in one and not in the other.
      const day = addDays(eastToday, -1);
      expect(day >= westToday).toBe(true);

      const who = await t.factories.signedIn('director', [east, west]);
      const [eastRec, westRec] = [await t.factories.recommendation(east), await t.factories.recommendation(west)];
      const due = async (rec: Recommendation, dueOn: string) => (await create(rec, who, who, { dueOn })).overdue;
      expect(await due(eastRec, day)).toBe(true);
      expect(await due(eastRec, eastToday)).toBe(false);
      expect(await due(westRec, day)).toBe(false);
      expect(await due(westRec, westToday)).toBe(false);
      expect(await due(westRec, addDays(westToday, -1))).toBe(true);

      const overdueIn = async (o: Office) =>
        ((await list(who, `officeId=${o.id}&overdue=true`).expect(200)).body as PageOf<FollowUpView>).items.map((f) => f.dueOn);
      expect(await overdueIn(east)).toEqual([day]);
      expect(await overdueIn(west)).toEqual([addDays(westToday, -1)]);
      const counts = async (rec: Recommendation) => {
        const { openFollowUpCount, overdueFollowUpCount } = (await t.http().get(`${API}/recommendations/${rec.id}`).set('Authorization', who.auth).expect(200)).body as Record<string, number>;
        return [openFollowUpCount, overdueFollowUpCount];
      };
      expect(await counts(eastRec)).toEqual([2, 1]);
      expect(await counts(westRec)).toEqual([3, 1]);

      // Moving the western office to the eastern zone moves its calendar with it.
      await setZone(west, 'Pacific/Kiritimati');
      expect(await overdueIn(west)).toEqual([addDays(westToday, -1), westToday, day].sort());
    });
  });

  describe('recommendation counts', () => {
    it('counts open and in_progress follow-ups, and the overdue among them, on GET /recommendations/:id and in the list', async () => {
      const own = await t.factories.office();
      const member = await t.factories.signedIn('staffer', [own]);
      const rec = await t.factories.recommendation(own);
      const quiet = await t.factories.recommendation(own);
      const today = await todayIn('America/New_York');
      await t.factories.followUp(rec, member.user, { dueOn: addDays(today, -1), status: 'open' });
      const late = await t.factories.followUp(rec, member.user, { dueOn: addDays(today, -30), status: 'in_progress' });
      await t.factories.followUp(rec, member.user, { dueOn: today, status: 'open' });
      await t.factories.followUp(rec, member.user, { dueOn: addDays(today, -5), status: 'done' });
      await t.factories.followUp(rec, member.user, { dueOn: addDays(today, -5), status: 'cancelled' });

      const one = async (id: string) => (await t.http().get(`${API}/recommendations/${id}`).set('Authorization', member.auth).expect(200)).body as Record<string, unknown>;
      expect(await one(rec.id)).toMatchObject({ openFollowUpCount: 3, overdueFollowUpCount: 2 });
      expect(await one(quiet.id)).toMatchObject({ openFollowUpCount: 0, overdueFollowUpCount: 0 });
      const listed = async () =>
        ((await t.http().get(`${API}/recommendations?officeId=${own.id}&sort=createdAt`).set('Authorization', member.auth).expect(200)).body as PageOf<Record<string, unknown>>).items.map(
          (r) => [r.id, r.openFollowUpCount, r.overdueFollowUpCount],
        );
      expect(await listed()).toEqual([
        [rec.id, 3, 2],
        [quiet.id, 0, 0],
      ]);

      await patch(late.id, member, 1, { status: 'done' }).expect(200);
      expect(await one(rec.id)).toMatchObject({ openFollowUpCount: 2, overdueFollowUpCount: 1 });
      expect(await listed()).toEqual([
        [rec.id, 2, 1],
        [quiet.id, 0, 0],
      ]);
    });
  });

  describe('office time zone', () => {
    const postOffice = (payload: unknown) => t.http().post(`${API}/offices`).set('Authorization', admin.auth).send(payload as object);
    const patchOffice = (id: string, payload: unknown) => t.http().patch(`${API}/offices/${id}`).set('Authorization', admin.auth).send(payload as object);
    const storedZone = async (id: string) => ((await t.db.query('SELECT time_zone FROM offices WHERE id = $1', [id])) as { time_zone: string }[])[0].time_zone;

    it('defaults to America/New_York, takes one at creation and a change later, shows it and audits it', async () => {
      const name = t.factories.unique('Zoned');
      const plain = await postOffice({ name }).expect(201);
      expect(plain.body).toEqual({ id: UUID, name, timeZone: 'America/New_York' });
      const kolkata = await postOffice({ name: t.factories.unique('Zoned'), timeZone: 'Asia/Kolkata' }).expect(201);
      expect(kolkata.body).toMatchObject({ timeZone: 'Asia/Kolkata' });
      const id = (kolkata.body as { id: string }).id;
      expect(await storedZone(id)).toBe('Asia/Kolkata');

      const moved = await patchOffice(id, { timeZone: 'UTC' }).expect(200);
      expect(moved.body).toEqual({ ...kolkata.body, timeZone: 'UTC' });
      expect((await t.http().get(`${API}/offices/${id}`).set('Authorization', admin.auth).expect(200)).body).toEqual(moved.body);
      const events = (await t.db.query("SELECT action, before, after FROM audit_events WHERE entity_type = 'office' AND entity_id = $1 ORDER BY seq", [id])) as unknown[];
      expect(events).toEqual([
        { action: 'office.create', before: null, after: { name: (kolkata.body as { name: string }).name, timeZone: 'Asia/Kolkata' } },
        { action: 'office.update', before: { timeZone: 'Asia/Kolkata' }, after: { timeZone: 'UTC' } },
      ]);
      const member = await t.factories.signedIn('viewer', [{ id } as Office]);
      const listed = await t.http().get(`${API}/offices`).set('Authorization', member.auth).expect(200);
      expect(listed.body).toEqual({ items: [moved.body], total: 1, page: 1, pageSize: 25 });
    });

    it.each<[string, unknown]>([
      ['an unknown zone', 'Mars/Olympus_Mons'],
      ['an offset, which PostgreSQL would read with the sign inverted', '+05:00'],
      ['a POSIX zone string', 'EST5EDT'],
      ['an abbreviation', 'EST'],
      ['a zone in the wrong case', 'America/new_york'],
      ['a lower-case zone', 'america/new_york'],
      ['a zone with spaces', ' UTC'],
      ['an empty string', ''],
      ['a number', 5],
      ['null', null],
    ])('answers 400 naming the field for %s, on create and on update', async (_case, timeZone) => {
      const name = t.factories.unique('Zoned');
      expect((await postOffice({ name, timeZone }).expect(400)).body).toEqual(err(400, 'Bad Request', ZONE_MESSAGE));
      const [{ n }] = (await t.db.query('SELECT count(*)::int AS n FROM offices WHERE name = $1', [name])) as { n: number }[];
      expect(n).toBe(0);
      const existing = await t.factories.office();
      expect((await patchOffice(existing.id, { timeZone }).expect(400)).body).toEqual(err(400, 'Bad Request', ZONE_MESSAGE));
      expect(await storedZone(existing.id)).toBe('America/New_York');
    });

    it('answers 400 for an empty PATCH body', async () => {
      const existing = await t.factories.office();
      expect((await patchOffice(existing.id, {}).expect(400)).body).toEqual(err(400, 'Bad Request', 'Send at least one field to change'));
    });

    it("accepts only zones PostgreSQL can compute today in: every runtime zone the rule lets through works in now() AT TIME ZONE", async () => {
      // The rule: a well-formed name the runtime knows, spelled as in this server's pg_timezone_names
      // (which server versions differ on, hence the intersection rather than a fixed list).
      const candidates = [...Intl.supportedValuesOf('timeZone'), 'UTC', 'Asia/Kolkata', 'Europe/Kyiv'].filter(isIanaTimeZone);
      const accepted = ((await t.db.query('SELECT z FROM unnest($1::text[]) z WHERE EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = z)', [candidates])) as { z: string }[]).map(
        (r) => r.z,
      );
      expect(accepted.length).toBeGreaterThan(300);
      expect(accepted).toEqual(expect.arrayContaining(['UTC', 'America/New_York', 'Asia/Kolkata']));
      const [{ n }] = (await t.db.query('SELECT count(DISTINCT (now() AT TIME ZONE z)::date)::int AS n FROM unnest($1::text[]) z', [accepted])) as { n: number }[];
      expect(n).toBeGreaterThanOrEqual(1);
    });
  });
});
