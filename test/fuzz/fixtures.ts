import { createHmac } from 'node:crypto';
import type { TestApp } from '../support/test-app';
import type { Callers } from './requests';
import type { Ids } from './values';

const PAST = '2022-06-01';

/** Swaps a JWT's signature, or its header for an unsigned one, keeping its claims. */
function forgeries(token: string, refreshToken: string): string[] {
  const [header, payload] = token.split('.');
  const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const wrongKey = createHmac('sha256', 'not-the-secret-not-the-secret-000').update(`${header}.${payload}`).digest('base64url');
  return [
    'Bearer',
    'Bearer ',
    'Bearer x.y.z',
    `Bearer ${token}x`,
    `bearer ${token}`,
    `Basic ${Buffer.from('admin@example.org:password').toString('base64')}`,
    `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    `Bearer ${header}.${encode({ ...claims, role: 'admin', sub: '00000000-0000-0000-0000-000000000000' })}.${token.split('.')[2]}`,
    `Bearer ${header}.${payload}.${wrongKey}`,
    `Bearer ${refreshToken}`,
    `Bearer ${'a'.repeat(10_000)}`,
  ];
}

/**
 * Records of every kind for the path parameters and id fields, in two offices: the admin and the
 * viewer are members of the first. Users that sign in are `member` ids, never path ids of
 * `/users/{id}`, so that no fuzzed request can deactivate or demote a caller.
 */
export async function createFixtures(t: TestApp): Promise<{ ids: Ids; callers: Callers }> {
  const f = t.factories;
  const [a, b] = [await f.office(), await f.office()];
  const admin = await f.signedIn('admin', [a]);
  const viewer = await f.signedIn('viewer', [a]);
  const staffer = await f.signedIn('staffer', [a]);
  const targets = [await f.user({ role: 'staffer', offices: [a] }), await f.user({ role: 'director', offices: [b] })];
  const parent = await f.recommendation(a, { owners: [admin.user] });
  const recs = [parent, await f.recommendation(a, { parentId: parent.id }), await f.recommendation(b)];
  const followUps = [await f.followUp(parent, admin.user), await f.followUp(recs[2], targets[1])];

  const post = async (url: string, body: object, auth = admin.auth) => {
    const res = await t.http().post(url).set('Authorization', auth).send(body);
    if (res.status !== 201) throw new Error(`fixture ${url}: ${res.status} ${res.text}`);
    return res.body as { id: string };
  };
  const source = await post('/api/v1/sources', { title: f.unique('Source'), kind: 'brief', publishedOn: PAST });
  const evidence = await post(`/api/v1/recommendations/${parent.id}/evidence`, { kind: 'hearing', title: f.unique('Hearing'), occurredOn: PAST });
  await t.http().put(`/api/v1/evidence/${evidence.id}/attachment`).set('Authorization', admin.auth).attach('file', Buffer.from('Notes.\n'), 'notes.txt').expect(200);
  const evidence2 = await post(`/api/v1/recommendations/${recs[2].id}/evidence`, { kind: 'letter', title: f.unique('Letter'), occurredOn: PAST });
  const comment = await post(`/api/v1/recommendations/${parent.id}/comments`, { body: 'A comment.' });
  const indicator = await post('/api/v1/indicators', { name: f.unique('Indicator'), unit: 'cases', betterWhen: 'lower', recommendationIds: [parent.id] });
  await post(`/api/v1/indicators/${indicator.id}/observations`, { observedOn: PAST, value: 12 });
  const view = await post('/api/v1/saved-views', { name: f.unique('View'), filters: { status: ['open'], officeId: a.id } });
  // Assigned by another user, so the admin has notifications of its own to read.
  await post(`/api/v1/recommendations/${parent.id}/follow-ups`, { title: 'Call USTR', assigneeId: admin.user.id, dueOn: '2099-01-01' }, staffer.auth);
  const notifications = (await t.http().get('/api/v1/notifications').set('Authorization', admin.auth).expect(200)).body as { items: { id: string }[] };
  const areas = (await t.http().get('/api/v1/policy-areas').set('Authorization', admin.auth).expect(200)).body as { code: string }[];

  const ids: Ids = {
    office: [a.id, b.id],
    member: [admin.user.id, staffer.user.id],
    user: targets.map((u) => u.id),
    recommendation: recs.map((r) => r.id),
    followUp: followUps.map((x) => x.id),
    source: [source.id],
    evidence: [evidence.id, evidence2.id],
    comment: [comment.id],
    indicator: [indicator.id],
    savedView: [view.id],
    notification: notifications.items.map((n) => n.id),
    policyArea: areas.map((x) => x.code),
  };
  return { ids, callers: { admin: admin.auth, viewer: viewer.auth, forged: forgeries(admin.accessToken, admin.refreshToken) } };
}
