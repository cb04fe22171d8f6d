import { Client } from 'pg';
import type { TemplateMeta } from './database';

export interface StatusSlot {
  id: string;
  version: number;
  status: 'open' | 'in_progress';
  token: () => string;
  /** Bumped each time the slot goes out, so a late answer to an abandoned request is ignored. */
  ticket: number;
}

/** Who signs in, and what the scenarios ask for, read from the run's database. */
export interface Fixtures {
  tokens: { director: string; staffer: string; admin: string };
  officeId: string;
  listPath: string;
  listPage: number;
  recommendationIds: string[];
  searchTerm: string;
  statusSlots: StatusSlot[];
  oneOfficeSlots: StatusSlot[];
  /** Signs everyone in again when the tokens are 10 minutes old (they last 15; a run at 100,000 takes longer). */
  signIn(): Promise<void>;
}

const LIST_PAGE = 25;
const PAGE_SIZE = 25;
/** A word of the synthetic vocabulary found in about one recommendation in seven. */
const SEARCH_TERM = 'labor';
/** Recommendations in the status pool per writer: each is in at most one request at a time. */
const SLOTS_PER_WRITER = 8;
const WRITERS = 32;
/** Access tokens last 15 minutes: sign in again after 10. */
const TOKEN_REFRESH_MS = 10 * 60_000;

async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`Sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function loadFixtures(url: string, appUrl: string, meta: TemplateMeta): Promise<Fixtures> {
  const db = new Client({ connectionString: url, application_name: 'bench' });
  await db.connect();
  try {
    const one = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => (await db.query(sql, params)).rows as T[];
    const [{ office_id: officeId }] = await one<{ office_id: string }>(
      'SELECT uo.office_id FROM users u JOIN user_offices uo ON uo.user_id = u.id WHERE u.email = $1 LIMIT 1',
      [meta.signIns.director],
    );
    const [{ n }] = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM recommendations WHERE office_id = $1 AND deleted_at IS NULL AND status IN ('open', 'in_progress')",
      [officeId],
    );
    // Page 25 where there is one (10,000 and up); the last page on smaller data sets.
    const listPage = Math.max(1, Math.min(LIST_PAGE, Math.ceil(n / PAGE_SIZE)));
    const ids = await one<{ id: string }>('SELECT id FROM recommendations WHERE office_id = $1 AND deleted_at IS NULL ORDER BY md5(id::text) LIMIT 200', [
      officeId,
    ]);

    // Writers: the staffers and directors of each office, each change signed by one of its office.
    const writers = await one<{ email: string; office_id: string }>(
      `SELECT u.email, uo.office_id FROM users u JOIN user_offices uo ON uo.user_id = u.id
        WHERE u.active AND u.role IN ('staffer', 'director') ORDER BY uo.office_id, u.email`,
    );
    const candidates = await one<{ id: string; version: number; status: 'open' | 'in_progress'; office_id: string; rank: number }>(
      `SELECT id, version, status, office_id, rank FROM (
         SELECT id, version, status, office_id, row_number() OVER (PARTITION BY office_id ORDER BY md5(id::text)) AS rank
           FROM recommendations WHERE deleted_at IS NULL AND status IN ('open', 'in_progress')) r
        WHERE rank <= $1 ORDER BY rank, office_id`,
      [2 * WRITERS * SLOTS_PER_WRITER],
    );

    const tokens: Record<string, string> = {};
    const emails = new Set([...Object.values(meta.signIns), ...writers.map((w) => w.email)]);
    let signedInAt = 0;
    const signIn = async () => {
      if (Date.now() - signedInAt < TOKEN_REFRESH_MS) return;
      signedInAt = Date.now();
      for (const email of emails) tokens[email] = await login(appUrl, email, meta.password);
    };
    await signIn();
    const writersOf = new Map<string, string[]>();
    for (const w of writers) writersOf.set(w.office_id, [...(writersOf.get(w.office_id) ?? []), w.email]);
    const slot = (c: (typeof candidates)[number], i: number): StatusSlot => {
      const officeWriters = writersOf.get(c.office_id) ?? [meta.signIns.admin];
      const email = officeWriters[i % officeWriters.length];
      return { id: c.id, version: c.version, status: c.status, token: () => tokens[email], ticket: 0 };
    };
    const total = WRITERS * SLOTS_PER_WRITER;
    // The one-office pool comes first; the pool over the offices takes from the rest (every office
    // at 10,000, the other four on small data sets), so the two scenarios never share a recommendation.
    const oneOffice = candidates.filter((c) => c.office_id === officeId).slice(0, total);
    const taken = new Set(oneOffice.map((c) => c.id));
    const everyOffice = candidates.filter((c) => !taken.has(c.id)).slice(0, total);
    const fx: Fixtures = {
      tokens: {
        get director() {
          return tokens[meta.signIns.director];
        },
        get staffer() {
          return tokens[meta.signIns.staffer];
        },
        get admin() {
          return tokens[meta.signIns.admin];
        },
      },
      officeId,
      listPage,
      listPath: `/api/v1/recommendations?status=open&status=in_progress&sort=-updatedAt&page=${listPage}&pageSize=${PAGE_SIZE}`,
      recommendationIds: ids.map((r) => r.id),
      searchTerm: SEARCH_TERM,
      statusSlots: everyOffice.map(slot),
      oneOfficeSlots: oneOffice.map(slot),
      signIn,
    };
    return fx;
  } finally {
    await db.end();
  }
}
