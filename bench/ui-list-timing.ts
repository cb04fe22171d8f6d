/**
 * How long the web interface's recommendation list takes to show its first 25 rows, in headless
 * Chromium, against a running service (e.g. on the synthetic data set of `npm run seed:synthetic`):
 *
 *   npm run compile && tsc -p bench/tsconfig.json
 *   node dist/bench/ui-list-timing.js --url http://127.0.0.1:3000 --email <user> --password <pw> [--runs 7] [--path '/recommendations?status=open']
 *
 * Each run is a fresh browser profile (nothing cached) that is already signed in (a refresh token in
 * its sessionStorage, as after a reload), so the time covers what a reload costs: the page and its
 * assets, the token refresh, /auth/me and the list. Measured in the page from navigation start until
 * the 25th row is in the document, at animation-frame precision.
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    email: { type: 'string' },
    password: { type: 'string' },
    runs: { type: 'string', default: '7' },
    path: { type: 'string', default: '/recommendations' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
if (!values.email || !values.password) {
  console.error('Usage: node dist/bench/ui-list-timing.js --url <base> --email <user> --password <pw> [--runs 7] [--path /recommendations]');
  process.exit(2);
}

/** What the page functions use (this project compiles without the DOM's types). */
interface PageGlobals {
  sessionStorage: { setItem(key: string, value: string): void };
  document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): { textContent: string | null } | null };
  performance: { getEntriesByType(type: string): { name: string; startTime: number; responseEnd: number }[] };
}

interface Run {
  shownMs: number;
  listApiMs: number;
  total: number;
}

async function refreshToken(): Promise<string> {
  const res = await fetch(`${values.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: values.email, password: values.password }),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { refreshToken: string }).refreshToken;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: values.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const runs: Run[] = [];
  try {
    for (let i = 0; i < Number(values.runs); i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      const token = await refreshToken();
      await context.addInitScript((t) => (globalThis as unknown as PageGlobals).sessionStorage.setItem('oversight.refreshToken', t), token);
      const page = await context.newPage();
      await page.goto(`${values.url}${values.path}`, { waitUntil: 'commit' });
      const shownMs = await page.waitForFunction(
        () => ((globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="recommendation-row"]').length >= 25 ? performance.now() : 0),
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      const timing = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        const list = g.performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/recommendations?'));
        const total = Number(g.document.querySelector('.pager span')?.textContent?.match(/([\d,]+) in all/)?.[1]?.replace(/,/g, '') ?? NaN);
        return { listApiMs: list ? list.responseEnd - list.startTime : NaN, total };
      });
      runs.push({ shownMs: (await shownMs.jsonValue()) as number, ...timing });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  for (const [i, r] of runs.entries()) {
    console.log(`run ${i + 1}: 25 rows shown after ${r.shownMs.toFixed(0)} ms (list request ${r.listApiMs.toFixed(0)} ms; ${r.total} recommendations in the list)`);
  }
  console.log(`median of ${runs.length}: ${median(runs.map((r) => r.shownMs)).toFixed(0)} ms to show 25 rows; list request ${median(runs.map((r) => r.listApiMs)).toFixed(0)} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
