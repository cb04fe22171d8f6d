import { chartSvg, esc } from './report-chart';
import type { ReportBlock, ReportDocument, ReportSection, ReportTable } from './report-document';

/** Line breaks in a cell (a title and its roll-up, several follow-ups) stay line breaks. */
const multiline = (text: string) => esc(text).replace(/\r\n|\r|\n/g, '<br>');

const anchorOf = (reference: string) => `rec-${reference.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

/**
 * Screen and print in one sheet; no script anywhere, no outside fonts or images. Printed on letter
 * paper landscape: table headers repeat on each page, a row is never cut in half, the recommendations
 * start on a page of their own.
 */
const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
body { margin: 2rem auto; max-width: 78rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; }
.meta { color: #444; margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 1rem 0; font-size: .85rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #bbb; padding: .3rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td { hyphens: auto; }
th { background: #eef1f5; }
tr.child > :first-child { padding-left: 1.2rem; }
tr.child > :first-child::before { content: "↳ "; color: #666; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.pair { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
.pair > div { flex: 1 1 24rem; min-width: 0; }
.status-chart { width: 100%; max-width: 34rem; height: auto; margin: 1.6rem 0 1rem; }
.status-chart text { fill: #1a1a1a; }
ul.changes { padding-left: 1.2rem; }
a { color: #0b4f9c; }
@page { size: letter landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0 2px; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  section.page-break { break-before: page; }
  thead { display: table-header-group; }
  tr, li, .status-chart { break-inside: avoid; }
  table { font-size: 8pt; }
  th { background: #eef1f5 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .status-chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** A column of numbers only (a count, a day count, yes/no aside) is right-aligned. */
function numericColumns(table: ReportTable): boolean[] {
  return table.head.map((_, i) => table.rows.length > 0 && table.rows.every((r) => /^-?\d+(\.\d+)?%?$/.test(r.cells[i] ?? '')));
}

function tableHtml(caption: string, table: ReportTable, className: string): string {
  const numeric = numericColumns(table);
  const cls = (i: number) => (numeric[i] ? ' class="num"' : '');
  const head = table.head.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('');
  const rows = table.rows.map((r) => {
    const attrs = `${r.child ? ' class="child"' : ''}${r.anchor ? ` id="${anchorOf(r.anchor)}"` : ''}`;
    const [first, ...rest] = r.cells;
    return `<tr${attrs}><th scope="row">${multiline(first)}</th>${rest.map((c, i) => `<td${cls(i + 1)}>${multiline(c)}</td>`).join('')}</tr>`;
  });
  // The PDF's relative widths as percentages: a fixed layout keeps long text from squeezing the other columns.
  const total = table.widths.reduce((a, b) => a + b, 0);
  const cols = table.widths.map((w) => `<col style="width: ${((w / total) * 100).toFixed(1)}%">`).join('');
  return `<table class="${className}"><caption>${esc(caption)}</caption><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function blockHtml(block: ReportBlock, sectionId: string): string {
  switch (block.kind) {
    case 'table':
      return tableHtml(block.caption, block.table, `${sectionId}-table`);
    case 'chart':
      return chartSvg(block.chart);
    case 'pair':
      return `<div class="pair"><div>${blockHtml(block.left, sectionId)}</div><div>${blockHtml(block.right, sectionId)}</div></div>`;
    case 'list':
      return `<ul class="changes">${block.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'paragraph':
      return `<p>${esc(block.text)}</p>`;
  }
}

function sectionHtml(s: ReportSection): string {
  const cls = s.pageBreakBefore ? ' class="page-break"' : '';
  return `<section id="${s.id}"${cls} aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${esc(s.title)}</h2>${s.blocks.map((b) => blockHtml(b, s.id)).join('\n')}</section>`;
}

/** A whole standalone page: readable without JavaScript, printable, nothing fetched from elsewhere. */
export function renderHtml(doc: ReportDocument): string {
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(doc.title)}</h1><p class="meta">${esc(doc.subtitle)}</p><p class="meta">${esc(doc.generated)}</p>`,
    `<nav aria-label="Sections"><ul>${toc}</ul></nav></header>`,
    '<main>',
    ...doc.sections.map(sectionHtml),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
