import { Client } from 'pg';
import { DEFAULT_PASSWORD } from '../seeds/synthetic/options';
import { seedSynthetic, SyntheticOptions, SyntheticRefusedError, SyntheticResult } from '../seeds/synthetic/synthetic-seed';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1';
const RECOMMENDATIONS = 200;

/** Row counts of the tables the generator fills. */
async function counts(c: Client): Promise<Record<string, number>> {
  const tables = ['offices', 'users', 'recommendations', 'evidence', 'follow_ups', 'status_changes', 'audit_events'];
  const { rows } = await c.query<{ t: string; n: number }>(tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM ${t}`).join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

/** A digest of every generated row, table by table: equal digests, equal data. */
async function digest(c: Client): Promise<Record<string, string>> {
  const tables: [string, string][] = [
    ['offices', 'id'], ['users', 'id'], ['user_offices', 'user_id, office_id'], ['source_documents', 'id'], ['recommendations', 'id'],
    ['recommendation_owners', 'recommendation_id, user_id'], ['evidence', 'id'], ['status_changes', 'id'], ['follow_ups', 'id'], ['audit_events', 'seq'],
  ];
  const out: Record<string, string> = {};
  for (const [table, order] of tables) {
    const { rows } = await c.query<{ md5: string }>(`SELECT md5(string_agg(t::text, E'\\n' ORDER BY ${order})) AS md5 FROM ${table} t`);
    out[table] = rows[0].md5;
  }
  return out;
}

/** Rows that break a rule of the application; each query must find none. */
const RULES: Record<string, string> = {
  statusIsLastChange: `SELECT r.id FROM recommendations r WHERE r.status <> coalesce((SELECT s.to_status FROM status_changes s WHERE s.recommendation_id = r.id ORDER BY s.changed_at DESC LIMIT 1), 'open')`,
  historyLinks: `SELECT 1 FROM (SELECT from_status, lag(to_status, 1, 'open') OVER (PARTITION BY recommendation_id ORDER BY changed_at) AS prev FROM status_changes) x WHERE from_status <> prev`,
  versionCountsWrites: `SELECT r.id FROM recommendations r WHERE r.version <> (SELECT count(*) FROM audit_events a WHERE a.entity_type = 'recommendation' AND a.entity_id = r.id::text)`,
  evidenceCited: `SELECT s.id FROM status_changes s WHERE s.to_status IN ('partially_implemented', 'implemented') AND NOT EXISTS (
      SELECT 1 FROM evidence e WHERE e.id = ANY(s.evidence_ids) AND e.recommendation_id = s.recommendation_id AND e.created_at < s.changed_at AND e.deleted_at IS NULL)`,
  closedByDirectors: `SELECT s.id FROM status_changes s JOIN users u ON u.id = s.changed_by WHERE u.role NOT IN ('director', 'admin')
      AND (s.to_status IN ('implemented', 'not_implemented', 'withdrawn') OR s.from_status IN ('implemented', 'not_implemented', 'withdrawn'))`,
  ownersAreMembers: `SELECT 1 FROM recommendation_owners o JOIN recommendations r ON r.id = o.recommendation_id
      WHERE NOT EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = o.user_id AND uo.office_id = r.office_id)`,
  assigneesActiveNonViewers: `SELECT f.id FROM follow_ups f JOIN users u ON u.id = f.assignee_id
      WHERE u.role = 'viewer' OR NOT u.active OR NOT EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id AND uo.office_id = f.office_id)`,
  parentsOfSameOffice: `SELECT c.id FROM recommendations c JOIN recommendations p ON p.id = c.parent_id WHERE p.office_id <> c.office_id OR p.created_at >= c.created_at`,
  nothingInTheFuture: `SELECT id FROM audit_events WHERE occurred_at > now()`,
};

const maybe = process.env.DATABASE_URL ? describe : describe.skip;

// COPY needs a real PostgreSQL server (the embedded one does not speak it): skipped without DATABASE_URL.
maybe('synthetic data (npm run seed:synthetic)', () => {
  const asOf = new Date().toISOString().slice(0, 10);
  const options: SyntheticOptions = { recommendations: RECOMMENDATIONS, offices: 2, users: 12, seed: 42, append: false, asOf, password: DEFAULT_PASSWORD, batchSize: 60 };
  const APPENDED = 20;
  let db: FreshDatabase;
  let sql: Client;
  let first: SyntheticResult;
  let appended: SyntheticResult;
  /** The first set's rows, taken before the application wrote anything there. */
  let seeded: Record<string, string>;
  let t: TestApp;
  const login = async (email: string) =>
    `Bearer ${(await t.http().post(`${API}/auth/login`).send({ email, password: DEFAULT_PASSWORD }).expect(200)).body.accessToken as string}`;

  beforeAll(async () => {
    db = await createFreshDatabase();
    first = await seedSynthetic(db.url, options);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    seeded = await digest(sql);
    // Events of the application's own (a login, a new office), then a second set appended after them.
    t = await startTestApp({}, db.url);
    await t.http().post(`${API}/offices`).set('Authorization', await login(first.signIns.admin)).send({ name: 'Not synthetic' }).expect(201);
    appended = await seedSynthetic(db.url, { ...options, append: true, recommendations: APPENDED });
  });
  afterAll(async () => {
    await t?.close();
    await sql?.end();
    await db?.drop();
  });

  it('writes the promised proportions: ~10 evidence items, ~5 follow-ups and ~20 audit events per recommendation', async () => {
    const n = await counts(sql);
    const total = RECOMMENDATIONS + APPENDED;
    expect({ offices: n.offices, users: n.users, recommendations: n.recommendations }).toEqual({ offices: 5, users: 24, recommendations: total });
    const generated = (k: string) => (first.counts[k] + appended.counts[k]) / total;
    expect(first.counts.evidence + appended.counts.evidence).toBe(n.evidence);
    expect({ evidence: generated('evidence') >= 8 && generated('evidence') <= 12, followUps: generated('follow_ups') >= 4 && generated('follow_ups') <= 6, audit: generated('audit_events') >= 18 && generated('audit_events') <= 26 })
      .toEqual({ evidence: true, followUps: true, audit: true });
    const { rows: [spread] } = await sql.query<{ statuses: number; areas: number; subs: number; overdue: number; roles: number }>(
      `SELECT (SELECT count(DISTINCT status)::int FROM recommendations) AS statuses, (SELECT count(DISTINCT policy_area)::int FROM recommendations) AS areas,
              (SELECT count(*)::int FROM recommendations WHERE parent_id IS NOT NULL) AS subs, (SELECT count(DISTINCT role)::int FROM users) AS roles,
              (SELECT count(*)::int FROM follow_ups WHERE status IN ('open', 'in_progress') AND due_on < current_date) AS overdue`,
    );
    expect({ statuses: spread.statuses, areas: spread.areas, roles: spread.roles }).toEqual({ statuses: 6, areas: 6, roles: 4 });
    expect(spread.subs).toBeGreaterThan(0);
    expect(spread.overdue).toBeGreaterThan(0);
  });

  it('keeps every rule of the application', async () => {
    const broken: Record<string, number> = {};
    for (const [rule, query] of Object.entries(RULES)) broken[rule] = (await sql.query(query)).rowCount ?? 0;
    expect(broken).toEqual(Object.fromEntries(Object.keys(RULES).map((k) => [k, 0])));
  });

  it('links every audit event into chains the application verifies, the appended set after the application events', async () => {
    const admin = await login(first.signIns.admin);
    const res = await t.http().get(`${API}/audit/verify`).set('Authorization', admin).expect(200);
    const { n } = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows[0];
    expect(res.body).toEqual({ valid: true, checked: n, firstBrokenId: null });
  });

  it('answers the list, search, follow-ups and report reads over it', async () => {
    const director = await login(first.signIns.director);
    const staffer = await login(first.signIns.staffer);
    const officeId = (await sql.query<{ office_id: string }>('SELECT office_id FROM user_offices uo JOIN users u ON u.id = uo.user_id WHERE u.email = $1 LIMIT 1', [first.signIns.director])).rows[0].office_id;
    const live = (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM recommendations WHERE office_id = $1 AND deleted_at IS NULL', [officeId])).rows[0].n;

    const list = await t.http().get(`${API}/recommendations?officeId=${officeId}&pageSize=25`).set('Authorization', director).expect(200);
    expect({ total: list.body.total, items: list.body.items.length }).toEqual({ total: live, items: 25 });
    await t.http().get(`${API}/recommendations?q=fentanyl&status=open&status=in_progress`).set('Authorization', director).expect(200);
    const mine = await t.http().get(`${API}/follow-ups?assigneeId=me&overdue=true`).set('Authorization', staffer).expect(200);
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.items.every((f: { overdue: boolean }) => f.overdue)).toBe(true);

    // The report rebuilds each status from the history: it must agree with the current statuses.
    const report = await t.http().get(`${API}/reports/oversight-status?officeId=${officeId}`).set('Authorization', director).expect(200);
    const { rows } = await sql.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM recommendations WHERE office_id = $1 AND deleted_at IS NULL GROUP BY status',
      [officeId],
    );
    expect(report.body.summary.byStatus).toEqual({ ...report.body.summary.byStatus, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) });
    expect(report.body.summary.total).toBe(live);
  });

  it('numbers an appended set after the first', () => {
    expect({ first: first.offices.map((o) => o.name), appended: appended.offices.map((o) => o.name) }).toEqual({
      first: ['Synthetic office 1', 'Synthetic office 2'],
      appended: ['Synthetic office 3', 'Synthetic office 4'],
    });
  });

  it('gives the same data for the same seed, and refuses a second run without --append', async () => {
    const other = await createFreshDatabase();
    const c = new Client({ connectionString: other.url });
    await c.connect();
    try {
      await seedSynthetic(other.url, options);
      expect(await digest(c)).toEqual(seeded);
      await expect(seedSynthetic(other.url, options)).rejects.toThrow(
        new SyntheticRefusedError('This database already holds synthetic data (2 synthetic offices): pass --append to add another set, or use a fresh database'),
      );
    } finally {
      await c.end();
      await other.drop();
    }
  });
});
