import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BRIEF_RECOMMENDATIONS } from '../../seeds/brief-2022';
import { Recommendation } from '../../src/recommendations/recommendation.entity';
import { type BrowserHarness, describeInBrowser, expectAccessible, screenshot, startBrowserHarness } from './browser-support';

// A small but real PDF: the API reads the type from the bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const brief = BRIEF_RECOMMENDATIONS[0];
const BRIEF_TITLE = 'Six Recommendations for Congress and the Biden Administration';

describeInBrowser('in the browser: a recommendation from creation to closing', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterEach(() => h.closePages());
  afterAll(() => h.close());

  it('a staffer creates a recommendation, adds evidence with a file, and is told why closing it is not theirs to do', async () => {
    const office = await h.t.factories.office('House Homeland Security Committee staff');
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    const auth = (await h.t.factories.login(staffer)).auth;
    const source = await h.t.http().post('/api/v1/sources').set('Authorization', auth).send({ title: BRIEF_TITLE, kind: 'brief', publishedOn: '2022-06-01' }).expect(201);
    const page = await h.open();
    await h.signIn(page, staffer, '/recommendations');

    await page.getByRole('link', { name: 'New recommendation' }).click();
    await page.getByRole('heading', { name: 'New recommendation' }).waitFor();
    await page.getByLabel('Reference').fill('FAL-2022-1');
    await page.getByLabel('Title').fill(brief.title);
    await page.getByLabel('Text as written').fill(brief.text);
    await page.getByLabel('Policy area').selectOption({ label: 'Border security and migration' });
    await page.getByLabel('Priority').selectOption('high');
    await page.getByLabel('Addressees').fill('DHS, Congress');
    await page.getByLabel('Source', { exact: true }).selectOption(source.body.id);
    await page.getByLabel('Locator in the source').fill('Recommendation 1');
    await expect(page.getByRole('checkbox', { name: 'Sam Staffer (me)' }).isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'new recommendation');
    await page.getByRole('button', { name: 'Create recommendation' }).click();

    await page.getByRole('heading', { name: `FAL-2022-1 ${brief.title}` }).waitFor();
    const id = page.url().split('/').pop()!;
    await page.locator('dd', { hasText: `${BRIEF_TITLE} · Recommendation 1` }).waitFor();
    const created = await h.t.http().get(`/api/v1/recommendations/${id}`).set('Authorization', auth).expect(200);
    expect(created.body).toMatchObject({
      reference: 'FAL-2022-1',
      priority: 'high',
      addressees: ['DHS', 'Congress'],
      owners: [{ id: staffer.id, name: 'Sam Staffer' }],
      sourceId: source.body.id,
      sourceLocator: 'Recommendation 1',
    });

    // An edit sends the version it read, and the history names the field.
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Tags').fill('border-security, migration');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('dd', { hasText: 'border-security, migration' }).waitFor();
    await page.getByTestId('timeline-event').filter({ hasText: 'Edited tags' }).waitFor();

    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByLabel('Kind').selectOption('hearing');
    await page.getByLabel('Title', { exact: true }).last().fill('House Homeland Security hearing on border encounters');
    await page.getByLabel('Date it happened').fill('2022-05-18');
    await page.getByLabel('File (optional)').setInputFiles({ name: 'hearing.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Save evidence' }).click();
    const item = page.getByTestId('evidence-item');
    await item.getByRole('button', { name: 'Download hearing.pdf' }).waitFor();
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    await expect(item.locator('code').getAttribute('title')).resolves.toBe(sha256);

    // The same bytes come back.
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: 'Download hearing.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('hearing.pdf');
    expect(readFileSync((await download.path())!)).toEqual(PDF);

    // A staffer may move it among open statuses, not close it; the dialog says so before sending.
    await page.getByRole('button', { name: 'Change status' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the status of FAL-2022-1' });
    await dialog.getByLabel('Implemented (closes it) (cite evidence)').check();
    await expect(dialog.getByTestId('status-refusal').textContent()).resolves.toBe(
      'Not allowed: Closing a recommendation (Implemented) needs a director or an admin',
    );
    await dialog.getByLabel('Reason').fill('The hearing shows the measures in place.');
    await expect(dialog.getByRole('button', { name: 'Change status' }).isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'status dialog');
    await screenshot(page, 'status-dialog');
    await dialog.getByLabel('In progress').check();
    await dialog.getByRole('button', { name: 'Change status' }).click();
    await page.locator('.page-head .badge', { hasText: 'In progress' }).waitFor();
    // Deleting is a director's: the button stays, disabled, with the reason.
    await expect(page.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).resolves.toBe(true);
    await page.locator('.actions').getByText('Deleting needs a director or an admin').waitFor();
  });

  it('a director closes it as implemented, citing its evidence, after the dialog explains the evidence rule', async () => {
    const office = await h.t.factories.office('Senate Foreign Relations Committee staff');
    const director = await h.person('director', [office], 'Dana Director');
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    const rec = await h.t.factories.recommendation(office, { reference: brief.reference, title: brief.title, text: brief.text, owners: [staffer] });
    const auth = (await h.t.factories.login(staffer)).auth;
    const source = await h.t.http().post('/api/v1/sources').set('Authorization', auth).send({ title: BRIEF_TITLE, kind: 'brief' }).expect(201);
    await h.t.db.getRepository(Recommendation).update(rec.id, { sourceId: source.body.id, sourceLocator: 'Recommendation 1' });
    const evidence = await h.t
      .http()
      .post(`/api/v1/recommendations/${rec.id}/evidence`)
      .set('Authorization', auth)
      .send({ kind: 'legislation', title: 'Border security act signed into law', occurredOn: '2022-06-01' })
      .expect(201);
    await h.t.http().post(`/api/v1/recommendations/${rec.id}/comments`).set('Authorization', auth).send({ body: 'Ready for the director to close.' }).expect(201);

    const page = await h.open();
    await h.signIn(page, director, `/recommendations/${rec.id}`);
    await page.getByRole('button', { name: 'Change status' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Implemented (closes it) (cite evidence)').check();
    await expect(dialog.getByTestId('status-refusal').textContent()).resolves.toBe(
      'Not allowed: Implemented needs evidence: cite at least one evidence item of this recommendation (add one first if there is none)',
    );
    await dialog.getByLabel('Border security act signed into law').check();
    await expect(dialog.getByTestId('status-refusal').count()).resolves.toBe(0);
    await dialog.getByLabel('Reason').fill('Enacted in law: the measure the brief asked for.');
    await dialog.getByRole('button', { name: 'Change status' }).click();
    await page.locator('.page-head .badge', { hasText: 'Implemented' }).waitFor();

    // The badge comes with the recommendation; the timeline follows with the history.
    await page.getByTestId('timeline-event').filter({ hasText: 'Status Open → Implemented' }).waitFor();
    const first = page.getByTestId('timeline-event').first();
    await expect(first.innerText()).resolves.toMatch(/Status\s.*Dana Director\s+Status Open → Implemented\s+Enacted in law: the measure the brief asked for\.\s+Citing: Border security act signed into law/);
    const history = await h.t.http().get(`/api/v1/recommendations/${rec.id}/history`).set('Authorization', auth).expect(200);
    expect(history.body).toEqual([expect.objectContaining({ type: 'status', from: 'open', to: 'implemented', evidenceIds: [evidence.body.id] })]);
    await expectAccessible(page, 'recommendation page');
    await screenshot(page, 'recommendation', true);
  });

  it('a follow-up is assigned on the recommendation, and its assignee completes it from "My follow-ups"', async () => {
    const office = await h.t.factories.office('Western Hemisphere Subcommittee staff');
    const director = await h.person('director', [office], 'Dana Director');
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    const rec = await h.t.factories.recommendation(office, { reference: 'FAL-2022-4.2', title: BRIEF_RECOMMENDATIONS[10].title, owners: [staffer] });
    await h.t.factories.followUp(rec, staffer, { title: 'Draft the letter to DHS', dueOn: '2022-01-10', createdBy: director });

    const page = await h.open();
    await h.signIn(page, director, `/recommendations/${rec.id}`);
    await page.getByRole('button', { name: 'Assign a follow-up' }).click();
    await page.getByLabel('Task').fill('Ask DEA for the cooperation figures');
    await page.getByLabel('Assignee').selectOption({ label: 'Sam Staffer' });
    await page.getByLabel('Due on').fill('2099-03-01');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByTestId('follow-up-item').filter({ hasText: 'Ask DEA for the cooperation figures' }).waitFor();

    const mine = await h.open();
    await h.signIn(mine, staffer, '/follow-ups');
    const items = mine.getByTestId('my-follow-up');
    await items.nth(1).waitFor();
    await expect(items.allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Draft the letter to DHS for Sam Staffer · due Jan 10, 2022 · Medium · Open · overdue/),
      expect.stringMatching(/^Ask DEA for the cooperation figures for Sam Staffer · due Mar 1, 2099 · Medium · Open/),
    ]);
    await expectAccessible(mine, 'my follow-ups');
    await screenshot(mine, 'my-follow-ups');
    await mine.getByRole('button', { name: 'Mark done: Ask DEA for the cooperation figures' }).click();
    await items.filter({ hasText: 'Ask DEA' }).waitFor({ state: 'detached' });
    await mine.getByLabel('Show').selectOption('done');
    await items.filter({ hasText: 'Ask DEA for the cooperation figures' }).filter({ hasText: 'Done' }).waitFor();

    const list = await h.t.http().get('/api/v1/follow-ups').query({ recommendationId: rec.id, status: 'done' }).set('Authorization', (await h.t.factories.login(director)).auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ title: 'Ask DEA for the cooperation figures', status: 'done', completedAt: expect.any(String) })]);
  });
});
