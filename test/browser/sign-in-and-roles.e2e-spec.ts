import { BRIEF_RECOMMENDATIONS } from '../../seeds/brief-2022';
import { type BrowserHarness, describeInBrowser, expectAccessible, screenshot, startBrowserHarness } from './browser-support';

describeInBrowser('in the browser: signing in, what each role is offered, administration', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterEach(() => h.closePages());
  afterAll(() => h.close());

  it('signs in (a wrong password refused with the API message), stays signed in across a reload, and signs out', async () => {
    const office = await h.t.factories.office('Foreign Affairs Committee staff');
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    for (const [i, b] of BRIEF_RECOMMENDATIONS.slice(0, 8).entries()) {
      const rec = await h.t.factories.recommendation(office, { reference: b.reference, title: b.title, policyArea: b.policyArea, status: b.status, owners: [staffer] });
      if (i < 3) await h.t.factories.followUp(rec, staffer, { title: `Brief the Chair on ${b.reference}`, dueOn: i === 0 ? '2022-07-01' : '2099-01-15' });
    }
    // An indicator of the brief with two observations, so it shows a trend.
    const director = (await h.t.factories.login(await h.person('director', [office], 'Dana Director'))).auth;
    const indicator = await h.t
      .http()
      .post('/api/v1/indicators')
      .set('Authorization', director)
      .send({ name: 'Southwest border encounters per day (browser test)', unit: 'encounters per day', betterWhen: 'lower', source: 'CBP' })
      .expect(201);
    for (const [observedOn, value] of [['2022-05-01', 7800], ['2022-06-01', 7500]] as const) {
      await h.t.http().post(`/api/v1/indicators/${indicator.body.id}/observations`).set('Authorization', director).send({ observedOn, value }).expect(201);
    }
    const page = await h.open();
    await page.goto(`${h.base}/`);
    await page.getByRole('heading', { name: 'Oversight tracker' }).waitFor();
    await expectAccessible(page, 'sign in');
    await page.getByLabel('Email').fill(staffer.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/^Invalid email or password \(request [\w-]+\)$/);

    await page.getByLabel('Password').fill('a-long-enough-test-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Sam Staffer (Staffer)').waitFor();
    await page.getByText('Overdue since Jul 1, 2022').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Southwest border encounters per day (browser test): 7,500 encounters per day (Jun 1, 2022) ▲ improving' }).waitFor();
    const report = await h.t.http().get('/api/v1/reports/oversight-status').query({ officeId: office.id }).set('Authorization', (await h.t.factories.login(staffer)).auth).expect(200);
    await page.getByRole('link', { name: `${report.body.summary.byStatus.open} Open`, exact: true }).waitFor();
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard', true);

    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('offers a viewer no change: each action is disabled with its reason or absent, and the API still refuses it', async () => {
    const office = await h.t.factories.office('Appropriations Committee staff');
    const viewer = await h.person('viewer', [office], 'Vic Viewer');
    const rec = await h.t.factories.recommendation(office, { reference: 'FAL-2022-3', title: BRIEF_RECOMMENDATIONS[6].title });
    const page = await h.open();
    await h.signIn(page, viewer, '/recommendations');
    await expect(page.getByRole('button', { name: 'New recommendation' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).resolves.toEqual([
      'Dashboard',
      'Recommendations',
      'My follow-ups',
      'Reports',
    ]);

    await page.getByRole('link', { name: 'FAL-2022-3' }).click();
    await page.getByRole('heading', { name: /^FAL-2022-3 / }).waitFor();
    for (const name of ['Change status', 'Edit', 'Add evidence', 'Assign a follow-up', 'Comment']) {
      await expect(page.getByRole('button', { name, exact: true }).isDisabled()).resolves.toBe(true);
    }
    await expect(page.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).resolves.toBe(true);
    await expect(page.getByText('Viewers can read but not change anything').count()).resolves.toBe(5);
    await expect(page.getByText('Deleting needs a director or an admin').count()).resolves.toBe(1);
    await expect(page.getByRole('textbox').count()).resolves.toBe(0);

    await page.getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('button', { name: 'Save this report' }).isDisabled()).resolves.toBe(true);
    await page.goto(`${h.base}/admin/users`);
    await page.getByText('Only admins manage users and offices.').waitFor();

    const auth = (await h.t.factories.login(viewer)).auth;
    const refused = await h.t.http().post(`/api/v1/recommendations/${rec.id}/status`).set('Authorization', auth).set('If-Match', '"1"').send({ status: 'in_progress', reason: 'Trying anyway' });
    expect(refused.status).toBe(403);
  });

  it('lets an admin add an office and a user of that office', async () => {
    const admin = await h.person('admin', [], 'Avery Admin');
    const officeName = 'Oversight and Investigations Subcommittee staff';
    const email = `${h.t.factories.unique('new.staffer')}@example.org`;
    const page = await h.open();
    await h.signIn(page, admin, '/admin/offices');

    await page.getByRole('button', { name: 'Add an office' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(officeName);
    await page.getByRole('dialog').getByLabel('Time zone').fill('America/Chicago');
    await expectAccessible(page, 'add an office');
    await page.getByRole('button', { name: 'Add office' }).click();
    await page.getByRole('row', { name: `${officeName} America/Chicago` }).waitFor();
    await expectAccessible(page, 'offices');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Name').fill('Robin Newhire');
    await dialog.getByLabel('Role').selectOption('staffer');
    await dialog.getByLabel('Password').fill('a-new-staffer-password');
    await dialog.getByRole('checkbox', { name: officeName }).check();
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: email, exact: true }).waitFor();
    // Newest first: the new user heads the list.
    await expect(page.getByRole('row').nth(1).innerText()).resolves.toMatch(new RegExp(`^Robin Newhire\\s+${email.replace(/\./g, '\\.')}\\s+Staffer\\s+${officeName}\\s+Yes`));

    const users = await h.t.http().get('/api/v1/users').query({ pageSize: 100 }).set('Authorization', (await h.t.factories.login(admin)).auth).expect(200);
    expect(users.body.items.find((u: { email: string }) => u.email === email)).toMatchObject({ name: 'Robin Newhire', role: 'staffer', offices: [{ name: officeName }] });
    await expectAccessible(page, 'users');
    await screenshot(page, 'admin-users');
  });
});
