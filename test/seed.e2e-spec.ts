import { AuditLogService } from '../src/audit/audit-log.service';
import { BRIEF_EVIDENCE, BRIEF_INDICATORS, BRIEF_OFFICE_NAME, BRIEF_RECOMMENDATIONS, BRIEF_SOURCES } from '../seeds/brief-2022';
import { DEMO_USERS } from '../seeds/demo-data';
import { SeedRefusedError, SeedService } from '../seeds/seed.service';
import { createFreshDatabase, FreshDatabase } from './support/fresh-database';
import { startTestApp, TestApp } from './support/test-app';

const TABLES = [
  'offices',
  'source_documents',
  'recommendations',
  'evidence',
  'status_changes',
  'indicators',
  'indicator_observations',
  'indicator_recommendations',
  'users',
  'audit_events',
];

describe('seed data (a database of its own)', () => {
  let fresh: FreshDatabase;
  let t: TestApp;
  let seed: SeedService;
  let firstReport: string | undefined;
  let initial: Record<string, number>;

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(TABLES.map(async (table) => [table, ((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n])),
    ) as Record<string, number>;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    t = await startTestApp({}, fresh.url);
    seed = t.app.get(SeedService);
    firstReport = await seed.seedBriefIfEmpty();
    initial = await counts();
  });
  afterAll(async () => {
    await t.close();
    await fresh.drop();
  });

  const evidenceLinks = BRIEF_RECOMMENDATIONS.reduce((n, r) => n + r.evidence.length, 0);
  const nonOpen = BRIEF_RECOMMENDATIONS.filter((r) => r.status !== 'open').length;

  it('loads the brief into an empty database: its office, both sources, every recommendation, the evidence and the starting statuses', async () => {
    expect(firstReport).toBe(
      `Brief of June 2022 loaded: 1 office, 2 sources, ${BRIEF_RECOMMENDATIONS.length} recommendations, ${evidenceLinks} evidence items, ` +
        `${nonOpen} starting statuses, ${BRIEF_INDICATORS.length} indicators, ${BRIEF_INDICATORS.length} indicator observations.`,
    );
    expect(initial).toMatchObject({
      offices: 1,
      source_documents: BRIEF_SOURCES.length,
      recommendations: BRIEF_RECOMMENDATIONS.length,
      evidence: evidenceLinks,
      status_changes: nonOpen,
      indicators: BRIEF_INDICATORS.length,
      indicator_observations: BRIEF_INDICATORS.length,
      indicator_recommendations: BRIEF_INDICATORS.reduce((n, i) => n + i.recommendations.length, 0),
    });
    expect(await t.db.query('SELECT name FROM offices WHERE name = $1', [BRIEF_OFFICE_NAME])).toEqual([{ name: BRIEF_OFFICE_NAME }]);
  });

  it('keeps each recommendation as written: text, locator, parent, area, addressees, priority, status with its reason and evidence', async () => {
    const rows = (await t.db.query(
      `SELECT r.reference, r.title, r.text, r.source_locator, p.reference AS parent, r.policy_area, r.addressees, r.priority, r.tags, r.status,
              s.title AS source, sc.reason, sc.evidence_ids,
              (SELECT array_agg(e.title ORDER BY e.title) FROM evidence e WHERE e.recommendation_id = r.id) AS evidence,
              (SELECT count(*)::int FROM evidence e WHERE e.id = ANY(sc.evidence_ids) AND e.recommendation_id = r.id) AS cited
         FROM recommendations r LEFT JOIN recommendations p ON p.id = r.parent_id LEFT JOIN source_documents s ON s.id = r.source_id
         LEFT JOIN status_changes sc ON sc.recommendation_id = r.id`,
    )) as Record<string, unknown>[];
    const byRef = new Map(rows.map((r) => [r.reference as string, r]));
    const brief = BRIEF_SOURCES.find((s) => s.key === 'brief')!;
    for (const r of BRIEF_RECOMMENDATIONS) {
      const evidenceTitles = r.evidence.map((k) => BRIEF_EVIDENCE.find((e) => e.key === k)!.title).sort();
      expect(byRef.get(r.reference)).toEqual({
        reference: r.reference,
        title: r.title,
        text: r.text,
        source_locator: r.sourceLocator,
        parent: r.parentReference,
        policy_area: r.policyArea,
        addressees: r.addressees,
        priority: r.priority,
        tags: r.tags,
        status: r.status,
        source: brief.title,
        reason: r.status === 'open' ? null : r.statusReason,
        evidence_ids: r.status === 'open' ? null : expect.any(Array),
        evidence: evidenceTitles.length > 0 ? expect.arrayContaining(evidenceTitles) : null,
        cited: r.status === 'open' ? 0 : r.statusEvidence.length,
      });
    }
  });

  it('holds the six numbered recommendations and the call to postpone the July meeting', async () => {
    const refs = ((await t.db.query('SELECT reference FROM recommendations WHERE parent_id IS NULL ORDER BY reference')) as { reference: string }[]).map(
      (r) => r.reference,
    );
    expect(refs).toEqual(expect.arrayContaining(['FAL-2022-1', 'FAL-2022-2', 'FAL-2022-3', 'FAL-2022-4', 'FAL-2022-5', 'FAL-2022-6']));
    const july = (await t.db.query("SELECT reference FROM recommendations WHERE text ILIKE '%July%' AND text ILIKE '%postpone%'")) as unknown[];
    expect(july).toHaveLength(1);
    const mpp = (await t.db.query("SELECT DISTINCT occurred_on::text AS d FROM evidence WHERE occurred_on IN ('2021-02-19', '2021-06-01') ORDER BY 1")) as unknown[];
    expect(mpp).toEqual([{ d: '2021-02-19' }, { d: '2021-06-01' }]);
  });

  it('seeds the brief\'s figures as indicators with their source, date and links, and no trend yet', async () => {
    const admin = await t.factories.signedIn('admin');
    const res = await t.http().get('/api/v1/indicators').query({ pageSize: 100 }).set('Authorization', admin.auth).expect(200);
    const byName = new Map((res.body.items as { name: string; latest: { value: number } }[]).map((i) => [i.name, i]));
    const refs = (await t.db.query('SELECT id, reference FROM recommendations')) as { id: string; reference: string }[];
    const idOf = (reference: string) => refs.find((r) => r.reference === reference)!.id;
    for (const ind of BRIEF_INDICATORS) {
      const { observedOn, value, source, note } = ind.observation;
      expect(byName.get(ind.name)).toEqual({
        id: expect.any(String),
        name: ind.name,
        unit: ind.unit,
        betterWhen: ind.betterWhen,
        source: ind.source,
        recommendationIds: [...ind.recommendations].sort().map(idOf),
        latest: { observedOn, value, source, note },
        previous: null,
        trend: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    }
    const figures = Object.fromEntries(BRIEF_INDICATORS.map((i) => [i.key, byName.get(i.name)!.latest.value]));
    expect(figures).toEqual({
      'us-overdose-deaths': 106000,
      'us-synthetic-opioid-overdose-deaths': 70000,
      'southwest-border-encounters': 7500,
      'territory-under-cartel-control': 35,
      'usmca-labor-cases': 4,
    });
    const labor = await t.http().get('/api/v1/indicators').query({ recommendationId: idOf('FAL-2022-2') }).set('Authorization', admin.auth).expect(200);
    expect(labor.body.items.map((i: { name: string }) => i.name)).toEqual(['USMCA labor cases filed by USTR against Mexico']);
  });

  it('changes nothing when run again, through the CLI path or the first-start path, and leaves a valid audit log', async () => {
    const before = await counts();
    expect(await seed.run({ demo: false, production: false })).toEqual(['Brief of June 2022 already loaded: nothing changed.']);
    expect(await seed.seedBriefIfEmpty()).toBeUndefined();
    expect(await counts()).toEqual(before);
    expect(await t.app.get(AuditLogService).verify()).toEqual({ valid: true, checked: before.audit_events, firstBrokenId: null });
  });

  it('makes the seeded items readable through the API, with full-text search', async () => {
    const admin = await t.factories.signedIn('admin');
    const all = await t.http().get('/api/v1/recommendations').query({ pageSize: 100 }).set('Authorization', admin.auth).expect(200);
    expect(all.body.total).toBe(BRIEF_RECOMMENDATIONS.length);
    const found = await t.http().get('/api/v1/recommendations').query({ q: 'USTR' }).set('Authorization', admin.auth).expect(200);
    expect(found.body.total).toBeGreaterThan(0);
  });

  it('adds the demo users only when asked, once, and never in production', async () => {
    await expect(seed.run({ demo: true, production: true })).rejects.toThrow(SeedRefusedError);
    const users = (await t.db.query('SELECT count(*)::int AS n FROM users')) as { n: number }[];
    const report = await seed.run({ demo: true, production: false, demoPassword: 'demo-password-for-tests' });
    expect(report).toHaveLength(1 + 1 + DEMO_USERS.length);
    expect(await seed.run({ demo: true, production: false, demoPassword: 'demo-password-for-tests' })).toEqual([
      'Brief of June 2022 already loaded: nothing changed.',
      'Demo data already present.',
    ]);
    expect(((await t.db.query('SELECT count(*)::int AS n FROM users')) as { n: number }[])[0].n).toBe(users[0].n + DEMO_USERS.length);
  });
});
