import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { processCpuMs } from './db-cpu';
import type { ProbeCounts } from './query-probe';

/** A server under test in an operating-system process of its own: the service or the raw baseline. */
export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** From spawn to the first 200 of the readiness URL. */
  readyMs: number;
  /** Statements sent so far by the server's own pool. */
  queries(): Promise<ProbeCounts>;
  rssMb(): number;
  /** CPU time the process has used (user + system), in milliseconds. */
  cpuMs(): number;
  /** Starts a new peak: the kernel's high-water mark is reset (clear_refs 5), sampling covers kernels that refuse it. */
  resetPeak(): void;
  peakRssMb(): number;
  stop(): Promise<number | null>;
}

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const m = /^(VmRSS|VmHWM):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]] = Number(m[2]) / 1024;
  }
  return out;
}

export interface StartOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  readyPath: string;
  logFile: string;
  timeoutMs?: number;
}

/** Servers still running: killed if the bench itself dies, so none is left behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServer(o: StartOptions): Promise<ServerProcess> {
  const started = performance.now();
  // Straight to a file: the bench neither pumps the service's log lines nor breaks its stdout when it stops.
  const log = openSync(o.logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, o.args, {
    env: { PATH: process.env.PATH ?? '', ...o.env, PORT: String(o.port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.name} exited with ${child.exitCode} before it was ready: see ${o.logFile}`);
    const ok = await fetch(url + o.readyPath).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${o.name} was not ready within ${o.timeoutMs ?? 60_000} ms: see ${o.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid!;

  let sampledPeak = 0;
  const sampler = setInterval(() => {
    try {
      sampledPeak = Math.max(sampledPeak, status(pid).VmRSS ?? 0);
    } catch {
      // The process is gone; stop() reports how it ended.
    }
  }, 50);
  sampler.unref();

  return {
    name: o.name,
    url,
    pid,
    readyMs,
    async queries() {
      const reply = once(child, 'message');
      child.send({ type: 'bench:count' });
      const [message] = (await reply) as [{ counts: ProbeCounts }];
      return message.counts;
    },
    rssMb: () => status(pid).VmRSS,
    cpuMs: () => processCpuMs(pid) ?? 0,
    resetPeak() {
      sampledPeak = status(pid).VmRSS;
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // Not allowed here: the sampled peak stands alone.
      }
    },
    peakRssMb() {
      const s = status(pid);
      return Math.max(sampledPeak, s.VmHWM ?? 0, s.VmRSS);
    },
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const [code] = (await exited) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
}
