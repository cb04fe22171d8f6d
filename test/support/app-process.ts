import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Runs src/main.ts as is, compiled on the fly by swc (as jest does), so a test can start the real
 * service in an operating-system process of its own without a prior build.
 */
const PROGRAM = String.raw`
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const swc = require('@swc/core');
const swcrc = JSON.parse(readFileSync(join(process.env.APP_ROOT, '.swcrc'), 'utf8'));
delete swcrc.$schema;
require.extensions['.ts'] = (module, filename) => {
  module._compile(swc.transformSync(readFileSync(filename, 'utf8'), { ...swcrc, filename, swcrc: false }).code, filename);
};
require(join(process.env.APP_ROOT, 'src/main.ts'));
`;

/** A free loopback port (the kernel's pick, released at once for the child to take). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface AppProcess {
  child: ChildProcess;
  url: string;
  /** stdout and stderr so far (JSON log lines). */
  output(): string;
  /** Exit code once the process has ended; null while it runs. */
  exitCode(): number | null;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts the service as `node src/main.ts` would run in production, with `env` on top of a test
 * configuration, and resolves once /health/live answers. Rejects with its output if it exits first.
 */
export async function startAppProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', '-e', PROGRAM], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      APP_ROOT: ROOT,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'test-access-secret-0123456789abcdef0123',
      JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdef012',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The service exited (${child.exitCode}) before it was up:\n${out}`);
    const up = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The service did not come up within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    child,
    url,
    output: () => out,
    exitCode: () => child.exitCode,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
