import type { Measure } from './load';

export interface ServerResult extends Measure {
  /** SQL statements per request (BEGIN/COMMIT included), from requests made one at a time. */
  sqlPerRequest: number;
  /** Of which transaction control (START TRANSACTION, SET TRANSACTION, COMMIT, ROLLBACK). */
  txPerRequest: number;
  peakRssMb: number;
  /** RSS when the measured run began: peak − this is what the scenario itself took. */
  rssBeforeMb: number;
  /** The server process's CPU time per request over the measured run (ms): steadier than req/s on a busy machine. */
  cpuMsPerRequest: number;
  /** The database backends' CPU per request (ms), from /proc: the server's SQL, wherever it runs. */
  dbCpuMsPerRequest: number;
}

export interface ScenarioResult {
  key: string;
  title: string;
  connections: number;
  app: ServerResult;
  raw?: ServerResult;
  /** app req/s ÷ raw req/s, app p99 ÷ raw p99. */
  ratio?: { rps: number; p99: number };
  /** The service and the baseline gave the same body for the same request (null: not compared). */
  sameBody: boolean | null;
  /** Extra facts (list: statements per request at pageSize 1, 25 and 100). */
  notes?: Record<string, unknown>;
}

export interface SizeResult {
  recommendations: number;
  data: { template: string; asOf: string; seed: number; seededNow: boolean; seedSeconds: number };
  /** Median of the starts below. */
  readyMs: number;
  starts: { readyMs: number; idleRssMb: number }[];
  rawReadyMs?: number;
  idleRssMb: number;
  idleRssAfterMb: number;
  rawIdleRssMb?: number;
  scenarios: ScenarioResult[];
}

export interface Target {
  target: string;
  holds: boolean | null;
  measured: string;
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** The table the issue asks for, one row per scenario; Markdown, so docs/PERFORMANCE.md can take it as is. */
export function table(size: SizeResult): string {
  const head = ['scenario', 'conn', 'req/s', 'raw req/s', 'ratio', 'p50 ms', 'p99 ms', 'raw p50', 'raw p99', 'p99 ×raw', 'SQL/req (raw)', 'CPU ms/req: node+db (raw)', 'peak RSS MB (raw)', 'failures'];
  const rows = size.scenarios.map((s) => [
    s.key,
    String(s.connections),
    fmt(s.app.rps, s.app.rps < 10 ? 2 : 0),
    s.raw ? fmt(s.raw.rps, s.raw.rps < 10 ? 2 : 0) : '–',
    s.ratio ? fmt(s.ratio.rps, 2) : '–',
    fmt(s.app.p50),
    fmt(s.app.p99),
    s.raw ? fmt(s.raw.p50) : '–',
    s.raw ? fmt(s.raw.p99) : '–',
    s.ratio ? fmt(s.ratio.p99, 2) : '–',
    `${fmt(s.app.sqlPerRequest, 1)}${s.raw ? ` (${fmt(s.raw.sqlPerRequest, 1)})` : ''}`,
    `${fmt(s.app.cpuMsPerRequest, 1)}+${fmt(s.app.dbCpuMsPerRequest, 1)}${s.raw ? ` (${fmt(s.raw.cpuMsPerRequest, 1)}+${fmt(s.raw.dbCpuMsPerRequest, 1)})` : ''}`,
    `${fmt(s.app.peakRssMb)}${s.raw ? ` (${fmt(s.raw.peakRssMb)})` : ''}`,
    `${s.app.failures}${s.raw ? ` / ${s.raw.failures}` : ''}`,
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The issue's targets, judged on one size's results (the report's only at 10,000). */
export function judge(size: SizeResult): Target[] {
  const s = (key: string) => size.scenarios.find((x) => x.key === key);
  const out: Target[] = [];
  const list = s('list');
  if (list?.ratio) {
    out.push({ target: 'list throughput ≥ 0.6 × raw', holds: list.ratio.rps >= 0.6, measured: `${fmt(list.ratio.rps, 2)} × (${fmt(list.app.rps)} vs ${fmt(list.raw!.rps)} req/s)` });
    out.push({ target: 'list p99 ≤ 2 × raw p99', holds: list.ratio.p99 <= 2, measured: `${fmt(list.ratio.p99, 2)} × (${list.app.p99} vs ${list.raw!.p99} ms)` });
  }
  const byPageSize = list?.notes?.sqlByPageSize as Record<string, number> | undefined;
  if (byPageSize) {
    const counts = Object.values(byPageSize);
    const constant = counts.every((c) => c === counts[0]);
    out.push({
      target: 'list SQL per request constant and ≤ 4',
      holds: constant && counts[0] <= 4,
      measured: Object.entries(byPageSize).map(([k, v]) => `pageSize ${k}: ${v}`).join(', '),
    });
  }
  const status = s('status');
  if (status) out.push({ target: '≥ 300 status changes/s with 32 writers', holds: status.app.rps >= 300, measured: `${fmt(status.app.rps)} /s (raw ${fmt(status.raw?.rps)})` });
  const json = s('report-json');
  if (json && size.recommendations === 10_000) {
    out.push({ target: 'report JSON of 10,000 in ≤ 1 s', holds: json.app.p50 <= 1000, measured: `${fmt(json.app.p50)} ms (raw ${fmt(json.raw?.p50)} ms)` });
  }
  const csv = s('report-csv');
  if (csv) {
    const growth = csv.app.peakRssMb - csv.app.rssBeforeMb;
    // RSS moves with the heap's own growth whatever the request: flatness shows across sizes (--scaling).
    out.push({
      target: 'CSV memory flat (judged by --scaling)',
      holds: null,
      measured: `RSS +${fmt(growth)} MB (${fmt(csv.app.rssBeforeMb)} → ${fmt(csv.app.peakRssMb)} MB) while streaming ${fmt(csv.app.bytesPerRequest / 2 ** 20, 1)} MiB`,
    });
  }
  const each = (f: (x: { readyMs: number; idleRssMb: number }) => number) => size.starts.map(f).map((v) => fmt(v)).join(', ');
  out.push({
    target: 'idle RSS ≤ 150 MB',
    holds: size.idleRssMb <= 150,
    measured: `${fmt(size.idleRssMb)} MB a second after start (median of ${each((x) => x.idleRssMb)}); ${fmt(size.idleRssAfterMb)} MB after the load`,
  });
  out.push({ target: 'ready ≤ 3 s after start', holds: size.readyMs <= 3000, measured: `${fmt(size.readyMs)} ms (median of ${each((x) => x.readyMs)})` });
  return out;
}

export function targetsTable(targets: Target[]): string {
  return ['| target | holds | measured |', '| --- | --- | --- |', ...targets.map((t) => `| ${t.target} | ${t.holds === null ? '–' : t.holds ? 'yes' : '**no**'} | ${t.measured} |`)].join('\n');
}

/** --scaling: the report's growth (linear: about ×10 per ×10 of data) and the CSV's memory (flat). */
export function judgeScaling(sizes: SizeResult[]): Target[] {
  const out: Target[] = [];
  const at = (key: string) => sizes.map((s) => s.scenarios.find((x) => x.key === key)).filter((x) => x !== undefined);
  const json = at('report-json');
  if (json.length === sizes.length && sizes.length > 1) {
    const steps = json.slice(1).map((x, i) => (x.app.p50 / json[i].app.p50) / (sizes[i + 1].recommendations / sizes[i].recommendations));
    out.push({
      target: 'report JSON grows linearly (p50 grows ≤ 1.2 × as fast as the data)',
      holds: steps.every((k) => k <= 1.2),
      measured: json.map((x, i) => `${fmt(sizes[i].recommendations)}: ${fmt(x.app.p50)} ms`).join(', '),
    });
  }
  const csv = at('report-csv');
  if (csv.length === sizes.length) {
    const growth = csv.map((x) => x.app.peakRssMb - x.app.rssBeforeMb);
    // The heap's own growth adds tens of MB to any request; flat means the CSV adds none of its own as the data grows.
    out.push({
      target: 'CSV memory flat (RSS growth at the largest size ≤ at the smallest + 32 MB)',
      holds: growth[growth.length - 1] <= growth[0] + 32,
      measured: csv.map((x, i) => `${fmt(sizes[i].recommendations)}: +${fmt(growth[i])} MB for ${fmt(x.app.bytesPerRequest / 2 ** 20, 1)} MiB`).join(', '),
    });
  }
  return out;
}

/** --scaling: each scenario's cost at each size, and how it grows from one size to the next. */
export function scalingTable(sizes: SizeResult[]): string {
  const keys = [...new Set(sizes.flatMap((s) => s.scenarios.map((x) => x.key)))];
  const head = ['scenario', ...sizes.flatMap((s) => [`${fmt(s.recommendations)}: p50 ms`, 'req/s', 'RSS +MB']), 'growth of p50 per ×10'];
  const rows = keys.map((key) => {
    const per = sizes.map((s) => s.scenarios.find((x) => x.key === key));
    const growth = per
      .slice(1)
      .map((x, i) => (x && per[i] && per[i]!.app.p50 > 0 ? `×${fmt(x.app.p50 / per[i]!.app.p50, 1)}` : '–'))
      .join(', ');
    return [key, ...per.flatMap((x) => (x ? [fmt(x.app.p50), fmt(x.app.rps, x.app.rps < 10 ? 2 : 0), fmt(x.app.peakRssMb - x.app.rssBeforeMb)] : ['–', '–', '–'])), growth];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
