import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });

describe('sources and comments', () => {
  let t: TestApp;
  let office: Office;
  let staffer: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    viewer = await t.factories.signedIn('viewer', [office]);
    outsider = await t.factories.signedIn('director', [await t.factories.office()]);
  });
  afterAll(() => t.close());

  describe('sources', () => {
    const source = (over: Record<string, unknown> = {}) => ({
      title: t.factories.unique('Six Recommendations'),
      author: 'Mexico Institute',
      publishedOn: '2022-06-01',
      url: 'https://example.org/brief',
      kind: 'brief',
      ...over,
    });

    it('POST answers 201 with the source, readable by anyone signed in, and audited', async () => {
      const body = source();
      const res = await t.http().post('/api/v1/sources').set('Authorization', staffer.auth).send(body).expect(201);
      expect(res.body).toEqual({ id: UUID, ...body, createdAt: ISO });
      const got = await t.http().get(`/api/v1/sources/${res.body.id}`).set('Authorization', outsider.auth).expect(200);
      expect(got.body).toEqual(res.body);
      const [event] = (await t.db.query('SELECT actor_id, action, office_id FROM audit_events WHERE entity_id = $1', [res.body.id])) as unknown[];
      expect(event).toEqual({ actor_id: staffer.user.id, action: 'source.create', office_id: null });
    });

    it('keeps the optional fields null when left out', async () => {
      const res = await t.http().post('/api/v1/sources').set('Authorization', staffer.auth).send({ title: 'Hearing record', kind: 'hearing' }).expect(201);
      expect(res.body).toMatchObject({ author: null, publishedOn: null, url: null, kind: 'hearing' });
    });

    it('lists sources paged, filtered by kind and sorted', async () => {
      const kind = 'analysis';
      const older = await t.http().post('/api/v1/sources').set('Authorization', staffer.auth).send(source({ kind, publishedOn: '2021-03-01' })).expect(201);
      const newer = await t.http().post('/api/v1/sources').set('Authorization', staffer.auth).send(source({ kind, publishedOn: '2021-09-01' })).expect(201);
      const res = await t.http().get('/api/v1/sources').query({ kind, sort: 'publishedOn', pageSize: 100 }).set('Authorization', viewer.auth).expect(200);
      const ids = (res.body.items as { id: string }[]).map((s) => s.id);
      expect(ids.indexOf(older.body.id)).toBeLessThan(ids.indexOf(newer.body.id));
      expect(res.body.items.every((s: { kind: string }) => s.kind === kind)).toBe(true);
      expect(res.body).toMatchObject({ page: 1, pageSize: 100, total: res.body.items.length });
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['an unknown kind', { kind: 'tweet' }, ['kind must be one of the following values: brief, report, hearing, analysis, other']],
      ['a non-http url', { url: 'ftp://example.org/brief' }, ['url must be an http or https address']],
      ['an impossible date', { publishedOn: '2022-13-01' }, ['publishedOn must be a date as YYYY-MM-DD']],
      ['a missing title', { title: undefined }, ['title must be shorter than or equal to 500 characters', 'title must be longer than or equal to 1 characters', 'title must be a string']],
    ])('answers 400 for %s', async (_, over, message) => {
      const res = await t.http().post('/api/v1/sources').set('Authorization', staffer.auth).send(source(over)).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
    });

    it('answers 403 to a viewer, 404 for an unknown id, 400 for a malformed one', async () => {
      expect((await t.http().post('/api/v1/sources').set('Authorization', viewer.auth).send(source()).expect(403)).body).toEqual(
        err(403, 'Forbidden', 'This action needs role staffer or above'),
      );
      await t.http().get('/api/v1/sources/00000000-0000-4000-8000-000000000000').set('Authorization', viewer.auth).expect(404);
      await t.http().get('/api/v1/sources/nope').set('Authorization', viewer.auth).expect(400);
    });
  });

  describe('comments', () => {
    it('POST answers 201 with the comment; GET lists them oldest first with a total', async () => {
      const rec = await t.factories.recommendation(office);
      const url = `/api/v1/recommendations/${rec.id}/comments`;
      const first = await t.http().post(url).set('Authorization', staffer.auth).send({ body: '  Called USTR.\nWaiting for the docket.  ' }).expect(201);
      expect(first.body).toEqual({
        id: UUID,
        recommendationId: rec.id,
        body: 'Called USTR.\nWaiting for the docket.',
        createdBy: { id: staffer.user.id, name: staffer.user.name },
        createdAt: ISO,
      });
      const second = await t.http().post(url).set('Authorization', staffer.auth).send({ body: 'Docket received.' }).expect(201);
      const list = await t.http().get(url).set('Authorization', viewer.auth).expect(200);
      expect(list.body).toEqual({ items: [first.body, second.body], total: 2, page: 1, pageSize: 25 });
      const latest = await t.http().get(url).query({ sort: '-createdAt', pageSize: 1 }).set('Authorization', viewer.auth).expect(200);
      expect(latest.body).toEqual({ items: [second.body], total: 2, page: 1, pageSize: 1 });
      const [event] = (await t.db.query('SELECT action, office_id FROM audit_events WHERE entity_id = $1', [first.body.id])) as unknown[];
      expect(event).toEqual({ action: 'comment.create', office_id: office.id });
    });

    it.each<[string, unknown, unknown]>([
      ['an empty body', { body: '   ' }, ['body must not be empty']],
      ['a body with a NUL', { body: 'a\u0000' }, ['body must not contain control characters other than tabs and line breaks']],
      ['a null body', { body: null }, ['body must be shorter than or equal to 10000 characters', 'body must not be empty', 'body must be a string']],
    ])('answers 400 for %s and writes nothing', async (_, payload, message) => {
      const rec = await t.factories.recommendation(office);
      const res = await t.http().post(`/api/v1/recommendations/${rec.id}/comments`).set('Authorization', staffer.auth).send(payload as object).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
      expect(await t.db.query('SELECT id FROM comments WHERE recommendation_id = $1', [rec.id])).toEqual([]);
    });

    it('answers 403 to a viewer of the office and 404 to another office, for reading and writing', async () => {
      const rec = await t.factories.recommendation(office);
      const url = `/api/v1/recommendations/${rec.id}/comments`;
      expect((await t.http().post(url).set('Authorization', viewer.auth).send({ body: 'x' }).expect(403)).body).toEqual(
        err(403, 'Forbidden', 'Commenting needs role staffer or above'),
      );
      await t.http().post(url).set('Authorization', outsider.auth).send({ body: 'x' }).expect(404);
      await t.http().get(url).set('Authorization', outsider.auth).expect(404);
    });
  });
});
