import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run bench -- [options]      (npm run bench:smoke, npm run bench:scaling)

Seeds synthetic data into a PostgreSQL database of its own, starts the built service and the raw
baseline (node:http + pg, the same SQL), drives both with autocannon and prints a table; the same
figures go to a JSON file.

Options:
  --recommendations <n>  data set size (default 10000)
  --scaling              run the list and the report at 1,000, 10,000 and 100,000 recommendations
  --sizes <a,b,c>        the sizes of --scaling (default 1000,10000,100000)
  --duration <s>         seconds of load per scenario and server (default 10)
  --warmup <s>           seconds of unrecorded load before each (default 2)
  --scenarios <a,b>      only these scenarios (keys as in the table)
  --starts <n>           start the service n times; the median ready time and idle RSS are reported (default 3)
  --seed <n>             synthetic data seed (default 1)
  --reseed               seed the template database again even if one of that size and seed exists
  --keep                 keep the run's database (its name is printed) instead of dropping it
  --node-args "<flags>"  Node flags of the service (default "--enable-source-maps", as npm run start:prod and
                         the Dockerfile start it); e.g. --node-args "--max-semi-space-size=8"
  --out <file>           JSON results (default bench/results/latest.json; scaling: bench/results/scaling.json)
  --smoke                1,000 recommendations, 2 s per scenario, 1 s warm-up, results to bench/results/smoke.json

Environment: BENCH_PG_URL, a PostgreSQL role allowed to create databases
(default postgres://postgres@127.0.0.1:5432/postgres).`;

export interface BenchOptions {
  sizes: number[];
  scaling: boolean;
  smoke: boolean;
  durationS: number;
  warmupS: number;
  scenarios?: string[];
  seed: number;
  reseed: boolean;
  keep: boolean;
  out: string;
  adminUrl: string;
  nodeArgs: string[];
  starts: number;
}

export type ParsedBench = { help: true } | ({ help: false } & BenchOptions);

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv): ParsedBench {
  const { values } = parseArgs({
    args: argv,
    options: {
      recommendations: { type: 'string' },
      scaling: { type: 'boolean' },
      sizes: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      scenarios: { type: 'string' },
      seed: { type: 'string' },
      reseed: { type: 'boolean' },
      keep: { type: 'boolean' },
      out: { type: 'string' },
      'node-args': { type: 'string' },
      starts: { type: 'string' },
      smoke: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const smoke = values.smoke === true;
  const scaling = values.scaling === true;
  const sizes = scaling
    ? (values.sizes ?? '1000,10000,100000').split(',').map((s) => positive('sizes', s.trim(), 0))
    : [positive('recommendations', values.recommendations, smoke ? 1_000 : 10_000)];
  return {
    help: false,
    sizes: sizes.map(Math.round),
    scaling,
    smoke,
    durationS: positive('duration', values.duration, smoke ? 2 : 10),
    warmupS: values.warmup === '0' ? 0 : positive('warmup', values.warmup, smoke ? 1 : 2),
    scenarios: values.scenarios?.split(',').map((s) => s.trim()),
    seed: Math.round(positive('seed', values.seed, 1)),
    reseed: values.reseed === true,
    keep: values.keep === true,
    out: values.out ?? `bench/results/${smoke ? 'smoke' : scaling ? 'scaling' : 'latest'}.json`,
    adminUrl: env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    starts: Math.round(positive('starts', values.starts, smoke ? 1 : 3)),
    nodeArgs: (values['node-args'] ?? '--enable-source-maps').split(/\s+/).filter(Boolean),
  };
}
