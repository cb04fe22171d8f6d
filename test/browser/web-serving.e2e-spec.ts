import { Logger } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveWebInterface, webRootDir } from '../../src/web/serve-web';
import { startTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuilt } from './browser-support';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const notFound = (path: string, method = 'GET') => ({ statusCode: 404, error: 'Not Found', message: `Cannot ${method} ${path}`, requestId: expect.any(String) });

describe('the web interface, served by the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    await ensureWebBuilt();
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('answers / with index.html, revalidated on every load, under the CSP, running no inline script', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = [...res.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([expect.stringMatching(/^<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">$/)]);
  });

  it('answers a client-side route with index.html when a browser asks for a page', async () => {
    const res = await t.http().get('/recommendations/0d9e4a77-6d7c-4d0b-9a51-0f4c7bb2a001?tab=evidence').set('Accept', HTML).expect(200);
    expect(res.text).toBe((await t.http().get('/').expect(200)).text);
  });

  it('leaves the API, the docs, the health checks and unknown assets their JSON 404', async () => {
    for (const path of ['/api/v1/nowhere', '/api/nowhere', '/health/nowhere', '/assets/missing.js']) {
      const res = await t.http().get(path).set('Accept', HTML).expect(404);
      expect({ path, body: res.body }).toEqual({ path, body: notFound(path) });
    }
    const docs = await t.http().get('/docs').set('Accept', HTML).expect(200);
    expect(docs.text).toContain('swagger-ui');
    await t.http().get('/docs/openapi.json').expect(200);
  });

  it('answers a non-page request for an unknown path, or another method, with the JSON 404', async () => {
    expect((await t.http().get('/nowhere').set('Accept', 'application/json').expect(404)).body).toEqual(notFound('/nowhere'));
    expect((await t.http().post('/recommendations').set('Accept', HTML).send({}).expect(404)).body).toEqual(notFound('/recommendations', 'POST'));
  });

  it('serves the hashed assets for good, and they fetch nothing from elsewhere', async () => {
    const assets = readdirSync(join(webRootDir(), 'assets'));
    expect(assets.map((a) => a.replace(/-[\w-]{8}\./, '-<hash>.')).sort()).toEqual(['index-<hash>.css', 'index-<hash>.js']);
    for (const asset of assets) {
      const res = await t.http().get(`/assets/${asset}`).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const text = readFileSync(join(webRootDir(), 'assets', asset), 'utf8');
      // No font, stylesheet or script from a CDN: the interface works offline.
      expect({ asset, outside: text.match(/(?:url\(|@import\s|from\s*["'])\s*["']?https?:/g) }).toEqual({ asset, outside: null });
    }
  });

  it('lets the API start without a built interface, and says so', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await expect(serveWebInterface(t.app, '/nonexistent/web')).resolves.toBeUndefined();
      expect(log).toHaveBeenCalledWith('No web interface at /nonexistent/web: run `npm run build` to build it; the API runs without it');
    } finally {
      log.mockRestore();
    }
  });
});
