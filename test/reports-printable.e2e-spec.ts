import type { SignedIn } from './support/factories';
import { reportFixtures } from './support/report-fixtures';
import { rawBody } from './support/raw-body';
import { startTestApp, TestApp } from './support/test-app';

const API = '/api/v1/reports/oversight-status';

/** Office names here are "Report Office-<hex>". */
const slugOf = (o: { name: string }) => o.name.toLowerCase().replace(/ /g, '-');

/** Pages of a PDF as pdfkit writes them: one `/Type /Page` dictionary each (the tree's root is `/Type /Pages`). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

describe('oversight status report, printable formats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const { setup, rec, change, dataset } = reportFixtures(() => t);
  const report = (as: SignedIn, query: Record<string, string>) => t.http().get(API).query(query).set('Authorization', as.auth);
  const pdf = async (as: SignedIn, query: Record<string, string>) => {
    const res = await report(as, { ...query, format: 'pdf' }).buffer(true).parse(rawBody).expect(200);
    return { res, body: res.body as Buffer };
  };

  describe('HTML', () => {
    it('is a standalone page with the SVG status chart, every section and every reference, and no script', async () => {
      const d = await dataset();
      const res = await report(d.boss, { officeId: d.office.id, asOf: '2026-03-08', since: '2026-03-03', format: 'html' }).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(`attachment; filename=oversight-status-${slugOf(d.office)}-2026-03-08.html`);
      const html = res.text;
      expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
      expect(html).toContain(`<title>Oversight status report — ${d.office.name}</title>`);
      expect(html).not.toMatch(/<script|<link|src=|url\(/i);

      // The chart: one labelled bar per status, the counts as text as well as lengths.
      const svg = /<svg[^>]*class="status-chart"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
      expect(svg).toContain('role="img"');
      expect(svg).toContain('<title id="status-chart-title">Recommendations by status</title>');
      expect(svg).toContain('<desc id="status-chart-desc">Open 0, In progress 1, Partially implemented 0, Implemented 1, Not implemented 0, Withdrawn 1</desc>');
      expect(svg.match(/<rect /g)).toHaveLength(6);
      expect(svg).toContain('<title>Implemented: 1</title>');

      for (const ref of ['A-1', 'A-1.1', 'B-1']) expect(html).toContain(`<tr${ref === 'A-1.1' ? ' class="child"' : ''} id="rec-${ref}"><th scope="row">${ref}</th>`);
      expect(html).toContain('<td>Title of A-1<br>Sub-recommendations: 1 (1 implemented)</td>');
      expect(html).toContain('<td>Border security and migration<br>medium priority</td>');
      expect(html).toContain('<th scope="row">Implemented share (withdrawn left out)</th><td class="num">50.0%</td>');
      expect(html).toContain('<li>2026-03-07 15:00 UTC — A-1: follow-up completed “Write memo” (');
      expect(html).toContain(`<th scope="row">${d.indicatorName}</th><td>crossings</td><td>8 (2026-02-28)</td><td>10 (2026-01-31)</td><td>improving</td><td>A-1</td>`);
      for (const id of ['summary', 'changes', 'recommendations', 'indicators']) expect(html).toContain(`<section id="${id}"`);
    });

    it('prints on landscape pages, the recommendations on a page of their own, headers repeated and rows unbroken', async () => {
      const d = await dataset();
      const { text } = await report(d.boss, { officeId: d.office.id, asOf: '2026-03-08', format: 'html' }).expect(200);
      expect(text).toContain('@page { size: letter landscape; margin: 12mm; }');
      expect(text).toContain('<section id="recommendations" class="page-break"');
      const print = text.slice(text.indexOf('@media print'));
      expect(print).toContain('section.page-break { break-before: page; }');
      expect(print).toContain('thead { display: table-header-group; }');
      expect(print).toContain('tr, li, .status-chart { break-inside: avoid; }');
    });

    it('escapes what users wrote, in cells, headings and the chart', async () => {
      const s = await setup();
      await t.db.query("UPDATE offices SET name = $2 WHERE id = $1", [s.office.id, `${s.office.name} <b>&</b>`]);
      const r = await rec(s.office, { reference: 'X-<1>', createdAt: '2026-01-01T00:00:00Z', title: '<script>alert("x")</script> & \'more\'' });
      await change(r, 'open', 'in_progress', '2026-01-02T00:00:00Z', 'Because <img src=x onerror=alert(1)>');
      const { text } = await report(s.boss, { officeId: s.office.id, asOf: '2026-01-03', since: '2026-01-01', format: 'html' }).expect(200);
      expect(text).not.toMatch(/<script|<img|<b>/);
      expect(text).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</td>');
      expect(text).toContain('id="rec-X-_1_"><th scope="row">X-&lt;1&gt;</th>');
      expect(text).toContain('<td>2026-01-02: Because &lt;img src=x onerror=alert(1)&gt;</td>');
      expect(text).toContain(`<h1>Oversight status report — ${s.office.name} &lt;b&gt;&amp;&lt;/b&gt;</h1>`);
    });

    it('says None for an office with no changes and no indicators', async () => {
      const s = await setup();
      const { text } = await report(s.boss, { officeId: s.office.id, asOf: '2026-01-03', format: 'html' }).expect(200);
      expect(text).toContain('<h2 id="changes-h">Changes since 2025-12-27</h2><p>None.</p>');
      expect(text).toContain('<h2 id="indicators-h">Indicators</h2><p>None.</p>');
      expect(text).toContain('<desc id="status-chart-desc">Open 0, In progress 0, Partially implemented 0, Implemented 0, Not implemented 0, Withdrawn 0</desc>');
    });
  });

  describe('PDF', () => {
    it('is a PDF of a few pages: the summary with its chart, then the recommendations', async () => {
      const d = await dataset();
      const { res, body } = await pdf(d.boss, { officeId: d.office.id, asOf: '2026-03-08' });
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename=oversight-status-${slugOf(d.office)}-2026-03-08.pdf`);
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(body.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
      expect(pageCount(body)).toBeGreaterThanOrEqual(2);
      expect(pageCount(body)).toBeLessThanOrEqual(3);
      // The title is in the document's metadata as UTF-16 with a byte order mark, readable without a PDF library.
      const title = Buffer.from(`\ufeffOversight status report — ${d.office.name}`, 'utf16le').swap16().toString('latin1');
      expect(body.toString('latin1')).toContain(`(${title})`);
    });

    it('runs a large office over more pages, and an empty one onto two', async () => {
      const s = await setup();
      await t.db.query(
        `INSERT INTO recommendations (office_id, reference, title, text, policy_area, priority, addressees, created_at)
         SELECT $1, 'R-' || lpad(i::text, 4, '0'), 'A recommendation title long enough to wrap once in its column ' || i, 'Text', 'border_migration', 'low', ARRAY['DHS', 'State'], '2026-01-01'
           FROM generate_series(1, 400) i`,
        [s.office.id],
      );
      const { body } = await pdf(s.boss, { officeId: s.office.id, asOf: '2026-02-01' });
      // About fifteen rows of three lines to a page, after the two pages of summary and changes.
      expect(pageCount(body)).toBeGreaterThanOrEqual(20);
      expect(pageCount(body)).toBeLessThanOrEqual(40);

      const empty = await setup();
      expect(pageCount((await pdf(empty.boss, { officeId: empty.office.id, asOf: '2026-02-01' })).body)).toBe(2);
    });
  });
});
