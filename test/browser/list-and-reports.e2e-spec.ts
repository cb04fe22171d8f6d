import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BRIEF_RECOMMENDATIONS } from '../../seeds/brief-2022';
import type { Office } from '../../src/offices/office.entity';
import { type BrowserHarness, describeInBrowser, expectAccessible, PHONE, screenshot, startBrowserHarness, until } from './browser-support';

describeInBrowser('in the browser: the recommendation list and the reports', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterEach(() => h.closePages());
  afterAll(() => h.close());

  /** The brief's fifteen recommendations, then numbered ones up to `count`, in a new office. */
  async function officeWithRecommendations(name: string, count: number): Promise<Office> {
    const office = await h.t.factories.office(name);
    for (let i = 0; i < count; i++) {
      const b = BRIEF_RECOMMENDATIONS[i];
      await h.t.factories.recommendation(
        office,
        b
          ? { reference: b.reference, title: b.title, text: b.text, policyArea: b.policyArea, status: b.status }
          : { reference: `OVS-${String(i).padStart(3, '0')}`, title: `Oversight item ${i}`, status: i % 3 ? 'open' : 'in_progress' },
      );
    }
    return office;
  }
  const rows = (page: Page) => page.getByTestId('recommendation-row');
  const firstCells = (page: Page) => rows(page).locator('td:first-child').allInnerTexts();

  it('searches, filters, sorts and pages the list, and keeps the filters as a saved view', async () => {
    const office = await officeWithRecommendations('Mexico Oversight Working Group', 30);
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    const page = await h.open();
    await h.signIn(page, staffer, '/recommendations');

    await rows(page).nth(24).waitFor();
    await expect(rows(page).count()).resolves.toBe(25);
    await page.getByText('Page 1 of 2 · 30 in all').waitFor();
    await expectAccessible(page, 'recommendation list');
    await screenshot(page, 'recommendation-list');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2 of 2 · 30 in all').waitFor();
    await until(() => rows(page).count(), 5);

    await page.getByRole('checkbox', { name: 'In progress' }).check();
    await page.getByText('Page 1 of 1 · 6 in all').waitFor();
    await page.getByLabel('Sort by').selectOption('-updatedAt');
    await page.getByLabel('Search', { exact: true }).fill('Oversight item');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Page 1 of 1 · 5 in all').waitFor();
    await until(() => firstCells(page), ['OVS-027', 'OVS-024', 'OVS-021', 'OVS-018', 'OVS-015']);
    await page.getByLabel('Sort by').selectOption('reference');
    await until(() => firstCells(page), ['OVS-015', 'OVS-018', 'OVS-021', 'OVS-024', 'OVS-027']);

    await page.getByRole('button', { name: 'Save these filters as a view' }).click();
    await page.getByLabel('View name').fill('In-progress oversight items');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('button', { name: 'Delete view' }).waitFor();
    // Away and back: choosing the view restores its filters.
    await page.goto(`${h.base}/recommendations`);
    await page.getByText('Page 1 of 2 · 30 in all').waitFor();
    await page.getByLabel('Saved view').selectOption({ label: 'In-progress oversight items' });
    await page.getByText('Page 1 of 1 · 5 in all').waitFor();
    await expect(page.getByLabel('Search', { exact: true }).inputValue()).resolves.toBe('Oversight item');
    await expect(page.getByRole('checkbox', { name: 'In progress' }).isChecked()).resolves.toBe(true);
    await until(() => firstCells(page), ['OVS-015', 'OVS-018', 'OVS-021', 'OVS-024', 'OVS-027']);
  });

  it('is readable at phone width: one card per recommendation, every control reachable', async () => {
    const office = await officeWithRecommendations('Border Caucus staff', 15);
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    const page = await h.open(PHONE);
    await h.signIn(page, staffer, '/recommendations');
    await rows(page).nth(14).waitFor();
    // Nothing wider than the screen: no sideways scrolling.
    await expect(page.locator('html').evaluate((html) => html.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'recommendation list (phone)');
    await screenshot(page, 'recommendation-list-phone');
    // Keyboard: the skip link comes first, then the main navigation.
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Skip to content');
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus').textContent()).resolves.toBe('Dashboard');
  });

  it('previews the report, downloads it in every format, and saves it', async () => {
    const office = await officeWithRecommendations('Trade Subcommittee staff', 15);
    const staffer = await h.person('staffer', [office], 'Sam Staffer');
    const page = await h.open();
    await h.signIn(page, staffer, '/reports');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.frameLocator('iframe[title="Report preview"]');
    await preview.getByText(office.name).first().waitFor();
    await preview.getByText('FAL-2022-6', { exact: true }).first().waitFor();
    await expectAccessible(page, 'reports');
    await screenshot(page, 'reports');

    const expected: [string, string, RegExp][] = [
      ['PDF', 'pdf', /^%PDF-/],
      ['HTML (printable)', 'html', /^<!DOCTYPE html>/i],
      ['CSV', 'csv', /^(\xEF\xBB\xBF)?Reference,Title,Status,/],
      ['Markdown', 'md', /^# /],
      ['JSON', 'json', /^\{"office":/],
    ];
    for (const [button, extension, start] of expected) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^oversight-status-(.+-)?\\d{4}-\\d{2}-\\d{2}\\.${extension}$`));
      const bytes = readFileSync((await download.path())!);
      expect({ extension, start: bytes.subarray(0, 40).toString('latin1') }).toEqual({ extension, start: expect.stringMatching(start) });
    }

    await page.getByLabel('Title (optional)').fill('Weekly status for the Chair');
    await page.getByRole('button', { name: 'Save this report' }).click();
    await page.getByRole('button', { name: 'Weekly status for the Chair' }).waitFor();
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Weekly status for the Chair' }).click()]);
    expect(readFileSync((await saved.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
