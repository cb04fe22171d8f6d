import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import * as lockfile from 'proper-lockfile';
import type { Office } from '../../src/offices/office.entity';
import type { Role } from '../../src/users/role';
import { User } from '../../src/users/user.entity';
import { webRootDir } from '../../src/web/serve-web';
import { DEFAULT_PASSWORD } from '../support/factories';
import { createFreshDatabase } from '../support/fresh-database';
import { startTestApp, type TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const LAPTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/**
 * `describe` when Chromium is installed. Without it the browser tests are skipped with a message, on a
 * developer's machine; CI installs it and sets BROWSER_TESTS=required, so there a missing browser fails.
 */
export function describeInBrowser(name: string, body: () => void): void {
  // A browser test walks several screens: more than the API tests' 30 s on a busy machine.
  if (existsSync(CHROMIUM)) {
    return describe(name, () => {
      jest.setTimeout(60_000);
      body();
    });
  }
  const why = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.BROWSER_TESTS === 'required') throw new Error(`Browser tests required, but ${why}`);
  console.warn(`Skipping the browser tests "${name}": ${why}`);
  describe.skip(name, body);
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the interface (as `npm run build` does) when dist/web is missing or older than web/, so a
 * fresh clone's `npm test` tests what is in web/. Test files run in parallel: one builds, the others
 * wait on the lock and find it fresh.
 */
export async function ensureWebBuilt(): Promise<void> {
  const index = join(webRootDir(), 'index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newestChange(join(ROOT, 'web'));
  if (fresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const release = await lockfile.lock(join(ROOT, 'web'), {
    lockfilePath: join(ROOT, 'dist', '.web-build.lock'),
    stale: 60_000,
    retries: { retries: 240, minTimeout: 250, maxTimeout: 500 },
  });
  try {
    if (!fresh()) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], {
        cwd: ROOT,
        stdio: 'inherit',
        timeout: 120_000,
      });
    }
  } finally {
    await release();
  }
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on what the page shows now; fails listing every serious or critical violation. The script
 * goes in through the DevTools protocol, as the page's CSP (script-src 'self') rightly refuses an
 * injected <script> tag.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await page.evaluate(async (source) => {
    // Runs in the page; the test project has no DOM types, hence globalThis.
    const w = globalThis as unknown as { axe?: { run: (context: unknown) => Promise<{ violations: AxeViolation[] }> }; document: unknown };
    if (!w.axe) (0, eval)(source);
    const result = await w.axe!.run(w.document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
  }, AXE_SOURCE);
  expect({ screen, violations }).toEqual({ screen, violations: [] });
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Reads until the value equals `expected` (the page updates after its data arrives), then asserts it. */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!equals(value, expected) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  expect(value).toEqual(expected);
}
const equals = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** README pictures, written only when asked (UPDATE_SCREENSHOTS=1), so a test run leaves the tree clean. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  const dir = join(ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

export interface BrowserHarness {
  t: TestApp;
  base: string;
  /** A fresh browser profile (own storage), its page, and what went wrong in it. */
  open(viewport?: { width: number; height: number }): Promise<Page>;
  /** A user with a readable name (they show in the screenshots). */
  person(role: Role, offices: Office[], name: string): Promise<User>;
  signIn(page: Page, user: { email: string }, path?: string): Promise<void>;
  /** After each test: closes its pages; fails on a script error, a CSP refusal or a request off this origin. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/** The application on a real port, and headless Chromium (Debian's, never a downloaded one). */
export async function startBrowserHarness(): Promise<BrowserHarness> {
  await ensureWebBuilt();
  // A database of its own: the screens show shared lists (users, indicators) that other test files
  // running on the same database would fill past the first page.
  const fresh = await createFreshDatabase();
  const t = await startTestApp({}, fresh.url);
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives each launch a fresh, empty profile. The network flags keep Chromium from
    // calling home, which a closed network refuses, many times over.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let open: { context: BrowserContext; problems: string[] }[] = [];

  return {
    t,
    base,
    async open(viewport = LAPTOP) {
      const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'en-US', timezoneId: 'America/New_York' });
      // Well under jest's 30 s, so a locator that never shows fails with its own message.
      context.setDefaultTimeout(10_000);
      const problems: string[] = [];
      // The interface must work offline: nothing may be fetched from anywhere but this origin.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(base)) return route.continue();
        problems.push(`request off this origin: ${url}`);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
      // Refused API calls (401, 403 …) log "Failed to load resource", and the tests make some on purpose.
      page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(`console: ${m.text()}`));
      open.push({ context, problems });
      return page;
    },
    async person(role, offices, name) {
      const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${randomUUID().slice(0, 4)}@example.org`;
      const user = await t.factories.user({ role, offices, email });
      user.name = name;
      await t.db.getRepository(User).update(user.id, { name: user.name });
      return user;
    },
    async signIn(page, user, path = '/') {
      await page.goto(base + path);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(DEFAULT_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
    },
    async closePages() {
      const problems = open.flatMap((o) => o.problems);
      await Promise.all(open.map((o) => o.context.close()));
      open = [];
      expect(problems).toEqual([]);
    },
    async close() {
      await browser.close();
      await t.close();
      await fresh.drop();
    },
  };
}
