import type { Office } from '../src/offices/office.entity';
import { Evidence } from '../src/evidence/evidence.entity';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });

describe('recommendations', () => {
  let t: TestApp;
  let office: Office;
  let otherOffice: Office;
  let staffer: SignedIn;
  let director: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.factories.office();
    otherOffice = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    director = await t.factories.signedIn('director', [office]);
    viewer = await t.factories.signedIn('viewer', [office]);
    outsider = await t.factories.signedIn('director', [otherOffice]);
  });
  afterAll(() => t.close());

  const body = (over: Record<string, unknown> = {}) => ({
    officeId: office.id,
    reference: t.factories.unique('FAL'),
    title: 'Resume construction of border barriers',
    text: 'The United States should immediately resume construction of border barriers.',
    policyArea: 'border_migration',
    priority: 'high',
    addressees: ['Congress', 'DHS'],
    ownerIds: [staffer.user.id],
    ...over,
  });
  const create = async (who: SignedIn = staffer, over: Record<string, unknown> = {}) =>
    (await t.http().post('/api/v1/recommendations').set('Authorization', who.auth).send(body(over)).expect(201)).body as {
      id: string;
      version: number;
      reference: string;
    };
  const evidenceOn = (recommendationId: string) =>
    t.db.getRepository(Evidence).save({ recommendationId, kind: 'report' as const, title: 'GAO report', occurredOn: '2022-06-01' });

  describe('create', () => {
    it('answers 201 with the recommendation, open at version 1, and its ETag', async () => {
      const sent = body({ tags: ['mpp'], targetDate: '2026-12-31', sourceLocator: 'Recommendation 1, bullet 1' });
      const res = await t.http().post('/api/v1/recommendations').set('Authorization', staffer.auth).send(sent).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        id: UUID,
        officeId: office.id,
        reference: sent.reference,
        title: sent.title,
        text: sent.text,
        policyArea: 'border_migration',
        priority: 'high',
        addressees: ['Congress', 'DHS'],
        owners: [{ id: staffer.user.id, name: staffer.user.name }],
        status: 'open',
        statusChangedAt: ISO,
        sourceId: null,
        sourceLocator: 'Recommendation 1, bullet 1',
        parentId: null,
        targetDate: '2026-12-31',
        tags: ['mpp'],
        evidenceCount: 0,
        openFollowUpCount: 0,
        overdueFollowUpCount: 0,
        version: 1,
        createdAt: ISO,
        updatedAt: ISO,
      });
      const [audit] = (await t.db.query("SELECT action, actor_id, office_id FROM audit_events WHERE entity_id = $1", [res.body.id])) as object[];
      expect(audit).toEqual({ action: 'recommendation.create', actor_id: staffer.user.id, office_id: office.id });
    });

    it('refuses a reference already used in the office, whatever its case (409), but not in another office', async () => {
      const first = await create();
      const res = await t.http().post('/api/v1/recommendations').set('Authorization', staffer.auth).send(body({ reference: first.reference.toLowerCase() })).expect(409);
      expect(res.body).toEqual(err(409, 'Conflict', 'A recommendation with this reference already exists in the office'));
      await create(outsider, { officeId: otherOffice.id, reference: first.reference, ownerIds: [] });
    });

    it('refuses owners who are not active members of the office (422)', async () => {
      const res = await t.http().post('/api/v1/recommendations').set('Authorization', staffer.auth).send(body({ ownerIds: [outsider.user.id] })).expect(422);
      expect(res.body).toEqual(err(422, 'Unprocessable Entity', `Owners must be active members of the office; not: ${outsider.user.id}`));
    });

    it('refuses a parent from another office (422) and accepts one from the same office', async () => {
      const foreign = await create(outsider, { officeId: otherOffice.id, ownerIds: [] });
      const res = await t.http().post('/api/v1/recommendations').set('Authorization', staffer.auth).send(body({ parentId: foreign.id })).expect(422);
      expect(res.body.message).toBe('The parent must be a recommendation of the same office');
      const parent = await create();
      const child = await create(staffer, { parentId: parent.id });
      const listed = await t.http().get(`/api/v1/recommendations?parentId=${parent.id}`).set('Authorization', viewer.auth).expect(200);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([child.id]);
    });

    it.each([
      [{ policyArea: 'not_an_area' }, 'policyArea not_an_area is not a policy area code (see GET /policy-areas)'],
      [{ priority: 'urgent' }, ['priority must be one of the following values: high, medium, low']],
      [{ status: 'implemented' }, ['property status should not exist']],
      [{ reference: 'has space' }, ['reference must be 1–64 letters, digits, dots, dashes, underscores or slashes']],
      [{ targetDate: '2026-02-30' }, ['targetDate must be a date as YYYY-MM-DD']],
      [{ title: '' }, ['title must be longer than or equal to 1 characters']],
      [{ ownerIds: ['nope'] }, ['each value in ownerIds must be a UUID']],
    ])('refuses invalid input %p with 400', async (over, message) => {
      const res = await t.http().post('/api/v1/recommendations').set('Authorization', staffer.auth).send(body(over)).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
    });

    it('answers 404 for an office you do not belong to, whatever your role, and 403 for a viewer of the office', async () => {
      const res = await t.http().post('/api/v1/recommendations').set('Authorization', outsider.auth).send(body({ ownerIds: [] })).expect(404);
      expect(res.body).toEqual(err(404, 'Not Found', 'Office not found'));
      const v = await t.http().post('/api/v1/recommendations').set('Authorization', viewer.auth).send(body()).expect(403);
      expect(v.body).toEqual(err(403, 'Forbidden', 'Creating a recommendation needs role staffer or above'));
    });
  });

  describe('read', () => {
    it('gives one recommendation with its ETag, 404 to another office and for unknown ids, 400 for malformed ones', async () => {
      const rec = await create();
      const res = await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', viewer.auth).expect(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body.id).toBe(rec.id);
      const hidden = await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', outsider.auth).expect(404);
      expect(hidden.body).toEqual(err(404, 'Not Found', 'Recommendation not found'));
      await t.http().get('/api/v1/recommendations/00000000-0000-4000-8000-000000000000').set('Authorization', viewer.auth).expect(404);
      await t.http().get('/api/v1/recommendations/123').set('Authorization', viewer.auth).expect(400);
      await t.http().get(`/api/v1/recommendations/${rec.id}`).expect(401);
    });
  });

  describe('edit', () => {
    it('needs If-Match (428), refuses a stale one (412), and bumps the version', async () => {
      const rec = await create();
      const url = `/api/v1/recommendations/${rec.id}`;
      const missing = await t.http().patch(url).set('Authorization', staffer.auth).send({ title: 'New' }).expect(428);
      expect(missing.body).toEqual(err(428, 'Precondition Required', 'If-Match is required: send the ETag of your last read'));
      const ok = await t.http().patch(url).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ title: 'New title', ownerIds: [] }).expect(200);
      expect(ok.headers.etag).toBe('"2"');
      expect(ok.body).toMatchObject({ title: 'New title', owners: [], version: 2 });
      const stale = await t.http().patch(url).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ title: 'Other' }).expect(412);
      expect(stale.body).toEqual(err(412, 'Precondition Failed', 'The record has changed since you read it: reload it and try again'));
    });

    it('treats status and officeId as unknown fields (400)', async () => {
      const rec = await create();
      const res = await t.http().patch(`/api/v1/recommendations/${rec.id}`).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ status: 'withdrawn', officeId: otherOffice.id }).expect(400);
      expect(res.body.message).toEqual(['property status should not exist', 'property officeId should not exist']);
    });

    it('answers 404 to another office and 403 to a viewer of the office', async () => {
      const rec = await create();
      await t.http().patch(`/api/v1/recommendations/${rec.id}`).set('Authorization', outsider.auth).set('If-Match', '"1"').send({ title: 'x' }).expect(404);
      await t.http().patch(`/api/v1/recommendations/${rec.id}`).set('Authorization', viewer.auth).set('If-Match', '"1"').send({ title: 'x' }).expect(403);
    });

    it('refuses making a recommendation its own ancestor (422)', async () => {
      const parent = await create();
      const child = await create(staffer, { parentId: parent.id });
      const res = await t.http().patch(`/api/v1/recommendations/${parent.id}`).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ parentId: child.id }).expect(422);
      expect(res.body.message).toBe("The parent cannot be one of this recommendation's sub-recommendations");
    });

    it('lets exactly one of 30 simultaneous edits with the same If-Match win', async () => {
      const rec = await create();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.http().patch(`/api/v1/recommendations/${rec.id}`).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ title: `Edit ${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(29);
      const after = await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', staffer.auth).expect(200);
      expect(after.body.version).toBe(2);
      const winner = results.find((r) => r.status === 200)!;
      expect(after.body.title).toBe(winner.body.title);
      const [{ n }] = (await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'recommendation.update'", [rec.id])) as { n: number }[];
      expect(n).toBe(1);
    });
  });

  describe('status lifecycle', () => {
    const change = (who: SignedIn, id: string, version: number, payload: object) =>
      t.http().post(`/api/v1/recommendations/${id}/status`).set('Authorization', who.auth).set('If-Match', `"${version}"`).send(payload);

    it('moves among open statuses for a staffer, with a reason, and keeps the history', async () => {
      const rec = await create();
      const res = await change(staffer, rec.id, 1, { status: 'in_progress', reason: 'Hearing scheduled' }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ status: 'in_progress', version: 2 });
      const history = await t.http().get(`/api/v1/recommendations/${rec.id}/history`).set('Authorization', viewer.auth).expect(200);
      expect(history.body).toEqual([
        { type: 'status', at: ISO, actor: { id: staffer.user.id, name: staffer.user.name }, from: 'open', to: 'in_progress', reason: 'Hearing scheduled', evidenceIds: [] },
      ]);
    });

    it.each([[{ status: 'in_progress' }], [{ status: 'in_progress', reason: '   ' }], [{ status: 'done', reason: 'x' }]])('refuses %p with 400', async (payload) => {
      const rec = await create();
      await change(staffer, rec.id, 1, payload).expect(400);
    });

    it('refuses the current status (422)', async () => {
      const rec = await create();
      const res = await change(staffer, rec.id, 1, { status: 'open', reason: 'again' }).expect(422);
      expect(res.body).toEqual(err(422, 'Unprocessable Entity', 'The recommendation is already open'));
    });

    it('needs evidence of this recommendation to move to partially_implemented or implemented (422)', async () => {
      const rec = await create();
      const other = await create();
      const foreign = await evidenceOn(other.id);
      const none = await change(staffer, rec.id, 1, { status: 'partially_implemented', reason: 'Some progress' }).expect(422);
      expect(none.body.message).toBe('Moving to partially_implemented needs at least one evidence item of this recommendation, cited in evidenceIds');
      const wrong = await change(staffer, rec.id, 1, { status: 'partially_implemented', reason: 'Some progress', evidenceIds: [foreign.id] }).expect(422);
      expect(wrong.body.message).toBe(`Not evidence of this recommendation: ${foreign.id}`);
      const own = await evidenceOn(rec.id);
      // An id in capitals is the same id.
      const ok = await change(staffer, rec.id, 1, { status: 'partially_implemented', reason: 'Some progress', evidenceIds: [own.id.toUpperCase()] }).expect(200);
      expect(ok.body.evidenceCount).toBe(1);
    });

    it('lets only directors and admins close or reopen (403 for a staffer)', async () => {
      const rec = await create();
      const ev = await evidenceOn(rec.id);
      const refused = await change(staffer, rec.id, 1, { status: 'implemented', reason: 'Done', evidenceIds: [ev.id] }).expect(403);
      expect(refused.body).toEqual(err(403, 'Forbidden', 'Closing a recommendation needs role director or above'));
      await change(director, rec.id, 1, { status: 'implemented', reason: 'Done', evidenceIds: [ev.id] }).expect(200);
      const reopen = await change(staffer, rec.id, 2, { status: 'in_progress', reason: 'Not done after all' }).expect(403);
      expect(reopen.body.message).toBe('Reopening a closed recommendation needs role director or above');
      await change(director, rec.id, 2, { status: 'in_progress', reason: 'Not done after all' }).expect(200);
    });

    it('checks If-Match before the rules (412 for a stale change to the same status) and needs it (428)', async () => {
      const rec = await create();
      await change(staffer, rec.id, 1, { status: 'in_progress', reason: 'Started' }).expect(200);
      await change(staffer, rec.id, 1, { status: 'in_progress', reason: 'Started' }).expect(412);
      await t.http().post(`/api/v1/recommendations/${rec.id}/status`).set('Authorization', staffer.auth).send({ status: 'withdrawn', reason: 'x' }).expect(428);
    });

    it('answers 404 to another office and 403 to a viewer', async () => {
      const rec = await create();
      await change(outsider, rec.id, 1, { status: 'withdrawn', reason: 'x' }).expect(404);
      await change(viewer, rec.id, 1, { status: 'in_progress', reason: 'x' }).expect(403);
    });

    it('merges field edits and status changes in the history, oldest first', async () => {
      const rec = await create();
      await t.http().patch(`/api/v1/recommendations/${rec.id}`).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ priority: 'low', title: 'Renamed' }).expect(200);
      await change(staffer, rec.id, 2, { status: 'in_progress', reason: 'Letter sent' }).expect(200);
      const res = await t.http().get(`/api/v1/recommendations/${rec.id}/history`).set('Authorization', viewer.auth).expect(200);
      expect(res.body).toEqual([
        {
          type: 'field',
          at: ISO,
          actor: { id: staffer.user.id, name: staffer.user.name },
          from: { priority: 'high', title: 'Resume construction of border barriers' },
          to: { priority: 'low', title: 'Renamed' },
          changes: ['priority', 'title'],
        },
        expect.objectContaining({ type: 'status', from: 'open', to: 'in_progress', reason: 'Letter sent' }),
      ]);
    });
  });

  describe('delete', () => {
    it('is for directors (403 for a staffer), soft, and audited; then the item is gone from reads and lists', async () => {
      const rec = await create();
      await t.http().delete(`/api/v1/recommendations/${rec.id}`).set('Authorization', staffer.auth).expect(403);
      await t.http().delete(`/api/v1/recommendations/${rec.id}`).set('Authorization', outsider.auth).expect(404);
      await t.http().delete(`/api/v1/recommendations/${rec.id}`).set('Authorization', director.auth).expect(204);
      await t.http().get(`/api/v1/recommendations/${rec.id}`).set('Authorization', director.auth).expect(404);
      const list = await t.http().get(`/api/v1/recommendations?q=${rec.reference}`).set('Authorization', director.auth).expect(200);
      expect(list.body.total).toBe(0);
      const [row] = (await t.db.query('SELECT deleted_by FROM recommendations WHERE id = $1', [rec.id])) as { deleted_by: string }[];
      expect(row.deleted_by).toBe(director.user.id);
      const events = (await t.db.query('SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY seq', [rec.id])) as { action: string }[];
      expect(events.map((e) => e.action)).toEqual(['recommendation.create', 'recommendation.delete']);
      await t.http().delete(`/api/v1/recommendations/${rec.id}`).set('Authorization', director.auth).expect(404);
    });

    it('refuses to delete a parent with live sub-recommendations (422)', async () => {
      const parent = await create();
      await create(staffer, { parentId: parent.id });
      const res = await t.http().delete(`/api/v1/recommendations/${parent.id}`).set('Authorization', director.auth).expect(422);
      expect(res.body.message).toBe('Delete or move its sub-recommendations first');
    });
  });
});
