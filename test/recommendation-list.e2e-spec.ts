import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { QueryCounter } from './support/query-counter';
import { startTestApp, TestApp } from './support/test-app';

describe('recommendation list and search', () => {
  const counter = new QueryCounter();
  let t: TestApp;
  let office: Office;
  let other: Office;
  let staffer: SignedIn;
  let colleague: SignedIn;
  let admin: SignedIn;
  let outsider: SignedIn;
  const ids: Record<string, string> = {};

  const list = async (who: SignedIn, query: string) =>
    (await t.http().get(`/api/v1/recommendations?${query}`).set('Authorization', who.auth).expect(200)).body as {
      items: { id: string; reference: string; owners: { id: string }[] }[];
      total: number;
      page: number;
      pageSize: number;
    };
  const refs = (page: { items: { reference: string }[] }) => page.items.map((r) => r.reference);

  beforeAll(async () => {
    t = await startTestApp({}, undefined, counter);
    office = await t.factories.office();
    other = await t.factories.office();
    staffer = await t.factories.signedIn('staffer', [office]);
    colleague = await t.factories.signedIn('staffer', [office]);
    admin = await t.factories.signedIn('admin');
    outsider = await t.factories.signedIn('staffer', [other]);
    const rows: [string, Record<string, unknown>][] = [
      ['L-1', { title: 'Secure the Southwest Border', text: 'Resume construction of border barriers and reinstate Remain in Mexico.', policyArea: 'border_migration', priority: 'high', addressees: ['Congress', 'DHS'], tags: ['mpp'], ownerIds: [staffer.user.id] }],
      ['L-2', { title: 'Enforce USMCA', text: 'USTR should vocally defend U.S. investments and enforce the agreement.', policyArea: 'trade_investment', priority: 'medium', addressees: ['USTR'], ownerIds: [colleague.user.id] }],
      ['L-3', { title: 'Reboot security cooperation', text: 'Restart cooperation with the Drug Enforcement Administration on fentanyl.', policyArea: 'security_counternarcotics', priority: 'low', addressees: ['DOJ/DEA', 'State'], ownerIds: [staffer.user.id, colleague.user.id] }],
    ];
    for (const [reference, fields] of rows) {
      const res = await t
        .http()
        .post('/api/v1/recommendations')
        .set('Authorization', staffer.auth)
        .send({ officeId: office.id, reference, ...fields })
        .expect(201);
      ids[reference] = res.body.id;
    }
    await t.http().post(`/api/v1/recommendations/${ids['L-2']}/status`).set('Authorization', staffer.auth).set('If-Match', '"1"').send({ status: 'in_progress', reason: 'Letter sent to USTR' }).expect(200);
    await t.http().post('/api/v1/recommendations').set('Authorization', outsider.auth).send({ officeId: other.id, reference: 'L-1', title: 'Other office', text: 'Enforcement elsewhere', policyArea: 'trade_investment', priority: 'high', addressees: ['USTR'], ownerIds: [] }).expect(201);
  });
  afterAll(() => t.close());

  it('lists the caller office only, sorted by reference, paginated with a total', async () => {
    const page = await list(staffer, 'pageSize=2');
    expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(refs(page)).toEqual(['L-1', 'L-2']);
    expect(refs(await list(staffer, 'pageSize=2&page=2'))).toEqual(['L-3']);
    expect(await list(staffer, 'pageSize=2&page=9')).toEqual({ items: [], total: 3, page: 9, pageSize: 2 });
  });

  it('answers an empty list when filtered on an office you cannot see', async () => {
    expect(await list(staffer, `officeId=${other.id}`)).toEqual({ items: [], total: 0, page: 1, pageSize: 25 });
    expect(refs(await list(admin, `officeId=${other.id}`))).toEqual(['L-1']);
  });

  it.each([
    ['status=in_progress', ['L-2']],
    ['status=open&status=in_progress', ['L-1', 'L-2', 'L-3']],
    ['policyArea=trade_investment', ['L-2']],
    ['priority=low', ['L-3']],
    ['addressee=DHS', ['L-1']],
    ['tag=mpp', ['L-1']],
    ['parentId=none', ['L-1', 'L-2', 'L-3']],
    ['sort=-priority', ['L-3', 'L-2', 'L-1']],
    ['sort=priority', ['L-1', 'L-2', 'L-3']],
    ['sort=-reference', ['L-3', 'L-2', 'L-1']],
  ])('filters and sorts: %s', async (query, expected) => {
    expect(refs(await list(staffer, query))).toEqual(expected);
  });

  it('filters by owner, including ownerId=me', async () => {
    expect(refs(await list(staffer, 'ownerId=me'))).toEqual(['L-1', 'L-3']);
    expect(refs(await list(staffer, `ownerId=${colleague.user.id}`))).toEqual(['L-2', 'L-3']);
  });

  it('filters by updatedSince', async () => {
    expect((await list(staffer, 'updatedSince=2000-01-01')).total).toBe(3);
    expect((await list(staffer, 'updatedSince=2999-01-01')).total).toBe(0);
  });

  it('searches stemmed English full text over reference, title and text, ranked', async () => {
    expect(refs(await list(staffer, 'q=enforcing'))).toEqual(['L-2', 'L-3']);
    expect(refs(await list(staffer, 'q=barrier'))).toEqual(['L-1']);
    expect(refs(await list(staffer, 'q=L-3'))).toEqual(['L-3']);
    expect(refs(await list(staffer, 'q=fentanyl%20cooperation'))).toEqual(['L-3']);
    expect(refs(await list(staffer, 'q=enforce&sort=-reference'))).toEqual(['L-3', 'L-2']);
  });

  it.each([
    'pageSize=101',
    'pageSize=0',
    'page=0',
    'status=done',
    'sort=password',
    'ownerId=someone',
    'parentId=x',
    'updatedSince=yesterday',
    'priority=urgent',
    'unknown=1',
  ])('refuses %s with 400', async (query) => {
    const res = await t.http().get(`/api/v1/recommendations?${query}`).set('Authorization', staffer.auth).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('issues the same small number of queries for a page of 10 and a page of 100', async () => {
    const counts: number[] = [];
    for (const pageSize of [10, 100]) {
      counter.reset();
      await list(staffer, `pageSize=${pageSize}`);
      counts.push(counter.count);
    }
    expect(counts[0]).toBe(counts[1]);
    // The caller's session and user, the count, the page.
    expect(counts[0]).toBeLessThanOrEqual(3);
  });
});
