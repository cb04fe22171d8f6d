import { BackendCpu } from './db-cpu';
import type { Fixtures } from './fixtures';
import { runLoad, runSequence, runSequential, send } from './load';
import type { BenchOptions } from './options';
import type { ServerResult } from './report';
import type { Scenario } from './scenarios';
import type { ServerProcess } from './server-process';

/** Requests made one at a time after each load run, to count statements per request exactly. */
const COUNT_REQUESTS = 10;

/**
 * Statements per request over two batches of requests made one at a time, the lower of the two: the
 * service's reminder job uses the same pool every five minutes, and can only add to a batch.
 */
async function countStatements(server: ServerProcess, batch: () => Promise<unknown[]>): Promise<{ statements: number; transactionControl: number }> {
  let best: { statements: number; transactionControl: number } | undefined;
  for (let i = 0; i < 2; i++) {
    const before = await server.queries();
    const n = (await batch()).length;
    const after = await server.queries();
    const per = { statements: (after.statements - before.statements) / n, transactionControl: (after.transactionControl - before.transactionControl) / n };
    if (!best || per.statements < best.statements) best = per;
  }
  return best!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same JSON value, or (not JSON) the same text. */
export const same = (a: string, b: string) => {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
};

/** Waits until the server has sent no statement for a quarter of a second: the load's stragglers are done. */
async function quiet(server: ServerProcess): Promise<void> {
  let last = (await server.queries()).statements;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await sleep(250);
    const now = (await server.queries()).statements;
    if (now === last) return;
    last = now;
  }
}

async function afterLoad(server: ServerProcess, plan: ReturnType<Scenario['plan']>): Promise<void> {
  await quiet(server);
  await plan.settle?.((request) => send(server.url, request));
}

export async function measure(server: ServerProcess, db: BackendCpu, scenario: Scenario, plan: ReturnType<Scenario['plan']>, o: BenchOptions): Promise<ServerResult> {
  if (scenario.mode === 'load') {
    if (o.warmupS > 0) {
      await runLoad(server.url, plan, scenario.connections, o.warmupS);
      await afterLoad(server, plan);
    }
    server.resetPeak();
    const rssBeforeMb = Math.round(server.rssMb());
    const cpu = server.cpuMs();
    const dbCpu = await db.sample();
    const m = await runLoad(server.url, plan, scenario.connections, o.durationS);
    const cpuMs = server.cpuMs() - cpu;
    const dbCpuMs = BackendCpu.between(dbCpu, await db.sample());
    const peakRssMb = server.peakRssMb();
    await afterLoad(server, plan);
    const counted = await countStatements(server, () => runSequence(server.url, plan, COUNT_REQUESTS));
    return {
      ...m,
      sqlPerRequest: counted.statements,
      txPerRequest: counted.transactionControl,
      peakRssMb: Math.round(peakRssMb),
      rssBeforeMb,
      cpuMsPerRequest: Math.round((cpuMs / m.requests) * 100) / 100,
      dbCpuMsPerRequest: Math.round((dbCpuMs / m.requests) * 100) / 100,
    };
  }
  server.resetPeak();
  const rssBeforeMb = Math.round(server.rssMb());
  const before = await server.queries();
  const cpu = server.cpuMs();
  const dbCpu = await db.sample();
  const { sent, ...m } = await runSequential(server.url, plan, o.durationS);
  const cpuMs = server.cpuMs() - cpu;
  const dbCpuMs = BackendCpu.between(dbCpu, await db.sample());
  const after = await server.queries();
  return {
    ...m,
    sqlPerRequest: Math.round(((after.statements - before.statements) / sent) * 10) / 10,
    txPerRequest: Math.round(((after.transactionControl - before.transactionControl) / sent) * 10) / 10,
    peakRssMb: Math.round(server.peakRssMb()),
    rssBeforeMb,
    cpuMsPerRequest: Math.round((cpuMs / sent) * 10) / 10,
    dbCpuMsPerRequest: Math.round((dbCpuMs / sent) * 10) / 10,
  };
}

export async function listSqlByPageSize(app: ServerProcess, fx: Fixtures): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const size of [1, 25, 100]) {
    const path = fx.listPath.replace(/page=\d+&pageSize=\d+/, `page=1&pageSize=${size}`);
    const request = { method: 'GET' as const, path, headers: { authorization: `Bearer ${fx.tokens.director}` } };
    const counted = await countStatements(app, async () => {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await send(app.url, request));
      return answers;
    });
    out[String(size)] = counted.statements;
  }
  return out;
}

