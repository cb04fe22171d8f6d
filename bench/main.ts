/**
 * `npm run bench`: seeds (or reuses) a synthetic data set in a PostgreSQL database of its own, starts
 * the built service and the raw baseline on a fresh copy of it, runs every scenario against both
 * and prints the table; the figures also go to a JSON file. See docs/PERFORMANCE.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { BackendCpu } from './db-cpu';
import { cloneDatabase, dropRunDatabase, ensureTemplate, serverFacts } from './database';
import { loadFixtures } from './fixtures';
import { listSqlByPageSize, measure, same } from './measure';
import { send } from './load';
import { parseBenchArgs, USAGE, type BenchOptions } from './options';
import { judge, judgeScaling, scalingTable, table, targetsTable, type ScenarioResult, type SizeResult } from './report';
import { SCALING_SCENARIOS, SCENARIOS } from './scenarios';
import { startServer, type ServerProcess } from './server-process';

const ROOT = resolve(__dirname, '../..');
const PROBE = resolve(__dirname, 'query-probe.js');
const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function runSize(o: BenchOptions, n: number, withRaw: boolean, only: string[] | undefined): Promise<SizeResult> {
  const template = await ensureTemplate(o.adminUrl, n, o.seed, o.reseed, log);
  const runName = `oversight_bench_run_${n}`;
  log(`Data: cloning into ${runName}`);
  const url = await cloneDatabase(o.adminUrl, template.name, runName);
  const logs = resolve(ROOT, 'bench/results/logs');
  mkdirSync(logs, { recursive: true });
  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), JWT_REFRESH_SECRET: randomBytes(32).toString('hex') };
  const servers: ServerProcess[] = [];
  const clients: Client[] = [];
  try {
    // Started STARTS times: the median start is reported (one start on a shared machine says
    // little); the last one serves the scenarios. Idle RSS is read a second after each is ready.
    const starts: { readyMs: number; idleRssMb: number }[] = [];
    let app: ServerProcess | undefined;
    for (let i = 0; i < o.starts; i++) {
      if (app) {
        await app.stop();
        servers.pop();
      }
      app = await startServer({
        name: 'service',
        args: ['--require', PROBE, ...o.nodeArgs, resolve(ROOT, 'dist/src/main.js')],
        env: { DATABASE_URL: url, NODE_ENV: 'production', ...secrets },
        port: await freePort(),
        readyPath: '/health/ready',
        logFile: resolve(logs, `service-${n}.log`),
      });
      servers.push(app);
      await sleep(1000);
      starts.push({ readyMs: Math.round(app.readyMs), idleRssMb: Math.round(app.rssMb()) });
      log(`Service ready in ${Math.round(app.readyMs)} ms, ${starts[i].idleRssMb} MB idle (pid ${app.pid})`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const readyMs = median(starts.map((x) => x.readyMs));
    const idleRssMb = median(starts.map((x) => x.idleRssMb));
    let raw: ServerProcess | undefined;
    if (withRaw) {
      raw = await startServer({
        name: 'raw baseline',
        args: ['--require', PROBE, resolve(__dirname, 'raw/server.js')],
        env: { DATABASE_URL: url, BENCH_PROBE_APPLICATION: 'bench-raw', ...secrets },
        port: await freePort(),
        readyPath: '/health/ready',
        logFile: resolve(logs, `raw-${n}.log`),
      });
      servers.push(raw);
    }
    if (!app) throw new Error('--starts must be at least 1');
    const fx = await loadFixtures(url, app.url, template.meta);
    const benchDb = new Client({ connectionString: url, application_name: 'bench' });
    await benchDb.connect();
    clients.push(benchDb);
    const appDb = new BackendCpu(benchDb, 'oversight-tracker');
    const rawDb = new BackendCpu(benchDb, 'bench-raw');
    const rawIdleRssMb = raw ? Math.round(raw.rssMb()) : undefined;

    const scenarios: ScenarioResult[] = [];
    for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.key))) {
      await fx.signIn();
      log(`${scenario.key}: ${scenario.title}`);
      let sameBody: boolean | null = null;
      if (raw && scenario.compareBodies) {
        const probe = scenario.plan(fx).next()!;
        const [a, b] = [await send(app.url, probe), await send(raw.url, probe)];
        if (a.status !== 200) throw new Error(`${scenario.key}: the service answered ${a.status}: ${a.body.slice(0, 300)}`);
        sameBody = a.status === b.status && same(a.body, b.body);
        if (!sameBody) log(`  warning: the raw baseline's answer differs from the service's (${b.status}): ${b.body.slice(0, 200)}`);
      }
      const plan = scenario.plan(fx);
      const appResult = await measure(app, appDb, scenario, plan, o);
      log(`  service: ${appResult.rps} req/s, p50 ${appResult.p50} ms, p99 ${appResult.p99} ms, ${appResult.sqlPerRequest} SQL/req, ${appResult.cpuMsPerRequest}+${appResult.dbCpuMsPerRequest} ms CPU/req, failures ${appResult.failures}`);
      const result: ScenarioResult = { key: scenario.key, title: scenario.title, connections: scenario.connections, app: appResult, sameBody };
      if (raw) {
        const rawResult = await measure(raw, rawDb, scenario, plan, o);
        log(`  raw:     ${rawResult.rps} req/s, p50 ${rawResult.p50} ms, p99 ${rawResult.p99} ms, ${rawResult.sqlPerRequest} SQL/req, ${rawResult.cpuMsPerRequest}+${rawResult.dbCpuMsPerRequest} ms CPU/req, failures ${rawResult.failures}`);
        // A tenth apart is the data (a recommendation with no other owner has no notification to write).
        if (Math.abs(rawResult.sqlPerRequest - appResult.sqlPerRequest) > 0.5) log(`  warning: the service sends ${appResult.sqlPerRequest} statements per request, the baseline ${rawResult.sqlPerRequest}`);
        result.raw = rawResult;
        result.ratio = {
          rps: Math.round((appResult.rps / rawResult.rps) * 100) / 100,
          p99: rawResult.p99 > 0 ? Math.round((appResult.p99 / rawResult.p99) * 100) / 100 : 0,
        };
      }
      if (plan.recycled) log(`  ${plan.recycled} status requests were dropped by autocannon on a failed connection and their recommendations reused`);
      if (scenario.key === 'list') result.notes = { page: fx.listPage, sqlByPageSize: await listSqlByPageSize(app, fx) };
      scenarios.push(result);
    }
    await sleep(3000);
    const idleRssAfterMb = Math.round(app.rssMb());
    return {
      recommendations: n,
      data: { template: template.name, asOf: template.meta.asOf, seed: template.meta.seed, seededNow: template.seeded, seedSeconds: template.meta.seedSeconds },
      readyMs,
      starts,
      rawReadyMs: raw ? Math.round(raw.readyMs) : undefined,
      idleRssMb,
      idleRssAfterMb,
      rawIdleRssMb,
      scenarios,
    };
  } finally {
    for (const c of clients) await c.end();
    for (const s of servers) {
      const code = await s.stop();
      if (code !== 0) log(`${s.name} exited with ${code}`);
    }
    if (o.keep) log(`Kept database ${runName}`);
    else await dropRunDatabase(o.adminUrl, runName);
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function main(): Promise<number> {
  const parsed = parseBenchArgs(process.argv.slice(2), process.env);
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const o = parsed;
  const started = performance.now();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const postgres = await serverFacts(o.adminUrl);
  log(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, load ${machine.loadAverageAtStart.join(' ')}; PostgreSQL ${postgres.version}; Node ${machine.node}`);

  const sizes: SizeResult[] = [];
  for (const n of o.sizes) {
    log(`\n== ${n.toLocaleString('en-US')} recommendations`);
    sizes.push(await runSize(o, n, !o.scaling, o.scenarios ?? (o.scaling ? SCALING_SCENARIOS : undefined)));
  }

  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    git: { commit: git(['rev-parse', '--short', 'HEAD']), uncommittedChanges: git(['status', '--porcelain']).length > 0 },
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    postgres,
    options: { durationS: o.durationS, warmupS: o.warmupS, seed: o.seed, sizes: o.sizes, serviceNodeArgs: o.nodeArgs },
    seconds,
    sizes,
    targets: o.scaling ? judgeScaling(sizes) : judge(sizes[0]),
  };
  mkdirSync(dirname(resolve(ROOT, o.out)), { recursive: true });
  writeFileSync(resolve(ROOT, o.out), `${JSON.stringify(results, null, 2)}\n`);

  for (const size of sizes) {
    console.log(`\n${size.recommendations.toLocaleString('en-US')} recommendations — ready in ${size.readyMs} ms, idle RSS ${size.idleRssMb} MB (${size.idleRssAfterMb} MB after the load)\n`);
    console.log(table(size));
  }
  if (o.scaling) console.log(`\n${scalingTable(sizes)}`);
  console.log(`\n${targetsTable(results.targets)}`);
  console.log(`\nWritten to ${o.out} (${seconds} s in all)`);
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
