import type { Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { API_PREFIX } from '../src/app.setup';
import { routesOf } from '../src/common/http/route-inventory';
import { EvidenceAttachment } from '../src/evidence/evidence-attachment.entity';
import { Evidence } from '../src/evidence/evidence.entity';
import type { Office } from '../src/offices/office.entity';
import type { Recommendation } from '../src/recommendations/recommendation.entity';
import { SourceDocument } from '../src/sources/source-document.entity';
import type { Role } from '../src/users/role';
import { DEFAULT_PASSWORD, SignedIn } from './support/factories';
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
  call: (c: Ctx, who: SignedIn) => Promise<{ status: number; body: unknown }>;
  /** Expected status per role, for a record of the caller's own office. Another office's: 404 for all but admins. */
  own: Record<Role, number>;
  /** For a non-admin on another office's record; 404 unless said (lists and shared reference data answer 200). */
  other?: Partial<Record<Role, number>>;
  /** Without a token: 401 unless the route is public. */
  anonymous?: number;
  /**
   * The answer repeats ids the caller sent (a 422 naming them, a saved filter), so it may name another
   * office's records; otherwise an answer to another office's caller must name none of them.
   */
  echoesInput?: true;
}

const ALL = (s: number): Record<Role, number> => ({ viewer: s, staffer: s, director: s, admin: s });
/** Users and offices are the admin's to manage: refused by role, whichever office the record is in. */
const ADMIN_ONLY = (s: number): Record<Role, number> => ({ viewer: 403, staffer: 403, director: 403, admin: s });
const NO_TOKEN = { statusCode: 401, error: 'Unauthorized', message: 'Missing, invalid or expired access token', requestId: expect.any(String) };
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

/**
 * A login of its own for a route that spends or ends one, so the matrix's shared logins live on; a
 * caller without a token stays without one.
 */
async function ownLogin(t: TestApp, w: SignedIn): Promise<SignedIn> {
  return w.auth ? t.factories.login(w.user) : w;
}

/** A saved report of the case's office, straight in the database (the check constraint wants the true digest). */
async function matrixSavedReport(t: TestApp, officeId: string, userId: string): Promise<string> {
  const [{ id }] = (await t.db.query(
    `INSERT INTO saved_reports (office_id, title, format, params, filename, content_type, byte_size, sha256, content, created_by_id)
     VALUES ($1, 'Matrix report', 'md', '{}', 'matrix.md', 'text/markdown; charset=utf-8', 2, encode(sha256('# '::bytea), 'hex'), '# '::bytea, $2) RETURNING id`,
    [officeId, userId],
  )) as { id: string }[];
  return id;
}

/**
 * PRODUCT.md's role table and API.md's visibility rule, one row per route (a route with rules that
 * differ by case has a row per case, named `METHOD /path (case)`). Every route the application
 * registers must have a row: see the completeness test below.
 */
const ROUTES: RouteCase[] = [
  { name: 'GET /health/live', call: ({ t }) => t.http().get('/health/live'), own: ALL(200), other: ALL(200), anonymous: 200 },
  { name: 'GET /health/ready', call: ({ t }) => t.http().get('/health/ready'), own: ALL(200), other: ALL(200), anonymous: 200 },
  {
    name: 'POST /auth/login',
    call: ({ t }, w) => t.http().post('/api/v1/auth/login').send({ email: w.user.email, password: DEFAULT_PASSWORD }),
    own: ALL(200),
    other: ALL(200),
    anonymous: 200,
  },
  {
    name: 'POST /auth/refresh',
    call: async ({ t }, w) => t.http().post('/api/v1/auth/refresh').send({ refreshToken: (await t.factories.login(w.user)).refreshToken }),
    own: ALL(200),
    other: ALL(200),
    anonymous: 200,
  },
  {
    name: 'POST /auth/logout',
    call: async ({ t }, w) => {
      const login = await ownLogin(t, w);
      return t.http().post('/api/v1/auth/logout').set('Authorization', login.auth).send({ refreshToken: login.refreshToken });
    },
    own: ALL(204),
    other: ALL(204),
  },
  { name: 'GET /auth/me', call: ({ t }, w) => t.http().get('/api/v1/auth/me').set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  { name: 'GET /users', call: ({ t }, w) => t.http().get('/api/v1/users').set('Authorization', w.auth), own: ADMIN_ONLY(200), other: ADMIN_ONLY(200) },
  {
    name: 'GET /users/:id',
    call: async ({ t, office }, w) => t.http().get(`/api/v1/users/${(await t.factories.user({ offices: [office] })).id}`).set('Authorization', w.auth),
    own: ADMIN_ONLY(200),
    other: ADMIN_ONLY(200),
  },
  {
    name: 'POST /users',
    call: ({ t, office }, w) =>
      t
        .http()
        .post('/api/v1/users')
        .set('Authorization', w.auth)
        .send({ email: `${t.factories.unique('matrix')}@example.org`, name: 'Matrix', role: 'viewer', password: DEFAULT_PASSWORD, officeIds: [office.id] }),
    own: ADMIN_ONLY(201),
    other: ADMIN_ONLY(201),
  },
  {
    name: 'PATCH /users/:id',
    call: async ({ t, office }, w) =>
      t.http().patch(`/api/v1/users/${(await t.factories.user({ offices: [office] })).id}`).set('Authorization', w.auth).send({ name: 'Matrix renamed' }),
    own: ADMIN_ONLY(200),
    other: ADMIN_ONLY(200),
  },
  // Non-admins list their own offices.
  { name: 'GET /offices', call: ({ t }, w) => t.http().get('/api/v1/offices').set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  { name: 'GET /offices/:id', call: ({ t, office }, w) => t.http().get(`/api/v1/offices/${office.id}`).set('Authorization', w.auth), own: ALL(200) },
  {
    name: 'POST /offices',
    call: ({ t }, w) => t.http().post('/api/v1/offices').set('Authorization', w.auth).send({ name: t.factories.unique('Matrix office') }),
    own: ADMIN_ONLY(201),
    other: ADMIN_ONLY(201),
  },
  {
    name: 'PATCH /offices/:id',
    call: ({ t, office }, w) => t.http().patch(`/api/v1/offices/${office.id}`).set('Authorization', w.auth).send({ name: t.factories.unique('Matrix office') }),
    own: ADMIN_ONLY(200),
    other: ADMIN_ONLY(200),
  },
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
    name: 'POST /recommendations/:id/status (reopen)',
    call: async ({ t, recId }, w) => {
      await t.db.query("UPDATE recommendations SET status = 'withdrawn' WHERE id = $1", [recId]);
      return t.http().post(`/api/v1/recommendations/${recId}/status`).set('Authorization', w.auth).set('If-Match', '"1"').send({ status: 'open', reason: 'Matrix' });
    },
    own: { viewer: 403, staffer: 403, director: 200, admin: 200 },
  },
  {
    name: 'POST /recommendations/bulk',
    call: ({ t, recId }, w) => t.http().post('/api/v1/recommendations/bulk').set('Authorization', w.auth).send({ ids: [recId], set: { priority: 'high' } }),
    // A viewer is refused outright; another office's id is an item 404 inside the batch's 422.
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 422, director: 422 },
    echoesInput: true,
  },
  {
    name: 'POST /recommendations/bulk/status (open status)',
    call: ({ t, recId }, w) =>
      t.http().post('/api/v1/recommendations/bulk/status').set('Authorization', w.auth).send({ ids: [recId], status: 'in_progress', reason: 'Matrix' }),
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 422, director: 422 },
    echoesInput: true,
  },
  {
    name: 'POST /recommendations/bulk/status (close)',
    call: ({ t, recId }, w) =>
      t.http().post('/api/v1/recommendations/bulk/status').set('Authorization', w.auth).send({ ids: [recId], status: 'withdrawn', reason: 'Matrix' }),
    // A staffer's close is an item 403 inside the batch's 422.
    own: { viewer: 403, staffer: 422, director: 200, admin: 200 },
    other: { viewer: 403, staffer: 422, director: 422 },
    echoesInput: true,
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
  // Source documents are shared by every office.
  { name: 'GET /sources', call: ({ t }, w) => t.http().get('/api/v1/sources').set('Authorization', w.auth), own: ALL(200), other: ALL(200) },
  {
    name: 'GET /sources/:id',
    call: async ({ t }, w) => {
      const source = await t.db.getRepository(SourceDocument).save({ title: t.factories.unique('Matrix source'), kind: 'other' });
      return t.http().get(`/api/v1/sources/${source.id}`).set('Authorization', w.auth);
    },
    own: ALL(200),
    other: ALL(200),
  },
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
    name: 'PATCH /follow-ups/:id (created by the caller)',
    call: async ({ t, office, rec }, w) => {
      const followUp = await t.factories.followUp(rec, await t.factories.user({ role: 'staffer', offices: [office] }), { createdBy: w.user });
      return t.http().patch(`/api/v1/follow-ups/${followUp.id}`).set('Authorization', w.auth).set('If-Match', '"1"').send({ status: 'in_progress' });
    },
    own: { viewer: 403, staffer: 200, director: 200, admin: 200 },
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
    echoesInput: true,
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
    echoesInput: true,
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
    echoesInput: true,
  },
  {
    name: 'GET /saved-views/:id (own)',
    call: async ({ t, office }, w) => t.http().get(`/api/v1/saved-views/${await matrixView(t, w.user.id, office.id)}`).set('Authorization', w.auth),
    own: ALL(200),
    other: ALL(200),
    echoesInput: true,
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
    echoesInput: true,
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
    name: 'GET /reports/oversight-status (all offices)',
    call: ({ t }, w) => t.http().get('/api/v1/reports/oversight-status').set('Authorization', w.auth),
    // Only an admin may leave out the office.
    own: { viewer: 400, staffer: 400, director: 400, admin: 200 },
    other: { viewer: 400, staffer: 400, director: 400 },
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
  {
    name: 'GET /reports/oversight-status (html)',
    call: ({ t, office }, w) => t.http().get(`/api/v1/reports/oversight-status?officeId=${office.id}&format=html`).set('Authorization', w.auth),
    own: ALL(200),
  },
  {
    name: 'GET /reports/oversight-status (pdf)',
    call: ({ t, office }, w) => t.http().get(`/api/v1/reports/oversight-status?officeId=${office.id}&format=pdf`).set('Authorization', w.auth),
    own: ALL(200),
  },
  {
    name: 'POST /reports/saved',
    call: ({ t, office }, w) => t.http().post('/api/v1/reports/saved').set('Authorization', w.auth).send({ officeId: office.id, format: 'md' }),
    own: { viewer: 403, staffer: 201, director: 201, admin: 201 },
  },
  {
    name: 'GET /reports/saved',
    call: ({ t }, w) => t.http().get('/api/v1/reports/saved').set('Authorization', w.auth),
    // A list: another office's reports are simply not in it.
    own: ALL(200),
    other: ALL(200),
  },
  {
    name: 'GET /reports/saved/:id',
    call: async ({ t, office }, w) => t.http().get(`/api/v1/reports/saved/${await matrixSavedReport(t, office.id, w.user.id)}`).set('Authorization', w.auth),
    own: ALL(200),
  },
  {
    name: 'GET /reports/saved/:id/content',
    call: async ({ t, office }, w) =>
      t.http().get(`/api/v1/reports/saved/${await matrixSavedReport(t, office.id, w.user.id)}/content`).set('Authorization', w.auth),
    own: ALL(200),
  },
];

const ROLES: Role[] = ['viewer', 'staffer', 'director', 'admin'];

/**
 * Registered routes with no row yet, each with why: a route being built elsewhere right now. Keep it
 * empty otherwise; it is not the place for a route that should simply not be tested.
 */
const PENDING_ROWS: Record<string, string> = {};

/** `METHOD /path` of a row: its name without the case in parentheses. */
const routeOf = (name: string) => name.replace(/ \(.*\)$/, '');

/**
 * Every route the running application registers, as `METHOD /path` without the API prefix (`path`),
 * and as Fastify serves it (`url`): the controllers of every module Nest loaded, walked as the
 * deny-by-default spec walks them. The API docs (`/docs*`) are not among them: Swagger registers
 * those on Fastify itself, and openapi.e2e-spec covers them.
 */
function registeredRoutes(t: TestApp): { route: string; method: string; url: string }[] {
  const controllers = new Set([...t.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()].map((c) => c.metatype as Type)));
  return [...controllers].flatMap(routesOf).map((r) => ({
    route: `${r.method} ${r.path}`,
    method: r.method,
    url: r.path.startsWith('/health/') ? r.path : `/${API_PREFIX}${r.path}`,
  }));
}

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

  /** A fresh recommendation of `office` with an evidence item and its attachment. */
  async function ctxIn(office: Office): Promise<Ctx> {
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
    return { t, office, rec, recId: rec.id, evidenceId: evidence.id };
  }

  it('has a row for every route the application registers, and none for a route it does not', () => {
    const found = registeredRoutes(t);
    const registered = found.map((r) => r.route);
    const rows = new Set(ROUTES.map((r) => routeOf(r.name)));
    // The walk is sound: it finds the routes Fastify serves, and only those.
    const fastify = t.app.getHttpAdapter().getInstance();
    expect(found.filter((r) => !fastify.hasRoute({ method: r.method as 'GET', url: r.url })).map((r) => r.route)).toEqual([]);
    expect(registered).toEqual(expect.arrayContaining(['POST /auth/login', 'GET /health/ready', 'GET /recommendations/:id', 'GET /reports/oversight-status']));

    expect({
      withoutRow: registered.filter((r) => !rows.has(r) && !(r in PENDING_ROWS)).sort(),
      rowWithoutRoute: [...rows].filter((r) => !registered.includes(r)).sort(),
      pendingButRowedOrGone: Object.keys(PENDING_ROWS).filter((r) => rows.has(r) || !registered.includes(r)),
    }).toEqual({ withoutRow: [], rowWithoutRoute: [], pendingButRowedOrGone: [] });
  });

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
    const ctx = await ctxIn(where === 'own' ? own : other);
    const res = await route.call(ctx, users[role]);
    expect(res.status).toBe(expected);
    if (where === 'other' && role !== 'admin' && !route.echoesInput) {
      // What another office's caller gets back (a list, shared data) names nothing of that office.
      const body = JSON.stringify(res.body ?? '');
      expect([ctx.recId, ctx.evidenceId, ctx.office.id].filter((id) => body.includes(id))).toEqual([]);
    }
  });

  it.each(ROUTES.map((r) => [r.name, r.anonymous ?? 401] as const))('%s without a token → %i', async (name, expected) => {
    const route = ROUTES.find((r) => r.name === name)!;
    // Someone who could sign in (public routes need the credentials) but sends no token.
    const anonymous: SignedIn = { ...users.staffer, accessToken: '', refreshToken: '', auth: '' };
    const res = await route.call(await ctxIn(own), anonymous);
    expect(res.status).toBe(expected);
    if (expected === 401) expect(res.body).toEqual(NO_TOKEN);
  });

  it('answers a list filtered on an office the caller cannot see with no items', async () => {
    const rec = await t.factories.recommendation(other);
    const res = await t.http().get(`/api/v1/recommendations?officeId=${other.id}`).set('Authorization', users.director.auth).expect(200);
    expect(res.body.items.map((r: { id: string }) => r.id)).not.toContain(rec.id);
    expect(res.body.total).toBe(0);
  });
});
