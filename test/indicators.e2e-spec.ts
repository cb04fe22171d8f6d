import { latestTodayOnEarth } from '../src/indicators/observation-value';
import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { QueryCounter } from './support/query-counter';
import { startTestApp, TestApp } from './support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NOT_AN_ARRAY = ['each value in recommendationIds must be a UUID', 'recommendationIds must contain no more than 100 elements', 'recommendationIds must be an array'];
const VALUE_RULE = 'value must be a JSON number of at most 15 digits, at most 6 of them after the decimal point';

interface Indicator {
  id: string;
  name: string;
  recommendationIds: string[];
  updatedAt: string;
}

describe('indicators', () => {
  const counter = new QueryCounter();
  let t: TestApp;
  let officeA: Office;
  let officeB: Office;
  let viewerA: SignedIn;
  let stafferA: SignedIn;
  let directorA: SignedIn;
  let viewerB: SignedIn;
  let directorB: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, counter);
    officeA = await t.factories.office();
    officeB = await t.factories.office();
    viewerA = await t.factories.signedIn('viewer', [officeA]);
    stafferA = await t.factories.signedIn('staffer', [officeA]);
    directorA = await t.factories.signedIn('director', [officeA]);
    viewerB = await t.factories.signedIn('viewer', [officeB]);
    directorB = await t.factories.signedIn('director', [officeB]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({ name: t.factories.unique('Overdose deaths'), unit: 'deaths per year', betterWhen: 'lower', ...over });
  const create = async (who: SignedIn, over: Record<string, unknown> = {}): Promise<Indicator> =>
    (await t.http().post('/api/v1/indicators').set('Authorization', who.auth).send(body(over)).expect(201)).body as Indicator;
  const observe = (who: SignedIn, id: string, payload: Record<string, unknown>) =>
    t.http().post(`/api/v1/indicators/${id}/observations`).set('Authorization', who.auth).send(payload);
  const get = (who: SignedIn, id: string) => t.http().get(`/api/v1/indicators/${id}`).set('Authorization', who.auth);
  const patch = (who: SignedIn, id: string, payload: unknown) => t.http().patch(`/api/v1/indicators/${id}`).set('Authorization', who.auth).send(payload as object);
  const list = (who: SignedIn, query: Record<string, unknown>) => t.http().get('/api/v1/indicators').query(query).set('Authorization', who.auth);
  const auditOf = (id: string) =>
    t.db.query('SELECT actor_id, action, entity_type, office_id, before, after FROM audit_events WHERE entity_id = $1 ORDER BY seq', [id]) as Promise<unknown[]>;

  describe('POST /indicators', () => {
    it('answers 201 with the indicator, links sorted by reference, no observation yet, and audits it in the global chain', async () => {
      const second = await t.factories.recommendation(officeA, { reference: t.factories.unique('B') });
      const first = await t.factories.recommendation(officeA, { reference: t.factories.unique('A') });
      const payload = body({ name: `  ${t.factories.unique('Border encounters')}  `, source: ' CBP ', recommendationIds: [second.id, first.id] });
      const res = await t.http().post('/api/v1/indicators').set('Authorization', directorA.auth).send(payload).expect(201);
      const name = payload.name.trim();
      expect(res.body).toEqual({
        id: UUID,
        name,
        unit: 'deaths per year',
        betterWhen: 'lower',
        source: 'CBP',
        recommendationIds: [first.id, second.id],
        latest: null,
        previous: null,
        trend: null,
        createdAt: ISO,
        updatedAt: ISO,
      });
      expect(await auditOf(res.body.id)).toEqual([
        {
          actor_id: directorA.user.id,
          action: 'indicator.create',
          entity_type: 'indicator',
          office_id: null,
          before: null,
          after: { name, unit: 'deaths per year', betterWhen: 'lower', source: 'CBP', recommendationIds: [first.id, second.id].sort() },
        },
      ]);
    });

    it('keeps source null and links none when they are left out; counts each repeated id once', async () => {
      const plain = await create(admin);
      expect(plain).toMatchObject({ source: null, recommendationIds: [] });
      const rec = await t.factories.recommendation(officeA);
      const twice = await create(directorA, { recommendationIds: [rec.id, rec.id.toUpperCase(), rec.id] });
      expect(twice.recommendationIds).toEqual([rec.id]);
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['a missing name', { name: undefined }, ['name must be shorter than or equal to 300 characters', 'name must be longer than or equal to 1 characters', 'name must be a string']],
      ['a blank unit', { unit: '   ' }, ['unit must be longer than or equal to 1 characters']],
      ['an unknown betterWhen', { betterWhen: 'up' }, ['betterWhen must be one of the following values: higher, lower']],
      ['a name with a line break', { name: 'Deaths\nper year' }, ['name must not contain control characters']],
      ['a blank source', { source: ' ' }, ['source must be longer than or equal to 1 characters']],
      ['recommendationIds not an array', { recommendationIds: 'abc' }, NOT_AN_ARRAY],
      ['a malformed recommendation id', { recommendationIds: ['nope'] }, ['each value in recommendationIds must be a UUID']],
      ['a null recommendationIds', { recommendationIds: null }, NOT_AN_ARRAY],
      [
        'more than 100 distinct recommendation ids',
        { recommendationIds: Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) },
        ['recommendationIds must contain no more than 100 elements'],
      ],
      ['an unknown field', { trend: 'improving' }, ['property trend should not exist']],
    ])('answers 400 for %s and creates nothing', async (_, over, message) => {
      const payload = body(over);
      const res = await t.http().post('/api/v1/indicators').set('Authorization', directorA.auth).send(payload).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
      if (typeof payload.name === 'string') expect(await t.db.query('SELECT id FROM indicators WHERE name = $1', [payload.name])).toEqual([]);
    });

    it('answers 401 without a token and 403 below director', async () => {
      await t.http().post('/api/v1/indicators').send(body()).expect(401);
      for (const who of [viewerA, stafferA]) {
        const res = await t.http().post('/api/v1/indicators').set('Authorization', who.auth).send(body()).expect(403);
        expect(res.body).toEqual(err(403, 'Forbidden', 'This action needs role director or above'));
      }
    });

    it('answers 409 for a name taken in another case', async () => {
      const taken = await create(directorA);
      const res = await t.http().post('/api/v1/indicators').set('Authorization', directorB.auth).send(body({ name: ` ${taken.name.toUpperCase()} ` })).expect(409);
      expect(res.body).toEqual(err(409, 'Conflict', 'An indicator with this name already exists'));
    });

    it('answers 422 naming the recommendations that are unknown, deleted or another office’s, without telling which, and creates nothing', async () => {
      const own = await t.factories.recommendation(officeA);
      const deleted = await t.factories.recommendation(officeA);
      await t.db.query('UPDATE recommendations SET deleted_at = now() WHERE id = $1', [deleted.id]);
      const foreign = await t.factories.recommendation(officeB);
      const payload = body({ recommendationIds: [own.id, UNKNOWN_ID, deleted.id, foreign.id] });
      const res = await t.http().post('/api/v1/indicators').set('Authorization', directorA.auth).send(payload).expect(422);
      expect(res.body).toEqual(
        err(422, 'Unprocessable Entity', `These recommendations do not exist or are not visible to you: ${UNKNOWN_ID}, ${deleted.id}, ${foreign.id}`),
      );
      expect(await t.db.query('SELECT id FROM indicators WHERE name = $1', [payload.name])).toEqual([]);
    });

    it('lets an admin link recommendations of any office', async () => {
      const a = await t.factories.recommendation(officeA, { reference: t.factories.unique('A') });
      const b = await t.factories.recommendation(officeB, { reference: t.factories.unique('B') });
      expect((await create(admin, { recommendationIds: [b.id, a.id] })).recommendationIds).toEqual([a.id, b.id]);
    });
  });

  describe('GET /indicators/:id', () => {
    it('answers 200 with every observation oldest first, the latest two and the trend, to any role', async () => {
      const ind = await create(directorA);
      await observe(stafferA, ind.id, { observedOn: '2022-06-01', value: 106000, source: 'CDC', note: 'Nearly 106,000' }).expect(201);
      await observe(stafferA, ind.id, { observedOn: '2021-06-01', value: 93000 }).expect(201);
      await observe(stafferA, ind.id, { observedOn: '2023-06-01', value: 111000.5 }).expect(201);
      const res = await get(viewerB, ind.id).expect(200);
      const latest = { observedOn: '2023-06-01', value: 111000.5, source: null, note: null };
      const previous = { observedOn: '2022-06-01', value: 106000, source: 'CDC', note: 'Nearly 106,000' };
      expect(res.body).toEqual({
        ...ind,
        updatedAt: ISO,
        latest,
        previous,
        trend: 'worsening',
        observations: [{ observedOn: '2021-06-01', value: 93000, source: null, note: null }, previous, latest],
      });
    });

    it('answers 404 for an unknown id, 400 for a malformed one, 401 without a token', async () => {
      expect((await get(viewerA, UNKNOWN_ID).expect(404)).body).toEqual(err(404, 'Not Found', 'Indicator not found'));
      expect((await get(viewerA, 'not-a-uuid').expect(400)).body).toEqual(err(400, 'Bad Request', 'Validation failed (uuid is expected)'));
      await t.http().get(`/api/v1/indicators/${UNKNOWN_ID}`).expect(401);
    });
  });

  describe('POST /indicators/:id/observations', () => {
    it('answers 201 with the observation, moves the indicator’s updatedAt and audits it', async () => {
      const ind = await create(directorA);
      const res = await observe(stafferA, ind.id, { observedOn: '2022-06-01', value: 7500, source: ' CBP ', note: 'About 7,500 a day.\nMonthly average.' }).expect(201);
      expect(res.body).toEqual({
        id: UUID,
        indicatorId: ind.id,
        observedOn: '2022-06-01',
        value: 7500,
        source: 'CBP',
        note: 'About 7,500 a day.\nMonthly average.',
        createdBy: { id: stafferA.user.id, name: stafferA.user.name },
        createdAt: ISO,
      });
      const after = await get(viewerA, ind.id).expect(200);
      expect(Date.parse(after.body.updatedAt)).toBeGreaterThan(Date.parse(ind.updatedAt));
      expect((await auditOf(ind.id))[1]).toEqual({
        actor_id: stafferA.user.id,
        action: 'indicator.observation.create',
        entity_type: 'indicator',
        office_id: null,
        before: null,
        after: { observationId: res.body.id, observedOn: '2022-06-01', value: 7500, source: 'CBP', note: 'About 7,500 a day.\nMonthly average.' },
      });
    });

    it.each([0, -12.5, 0.000001, 12345678.123456, 123456789012345, -999999999.999999, 0.1, 1e14, 35])(
      'stores %p exactly and reads it back as the same JSON number',
      async (value) => {
        const ind = await create(directorA);
        const res = await observe(stafferA, ind.id, { observedOn: '2022-06-01', value }).expect(201);
        expect(res.body.value).toBe(value);
        const got = await get(viewerA, ind.id).expect(200);
        expect(got.body.observations).toEqual([{ observedOn: '2022-06-01', value, source: null, note: null }]);
        expect(got.body.latest.value).toBe(value);
      },
    );

    it('accepts today in the time zone furthest ahead', async () => {
      const ind = await create(directorA);
      await observe(stafferA, ind.id, { observedOn: latestTodayOnEarth(), value: 1 }).expect(201);
    });

    const tomorrowOnEarth = () => new Date(Date.parse(`${latestTodayOnEarth()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    it.each<[string, () => Record<string, unknown>, unknown]>([
      ['a value sent as a string', () => ({ observedOn: '2022-06-01', value: '7500' }), [VALUE_RULE]],
      ['a null value', () => ({ observedOn: '2022-06-01', value: null }), [VALUE_RULE]],
      ['a missing value', () => ({ observedOn: '2022-06-01' }), [VALUE_RULE]],
      ['a value of 16 digits', () => ({ observedOn: '2022-06-01', value: 1e15 }), [VALUE_RULE]],
      ['a value too large for exactness', () => ({ observedOn: '2022-06-01', value: 1e300 }), [VALUE_RULE]],
      ['a value of 7 decimals', () => ({ observedOn: '2022-06-01', value: 0.1234567 }), [VALUE_RULE]],
      ['a value of 16 digits with decimals', () => ({ observedOn: '2022-06-01', value: 1234567890.123456 }), [VALUE_RULE]],
      ['a tiny value', () => ({ observedOn: '2022-06-01', value: 1e-7 }), [VALUE_RULE]],
      ['an impossible date', () => ({ observedOn: '2022-02-30', value: 1 }), ['observedOn must be a date as YYYY-MM-DD']],
      ['year 0000', () => ({ observedOn: '0000-01-01', value: 1 }), ['observedOn must be a date as YYYY-MM-DD']],
      ['a timestamp', () => ({ observedOn: '2022-06-01T00:00:00Z', value: 1 }), ['observedOn must be a date as YYYY-MM-DD']],
      ['a date later than today anywhere', () => ({ observedOn: tomorrowOnEarth(), value: 1 }), ['observedOn must not be in the future']],
      ['a blank source', () => ({ observedOn: '2022-06-01', value: 1, source: '' }), ['source must be longer than or equal to 1 characters']],
      ['an unknown field', () => ({ observedOn: '2022-06-01', value: 1, unit: 'x' }), ['property unit should not exist']],
    ])('answers 400 for %s and records nothing', async (_, payload, message) => {
      const ind = await create(directorA);
      const res = await observe(stafferA, ind.id, payload()).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
      expect(await t.db.query('SELECT id FROM indicator_observations WHERE indicator_id = $1', [ind.id])).toEqual([]);
    });

    it('answers 409 for a second observation on the same date, keeping the first', async () => {
      const ind = await create(directorA);
      await observe(stafferA, ind.id, { observedOn: '2022-06-01', value: 4 }).expect(201);
      const res = await observe(directorB, ind.id, { observedOn: '2022-06-01', value: 5 }).expect(409);
      expect(res.body).toEqual(err(409, 'Conflict', 'The indicator already has an observation on 2022-06-01'));
      expect((await get(viewerA, ind.id).expect(200)).body.observations).toEqual([{ observedOn: '2022-06-01', value: 4, source: null, note: null }]);
    });

    it('answers 403 to a viewer, 404 for an unknown indicator, 400 for a malformed id, 401 without a token', async () => {
      const ind = await create(directorA);
      expect((await observe(viewerA, ind.id, { observedOn: '2022-06-01', value: 1 }).expect(403)).body).toEqual(
        err(403, 'Forbidden', 'This action needs role staffer or above'),
      );
      expect((await observe(stafferA, UNKNOWN_ID, { observedOn: '2022-06-01', value: 1 }).expect(404)).body).toEqual(err(404, 'Not Found', 'Indicator not found'));
      await observe(stafferA, 'nope', { observedOn: '2022-06-01', value: 1 }).expect(400);
      await t.http().post(`/api/v1/indicators/${ind.id}/observations`).send({ observedOn: '2022-06-01', value: 1 }).expect(401);
    });
  });

  describe('trend', () => {
    it.each<[string, number, number, string]>([
      ['higher', 4, 5, 'improving'],
      ['higher', 5, 4, 'worsening'],
      ['higher', 4, 4, 'flat'],
      ['lower', 106000, 107000, 'worsening'],
      ['lower', 107000, 106000, 'improving'],
      ['lower', 7500, 7500, 'flat'],
      ['lower', -0.5, -0.25, 'worsening'],
    ])('better %s, from %p to %p: %s', async (betterWhen, previous, latest, trend) => {
      const ind = await create(directorA, { betterWhen });
      await observe(stafferA, ind.id, { observedOn: '2022-01-01', value: previous }).expect(201);
      await observe(stafferA, ind.id, { observedOn: '2022-02-01', value: latest }).expect(201);
      const res = await get(viewerA, ind.id).expect(200);
      expect(res.body).toMatchObject({
        latest: { observedOn: '2022-02-01', value: latest },
        previous: { observedOn: '2022-01-01', value: previous },
        trend,
      });
    });

    it('is null with no observation and with one; compares by date, not by the order of recording', async () => {
      const ind = await create(directorA, { betterWhen: 'higher' });
      expect((await get(viewerA, ind.id).expect(200)).body).toMatchObject({ latest: null, previous: null, trend: null, observations: [] });
      await observe(stafferA, ind.id, { observedOn: '2022-06-01', value: 4 }).expect(201);
      expect((await get(viewerA, ind.id).expect(200)).body).toMatchObject({ latest: { value: 4 }, previous: null, trend: null });
      // An older figure recorded later becomes the previous one.
      await observe(stafferA, ind.id, { observedOn: '2021-06-01', value: 2 }).expect(201);
      const res = await list(viewerA, { q: ind.name }).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ latest: expect.objectContaining({ value: 4 }), previous: expect.objectContaining({ value: 2 }), trend: 'improving' })]);
    });
  });

  describe('links to recommendations across offices', () => {
    it('shows each reader only the recommendations they can see, admins all, never deleted ones', async () => {
      const recA = await t.factories.recommendation(officeA, { reference: t.factories.unique('A') });
      const recB = await t.factories.recommendation(officeB, { reference: t.factories.unique('B') });
      const gone = await t.factories.recommendation(officeA, { reference: t.factories.unique('C') });
      const ind = await create(admin, { recommendationIds: [recA.id, recB.id, gone.id] });
      await t.db.query('UPDATE recommendations SET deleted_at = now() WHERE id = $1', [gone.id]);
      expect((await get(viewerA, ind.id).expect(200)).body.recommendationIds).toEqual([recA.id]);
      expect((await get(viewerB, ind.id).expect(200)).body.recommendationIds).toEqual([recB.id]);
      expect((await get(admin, ind.id).expect(200)).body.recommendationIds).toEqual([recA.id, recB.id]);
      expect((await list(viewerB, { q: ind.name }).expect(200)).body.items.map((i: Indicator) => i.recommendationIds)).toEqual([[recB.id]]);
    });

    it('filters on a recommendation only when the reader can see it', async () => {
      const recA = await t.factories.recommendation(officeA);
      const ind = await create(directorA, { recommendationIds: [recA.id] });
      await create(directorA);
      const own = await list(viewerA, { recommendationId: recA.id }).expect(200);
      expect(own.body).toEqual({ items: [{ ...ind, updatedAt: ISO }], total: 1, page: 1, pageSize: 25 });
      expect((await list(viewerB, { recommendationId: recA.id }).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
      expect((await list(admin, { recommendationId: recA.id }).expect(200)).body.total).toBe(1);
      await t.db.query('UPDATE recommendations SET deleted_at = now() WHERE id = $1', [recA.id]);
      expect((await list(viewerA, { recommendationId: recA.id }).expect(200)).body.total).toBe(0);
    });
  });

  describe('PATCH /indicators/:id', () => {
    it('answers 200 with the changes, clears source with null, recomputes the trend and audits before and after', async () => {
      const ind = await create(directorA, { betterWhen: 'lower', source: 'CDC' });
      await observe(stafferA, ind.id, { observedOn: '2022-01-01', value: 1 }).expect(201);
      await observe(stafferA, ind.id, { observedOn: '2022-02-01', value: 2 }).expect(201);
      const name = t.factories.unique('Renamed');
      const res = await patch(directorB, ind.id, { name, unit: 'cases', betterWhen: 'higher', source: null }).expect(200);
      expect(res.body).toEqual({
        ...ind,
        name,
        unit: 'cases',
        betterWhen: 'higher',
        source: null,
        latest: { observedOn: '2022-02-01', value: 2, source: null, note: null },
        previous: { observedOn: '2022-01-01', value: 1, source: null, note: null },
        trend: 'improving',
        updatedAt: ISO,
      });
      const events = await auditOf(ind.id);
      expect(events[events.length - 1]).toEqual({
        actor_id: directorB.user.id,
        action: 'indicator.update',
        entity_type: 'indicator',
        office_id: null,
        before: { name: ind.name, unit: 'deaths per year', betterWhen: 'lower', source: 'CDC' },
        after: { name, unit: 'cases', betterWhen: 'higher', source: null },
      });
    });

    it('replaces the links the editor can see and keeps those to other offices', async () => {
      const a1 = await t.factories.recommendation(officeA, { reference: t.factories.unique('A1') });
      const a2 = await t.factories.recommendation(officeA, { reference: t.factories.unique('A2') });
      const b = await t.factories.recommendation(officeB);
      const ind = await create(admin, { recommendationIds: [a1.id, b.id] });
      const res = await patch(directorA, ind.id, { recommendationIds: [a2.id] }).expect(200);
      expect(res.body.recommendationIds).toEqual([a2.id]);
      expect((await get(admin, ind.id).expect(200)).body.recommendationIds.sort()).toEqual([a2.id, b.id].sort());
      const events = await auditOf(ind.id);
      expect(events[events.length - 1]).toMatchObject({
        action: 'indicator.update',
        before: { recommendationIds: [a1.id, b.id].sort() },
        after: { recommendationIds: [a2.id, b.id].sort() },
      });
      expect((await patch(directorB, ind.id, { recommendationIds: [] }).expect(200)).body.recommendationIds).toEqual([]);
      expect((await get(admin, ind.id).expect(200)).body.recommendationIds).toEqual([a2.id]);
    });

    it.each<[string, unknown, unknown]>([
      ['an empty body', {}, 'Send at least one field to change'],
      ['a null name', { name: null }, ['name must be shorter than or equal to 300 characters', 'name must be longer than or equal to 1 characters', 'name must be a string']],
      ['a null betterWhen', { betterWhen: null }, ['betterWhen must be one of the following values: higher, lower']],
      ['a null recommendationIds', { recommendationIds: null }, NOT_AN_ARRAY],
      ['an unknown field', { observations: [] }, ['property observations should not exist']],
    ])('answers 400 for %s', async (_, payload, message) => {
      const ind = await create(directorA);
      expect((await patch(directorA, ind.id, payload).expect(400)).body).toEqual(err(400, 'Bad Request', message));
    });

    it('answers 409 for a taken name, 422 for a recommendation the editor cannot see, 404 for an unknown id, 403 below director', async () => {
      const taken = await create(directorA);
      const ind = await create(directorA);
      expect((await patch(directorA, ind.id, { name: taken.name.toLowerCase() }).expect(409)).body).toEqual(
        err(409, 'Conflict', 'An indicator with this name already exists'),
      );
      await patch(directorA, ind.id, { name: ind.name.toUpperCase() }).expect(200);
      const foreign = await t.factories.recommendation(officeB);
      expect((await patch(directorA, ind.id, { recommendationIds: [foreign.id] }).expect(422)).body).toEqual(
        err(422, 'Unprocessable Entity', `These recommendations do not exist or are not visible to you: ${foreign.id}`),
      );
      expect((await patch(directorA, UNKNOWN_ID, { unit: 'x' }).expect(404)).body).toEqual(err(404, 'Not Found', 'Indicator not found'));
      expect((await patch(stafferA, ind.id, { unit: 'x' }).expect(403)).body).toEqual(err(403, 'Forbidden', 'This action needs role director or above'));
      await patch(directorA, 'nope', { unit: 'x' }).expect(400);
    });
  });

  describe('GET /indicators', () => {
    it('searches names case-insensitively, with % and _ taken literally', async () => {
      const tag = t.factories.unique('share');
      const percent = await create(directorA, { name: `Territory 35% ${tag}` });
      await create(directorA, { name: `Territory 35x ${tag}` });
      const underscore = await create(directorA, { name: `Cases a_b ${tag}` });
      await create(directorA, { name: `Cases axb ${tag}` });
      const names = async (q: string) => ((await list(viewerA, { q }).expect(200)).body.items as Indicator[]).map((i) => i.id);
      expect(await names(`35% ${tag}`.toUpperCase())).toEqual([percent.id]);
      expect(await names(`a_b ${tag}`)).toEqual([underscore.id]);
      expect(await names(tag)).toHaveLength(4);
    });

    it('sorts by name (default), createdAt and updatedAt, either way, and pages', async () => {
      const tag = t.factories.unique('sorted');
      const b = await create(directorA, { name: `b ${tag}` });
      const a = await create(directorA, { name: `A ${tag}` });
      const c = await create(directorA, { name: `c ${tag}` });
      await observe(stafferA, b.id, { observedOn: '2022-06-01', value: 1 }).expect(201);
      const ids = async (query: Record<string, unknown>) => ((await list(viewerA, { q: tag, ...query }).expect(200)).body.items as Indicator[]).map((i) => i.id);
      expect(await ids({})).toEqual([a.id, b.id, c.id]);
      expect(await ids({ sort: '-name' })).toEqual([c.id, b.id, a.id]);
      expect(await ids({ sort: 'createdAt' })).toEqual([b.id, a.id, c.id]);
      expect(await ids({ sort: '-updatedAt' })).toEqual([b.id, c.id, a.id]);
      const page = await list(viewerA, { q: tag, page: 2, pageSize: 2 }).expect(200);
      expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.body.items.map((i: Indicator) => i.id)).toEqual([c.id]);
      expect((await list(viewerA, { q: tag, page: 3, pageSize: 2 }).expect(200)).body).toEqual({ items: [], total: 3, page: 3, pageSize: 2 });
    });

    it.each<[string, Record<string, unknown>, unknown]>([
      ['an unknown sort', { sort: 'trend' }, 'sort must be one of: name, -name, createdAt, -createdAt, updatedAt, -updatedAt'],
      ['a malformed recommendationId', { recommendationId: 'x' }, ['recommendationId must be a UUID']],
      ['a page size over 100', { pageSize: 101 }, ['pageSize must not be greater than 100']],
    ])('answers 400 for %s', async (_, query, message) => {
      expect((await list(viewerA, query).expect(400)).body).toEqual(err(400, 'Bad Request', message));
    });

    it('answers 401 without a token', async () => {
      await t.http().get('/api/v1/indicators').expect(401);
    });

    it('sends as many SQL statements for a page of 50 as for a page of 1', async () => {
      const tag = t.factories.unique('budget');
      const recs = [await t.factories.recommendation(officeA), await t.factories.recommendation(officeA)];
      for (let i = 0; i < 6; i += 1) {
        const ind = await create(directorA, { name: `${tag} ${i}`, recommendationIds: recs.map((r) => r.id) });
        await observe(stafferA, ind.id, { observedOn: '2022-01-01', value: i }).expect(201);
        await observe(stafferA, ind.id, { observedOn: '2022-02-01', value: i + 1 }).expect(201);
      }
      const counts: number[] = [];
      for (const pageSize of [1, 50]) {
        counter.reset();
        const res = await list(viewerA, { q: tag, pageSize }).expect(200);
        expect(res.body.items).toHaveLength(Math.min(pageSize, 6));
        counts.push(counter.count);
      }
      expect(counts[0]).toBe(counts[1]);
      // The caller's session and user, the count, the page.
      expect(counts[0]).toBeLessThanOrEqual(4);
    });
  });
});
