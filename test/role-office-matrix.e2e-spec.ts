import { EvidenceAttachment } from '../src/evidence/evidence-attachment.entity';
import { Evidence } from '../src/evidence/evidence.entity';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import type { Role } from '../src/users/role';
import type { SignedIn } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

type Where = 'own' | 'other';
interface Ctx {
  t: TestApp;
  office: Office;
  rec: Recommendation;
  recId: string;
  evidenceId: string;
}
interface RouteCase {
  name: string;
  call: (c: Ctx, who: SignedIn) => Promise<{ status: number }>;
  /** Expected status per role, for a record of the caller's own office. Another office's: 404 for all but admins. */
  own: Record<Role, number>;
  /** For a non-admin on another office's record; 404 unless said (lists and shared reference data answer 200). */
  other?: Partial<Record<Role, number>>;
}

const ALL = (s: number): Record<Role, number> => ({ viewer: s, staffer: s, director: s, admin: s });
const newRecBody = (officeId: string, ref: string) => ({
  officeId,
  reference: ref,
  title: 'Matrix',
  text: 'Matrix text',
  policyArea: 'foreign_policy',
  priority: 'low',
  addressees: [],
  ownerIds: [],
});

/** A shared indicator linked to the case's recommendation, straight in the database. */
async function matrixIndicator(t: TestApp, recId: string): Promise<string> {
  const [{ id }] = (await t.db.query("INSERT INTO indicators (name, unit, better_when) VALUES ($1, 'cases', 'lower') RETURNING id", [
    t.factories.unique('Matrix indicator'),
  ])) as { id: string }[];
  await t.db.query('INSERT INTO indicator_recommendations (indicator_id, recommendation_id) VALUES ($1, $2)', [id, recId]);
  return id;
}

/** A saved view of `userId` filtered on the case's office, straight in the database. */
async function matrixView(t: TestApp, userId: string, officeId: string): Promise<string> {
  const [{ id }] = (await t.db.query('INSERT INTO saved_views (user_id, name, filters) VALUES ($1, $2, $3::jsonb) RETURNING id', [
    userId,
    t.factories.unique('Matrix view'),
    JSON.stringify({ officeId }),
  ])) as { id: string }[];
  return id;
}

/** PRODUCT.md's role table and API.md's visibility rule, one row per route. */
const ROUTES: RouteCase[] = [
  {
    name: 'GET /recommendations',
    call: ({ t, office }, w) => t.http().get(`/api/v1/recommendations?officeId=${office.id}`).set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: 'POST /recommendations',
    call: ({ t, office }, w) => t.http().post('/api/v1/recommendations').set('Authorization', w.auth).send(newRecBody(office.id, t.factories.unique('M'))),
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
  },
  { name: 'GET /recommendations/:id', call: ({ t, recId }, w) => t.http().get(`/api/v1/recommendations/${recId}`).set('Authorization', w.auth), own: ALL(200) },
  {
    name: 'PATCH /recommendations/:id',
    call: ({ t, recId }, w) => t.http().patch(`/api/v1/recommendations/${recId}`).set('Authorization', w.auth).set('If-Match', '"1"').send({ title: 'Changed' }),
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
  },
  {
    name: 'POST /recommendations/:id/status (open status)',
    call: ({ t, recId }, w) => t.http().post(`/api/v1/recommendations/${recId}/status`).set('Authorization', w.auth).set('If-Match', '"1"').send({ status: 'in_progress', reason: 'Matrix' }),
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
  },
  {
    name: 'POST /recommendations/:id/status (close)',
    call: ({ t, recId }, w) => t.http().post(`/api/v1/recommendations/${recId}/status`).set('Authorization', w.auth).set('If-Match', '"1"').send({ status: 'withdrawn', reason: 'Matrix' }),
    own: { viewer: 403, staffer: 403, director: 200, admin: 200 },
  },
  {
    name: 'POST /recommendations/bulk',
    call: ({ t, recId }, w) => t.http().post('/api/v1/recommendations/bulk').set('Authorization', w.auth).send({ ids: [recId], set: { priority: 'high' } }),
    // A viewer is refused outright; another office's id is an item 404 inside the batch's 422.
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 422, director: 422 },
  },
  {
    name: 'POST /recommendations/bulk/status (open status)',
    call: ({ t, recId }, w) =>
      t.http().post('/api/v1/recommendations/bulk/status').set('Authorization', w.auth).send({ ids: [recId], status: 'in_progress', reason: 'Matrix' }),
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 422, director: 422 },
  },
  {
    name: 'POST /recommendations/bulk/status (close)',
    call: ({ t, recId }, w) =>
      t.http().post('/api/v1/recommendations/bulk/status').set('Authorization', w.auth).send({ ids: [recId], status: 'withdrawn', reason: 'Matrix' }),
    // A staffer's close is an item 403 inside the batch's 422.
    own: { viewer: 403, staffer: 422, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 422, director: 422 },
  },
  {
    name: 'GET /recommendations/export.csv',
    call: ({ t, office }, w) => t.http().get(`/api/v1/recommendations/export.csv?officeId=${office.id}`).set('Authorization', w.auth),
    own: ALL(200),
  },
  {
    name: 'POST /recommendations/import (apply)',
    call: ({ t, office }, w) =>
      t
        .http()
        .post(`/api/v1/recommendations/import?officeId=${office.id}&dryRun=false`)
        .set('Authorization', w.auth)
        .set('Content-Type', 'text/csv')
        .send(`reference,title,text,policyArea,priority,addressees,owners\n${t.factories.unique('M')},Matrix,Matrix text,foreign_policy,low,,\n`),
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
  },
  { name: 'GET /recommendations/:id/history', call: ({ t, recId }, w) => t.http().get(`/api/v1/recommendations/${recId}/history`).set('Authorization', w.auth), own: ALL(200) },
  {
    name: 'DELETE /recommendations/:id',
    call: ({ t, recId }, w) => t.http().delete(`/api/v1/recommendations/${recId}`).set('Authorization', w.auth),
    own: { viewer: 403, staffer: 403, director: 204, admin: 204 },
  },
  { name: 'GET /policy-areas', call: ({ t }, w) => t.http().get('/api/v1/policy-areas').set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  { name: 'GET /sources', call: ({ t }, w) => t.http().get('/api/v1/sources').set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  {
    name: 'POST /sources',
    call: ({ t }, w) => t.http().post('/api/v1/sources').set('Authorization', w.auth).send({ title: 'Matrix source', kind: 'other' }),
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
    other: { viewer: 403, staffer: 201, director: 201 },
  },
  { name: 'GET /recommendations/:id/evidence', call: ({ t, recId }, w) => t.http().get(`/api/v1/recommendations/${recId}/evidence`).set('Authorization', w.auth), own: ALL(200) },
  {
    name: 'POST /recommendations/:id/evidence',
    call: ({ t, recId }, w) =>
      t.http().post(`/api/v1/recommendations/${recId}/evidence`).set('Authorization', w.auth).send({ kind: 'other', title: 'Matrix', occurredOn: '2022-06-01' }),
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
  },
  { name: 'GET /evidence/:id', call: ({ t, evidenceId }, w) => t.http().get(`/api/v1/evidence/${evidenceId}`).set('Authorization', w.auth), own: ALL(200) },
  {
    name: 'DELETE /evidence/:id',
    call: ({ t, evidenceId }, w) => t.http().delete(`/api/v1/evidence/${evidenceId}`).set('Authorization', w.auth),
    own: { viewer: 403, staffer: 403, director: 204, admin: 204 },
  },
  {
    name: 'PUT /evidence/:id/attachment',
    call: ({ t, evidenceId }, w) =>
      t.http().put(`/api/v1/evidence/${evidenceId}/attachment`).set('Authorization', w.auth).attach('file', Buffer.from('a,b\n1,2\n'), 'matrix.csv'),
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
  },
  {
    name: 'GET /evidence/:id/attachment',
    call: ({ t, evidenceId }, w) => t.http().get(`/api/v1/evidence/${evidenceId}/attachment`).set('Authorization', w.auth),
    own: ALL(200),
  },
  { name: 'GET /recommendations/:id/comments', call: ({ t, recId }, w) => t.http().get(`/api/v1/recommendations/${recId}/comments`).set('Authorization', w.auth), own: ALL(200) },
  {
    name: 'POST /recommendations/:id/comments',
    call: ({ t, recId }, w) => t.http().post(`/api/v1/recommendations/${recId}/comments`).set('Authorization', w.auth).send({ body: 'Matrix' }),
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
  },
  {
    name: 'POST /recommendations/:id/follow-ups',
    call: async ({ t, office, recId }, w) => {
      const assignee = await t.factories.user({ role: 'staffer', offices: [office] });
      return t.http().post(`/api/v1/recommendations/${recId}/follow-ups`).set('Authorization', w.auth).send({ title: 'Matrix', assigneeId: assignee.id, dueOn: '2099-01-01' });
    },
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
  },
  { name: 'GET /follow-ups', call: ({ t, office }, w) => t.http().get(`/api/v1/follow-ups?officeId=${office.id}`).set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  {
    name: 'GET /follow-ups/:id',
    call: async ({ t, office, rec }, w) => {
      const followUp = await t.factories.followUp(rec, await t.factories.user({ role: 'staffer', offices: [office] }));
      return t.http().get(`/api/v1/follow-ups/${followUp.id}`).set('Authorization', w.auth);
    },
    own: ALL(200),
  },
  {
    name: "PATCH /follow-ups/:id (someone else's)",
    call: async ({ t, office, rec }, w) => {
      const followUp = await t.factories.followUp(rec, await t.factories.user({ role: 'staffer', offices: [office] }));
      return t.http().patch(`/api/v1/follow-ups/${followUp.id}`).set('Authorization', w.auth).set('If-Match', '"1"').send({ status: 'in_progress' });
    },
    own: { viewer: 403, staffer: 403, director: 200, admin: 200 },
  },
  {
    name: 'PATCH /follow-ups/:id (assigned to the caller)',
    call: async ({ t, rec }, w) => {
      const followUp = await t.factories.followUp(rec, w.user);
      return t.http().patch(`/api/v1/follow-ups/${followUp.id}`).set('Authorization', w.auth).set('If-Match', '"1"').send({ status: 'in_progress' });
    },
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
  },
  {
    name: 'GET /indicators',
    call: ({ t, recId }, w) => t.http().get(`/api/v1/indicators?recommendationId=${recId}`).set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: 'POST /indicators',
    call: ({ t, recId }, w) =>
      t.http().post('/api/v1/indicators').set('Authorization', w.auth).send({ name: t.factories.unique('Matrix indicator'), unit: 'cases', betterWhen: 'lower', recommendationIds: [recId] }),
    own: { viewer: 403, staffer: 403, director: 201, admin: 201 },
    // Linking another office's recommendation is refused without saying whether it exists.
    other: { viewer: 403, staffer: 403, director: 422 },
  },
  {
    name: 'GET /indicators/:id',
    call: async ({ t, recId }, w) => t.http().get(`/api/v1/indicators/${await matrixIndicator(t, recId)}`).set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: 'PATCH /indicators/:id',
    call: async ({ t, recId }, w) => t.http().patch(`/api/v1/indicators/${await matrixIndicator(t, recId)}`).set('Authorization', w.auth).send({ recommendationIds: [recId] }),
    own: { viewer: 403, staffer: 403, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 403, director: 422 },
  },
  {
    name: 'POST /indicators/:id/observations',
    call: async ({ t, recId }, w) =>
      t.http().post(`/api/v1/indicators/${await matrixIndicator(t, recId)}/observations`).set('Authorization', w.auth).send({ observedOn: '2022-06-01', value: 1 }),
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
    other: { viewer: 403, staffer: 201, director: 201 },
  },
  { name: 'GET /notifications', call: ({ t }, w) => t.http().get('/api/v1/notifications').set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  {
    name: 'POST /notifications/:id/read (own)',
    call: async ({ t, rec }, w) => {
      const [{ id }] = (await t.db.query("INSERT INTO notifications (user_id, kind, message, recommendation_id) VALUES ($1, 'status_changed', 'Matrix', $2) RETURNING id", [
        w.user.id,
        rec.id,
      ])) as { id: string }[];
      return t.http().post(`/api/v1/notifications/${id}/read`).set('Authorization', w.auth);
    },
    own: ALL(204),
    other: ALL(204),
  },
  {
    name: "POST /notifications/:id/read (someone else's)",
    call: async ({ t, office, rec }, w) => {
      const recipient = await t.factories.user({ offices: [office] });
      const [{ id }] = (await t.db.query("INSERT INTO notifications (user_id, kind, message, recommendation_id) VALUES ($1, 'status_changed', 'Matrix', $2) RETURNING id", [
        recipient.id,
        rec.id,
      ])) as { id: string }[];
      return t.http().post(`/api/v1/notifications/${id}/read`).set('Authorization', w.auth);
    },
    // A notification is its recipient's alone, whatever the caller's role.
    own: ALL(404),
    other: ALL(404),
  },
  { name: 'POST /notifications/read-all', call: ({ t }, w) => t.http().post('/api/v1/notifications/read-all').set('Authorization', w.auth), own: ALL(204), other: ALL(204) },
  {
    name: 'GET /audit',
    call: ({ t, office }, w) => t.http().get(`/api/v1/audit?officeId=${office.id}`).set('Authorization', w.auth),
    own: { viewer: 403, staffer: 403, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 403, director: 200 },
  },
  {
    name: 'GET /audit/verify',
    call: ({ t }, w) => t.http().get('/api/v1/audit/verify').set('Authorization', w.auth),
    own: { viewer: 403, staffer: 403, director: 403, admin: 200 },
    other: { viewer: 403, staffer: 403, director: 403 },
  },
  {
    name: 'GET /saved-views',
    call: ({ t }, w) => t.http().get('/api/v1/saved-views').set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: 'POST /saved-views',
    call: ({ t, office }, w) => t.http().post('/api/v1/saved-views').set('Authorization', w.auth).send({ name: t.factories.unique('Matrix view'), filters: { officeId: office.id } }),
    // A view is its owner's alone; a filter on an office the caller cannot see is allowed (the list answers it empty).
    own: ALL(201),
    other: ALL(201),
  },
  {
    name: 'GET /saved-views/:id (own)',
    call: async ({ t, office }, w) => t.http().get(`/api/v1/saved-views/${await matrixView(t, w.user.id, office.id)}`).set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: "GET /saved-views/:id (someone else's)",
    call: async ({ t, office }, w) => {
      const owner = await t.factories.user({ offices: [office] });
      return t.http().get(`/api/v1/saved-views/${await matrixView(t, owner.id, office.id)}`).set('Authorization', w.auth);
    },
    // Private to its owner, whatever the caller's role.
    own: ALL(404),
    other: ALL(404),
  },
  {
    name: 'PATCH /saved-views/:id (own)',
    call: async ({ t, office }, w) =>
      t.http().patch(`/api/v1/saved-views/${await matrixView(t, w.user.id, office.id)}`).set('Authorization', w.auth).send({ filters: { officeId: office.id, status: ['open'] } }),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: "PATCH /saved-views/:id (someone else's)",
    call: async ({ t, office }, w) => {
      const owner = await t.factories.user({ offices: [office] });
      return t.http().patch(`/api/v1/saved-views/${await matrixView(t, owner.id, office.id)}`).set('Authorization', w.auth).send({ name: t.factories.unique('Matrix view') });
    },
    own: ALL(404),
    other: ALL(404),
  },
  {
    name: 'DELETE /saved-views/:id (own)',
    call: async ({ t, office }, w) => t.http().delete(`/api/v1/saved-views/${await matrixView(t, w.user.id, office.id)}`).set('Authorization', w.auth),
    own: ALL(204),
    other: ALL(204),
  },
  {
    name: "DELETE /saved-views/:id (someone else's)",
    call: async ({ t, office }, w) => {
      const owner = await t.factories.user({ offices: [office] });
      return t.http().delete(`/api/v1/saved-views/${await matrixView(t, owner.id, office.id)}`).set('Authorization', w.auth);
    },
    own: ALL(404),
    other: ALL(404),
  },
  {
    name: 'GET /saved-views/:id/recommendations (own)',
    // 200 either way: on another office the view's list is empty, as GET /recommendations?officeId= is.
    call: async ({ t, office }, w) => t.http().get(`/api/v1/saved-views/${await matrixView(t, w.user.id, office.id)}/recommendations`).set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: "GET /saved-views/:id/recommendations (someone else's)",
    call: async ({ t, office }, w) => {
      const owner = await t.factories.user({ offices: [office] });
      return t.http().get(`/api/v1/saved-views/${await matrixView(t, owner.id, office.id)}/recommendations`).set('Authorization', w.auth);
    },
    own: ALL(404),
    other: ALL(404),
  },
  {
    name: 'GET /reports/oversight-status (json)',
    call: ({ t, office }, w) => t.http().get(`/api/v1/reports/oversight-status?officeId=${office.id}`).set('Authorization', w.auth),
    own: ALL(200),
  },
  {
    name: 'GET /reports/oversight-status (csv)',
    call: ({ t, office }, w) => t.http().get(`/api/v1/reports/oversight-status?officeId=${office.id}&format=csv`).set('Authorization', w.auth),
    own: ALL(200),
  },
  {
    name: 'GET /reports/oversight-status (md)',
    call: ({ t, office }, w) => t.http().get(`/api/v1/reports/oversight-status?officeId=${office.id}&format=md`).set('Authorization', w.auth),
    own: ALL(200),
  },
];

const ROLES: Role[] = ['viewer', 'staffer', 'director', 'admin'];

describe('role × route × office matrix', () => {
  let t: TestApp;
  let own: Office;
  let other: Office;
  const users = {} as Record<Role, SignedIn>;

  beforeAll(async () => {
    t = await startTestApp();
    own = await t.factories.office();
    other = await t.factories.office();
    for (const role of ROLES) users[role] = await t.factories.signedIn(role, role === 'admin' ? [] : [own]);
  });
  afterAll(() => t.close());

  const cases = ROUTES.flatMap((route) =>
    ROLES.flatMap((role) =>
      (['own', 'other'] as Where[]).map((where) => {
        // Admins see every office: for them another office's record behaves like their own.
        const expected = where === 'own' || role === 'admin' ? route.own[role] : (route.other?.[role] ?? 404);
        return [route.name, role, where, expected] as const;
      }),
    ),
  );

  it.each(cases)('%s as %s in the %s office → %i', async (name, role, where, expected) => {
    const route = ROUTES.find((r) => r.name === name)!;
    const office = where === 'own' ? own : other;
    const rec = await t.factories.recommendation(office);
    const evidence = await t.db.getRepository(Evidence).save({
      recommendationId: rec.id,
      kind: 'other',
      title: 'Matrix evidence',
      occurredOn: '2022-06-01',
      attachmentFilename: 'matrix.txt',
      attachmentContentType: 'text/plain',
      attachmentSize: 6,
      attachmentSha256: '0'.repeat(64),
    });
    await t.db.getRepository(EvidenceAttachment).save({ evidenceId: evidence.id, data: Buffer.from('Matrix') });
    const res = await route.call({ t, office, rec, recId: rec.id, evidenceId: evidence.id }, users[role]);
    expect(res.status).toBe(expected);
  });

  it('answers a list filtered on an office the caller cannot see with no items', async () => {
    const rec = await t.factories.recommendation(other);
    const res = await t.http().get(`/api/v1/recommendations?officeId=${other.id}`).set('Authorization', users.director.auth).expect(200);
    expect(res.body.items.map((r: { id: string }) => r.id)).not.toContain(rec.id);
    expect(res.body.total).toBe(0);
  });
});
