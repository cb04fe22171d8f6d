import type { Fixtures, StatusSlot } from './fixtures';

export interface PlannedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The requests of one scenario, one after another; shared by the service's run and the baseline's. */
export interface Plan {
  next(): PlannedRequest | undefined;
  /** The answer to a request made from `next()`, with what `next()` attached to it. */
  done?(status: number, body: string, tag: unknown): void;
  /** What `next()` attached to the request (a status slot), handed back to `done`. */
  tag?(request: PlannedRequest): unknown;
  /**
   * After a load run: autocannon stops with requests still in flight, whose answers it drops. The
   * plan takes stock of what they did (a status slot reads its recommendation's version again).
   */
  /** Status slots taken back from requests autocannon dropped (see statusChanges). */
  readonly recycled?: number;
  settle?(read: (request: PlannedRequest) => Promise<{ status: number; body: string }>): Promise<void>;
}

export interface Scenario {
  key: string;
  title: string;
  /** load: autocannon with `connections`; sequential: one request at a time (reports: seconds each). */
  mode: 'load' | 'sequential';
  connections: number;
  /** Bodies of the service and the baseline must be equal for this request (checked before the load). */
  compareBodies: boolean;
  plan(fx: Fixtures): Plan;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function fixed(path: string, token: () => string): Plan {
  return { next: () => ({ method: 'GET', path, headers: bearer(token()) }) };
}

/**
 * Status changes on a pool of recommendations, each in one request at a time, so every change is a
 * valid one (open ⇄ in progress) at the version last read.
 */
function statusChanges(slots: StatusSlot[], token: () => string): Plan {
  const free = [...slots];
  const inFlight = new Set<StatusSlot>();
  const ticketOf = new WeakMap<PlannedRequest, { slot: StatusSlot; ticket: number }>();
  let recycled = 0;
  return {
    get recycled() {
      return recycled;
    },
    next() {
      // Autocannon drops a request when its connection fails (it reconnects and sends the next):
      // with no free slot left, the longest-waiting one in flight is taken back, as if lost.
      let slot = free.shift();
      if (!slot) {
        const [oldest] = inFlight;
        if (!oldest) return undefined;
        inFlight.delete(oldest);
        slot = oldest;
        recycled += 1;
      }
      inFlight.add(slot);
      slot.ticket += 1;
      const request: PlannedRequest = {
        method: 'POST',
        path: `/api/v1/recommendations/${slot.id}/status`,
        headers: { ...bearer(slot.token()), 'content-type': 'application/json', 'if-match': `"${slot.version}"` },
        body: JSON.stringify({ status: slot.status === 'open' ? 'in_progress' : 'open', reason: 'Benchmark: moved along by the load test' }),
      };
      ticketOf.set(request, { slot, ticket: slot.ticket });
      return request;
    },
    tag: (request) => ticketOf.get(request),
    done(status, body, tag) {
      const t = tag as { slot: StatusSlot; ticket: number } | undefined;
      // A late answer to a request whose slot was taken back: the slot is someone else's now.
      if (!t || t.ticket !== t.slot.ticket) return;
      inFlight.delete(t.slot);
      if (status === 200) {
        const view = JSON.parse(body) as { version: number; status: 'open' | 'in_progress' };
        t.slot.version = view.version;
        t.slot.status = view.status;
        free.push(t.slot);
      }
      // Anything else leaves the slot out until settle(): its version is unknown. The failure is counted.
    },
    async settle(read) {
      for (const slot of [...inFlight]) {
        inFlight.delete(slot);
        slot.ticket += 1;
        const answer = await read({ method: 'GET', path: `/api/v1/recommendations/${slot.id}`, headers: bearer(token()) });
        if (answer.status !== 200) continue;
        const view = JSON.parse(answer.body) as { version: number; status: string };
        if (view.status !== 'open' && view.status !== 'in_progress') continue;
        slot.version = view.version;
        slot.status = view.status;
        free.push(slot);
      }
    },
  };
}

export const SCENARIOS: Scenario[] = [
  {
    key: 'list',
    title: 'list: open+in progress, page 25, owners and counts',
    mode: 'load',
    connections: 10,
    compareBodies: true,
    plan: (fx) => fixed(fx.listPath, () => fx.tokens.director),
  },
  {
    key: 'get',
    title: 'one recommendation',
    mode: 'load',
    connections: 10,
    compareBodies: true,
    plan: (fx) => {
      let i = 0;
      return { next: () => ({ method: 'GET', path: `/api/v1/recommendations/${fx.recommendationIds[i++ % fx.recommendationIds.length]}`, headers: bearer(fx.tokens.director) }) };
    },
  },
  {
    key: 'search',
    title: `full-text search, ranked`,
    mode: 'load',
    connections: 10,
    compareBodies: true,
    plan: (fx) => fixed(`/api/v1/recommendations?q=${encodeURIComponent(fx.searchTerm)}`, () => fx.tokens.director),
  },
  {
    key: 'follow-ups',
    title: 'follow-ups: mine and overdue',
    mode: 'load',
    connections: 10,
    compareBodies: true,
    plan: (fx) => fixed('/api/v1/follow-ups?assigneeId=me&overdue=true', () => fx.tokens.staffer),
  },
  {
    key: 'status',
    title: 'status changes, 32 writers spread over the offices',
    mode: 'load',
    connections: 32,
    compareBodies: false,
    plan: (fx) => statusChanges(fx.statusSlots, () => fx.tokens.admin),
  },
  {
    key: 'status-1-office',
    title: 'status changes, 32 writers in one office',
    mode: 'load',
    connections: 32,
    compareBodies: false,
    plan: (fx) => statusChanges(fx.oneOfficeSlots, () => fx.tokens.admin),
  },
  {
    key: 'report-csv',
    title: 'oversight report, all offices, CSV (streamed)',
    mode: 'sequential',
    connections: 1,
    compareBodies: false,
    plan: (fx) => fixed('/api/v1/reports/oversight-status?format=csv', () => fx.tokens.admin),
  },
  {
    key: 'report-json',
    title: 'oversight report, all offices, JSON',
    mode: 'sequential',
    connections: 1,
    compareBodies: false,
    plan: (fx) => fixed('/api/v1/reports/oversight-status', () => fx.tokens.admin),
  },
];

/** What --scaling measures at each size. */
// The CSV before the JSON: the JSON report's garbage would otherwise count as the CSV's memory.
export const SCALING_SCENARIOS = ['list', 'report-csv', 'report-json'];
