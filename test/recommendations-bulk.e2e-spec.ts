import { randomUUID } from 'node:crypto';
import { Evidence } from '../src/evidence/evidence.entity';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { RecommendationStatus } from '../src/recommendations/recommendation-status';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const failed = (message: string, results: unknown[]) => ({ ...err(422, 'Unprocessable Entity', message), results });
const NOT_FOUND = { outcome: 'error', statusCode: 404, message: 'Recommendation not found' };

describe('bulk edits of recommendations', () => {
  let t: TestApp;
  let office: Office;
  let otherOffice: Office;
  let staffer: SignedIn;
  let owner: SignedIn;
  let director: SignedIn;
  let viewer: SignedIn;
  let outsider: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp();
    office = await t.factories.office();
    otherOffice = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    owner = await t.factories.signedIn('staffer', [office]);
    director = await t.factories.signedIn('director', [office]);
    viewer = await t.factories.signedIn('viewer', [office]);
    outsider = await t.factories.signedIn('director', [otherOffice]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const recs = (n: number, opts: { status?: RecommendationStatus; in?: Office } = {}) =>
    Promise.all(Array.from({ length: n }, () => t.factories.recommendation(opts.in ?? office, { status: opts.status, owners: [owner.user] })));
  const bulk = (who: SignedIn, payload: unknown) => t.http().post('/api/v1/recommendations/bulk').set('Authorization', who.auth).send(payload as object);
  const bulkStatus = (who: SignedIn, payload: unknown) => t.http().post('/api/v1/recommendations/bulk/status').set('Authorization', who.auth).send(payload as object);
  const ids = (rs: Recommendation[]) => rs.map((r) => r.id);
  const evidenceOn = (recommendationId: string) =>
    t.db.getRepository(Evidence).save({ recommendationId, kind: 'report' as const, title: 'GAO report', occurredOn: '2022-06-01' });

  /** Everything a change leaves behind, to show a refused batch left nothing. */
  const traces = async (recIds: string[]) => {
    const [versions, audit, history, notifications] = await Promise.all([
      t.db.query('SELECT id, version, status, priority, tags FROM recommendations WHERE id = ANY($1::uuid[]) ORDER BY id', [recIds]),
      t.db.query('SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ANY($1::text[])', [recIds]),
      t.db.query('SELECT count(*)::int AS n FROM status_changes WHERE recommendation_id = ANY($1::uuid[])', [recIds]),
      t.db.query('SELECT count(*)::int AS n FROM notifications WHERE recommendation_id = ANY($1::uuid[])', [recIds]),
    ]);
    return { versions, audit, history, notifications };
  };

  describe('POST /recommendations/bulk', () => {
    it('sets the fields on every item in one go, each with its version bump, audit event and history entry', async () => {
      const rs = await recs(3);
      const res = await bulk(staffer, {
        ids: ids(rs),
        set: { ownerIds: [staffer.user.id, owner.user.id], priority: 'high', tags: ['mpp', 'hearing'], targetDate: '2026-12-31' },
      }).expect(200);
      expect(res.body).toEqual({ results: rs.map((r) => ({ id: r.id, outcome: 'updated', version: 2 })) });
      for (const r of rs) {
        const got = await t.http().get(`/api/v1/recommendations/${r.id}`).set('Authorization', viewer.auth).expect(200);
        expect(got.headers.etag).toBe('"2"');
        expect(got.body).toMatchObject({
          priority: 'high',
          tags: ['mpp', 'hearing'],
          targetDate: '2026-12-31',
          owners: [staffer.user, owner.user].map((u) => ({ id: u.id, name: u.name })).sort((a, b) => (a.name < b.name ? -1 : 1)),
        });
        const history = await t.http().get(`/api/v1/recommendations/${r.id}/history`).set('Authorization', viewer.auth).expect(200);
        expect(history.body).toEqual([
          expect.objectContaining({ type: 'field', actor: { id: staffer.user.id, name: staffer.user.name }, changes: ['ownerIds', 'priority', 'tags', 'targetDate'] }),
        ]);
      }
      const audit = (await t.db.query("SELECT entity_id, action, actor_id FROM audit_events WHERE entity_id = ANY($1::text[]) ORDER BY entity_id", [ids(rs)])) as object[];
      expect(audit).toEqual(
        ids(rs)
          .sort()
          .map((id) => ({ entity_id: id, action: 'recommendation.update', actor_id: staffer.user.id })),
      );
    });

    it('answers "unchanged" for an item already holding the values: no write, no version bump, no audit event', async () => {
      const [same, other] = await recs(2);
      await t.db.query("UPDATE recommendations SET priority = 'low', tags = '{x}' WHERE id = $1", [same.id]);
      const res = await bulk(staffer, { ids: [same.id, other.id], set: { priority: 'low', tags: ['x'], ownerIds: [owner.user.id] } }).expect(200);
      expect(res.body).toEqual({
        results: [
          { id: same.id, outcome: 'unchanged', version: 1 },
          { id: other.id, outcome: 'updated', version: 2 },
        ],
      });
      const audit = (await t.db.query('SELECT entity_id FROM audit_events WHERE entity_id = ANY($1::text[])', [[same.id, other.id]])) as object[];
      expect(audit).toEqual([{ entity_id: other.id }]);
    });

    it('clears the target date with null', async () => {
      const [r] = await recs(1);
      await t.db.query("UPDATE recommendations SET target_date = '2026-07-01' WHERE id = $1", [r.id]);
      const res = await bulk(staffer, { ids: [r.id], set: { targetDate: null } }).expect(200);
      expect(res.body).toEqual({ results: [{ id: r.id, outcome: 'updated', version: 2 }] });
      const got = await t.http().get(`/api/v1/recommendations/${r.id}`).set('Authorization', viewer.auth).expect(200);
      expect(got.body.targetDate).toBeNull();
    });

    it('counts a repeated id once, whatever its case', async () => {
      const [r] = await recs(1);
      const res = await bulk(staffer, { ids: [r.id, r.id.toUpperCase(), r.id], set: { priority: 'high' } }).expect(200);
      expect(res.body).toEqual({ results: [{ id: r.id, outcome: 'updated', version: 2 }] });
    });

    it('takes 100 distinct ids and refuses 101 (400); the limit counts distinct ids', async () => {
      const hundred = Array.from({ length: 100 }, () => randomUUID());
      const res = await bulk(staffer, { ids: [...hundred, hundred[0]], set: { priority: 'high' } }).expect(422);
      expect(res.body).toEqual(failed('100 of 100 recommendations cannot be changed; nothing was changed', hundred.map((id) => ({ id, ...NOT_FOUND }))));
      const tooMany = await bulk(staffer, { ids: [...hundred, randomUUID()], set: { priority: 'high' } }).expect(400);
      expect(tooMany.body).toEqual(err(400, 'Bad Request', ['ids must contain no more than 100 elements']));
    });

    it.each([
      [{ ids: [], set: { priority: 'high' } }, ['ids must contain at least 1 elements']],
      [{ ids: ['nope'], set: { priority: 'high' } }, ['each value in ids must be a UUID']],
      [
        { set: { priority: 'high' } },
        ['each value in ids must be a UUID', 'ids must contain no more than 100 elements', 'ids must contain at least 1 elements', 'ids must be an array'],
      ],
      [{ ids: [randomUUID()] }, ['set should not be null or undefined', 'set must be an object']],
      [{ ids: [randomUUID()], set: { priority: 'urgent' } }, ['set.priority must be one of the following values: high, medium, low']],
      [
        { ids: [randomUUID()], set: { ownerIds: null } },
        [
          'set.each value in ownerIds must be a UUID',
          "set.All ownerIds's elements must be unique",
          'set.ownerIds must contain no more than 50 elements',
          'set.ownerIds must be an array',
        ],
      ],
      [{ ids: [randomUUID()], set: { title: 'x' } }, ['set.property title should not exist']],
      [{ ids: [randomUUID()], set: { targetDate: '2026-02-30' } }, ['set.targetDate must be a date as YYYY-MM-DD']],
      [{ ids: [randomUUID()], set: { priority: 'high' }, status: 'open' }, ['property status should not exist']],
      [{ ids: [randomUUID()], set: {} }, 'set must have at least one of ownerIds, priority, tags, targetDate'],
    ])('refuses the malformed body %p with 400', async (payload, message) => {
      const res = await bulk(staffer, payload).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
    });

    it("answers another office's, unknown and deleted ids as 404 items, and changes nothing", async () => {
      const [mine] = await recs(1);
      const [theirs] = await recs(1, { in: otherOffice });
      const [deleted] = await recs(1);
      await t.db.query('UPDATE recommendations SET deleted_at = now() WHERE id = $1', [deleted.id]);
      const unknown = randomUUID();
      const before = await traces([mine.id, theirs.id]);
      const res = await bulk(staffer, { ids: [mine.id, theirs.id, unknown, deleted.id], set: { priority: 'high' } }).expect(422);
      expect(res.body).toEqual(
        failed('3 of 4 recommendations cannot be changed; nothing was changed', [
          { id: mine.id, outcome: 'ok' },
          { id: theirs.id, ...NOT_FOUND },
          { id: unknown, ...NOT_FOUND },
          { id: deleted.id, ...NOT_FOUND },
        ]),
      );
      expect(await traces([mine.id, theirs.id])).toEqual(before);
      // Visibility comes before role: a director of another office is told 404 too.
      const foreign = await bulk(outsider, { ids: [mine.id], set: { priority: 'high' } }).expect(422);
      expect(foreign.body).toEqual(failed('1 of 1 recommendations cannot be changed; nothing was changed', [{ id: mine.id, ...NOT_FOUND }]));
      // An admin sees every office.
      await bulk(admin, { ids: [mine.id, theirs.id], set: { priority: 'high' } }).expect(200);
    });

    it('refuses owners who are not active members of the item\'s office (item 422), and rolls back the whole batch', async () => {
      const mine = await recs(2);
      const [theirs] = await recs(1, { in: otherOffice });
      const before = await traces([...ids(mine), theirs.id]);
      const res = await bulk(admin, { ids: [...ids(mine), theirs.id], set: { ownerIds: [owner.user.id], priority: 'low' } }).expect(422);
      expect(res.body).toEqual(
        failed('1 of 3 recommendations cannot be changed; nothing was changed', [
          { id: mine[0].id, outcome: 'ok' },
          { id: mine[1].id, outcome: 'ok' },
          { id: theirs.id, outcome: 'error', statusCode: 422, message: `Owners must be active members of the office; not: ${owner.user.id}` },
        ]),
      );
      expect(await traces([...ids(mine), theirs.id])).toEqual(before);
    });

    it('answers a viewer 403 outright, whatever the ids', async () => {
      const [r] = await recs(1);
      const res = await bulk(viewer, { ids: [r.id, randomUUID()], set: { priority: 'high' } }).expect(403);
      expect(res.body).toEqual(err(403, 'Forbidden', 'Editing recommendations needs role staffer or above'));
    });

    it('answers 401 without a token', async () => {
      await t.http().post('/api/v1/recommendations/bulk').send({ ids: [randomUUID()], set: { priority: 'high' } }).expect(401);
    });
  });

  describe('POST /recommendations/bulk/status', () => {
    it("moves every item, each with its history row, audit event and owners' notifications", async () => {
      const rs = await recs(2);
      const res = await bulkStatus(staffer, { ids: ids(rs), status: 'in_progress', reason: 'Hearings scheduled' }).expect(200);
      expect(res.body).toEqual({ results: rs.map((r) => ({ id: r.id, outcome: 'updated', version: 2 })) });
      for (const r of rs) {
        const history = await t.http().get(`/api/v1/recommendations/${r.id}/history`).set('Authorization', viewer.auth).expect(200);
        expect(history.body).toEqual([
          expect.objectContaining({ type: 'status', from: 'open', to: 'in_progress', reason: 'Hearings scheduled', evidenceIds: [], actor: { id: staffer.user.id, name: staffer.user.name } }),
        ]);
        const audit = (await t.db.query('SELECT action, after FROM audit_events WHERE entity_id = $1', [r.id])) as object[];
        expect(audit).toEqual([{ action: 'recommendation.status_change', after: { status: 'in_progress', reason: 'Hearings scheduled', evidenceIds: [] } }]);
        const notes = (await t.db.query('SELECT user_id, kind, message FROM notifications WHERE recommendation_id = $1', [r.id])) as object[];
        expect(notes).toEqual([{ user_id: owner.user.id, kind: 'status_changed', message: `${r.reference} moved from open to in_progress: Hearings scheduled` }]);
      }
    });

    it('needs director or admin to close or reopen (item 403) and refuses the current status (item 422), rolling back the rest', async () => {
      const [open, inProgress] = await recs(2);
      await t.db.query("UPDATE recommendations SET status = 'in_progress' WHERE id = $1", [inProgress.id]);
      const [closed] = await recs(1, { status: 'withdrawn' });
      const before = await traces([open.id, inProgress.id, closed.id]);
      const moving = await bulkStatus(staffer, { ids: [open.id, inProgress.id, closed.id], status: 'in_progress', reason: 'Review' }).expect(422);
      expect(moving.body).toEqual(
        failed('2 of 3 recommendations cannot be changed; nothing was changed', [
          { id: open.id, outcome: 'ok' },
          { id: inProgress.id, outcome: 'error', statusCode: 422, message: 'The recommendation is already in_progress' },
          { id: closed.id, outcome: 'error', statusCode: 403, message: 'Reopening a closed recommendation needs role director or above' },
        ]),
      );
      const closing = await bulkStatus(staffer, { ids: [open.id, inProgress.id], status: 'withdrawn', reason: 'Overtaken' }).expect(422);
      expect(closing.body.results).toEqual([
        { id: open.id, outcome: 'error', statusCode: 403, message: 'Closing a recommendation needs role director or above' },
        { id: inProgress.id, outcome: 'error', statusCode: 403, message: 'Closing a recommendation needs role director or above' },
      ]);
      expect(await traces([open.id, inProgress.id, closed.id])).toEqual(before);
      const res = await bulkStatus(director, { ids: [open.id, inProgress.id], status: 'withdrawn', reason: 'Overtaken' }).expect(200);
      expect(res.body).toEqual({
        results: [
          { id: open.id, outcome: 'updated', version: 2 },
          { id: inProgress.id, outcome: 'updated', version: 2 },
        ],
      });
    });

    it('needs evidence of each recommendation among evidenceIds for implemented, and cites only its own', async () => {
      const [a, b] = await recs(2);
      const ea = await evidenceOn(a.id);
      const eb = await evidenceOn(b.id);
      const before = await traces([a.id, b.id]);
      const missing = await bulkStatus(director, { ids: [a.id, b.id], status: 'implemented', reason: 'Enacted', evidenceIds: [ea.id] }).expect(422);
      expect(missing.body).toEqual(
        failed('1 of 2 recommendations cannot be changed; nothing was changed', [
          { id: a.id, outcome: 'ok' },
          {
            id: b.id,
            outcome: 'error',
            statusCode: 422,
            message: 'Moving to implemented needs at least one evidence item of this recommendation, cited in evidenceIds',
          },
        ]),
      );
      expect(await traces([a.id, b.id])).toEqual(before);
      await bulkStatus(director, { ids: [a.id, b.id], status: 'implemented', reason: 'Enacted', evidenceIds: [eb.id, ea.id.toUpperCase()] }).expect(200);
      const cited = (await t.db.query('SELECT recommendation_id, evidence_ids FROM status_changes WHERE recommendation_id = ANY($1::uuid[])', [[a.id, b.id]])) as {
        recommendation_id: string;
        evidence_ids: string[];
      }[];
      expect(Object.fromEntries(cited.map((c) => [c.recommendation_id, c.evidence_ids]))).toEqual({ [a.id]: [ea.id], [b.id]: [eb.id] });
    });

    it('refuses an evidence id that is evidence of none of the recommendations (422), changing nothing', async () => {
      const [a] = await recs(1);
      const [elsewhere] = await recs(1);
      const [theirs] = await recs(1, { in: otherOffice });
      const stray = await evidenceOn(elsewhere.id);
      const hidden = await evidenceOn(theirs.id);
      // Evidence of another office's recommendation in the batch is not told apart from any other stray id.
      const res = await bulkStatus(staffer, { ids: [a.id, theirs.id], status: 'in_progress', reason: 'Review', evidenceIds: [stray.id, hidden.id] }).expect(422);
      const strays = `${stray.id}, ${hidden.id}`;
      expect(res.body).toEqual(
        failed(`1 of 2 recommendations cannot be changed; Not evidence of any recommendation in ids: ${strays}; nothing was changed`, [
          { id: a.id, outcome: 'ok' },
          { id: theirs.id, ...NOT_FOUND },
        ]),
      );
      const alone = await bulkStatus(staffer, { ids: [a.id], status: 'in_progress', reason: 'Review', evidenceIds: [stray.id] }).expect(422);
      expect(alone.body).toEqual(failed(`Not evidence of any recommendation in ids: ${stray.id}; nothing was changed`, [{ id: a.id, outcome: 'ok' }]));
    });

    it.each([
      [{ ids: [randomUUID()], status: 'in_progress' }, ['reason must be shorter than or equal to 5000 characters', 'reason must not be empty', 'reason must be a string']],
      [{ ids: [randomUUID()], status: 'in_progress', reason: '   ' }, ['reason must not be empty']],
      [{ ids: [randomUUID()], status: 'done', reason: 'x' }, ['status must be one of the following values: open, in_progress, partially_implemented, implemented, not_implemented, withdrawn']],
      [{ ids: [randomUUID()], status: 'open', reason: 'x', evidenceIds: ['nope'] }, ['each value in evidenceIds must be a UUID']],
      [{ ids: Array.from({ length: 101 }, () => randomUUID()), status: 'open', reason: 'x' }, ['ids must contain no more than 100 elements']],
    ])('refuses the malformed body %p with 400', async (payload, message) => {
      const res = await bulkStatus(staffer, payload).expect(400);
      expect(res.body).toEqual(err(400, 'Bad Request', message));
    });

    it('answers a viewer 403 outright', async () => {
      const [r] = await recs(1);
      const res = await bulkStatus(viewer, { ids: [r.id], status: 'in_progress', reason: 'Review' }).expect(403);
      expect(res.body).toEqual(err(403, 'Forbidden', 'Changing a status needs role staffer or above'));
    });
  });

  describe('concurrency', () => {
    it('runs bulk changes over the same rows in opposite orders, and single edits, without deadlock', async () => {
      const mine = await recs(4);
      const theirs = await recs(4, { in: otherOffice });
      const all = [...ids(mine), ...ids(theirs)];
      const rounds = 4;
      for (let i = 0; i < rounds; i++) {
        const single = await t.http().get(`/api/v1/recommendations/${mine[0].id}`).set('Authorization', viewer.auth).expect(200);
        const answers = await Promise.all([
          bulk(admin, { ids: all, set: { tags: [`forward-${i}`] } }),
          bulk(admin, { ids: [...all].reverse(), set: { tags: [`backward-${i}`] } }),
          bulkStatus(admin, { ids: [...all].reverse(), status: i % 2 === 0 ? 'in_progress' : 'open', reason: `Round ${i}` }),
          t.http().patch(`/api/v1/recommendations/${mine[0].id}`).set('Authorization', staffer.auth).set('If-Match', single.headers.etag).send({ title: `Round ${i}` }),
        ]);
        expect(answers.slice(0, 3).map((a) => a.status)).toEqual([200, 200, 200]);
        expect([200, 412]).toContain(answers[3].status);
      }
      const versions = (await t.db.query('SELECT id, version FROM recommendations WHERE id = ANY($1::uuid[])', [all])) as { id: string; version: number }[];
      for (const v of versions) {
        const patched = v.id === mine[0].id ? (await t.db.query("SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND after ? 'title'", [v.id]))[0].n : 0;
        expect(v.version).toBe(1 + rounds * 3 + patched);
      }
    });
  });
});
