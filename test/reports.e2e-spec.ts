import { get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import type { Office } from '../src/offices/office.entity';
import type { SignedIn } from './support/factories';
import { QueryCounter } from './support/query-counter';
import { reportFixtures } from './support/report-fixtures';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1/reports/oversight-status';
const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const err = (statusCode: number, error: string, message: unknown) => ({ statusCode, error, message, requestId: expect.any(String) });
const counts = (over: Record<string, number> = {}) => ({
  open: 0,
  in_progress: 0,
  partially_implemented: 0,
  implemented: 0,
  not_implemented: 0,
  withdrawn: 0,
  ...over,
});

/** Office names here are "Report Office-<hex>". */
const slugOf = (o: { name: string }) => o.name.toLowerCase().replace(/ /g, '-');

interface Row {
  reference: string;
  status: string;
  daysInStatus: number;
  lastStatusChange: { at: string; from: string | null; to: string; reason: string } | null;
  latestEvidence: { title: string } | null;
  openFollowUps: { title: string }[];
  stale: boolean;
  overdue: boolean;
  children?: { total: number; byStatus: Record<string, number> };
}

describe('oversight status report', () => {
  const counter = new QueryCounter();
  let t: TestApp;
  let office: Office;
  let director: SignedIn;
  let viewer: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, counter);
    office = await t.factories.office();
    director = await t.factories.signedIn('director', [office]);
    viewer = await t.factories.signedIn('viewer', [office]);
    admin = await t.factories.signedIn('admin');
  });
  afterAll(() => t.close());

  const { setup, rec, change, evidence, followUp, dataset } = reportFixtures(() => t);
  const report = (as: SignedIn, query: Record<string, string>) => t.http().get(API).query(query).set('Authorization', as.auth);
  const rows = async (as: SignedIn, query: Record<string, string>) => (await report(as, query).expect(200)).body.recommendations as Row[];

  describe('JSON', () => {
    it('answers the exact report of a small dataset as of a past date', async () => {
      const d = await dataset();
      const res = await report(d.boss, { officeId: d.office.id, asOf: '2026-03-08', since: '2026-03-03' }).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      const assignee = { id: d.staffer.id, name: d.staffer.name };
      expect(res.body).toEqual({
        office: { id: d.office.id, name: d.office.name, timeZone: 'UTC' },
        generatedAt: ISO,
        asOf: '2026-03-08',
        since: '2026-03-03',
        summary: {
          total: 3,
          byStatus: counts({ in_progress: 1, implemented: 1, withdrawn: 1 }),
          byPolicyArea: { border_migration: counts({ in_progress: 1, implemented: 1 }), trade_investment: counts({ withdrawn: 1 }) },
          implementedShare: 0.5,
          openFollowUps: 1,
          overdueFollowUps: 1,
          stale: 0,
        },
        changes: [
          { type: 'evidence', at: '2026-03-05T09:00:00.000Z', recommendationId: d.child.id, reference: 'A-1.1', title: 'Law signed', kind: 'legislation', occurredOn: '2026-03-04' },
          { type: 'status_change', at: '2026-03-05T12:00:00.000Z', recommendationId: d.child.id, reference: 'A-1.1', from: 'open', to: 'implemented', reason: 'Enacted' },
          { type: 'status_change', at: '2026-03-06T12:00:00.000Z', recommendationId: d.trade.id, reference: 'B-1', from: 'open', to: 'withdrawn', reason: 'Overtaken' },
          { type: 'follow_up_completed', at: '2026-03-07T15:00:00.000Z', recommendationId: d.parent.id, reference: 'A-1', title: 'Write memo', assignee },
        ],
        recommendations: [
          {
            id: d.parent.id,
            officeId: d.office.id,
            reference: 'A-1',
            title: 'Title of A-1',
            status: 'in_progress',
            owners: [assignee],
            addressees: ['Congress'],
            policyArea: 'border_migration',
            priority: 'medium',
            lastStatusChange: { at: '2026-03-01T12:00:00.000Z', from: 'open', to: 'in_progress', reason: 'Hearing held' },
            latestEvidence: null,
            openFollowUps: [{ title: 'Ask DHS', assignee, dueOn: '2026-03-05', overdue: true }],
            overdue: true,
            daysInStatus: 7,
            stale: false,
            parentReference: null,
            children: { total: 1, byStatus: counts({ implemented: 1 }) },
          },
          {
            id: d.child.id,
            officeId: d.office.id,
            reference: 'A-1.1',
            title: 'Title of A-1.1',
            status: 'implemented',
            owners: [],
            addressees: ['Congress'],
            policyArea: 'border_migration',
            priority: 'medium',
            lastStatusChange: { at: '2026-03-05T12:00:00.000Z', from: 'open', to: 'implemented', reason: 'Enacted' },
            latestEvidence: { title: 'Law signed', kind: 'legislation', occurredOn: '2026-03-04' },
            openFollowUps: [],
            overdue: false,
            daysInStatus: 3,
            stale: false,
            parentReference: 'A-1',
          },
          {
            id: d.trade.id,
            officeId: d.office.id,
            reference: 'B-1',
            title: 'Title of B-1',
            status: 'withdrawn',
            owners: [],
            addressees: ['Congress'],
            policyArea: 'trade_investment',
            priority: 'medium',
            lastStatusChange: { at: '2026-03-06T12:00:00.000Z', from: 'open', to: 'withdrawn', reason: 'Overtaken' },
            latestEvidence: null,
            openFollowUps: [],
            overdue: false,
            daysInStatus: 2,
            stale: false,
            parentReference: null,
          },
        ],
        indicators: [
          {
            id: d.indicatorId,
            name: d.indicatorName,
            unit: 'crossings',
            betterWhen: 'lower',
            latest: { observedOn: '2026-02-28', value: 8 },
            previous: { observedOn: '2026-01-31', value: 10 },
            trend: 'improving',
            references: ['A-1'],
          },
        ],
      });
    });

    it('filters on a policy area, and a viewer of the office may read it', async () => {
      const d = await dataset();
      const res = await report(d.boss, { officeId: d.office.id, asOf: '2026-03-08', policyArea: 'trade_investment' }).expect(200);
      expect(res.body.recommendations.map((r: Row) => r.reference)).toEqual(['B-1']);
      expect(res.body.summary.byPolicyArea).toEqual({ trade_investment: counts({ withdrawn: 1 }) });
      expect(res.body.indicators).toEqual([]);
      const officeViewer = await t.factories.signedIn('viewer', [d.office as Office]);
      expect((await report(officeViewer, { officeId: d.office.id, asOf: '2026-03-08' }).expect(200)).body.summary.total).toBe(3);
    });

    it('answers zeros and an implemented share of 0 for an empty office, asOf defaulting to today and since to a week before', async () => {
      const s = await setup('America/New_York');
      const res = await report(s.boss, { officeId: s.office.id }).expect(200);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
      const weekBefore = new Date(`${today}T00:00:00Z`);
      weekBefore.setUTCDate(weekBefore.getUTCDate() - 7);
      expect(res.body).toEqual({
        office: { id: s.office.id, name: s.office.name, timeZone: 'America/New_York' },
        generatedAt: ISO,
        asOf: today,
        since: weekBefore.toISOString().slice(0, 10),
        summary: { total: 0, byStatus: counts(), byPolicyArea: {}, implementedShare: 0, openFollowUps: 0, overdueFollowUps: 0, stale: 0 },
        changes: [],
        recommendations: [],
        indicators: [],
      });
    });

    it('sends the same number of SQL statements whatever the number of recommendations', async () => {
      const small = await setup();
      await rec(small.office, { reference: 'S-1', createdAt: '2026-01-01T00:00:00Z' });
      const big = await setup();
      for (let i = 1; i <= 8; i++) {
        const r = await rec(big.office, { reference: `L-${i}`, createdAt: '2026-01-01T00:00:00Z', owners: [big.staffer] });
        await change(r, 'open', 'in_progress', '2026-02-01T00:00:00Z');
        await evidence(r, `Evidence ${i}`, '2026-02-01', '2026-02-01T00:00:00Z');
        await followUp(r, big.staffer, { title: `Task ${i}`, dueOn: '2026-02-15', createdAt: '2026-01-15T00:00:00Z' });
      }
      counter.reset();
      await report(small.boss, { officeId: small.office.id, asOf: '2026-03-01' }).expect(200);
      const smallCount = counter.count;
      counter.reset();
      const res = await report(big.boss, { officeId: big.office.id, asOf: '2026-03-01' }).expect(200);
      expect(res.body.recommendations).toHaveLength(8);
      expect(counter.count).toBe(smallCount);
    });
  });

  describe('point in time', () => {
    it('rebuilds each status from the history as of asOf, with its days in status', async () => {
      const s = await setup();
      const r = await rec(s.office, { reference: 'P-1', createdAt: '2026-01-01T10:00:00Z' });
      await change(r, 'open', 'in_progress', '2026-02-01T10:00:00Z', 'Started');
      await change(r, 'in_progress', 'implemented', '2026-03-01T10:00:00Z', 'Done');
      const at = async (asOf: string) => (await rows(s.boss, { officeId: s.office.id, asOf }))[0];
      expect(await at('2026-01-15')).toMatchObject({ status: 'open', lastStatusChange: null, daysInStatus: 14 });
      expect(await at('2026-02-15')).toMatchObject({
        status: 'in_progress',
        lastStatusChange: { at: '2026-02-01T10:00:00.000Z', from: 'open', to: 'in_progress', reason: 'Started' },
        daysInStatus: 14,
      });
      expect(await at('2026-03-01')).toMatchObject({ status: 'implemented', daysInStatus: 0 });
    });

    it('leaves out what was created after asOf or deleted by then, and keeps what was deleted later', async () => {
      const s = await setup();
      await rec(s.office, { reference: 'LIVE', createdAt: '2026-01-01T00:00:00Z' });
      await rec(s.office, { reference: 'LATER', createdAt: '2026-02-20T00:00:00Z' });
      await rec(s.office, { reference: 'GONE', createdAt: '2026-01-01T00:00:00Z', deletedAt: '2026-02-10T00:00:00Z' });
      await rec(s.office, { reference: 'GONE-LATER', createdAt: '2026-01-01T00:00:00Z', deletedAt: '2026-03-01T00:00:00Z' });
      const refs = async (asOf: string) => (await rows(s.boss, { officeId: s.office.id, asOf })).map((r) => r.reference);
      expect(await refs('2026-02-15')).toEqual(['GONE-LATER', 'LIVE']);
      expect(await refs('2026-02-05')).toEqual(['GONE', 'GONE-LATER', 'LIVE']);
      expect(await refs('2026-03-05')).toEqual(['LATER', 'LIVE']);
    });

    it('counts follow-ups and evidence as they stood at asOf', async () => {
      const s = await setup();
      const r = await rec(s.office, { reference: 'F-1', createdAt: '2026-01-01T00:00:00Z' });
      await followUp(r, s.staffer, { title: 'Done later', dueOn: '2026-02-10', createdAt: '2026-01-05T00:00:00Z', completedAt: '2026-02-20T00:00:00Z' });
      await followUp(r, s.staffer, { title: 'Made later', dueOn: '2026-03-10', createdAt: '2026-02-18T00:00:00Z' });
      await evidence(r, 'Early hearing', '2026-01-10', '2026-01-11T00:00:00Z', 'hearing');
      await evidence(r, 'Recorded late', '2026-02-12', '2026-02-20T00:00:00Z');
      const res = await report(s.boss, { officeId: s.office.id, asOf: '2026-02-15' }).expect(200);
      expect(res.body.summary).toMatchObject({ openFollowUps: 1, overdueFollowUps: 1 });
      expect(res.body.recommendations[0]).toMatchObject({
        openFollowUps: [{ title: 'Done later', dueOn: '2026-02-10', overdue: true }],
        overdue: true,
        latestEvidence: { title: 'Early hearing', kind: 'hearing', occurredOn: '2026-01-10' },
      });
      const after = await report(s.boss, { officeId: s.office.id, asOf: '2026-02-25' }).expect(200);
      expect(after.body.recommendations[0]).toMatchObject({
        openFollowUps: [{ title: 'Made later', dueOn: '2026-03-10', overdue: false }],
        overdue: false,
        latestEvidence: { title: 'Recorded late', occurredOn: '2026-02-12' },
      });
    });

    it("ends asOf at midnight in the office's time zone", async () => {
      const s = await setup('America/New_York');
      const r = await rec(s.office, { reference: 'TZ-1', createdAt: '2026-01-01T12:00:00Z' });
      // 22:00 on 15 February in New York is already the 16th in UTC.
      await change(r, 'open', 'in_progress', '2026-02-16T03:00:00Z');
      expect((await rows(s.boss, { officeId: s.office.id, asOf: '2026-02-15' }))[0]).toMatchObject({ status: 'in_progress', daysInStatus: 0 });
      expect((await rows(s.boss, { officeId: s.office.id, asOf: '2026-02-14' }))[0]).toMatchObject({ status: 'open' });
    });

    it('lists only the changes from the start of since to the end of asOf', async () => {
      const s = await setup();
      const r = await rec(s.office, { reference: 'W-1', createdAt: '2026-01-01T00:00:00Z' });
      await change(r, 'open', 'in_progress', '2026-02-09T23:59:59Z', 'Before');
      await change(r, 'in_progress', 'partially_implemented', '2026-02-10T00:00:00Z', 'First in');
      await change(r, 'partially_implemented', 'implemented', '2026-02-12T23:59:59Z', 'Last in');
      await change(r, 'implemented', 'in_progress', '2026-02-13T00:00:00Z', 'After');
      const res = await report(s.boss, { officeId: s.office.id, since: '2026-02-10', asOf: '2026-02-12' }).expect(200);
      expect(res.body.changes.map((c: { reason: string }) => c.reason)).toEqual(['First in', 'Last in']);
      const byDefault = await report(s.boss, { officeId: s.office.id, asOf: '2026-02-16' }).expect(200);
      expect(byDefault.body.since).toBe('2026-02-09');
      expect(byDefault.body.changes.map((c: { reason: string }) => c.reason)).toEqual(['Before', 'First in', 'Last in', 'After']);
    });

    it('counts as stale what had no creation, status change or evidence in the 90 days before asOf', async () => {
      const s = await setup();
      await rec(s.office, { reference: 'Q-1', createdAt: '2025-01-01T12:00:00Z' });
      const touched = await rec(s.office, { reference: 'Q-2', createdAt: '2025-01-01T12:00:00Z' });
      await evidence(touched, 'Recent letter', '2025-03-01', '2025-03-02T00:00:00Z', 'letter');
      const moved = await rec(s.office, { reference: 'Q-3', createdAt: '2025-01-01T12:00:00Z' });
      await change(moved, 'open', 'in_progress', '2025-02-01T12:00:00Z');
      const at = async (asOf: string) => {
        const res = await report(s.boss, { officeId: s.office.id, asOf }).expect(200);
        return { stale: res.body.summary.stale, rows: (res.body.recommendations as Row[]).map((r) => [r.reference, r.stale]) };
      };
      expect(await at('2025-04-01')).toEqual({ stale: 0, rows: [['Q-1', false], ['Q-2', false], ['Q-3', false]] });
      expect(await at('2025-04-02')).toEqual({ stale: 1, rows: [['Q-1', true], ['Q-2', false], ['Q-3', false]] });
      expect(await at('2025-05-03')).toEqual({ stale: 2, rows: [['Q-1', true], ['Q-2', false], ['Q-3', true]] });
    });
  });

  it('puts each sub-recommendation right after its parent, by reference, with a roll-up on the parent', async () => {
    const s = await setup();
    await rec(s.office, { reference: 'C', createdAt: '2026-01-01T00:00:00Z' });
    const a = await rec(s.office, { reference: 'A', createdAt: '2026-01-01T00:00:00Z' });
    await rec(s.office, { reference: 'B', createdAt: '2026-01-01T00:00:00Z' });
    const a2 = await rec(s.office, { reference: 'A.2', createdAt: '2026-01-01T00:00:00Z', parent: a });
    const a1 = await rec(s.office, { reference: 'A.1', createdAt: '2026-01-01T00:00:00Z', parent: a });
    await rec(s.office, { reference: 'A.1.a', createdAt: '2026-01-01T00:00:00Z', parent: a1 });
    await rec(s.office, { reference: 'AA', createdAt: '2026-01-01T00:00:00Z' });
    await change(a2, 'open', 'not_implemented', '2026-01-05T00:00:00Z');
    const got = await rows(s.boss, { officeId: s.office.id, asOf: '2026-02-01' });
    expect(got.map((r) => r.reference)).toEqual(['A', 'A.1', 'A.1.a', 'A.2', 'AA', 'B', 'C']);
    expect(got.map((r) => r.children)).toEqual([
      { total: 2, byStatus: counts({ open: 1, not_implemented: 1 }) },
      { total: 1, byStatus: counts({ open: 1 }) },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  describe('CSV', () => {
    it('downloads one row per recommendation under a header', async () => {
      const d = await dataset();
      const res = await report(d.boss, { officeId: d.office.id, asOf: '2026-03-08', format: 'csv' }).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename=oversight-status-${slugOf(d.office)}-2026-03-08.csv`);
      expect(parse(res.text)).toEqual([
        ['Reference', 'Title', 'Status', 'Policy area', 'Priority', 'Owners', 'Addressees', 'Last status change', 'Reason', 'Latest evidence', 'Open follow-ups', 'Overdue', 'Days in status', 'Parent reference'],
        ['A-1', 'Title of A-1', 'in_progress', 'border_migration', 'medium', d.staffer.name, 'Congress', '2026-03-01', 'Hearing held', '', '1', 'yes', '7', ''],
        ['A-1.1', 'Title of A-1.1', 'implemented', 'border_migration', 'medium', '', 'Congress', '2026-03-05', 'Enacted', 'Law signed (2026-03-04)', '0', 'no', '3', 'A-1'],
        ['B-1', 'Title of B-1', 'withdrawn', 'trade_investment', 'medium', '', 'Congress', '2026-03-06', 'Overtaken', '', '0', 'no', '2', ''],
      ]);
    });

    it('streams every row of a large office in order, quoting commas, quotes and line breaks', async () => {
      const s = await setup();
      await t.db.query(
        `INSERT INTO recommendations (office_id, reference, title, text, policy_area, priority, addressees, created_at)
         SELECT $1, 'R-' || lpad(i::text, 4, '0'), 'Title, "quoted"' || E'\\n' || 'line ' || i, 'Text', 'border_migration', 'low', ARRAY['DHS', 'State'], '2026-01-01'
           FROM generate_series(1, 1203) i`,
        [s.office.id],
      );
      const res = await report(s.boss, { officeId: s.office.id, asOf: '2026-02-01', format: 'csv' }).buffer(true).expect(200);
      const parsed = parse(res.text) as string[][];
      expect(parsed).toHaveLength(1204);
      expect(parsed.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 1203 }, (_, i) => `R-${String(i + 1).padStart(4, '0')}`));
      expect(parsed[1203].slice(1, 7)).toEqual(['Title, "quoted"\nline 1203', 'open', 'border_migration', 'low', '', 'DHS; State']);
    });

    it('gives its cursor and connection back when the client goes away mid-download', async () => {
      const s = await setup();
      await t.db.query(
        `INSERT INTO recommendations (office_id, reference, title, text, policy_area, priority, addressees, created_at)
         SELECT $1, 'R-' || lpad(i::text, 5, '0'), repeat('A long title ', 20) || i, 'Text', 'border_migration', 'low', ARRAY['DHS'], '2026-01-01'
           FROM generate_series(1, 3000) i`,
        [s.office.id],
      );
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const path = `/api/v1/reports/oversight-status?officeId=${s.office.id}&asOf=2026-02-01&format=csv`;
      const abandon = () =>
        new Promise<void>((resolve, reject) => {
          const req = httpGet({ host: '127.0.0.1', port, path, agent: false, headers: { Authorization: s.boss.auth } }, (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
        });
      // More abandoned downloads than the pool has connections (4 in the tests): a leak would leave none for the next request.
      for (let i = 0; i < 5; i += 1) await abandon();
      const whole = await report(s.boss, { officeId: s.office.id, asOf: '2026-02-01', format: 'csv' }).buffer(true).expect(200);
      expect(parse(whole.text)).toHaveLength(3001);
    });
  });

  describe('Markdown', () => {
    it('downloads headings, the summary, by-area, recommendations, changes and indicators, with cells escaped', async () => {
      const d = await dataset();
      await change(d.trade, 'withdrawn', 'open', '2026-03-07T10:00:00Z', 'Back | again\nafter review');
      const res = await report(d.boss, { officeId: d.office.id, asOf: '2026-03-08', since: '2026-03-03', format: 'md' }).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename=oversight-status-${slugOf(d.office)}-2026-03-08.md`);
      const md = res.text;
      expect(md).toContain(`# Oversight status report — ${d.office.name}\n`);
      expect(md).toContain('| Measure | Value |\n|---|---|\n| Recommendations | 3 |\n| open | 1 |\n| in_progress | 1 |');
      expect(md).toContain('| Implemented share | 33.3% |');
      expect(md).toContain('| Policy area | open | in_progress | partially_implemented | implemented | not_implemented | withdrawn |');
      expect(md).toContain('| border_migration | 0 | 1 | 0 | 1 | 0 | 0 |');
      expect(md).toContain('| trade_investment | 1 | 0 | 0 | 0 | 0 | 0 |');
      for (const ref of ['A-1', 'A-1.1', 'B-1']) expect(md).toContain(`| ${ref} | Title of ${ref} |`);
      expect(md).toContain('| Back \\| again<br>after review |');
      expect(md).toContain('## Changes since 2026-03-03');
      expect(md).toContain('- 2026-03-07 10:00 UTC — **B-1**: withdrawn → open (Back | again after review)');
      expect(md).toContain('- 2026-03-07 15:00 UTC — **A-1**: follow-up completed “Write memo”');
      expect(md).toContain(`| ${d.indicatorName} | crossings | 8 (2026-02-28) | 10 (2026-01-31) | improving | A-1 |`);
    });
  });

  it('answers for the first and last dates PostgreSQL knows, the default since kept within them', async () => {
    const s = await setup();
    const res = await report(s.boss, { officeId: s.office.id, asOf: '0001-01-03', format: 'md' }).buffer(true).expect(200);
    expect(res.text).toContain('changes since **0001-01-01**');
    const far = await report(s.boss, { officeId: s.office.id, asOf: '9999-12-31' }).expect(200);
    expect(far.body).toMatchObject({ asOf: '9999-12-31', since: '9999-12-24' });
  });

  describe('access and input', () => {
    it("answers 404 for another office's report, whatever the role, and for an unknown office", async () => {
      const s = await setup();
      expect((await report(director, { officeId: s.office.id }).expect(404)).body).toEqual(err(404, 'Not Found', 'Office not found'));
      expect((await report(viewer, { officeId: s.office.id }).expect(404)).body).toEqual(err(404, 'Not Found', 'Office not found'));
      expect((await report(admin, { officeId: UNKNOWN_ID }).expect(404)).body).toEqual(err(404, 'Not Found', 'Office not found'));
      expect((await report(viewer, { officeId: office.id }).expect(200)).body.office).toEqual({ id: office.id, name: office.name, timeZone: 'America/New_York' });
    });

    it('gives an admin every office when officeId is left out, in UTC', async () => {
      const one = await setup();
      const two = await setup();
      const area = 'democracy_governance';
      const r1 = await rec(one.office, { reference: t.factories.unique('ALL'), createdAt: '2020-06-01T00:00:00Z', policyArea: area });
      const r2 = await rec(two.office, { reference: t.factories.unique('ALL'), createdAt: '2020-06-01T00:00:00Z', policyArea: area });
      const res = await report(admin, { asOf: '2020-06-02', policyArea: area }).expect(200);
      expect(res.body.office).toBeNull();
      expect(res.body.recommendations.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([r1.id, r2.id]));
      const csv = await report(admin, { asOf: '2020-06-02', policyArea: area, format: 'csv' }).buffer(true).expect(200);
      expect(csv.headers['content-disposition']).toBe('attachment; filename=oversight-status-all-offices-2020-06-02.csv');
    });

    it('answers 400 for bad input and 401 without a token', async () => {
      const bad = async (query: Record<string, string>, message: unknown, as: SignedIn = director) =>
        expect((await report(as, query).expect(400)).body).toEqual(err(400, 'Bad Request', message));
      await bad({}, 'officeId is required');
      await bad({ officeId: office.id, format: 'docx' }, ['format must be one of json, csv, md, html, pdf']);
      await bad({ officeId: office.id, asOf: '2026-02-30' }, ['asOf must be a date as YYYY-MM-DD']);
      await bad({ officeId: office.id, since: 'last week' }, ['since must be a date as YYYY-MM-DD']);
      await bad({ officeId: office.id, asOf: '2026-03-01', since: '2026-03-02' }, 'since must not be after asOf');
      await bad({ officeId: 'nope' }, ['officeId must be a UUID']);
      await bad({ officeId: office.id, policyArea: ' ' }, ['policyArea must not be empty']);
      await bad({ officeId: office.id, asOf: ['2026-01-01', '2026-01-02'] as unknown as string }, ['asOf must be a date as YYYY-MM-DD']);
      await bad({ officeId: office.id, colour: 'red' }, ['property colour should not exist']);
      expect((await t.http().get(API).query({ officeId: office.id }).expect(401)).body).toEqual(err(401, 'Unauthorized', expect.any(String)));
    });
  });
});
