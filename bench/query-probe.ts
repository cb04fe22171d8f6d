/**
 * Preloaded into the service under test (`node --require dist/bench/query-probe.js dist/src/main.js`):
 * counts the SQL statements the service's own pool sends, exactly, without a proxy in the path or
 * a server-side extension (pg_stat_statements needs a server restart to load). The job queue's
 * pool (another application_name) is left out: its polling is not part of any request.
 *
 * The harness asks for the count over the IPC channel; with BENCH_SQL_LOG set, every statement is
 * also appended to that file, which is how the raw baseline's SQL was checked against the service's.
 */
import { appendFileSync } from 'node:fs';
import { Client } from 'pg';

const APPLICATION = process.env.BENCH_PROBE_APPLICATION ?? 'oversight-tracker';
const LOG = process.env.BENCH_SQL_LOG;

let statements = 0;
let transactionControl = 0;
const TRANSACTION_CONTROL = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION|SAVEPOINT|RELEASE SAVEPOINT)/i;

type Query = (this: Client, config: unknown, ...rest: unknown[]) => unknown;
const original = Client.prototype.query as unknown as Query;
(Client.prototype as unknown as { query: Query }).query = function (this: Client, config: unknown, ...rest: unknown[]) {
  const name = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
  if (name === APPLICATION) {
    const text = typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');
    statements += 1;
    if (TRANSACTION_CONTROL.test(text)) transactionControl += 1;
    if (LOG) appendFileSync(LOG, `${text.replace(/\s+/g, ' ').trim()}\n`);
  }
  return original.call(this, config, ...rest);
};

export interface ProbeCounts {
  statements: number;
  transactionControl: number;
}

if (process.send) {
  process.on('message', (message: unknown) => {
    if ((message as { type?: string })?.type === 'bench:count') {
      const counts: ProbeCounts = { statements, transactionControl };
      process.send!({ type: 'bench:count', counts });
    }
  });
  // The channel must not keep the service alive on its own, nor change how it stops.
  process.channel?.unref();
}
