import type { Office } from '../src/offices/office.entity';
import { STATUSES } from '../src/recommendations/recommendation-status';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const STATUS_RULE = `each value in filters.status must be one of the following values: ${STATUSES.join(', ')}`;

interface View {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

describe('saved views', () => {
  let t: TestApp;
  let officeA: Office;
  let officeB: Office;
  let viewerA: SignedIn;
  let stafferA: SignedIn;
  let directorB: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    officeA = await t.factories.office();
    officeB = await t.factories.office();
    viewerA = await t.factories.signedIn('viewer', [officeA]);
    stafferA = await t.factories.signedIn('staffer', [officeA]);
    directorB = await t.factories.signedIn('director', [officeB]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const post = (who: SignedIn, payload: unknown) => t.http().post('/api/v1/saved-views').set('Authorization', who.auth).send(payload as object);
  const create = async (who: SignedIn, over: Record<string, unknown> = {}): Promise<View> =>
    (await post(who, { name: t.factories.unique('View'), filters: {}, ...over }).expect(201)).body as View;
  const get = (who: SignedIn, id: string) => t.http().get(`/api/v1/saved-views/${id}`).set('Authorization', who.auth);
  const patch = (who: SignedIn, id: string, payload: unknown) => t.http().patch(`/api/v1/saved-views/${id}`).set('Authorization', who.auth).send(payload as object);
  const remove = (who: SignedIn, id: string) => t.http().delete(`/api/v1/saved-views/${id}`).set('Authorization', who.auth);
  const apply = (who: SignedIn, id: string, query: Record<string, unknown> = {}) =>
    t.http().get(`/api/v1/saved-views/${id}/recommendations`).query(query).set('Authorization', who.auth);
  const auditOf = (id: string) =>
    t.db.query('SELECT actor_id, action, entity_type, office_id, before, after FROM audit_events WHERE entity_id = $1 ORDER BY seq', [id]) as Promise<unknown[]>;

  describe('POST /saved-views', () => {
    it('answers 201 with the view, its filters normalised as the list reads them, and audits it with no office', async () => {
      const name = t.factories.unique('Open trade items');
      const filters = { status: 'open', policyArea: 'trade_investment', ownerId: 'me', q: 'USMCA', sort: '-updatedAt', pageSize: '50' };
      const res = await post(viewerA, { name: `  ${name}  `, filters }).expect(201);
      const normalised = { status: ['open'], policyArea: 'trade_investment', ownerId: 'me', q: 'USMCA', sort: '-updatedAt', pageSize: 50 };
      expect(res.body).toEqual({ id: UUID, name, filters: normalised, createdAt: ISO, updatedAt: ISO });
      expect(await auditOf(res.body.id)).toEqual([
        { actor_id: viewerA.user.id, action: 'saved_view.create', entity_type: 'saved_view', office_id: null, before: null, after: { name, filters: normalised } },
      ]);
    });

    it('accepts every filter of the list, and an empty set', async () => {
      const filters = {
        officeId: officeA.id,
        status: ['open', 'in_progress'],
        policyArea: 'border_migration',
        ownerId: stafferA.user.id,
        addressee: 'USTR',
        priority: 'high',
        tag: 'fentanyl',
        q: 'precursor chemicals',
        parentId: 'none',
        updatedSince: '2026-01-31',
        pageSize: 10,
        sort: 'reference',
      };
      expect((await create(stafferA, { filters })).filters).toEqual(filters);
      expect((await create(stafferA, { filters: {} })).filters).toEqual({});
    });

    it('answers 409 for a name the same user already has, regardless of case; another user may take it', async () => {
      const name = t.factories.unique('Duplicate');
      await create(viewerA, { name });
      const res = await post(viewerA, { name: name.toUpperCase(), filters: {} }).expect(409);
      expect(res.body).toEqual(err(409, 'Conflict', 'You already have a saved view with this name'));
      expect((await create(stafferA, { name })).name).toBe(name);
    });

    it('answers 400 naming each missing or invalid field', async () => {
      const res = await post(viewerA, {}).expect(400);
      expect(res.body).toEqual(
        err(400, 'Bad Request', [
          'name must be shorter than or equal to 200 characters',
          'name must not be empty',
          'name must be a string',
          'filters must be an object',
        ]),
      );
      await expect(post(viewerA, { name: ' ', filters: {} }).expect(400)).resolves.toMatchObject({ body: err(400, 'Bad Request', ['name must not be empty']) });
      await expect(post(viewerA, { name: 'x'.repeat(201), filters: {} }).expect(400)).resolves.toMatchObject({
        body: err(400, 'Bad Request', ['name must be shorter than or equal to 200 characters']),
      });
      await expect(post(viewerA, { name: 'Tab\tname', filters: {} }).expect(400)).resolves.toMatchObject({
        body: err(400, 'Bad Request', ['name must not contain control characters']),
      });
      for (const filters of [['open'], 'status=open', null, 3]) {
        const refused = await post(viewerA, { name: t.factories.unique('Bad'), filters }).expect(400);
        expect(refused.body).toEqual(err(400, 'Bad Request', ['filters must be an object']));
      }
    });

    it.each([
      ['an unknown key', { color: 'red' }, ['property filters.color should not exist']],
      ['the page', { page: 2 }, ['filters.page cannot be saved: it is chosen when the view is applied']],
      ['an unknown status', { status: ['open', 'closed'] }, [STATUS_RULE]],
      ['a status that is not a string or array', { status: 5 }, [STATUS_RULE]],
      ['an owner that is neither a UUID nor me', { ownerId: 'you' }, ['filters.ownerId must be a UUID or me']],
      ['a parent that is neither a UUID nor none', { parentId: 'all' }, ['filters.parentId must be a UUID or none']],
      ['an office id that is not a UUID', { officeId: 'office-a' }, ['filters.officeId must be a UUID']],
      ['an unknown priority', { priority: 'urgent' }, ['filters.priority must be one of the following values: high, medium, low']],
      ['a number where text belongs', { policyArea: 7 }, ['filters.policyArea must be shorter than or equal to 40 characters', 'filters.policyArea must be a string']],
      ['a page size over 100', { pageSize: 101 }, ['filters.pageSize must not be greater than 100']],
      ['a page size that is not a number', { pageSize: 'ten' }, ['filters.pageSize must not be greater than 100', 'filters.pageSize must not be less than 1', 'filters.pageSize must be an integer number']],
      ['a date that is not ISO 8601', { updatedSince: 'yesterday' }, ['filters.updatedSince must match /^\\d{4}-\\d{2}-\\d{2}/ regular expression', 'filters.updatedSince must be a valid ISO 8601 date string']],
      ['a search over 200 characters', { q: 'x'.repeat(201) }, ['filters.q must be shorter than or equal to 200 characters']],
      ['a null', { tag: null }, ['filters.tag must not be null']],
      ['an unknown key holding pattern characters', { 'a(b$&': 1 }, ['property filters.a(b$& should not exist']],
      ['a NUL character', { q: 'USMCA\u0000' }, ['filters.q must not contain NUL characters']],
    ])('answers 400 for %s in the filters', async (_case, filters, message) => {
      const res = await post(viewerA, { name: t.factories.unique('Bad filters'), filters }).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
    });

    it('drops a constructor key, as the body transformation does for every body', async () => {
      const res = await post(viewerA, { name: t.factories.unique('Constructor'), filters: JSON.parse('{"constructor": {"name": "x"}, "tag": "a"}') as object }).expect(201);
      expect(res.body.filters).toEqual({ tag: 'a' });
    });

    it('answers 400 for a __proto__ key, which the JSON parser refuses', async () => {
      const res = await t.http().post('/api/v1/saved-views').set('Authorization', viewerA.auth).set('Content-Type', 'application/json').send('{"name": "Proto", "filters": {"__proto__": {"status": "open"}}}').expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', 'Request body is not valid JSON'));
    });

    it("answers 400 for a sort the list does not offer, with the list's own message", async () => {
      const res = await post(viewerA, { name: t.factories.unique('Bad sort'), filters: { sort: '-colour' } }).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', [expect.stringMatching(/^filters\.sort must be one of: reference, -reference, title, -title, /)]));
      expect(await t.db.query('SELECT 1 FROM saved_views WHERE user_id = $1 AND name LIKE $2', [viewerA.user.id, 'Bad sort-%'])).toEqual([]);
    });

    it('answers 401 without a token', async () => {
      const res = await t.http().post('/api/v1/saved-views').send({ name: 'No token', filters: {} }).expect(401);
      expect(res.body).toEqual(err(401, 'Unauthorized', 'Missing, invalid or expired access token'));
    });
  });

  describe('GET /saved-views', () => {
    it("lists the caller's own views only, by name regardless of case by default", async () => {
      const owner = await t.factories.signedIn('director', [officeA]);
      const b = await create(owner, { name: 'beta' });
      const a = await create(owner, { name: 'Alpha' });
      const c = await create(owner, { name: 'Gamma', filters: { status: ['open'] } });
      await create(viewerA, { name: 'Also alpha' });
      const res = await t.http().get('/api/v1/saved-views').set('Authorization', owner.auth).expect(200);
      expect(res.body).toEqual({ items: [a, b, c], total: 3, page: 1, pageSize: 25 });
    });

    it('sorts by createdAt or updatedAt and pages', async () => {
      const owner = await t.factories.signedIn('viewer', [officeA]);
      const first = await create(owner, { name: 'Zulu' });
      const second = await create(owner, { name: 'Yankee' });
      const third = await create(owner, { name: 'X-ray' });
      const newest = await t.http().get('/api/v1/saved-views?sort=-createdAt&pageSize=2').set('Authorization', owner.auth).expect(200);
      expect(newest.body).toEqual({ items: [third, second], total: 3, page: 1, pageSize: 2 });
      const next = await t.http().get('/api/v1/saved-views?sort=-createdAt&pageSize=2&page=2').set('Authorization', owner.auth).expect(200);
      expect(next.body).toEqual({ items: [first], total: 3, page: 2, pageSize: 2 });
      const renamed = (await patch(owner, first.id, { name: 'Whiskey' }).expect(200)).body as View;
      const updated = await t.http().get('/api/v1/saved-views?sort=-updatedAt').set('Authorization', owner.auth).expect(200);
      expect(updated.body.items).toEqual([renamed, third, second]);
    });

    it('answers an empty page for a user with no views, 400 for an unknown sort, and 401 without a token', async () => {
      const nobody = await t.factories.signedIn('staffer', [officeB]);
      await expect(t.http().get('/api/v1/saved-views').set('Authorization', nobody.auth).expect(200)).resolves.toMatchObject({
        body: { items: [], total: 0, page: 1, pageSize: 25 },
      });
      const bad = await t.http().get('/api/v1/saved-views?sort=filters').set('Authorization', nobody.auth).expect(400);
      expect(bad.body).toEqual(err(400, 'Bad Request', 'sort must be one of: name, -name, createdAt, -createdAt, updatedAt, -updatedAt'));
      await t.http().get('/api/v1/saved-views').expect(401);
    });
  });

  describe('GET /saved-views/:id', () => {
    it('answers 200 with the view to its owner', async () => {
      const view = await create(stafferA, { filters: { priority: 'high' } });
      const res = await get(stafferA, view.id).expect(200);
      expect(res.body).toEqual(view);
    });

    it("answers 404 for another user's view, admins and colleagues of the same office included", async () => {
      const view = await create(stafferA);
      for (const who of [viewerA, directorB, admin]) {
        const res = await get(who, view.id).expect(404);
        expect(res.body).toEqual(err(404, 'Not Found', 'Saved view not found'));
      }
    });

    it('answers 404 for an unknown id, 400 for a malformed one and 401 without a token', async () => {
      await expect(get(viewerA, UNKNOWN_ID).expect(404)).resolves.toMatchObject({ body: err(404, 'Not Found', 'Saved view not found') });
      const bad = await get(viewerA, 'not-a-uuid').expect(400);
      expect(bad.body).toEqual(err(400, 'Bad Request', 'Validation failed (uuid is expected)'));
      await t.http().get(`/api/v1/saved-views/${UNKNOWN_ID}`).expect(401);
    });
  });

  describe('PATCH /saved-views/:id', () => {
    it('renames a view, leaving its filters, and audits only what changed', async () => {
      const view = await create(viewerA, { filters: { status: ['open'] } });
      const name = t.factories.unique('Renamed');
      const res = await patch(viewerA, view.id, { name: ` ${name} ` }).expect(200);
      expect(res.body).toEqual({ ...view, name, updatedAt: ISO });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(view.updatedAt));
      expect((await auditOf(view.id))[1]).toEqual({
        actor_id: viewerA.user.id,
        action: 'saved_view.update',
        entity_type: 'saved_view',
        office_id: null,
        before: { name: view.name },
        after: { name },
      });
    });

    it('replaces the filters whole, normalised', async () => {
      const view = await create(viewerA, { filters: { status: ['open'], q: 'USMCA' } });
      const res = await patch(viewerA, view.id, { filters: { status: 'in_progress' } }).expect(200);
      expect(res.body).toEqual({ ...view, filters: { status: ['in_progress'] }, updatedAt: ISO });
      await expect(get(viewerA, view.id).expect(200)).resolves.toMatchObject({ body: res.body });
      expect((await auditOf(view.id))[1]).toMatchObject({
        action: 'saved_view.update',
        before: { filters: { status: ['open'], q: 'USMCA' } },
        after: { filters: { status: ['in_progress'] } },
      });
    });

    it('answers 400 for an empty body, a null or invalid field, and leaves the view as it was', async () => {
      const view = await create(viewerA);
      await expect(patch(viewerA, view.id, {}).expect(400)).resolves.toMatchObject({ body: err(400, 'Bad Request', 'Send at least one field to change') });
      await expect(patch(viewerA, view.id, { name: null }).expect(400)).resolves.toMatchObject({
        body: err(400, 'Bad Request', ['name must be shorter than or equal to 200 characters', 'name must not be empty', 'name must be a string']),
      });
      await expect(patch(viewerA, view.id, { filters: null }).expect(400)).resolves.toMatchObject({ body: err(400, 'Bad Request', ['filters must be an object']) });
      await expect(patch(viewerA, view.id, { filters: { status: ['done'] } }).expect(400)).resolves.toMatchObject({ body: err(400, 'Bad Request', [STATUS_RULE]) });
      await expect(patch(viewerA, view.id, { name: 'Fine', owner: 'x' }).expect(400)).resolves.toMatchObject({
        body: err(400, 'Bad Request', ['property owner should not exist']),
      });
      await expect(get(viewerA, view.id).expect(200)).resolves.toMatchObject({ body: view });
      expect(await auditOf(view.id)).toHaveLength(1);
    });

    it('answers 409 when renaming onto another of the same user’s views, regardless of case', async () => {
      const taken = await create(viewerA);
      const view = await create(viewerA);
      const res = await patch(viewerA, view.id, { name: taken.name.toLowerCase() }).expect(409);
      expect(res.body).toEqual(err(409, 'Conflict', 'You already have a saved view with this name'));
      expect((await patch(viewerA, view.id, { name: view.name.toUpperCase() }).expect(200)).body.name).toBe(view.name.toUpperCase());
    });

    it("answers 404 for another user's view, admin included, and changes nothing", async () => {
      const view = await create(stafferA);
      for (const who of [viewerA, admin]) {
        const res = await patch(who, view.id, { name: t.factories.unique('Hijacked') }).expect(404);
        expect(res.body).toEqual(err(404, 'Not Found', 'Saved view not found'));
      }
      await expect(get(stafferA, view.id).expect(200)).resolves.toMatchObject({ body: view });
      await patch(stafferA, UNKNOWN_ID, { name: 'Nothing' }).expect(404);
      await patch(stafferA, 'nope', { name: 'Nothing' }).expect(400);
      await t.http().patch(`/api/v1/saved-views/${view.id}`).send({ name: 'No token' }).expect(401);
    });
  });

  describe('DELETE /saved-views/:id', () => {
    it('answers 204, the view is gone, and the deletion is audited', async () => {
      const view = await create(viewerA, { filters: { tag: 'fentanyl' } });
      const res = await remove(viewerA, view.id).expect(204);
      expect(res.text).toBe('');
      await get(viewerA, view.id).expect(404);
      expect((await auditOf(view.id))[1]).toEqual({
        actor_id: viewerA.user.id,
        action: 'saved_view.delete',
        entity_type: 'saved_view',
        office_id: null,
        before: { name: view.name, filters: { tag: 'fentanyl' } },
        after: null,
      });
      // The name is free again.
      await create(viewerA, { name: view.name });
    });

    it("answers 404 for another user's view, admin included, and keeps it", async () => {
      const view = await create(stafferA);
      for (const who of [viewerA, directorB, admin]) await expect(remove(who, view.id).expect(404)).resolves.toMatchObject({ body: err(404, 'Not Found', 'Saved view not found') });
      await get(stafferA, view.id).expect(200);
      await remove(stafferA, UNKNOWN_ID).expect(404);
      await remove(stafferA, 'nope').expect(400);
      await t.http().delete(`/api/v1/saved-views/${view.id}`).expect(401);
    });
  });

  describe('GET /saved-views/:id/recommendations', () => {
    const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);

    it('answers exactly the matching recommendations of the offices the caller sees, in the view’s order', async () => {
      const owner = await t.factories.signedIn('staffer', [officeA]);
      const mine = (office: Office, status: 'open' | 'in_progress' | 'implemented', reference: string) =>
        t.factories.recommendation(office, { status, owners: [owner.user], reference: t.factories.unique(reference) });
      const open = await mine(officeA, 'open', 'B');
      const inProgress = await mine(officeA, 'in_progress', 'A');
      await mine(officeA, 'implemented', 'C');
      await mine(officeB, 'open', 'D');
      await t.factories.recommendation(officeA, { status: 'open' });
      const view = await create(owner, { filters: { status: ['open', 'in_progress'], ownerId: 'me', sort: '-reference' } });

      const res = await apply(owner, view.id).expect(200);
      expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 25 });
      expect(ids(res.body)).toEqual([open.id, inProgress.id]);
      expect(res.body.items[0]).toMatchObject({ id: open.id, reference: open.reference, status: 'open', officeId: officeA.id });
      // The same as the list answers for the same query parameters.
      const listed = await t.http().get('/api/v1/recommendations?status=open&status=in_progress&ownerId=me&sort=-reference').set('Authorization', owner.auth).expect(200);
      expect(res.body).toEqual(listed.body);
    });

    it("uses the view's pageSize unless the query gives one, and pages", async () => {
      const owner = await t.factories.signedIn('viewer', [officeA]);
      const recs = [];
      for (const ref of ['A', 'B', 'C']) recs.push(await t.factories.recommendation(officeA, { owners: [owner.user], reference: t.factories.unique(ref) }));
      const view = await create(owner, { filters: { ownerId: 'me', pageSize: 2, sort: 'reference' } });
      const first = await apply(owner, view.id).expect(200);
      expect({ ...first.body, items: ids(first.body) }).toEqual({ items: [recs[0].id, recs[1].id], total: 3, page: 1, pageSize: 2 });
      const second = await apply(owner, view.id, { page: 2 }).expect(200);
      expect({ ...second.body, items: ids(second.body) }).toEqual({ items: [recs[2].id], total: 3, page: 2, pageSize: 2 });
      const wide = await apply(owner, view.id, { pageSize: 3 }).expect(200);
      expect({ ...wide.body, items: ids(wide.body) }).toEqual({ items: recs.map((r) => r.id), total: 3, page: 1, pageSize: 3 });
      const bad = await apply(owner, view.id, { pageSize: 101, page: 0 }).expect(400);
      expect(bad.body).toEqual(err(400, 'Bad Request', ['pageSize must not be greater than 100', 'page must not be less than 1']));
      await apply(owner, view.id, { sort: 'title' }).expect(400);
    });

    it('answers no items for a view filtered on an office the caller cannot see', async () => {
      const owner = await t.factories.signedIn('director', [officeA]);
      await t.factories.recommendation(officeB);
      const view = await create(owner, { filters: { officeId: officeB.id } });
      await expect(apply(owner, view.id).expect(200)).resolves.toMatchObject({ body: { items: [], total: 0, page: 1, pageSize: 25 } });
    });

    it("answers 404 for another user's view, admin included, 400 for a malformed id and 401 without a token", async () => {
      const view = await create(stafferA);
      for (const who of [viewerA, admin]) await expect(apply(who, view.id).expect(404)).resolves.toMatchObject({ body: err(404, 'Not Found', 'Saved view not found') });
      await apply(stafferA, UNKNOWN_ID).expect(404);
      await apply(stafferA, 'nope').expect(400);
      await t.http().get(`/api/v1/saved-views/${view.id}/recommendations`).expect(401);
    });
  });
});
