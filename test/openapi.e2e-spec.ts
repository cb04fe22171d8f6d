import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FEATURE_MODULES } from '../src/app.module';
import { controllersOf, routesOf } from '../src/common/http/route-inventory';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
}

describe('API docs', () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs/openapi.json').expect(200)).body as OpenApiDoc;
  });
  afterAll(() => t.close());

  it('serves the interactive docs without a token', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('swagger');
  });

  it('describes every route the application registers', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = controllersOf(FEATURE_MODULES)
      .flatMap(routesOf)
      .map((r) => {
        const path = r.path.replace(/:(\w+)/g, '{$1}');
        return `${r.method} ${path.startsWith('/health/') ? path : `/api/v1${path}`}`;
      });
    expect(documented.sort()).toEqual(registered.sort());
    expect(documented).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/users/{id}', 'GET /health/ready']));
  });

  it('marks public routes as needing no token and the others as needing one', () => {
    expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/users'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/users'].get.responses).toHaveProperty('401');
    expect(doc.paths['/api/v1/users'].get.responses).toHaveProperty('403');
  });

  it('passes redocly lint with no error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const result = await run(process.execPath, [cli, 'lint', file, '--config', join(__dirname, '..', 'redocly.yaml'), '--format', 'summary'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    }).catch((err: { stdout: string; stderr: string }) => ({ stdout: err.stdout, stderr: `${err.stderr}\nFAILED` }));
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).not.toMatch(/FAILED|Validation failed/);
    expect(output).toMatch(/valid/i);
  });
});
