import { readFileSync } from 'node:fs';
import type { Client } from 'pg';

/** CPU (user + system) a process has used, in ms, or undefined once it is gone. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s (sysconf(_SC_CLK_TCK) on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The CPU the database spends for one server: its pooled backends (by application_name) read from
 * /proc, so the bench runs on the database's own machine. On a busy machine this and the server's
 * own CPU per request are steadier than requests per second.
 */
export class BackendCpu {
  constructor(
    private readonly db: Client,
    private readonly application: string,
  ) {}

  async sample(): Promise<Map<number, number>> {
    const { rows } = await this.db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
      [this.application],
    );
    const out = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) out.set(pid, ms);
    }
    return out;
  }

  /** CPU ms used between two samples; a backend born in between counts from zero. */
  static between(before: Map<number, number>, after: Map<number, number>): number {
    let total = 0;
    for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
    return total;
  }
}
