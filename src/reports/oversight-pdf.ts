import PDFDocument from 'pdfkit';
import type { StatusChart } from './report-chart';
import type { ReportBlock, ReportDocument, ReportTable } from './report-document';

/**
 * DejaVu covers the Latin, Greek and Cyrillic scripts, dashes, quotes and arrows that the standard
 * PDF fonts (WinAnsi only) would drop; the files ship in an npm package, nothing is fetched.
 */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf');

const MARGIN = 36;
const CELL_PAD = 3;
const TABLE_SIZE = 7.5;
const TEXT = '#1a1a1a';
const RULE = '#bbbbbb';
const HEAD_FILL = '#eef1f5';

type Doc = PDFKit.PDFDocument;

const bottom = (doc: Doc) => doc.page.height - MARGIN - 14; // room for the page footer
const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function cellHeights(doc: Doc, cells: string[], widths: number[], font: string): number {
  doc.font(font).fontSize(TABLE_SIZE);
  return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * CELL_PAD }))) + 2 * CELL_PAD;
}

function drawRow(doc: Doc, cells: string[], widths: number[], height: number, opts: { head: boolean; indent: boolean }): void {
  const y = doc.y;
  let x = MARGIN;
  cells.forEach((text, i) => {
    if (opts.head) doc.rect(x, y, widths[i], height).fill(HEAD_FILL);
    doc.rect(x, y, widths[i], height).lineWidth(0.5).strokeColor(RULE).stroke();
    const indent = opts.indent && i === 0 ? 8 : 0;
    const label = opts.indent && i === 0 ? `↳ ${text}` : text;
    doc
      .fillColor(TEXT)
      .font(opts.head || i === 0 ? FONT_BOLD : FONT)
      .fontSize(TABLE_SIZE)
      .text(label, x + CELL_PAD + indent, y + CELL_PAD, {
        width: widths[i] - 2 * CELL_PAD - indent,
        height: height - 2 * CELL_PAD,
        ellipsis: true,
      });
    x += widths[i];
  });
  doc.x = MARGIN;
  doc.y = y + height;
}

/** A table whose header row repeats on every page it runs onto; a row never splits, an overlong one is cut with an ellipsis. */
function drawTable(doc: Doc, caption: string, table: ReportTable): void {
  const total = table.widths.reduce((a, b) => a + b, 0);
  const widths = table.widths.map((w) => (w / total) * contentWidth(doc) * (table.pageShare ?? 1));
  const headHeight = cellHeights(doc, table.head, widths, FONT_BOLD);
  const maxRow = bottom(doc) - MARGIN - headHeight;
  const header = () => drawRow(doc, table.head, widths, headHeight, { head: true, indent: false });

  ensureRoom(doc, 14 + 2 * headHeight);
  doc.font(FONT_BOLD).fontSize(9).fillColor(TEXT).text(caption, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
  header();
  for (const row of table.rows) {
    const height = Math.min(cellHeights(doc, row.cells, widths, FONT), maxRow);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      header();
    }
    drawRow(doc, row.cells, widths, height, { head: false, indent: row.child === true });
  }
  doc.moveDown(1);
}

/** The same bars as the HTML's SVG, drawn with PDF vector operations, from `left`. */
function drawChart(doc: Doc, chart: StatusChart, left = MARGIN): void {
  ensureRoom(doc, chart.height + 30);
  doc.font(FONT_BOLD).fontSize(9).fillColor(TEXT).text(chart.title, left, doc.y);
  doc.moveDown(0.3);
  const top = doc.y;
  for (const bar of chart.bars) {
    const mid = top + bar.y + bar.height / 2;
    doc.font(FONT).fontSize(9).fillColor(TEXT);
    doc.text(bar.label, left, mid - 5, { width: chart.barsX - 8, align: 'right', lineBreak: false });
    doc.rect(left + bar.x, top + bar.y, bar.width, bar.height).fill(bar.colour);
    doc.fillColor(TEXT).text(String(bar.count), left + bar.x + bar.width + 6, mid - 5, { lineBreak: false });
  }
  doc.x = MARGIN;
  doc.y = top + chart.height + 12;
}

function drawBlock(doc: Doc, block: ReportBlock): void {
  switch (block.kind) {
    case 'table':
      return drawTable(doc, block.caption, block.table);
    case 'chart':
      return drawChart(doc, block.chart);
    case 'pair': {
      // The chart sits right of the half-width table, from the same top; the next block starts below the taller.
      ensureRoom(doc, Math.max(block.right.chart.height + 30, 200));
      const top = doc.y;
      drawTable(doc, block.left.caption, block.left.table);
      const below = doc.y;
      doc.y = top;
      drawChart(doc, block.right.chart, MARGIN + contentWidth(doc) * 0.5);
      doc.y = Math.max(below, doc.y);
      return;
    }
    case 'list':
      for (const item of block.items) {
        // Set for each item: a page opened by ensureRoom writes its footer in another size.
        doc.font(FONT).fontSize(8.5).fillColor(TEXT);
        ensureRoom(doc, doc.heightOfString(item, { width: contentWidth(doc) - 10 }));
        doc.font(FONT).fontSize(8.5).fillColor(TEXT).text(`•  ${item}`, MARGIN, doc.y, { width: contentWidth(doc), indent: 0 });
      }
      doc.moveDown(1);
      return;
    case 'paragraph':
      doc.font(FONT).fontSize(9).fillColor(TEXT).text(block.text, MARGIN, doc.y);
      doc.moveDown(1);
      return;
  }
}

/**
 * The footer, written as each page opens. Not "page x of y": knowing y means keeping every page in
 * memory until the end, which for 10,000 recommendations doubled the time and the memory.
 */
function footer(doc: Doc, title: string, page: number): void {
  const { x, y } = doc;
  // Writing inside the bottom margin would otherwise make pdfkit open a new page.
  const margin = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc
    .font(FONT)
    .fontSize(7)
    .fillColor('#555555')
    .text(`${title} — page ${page}`, MARGIN, doc.page.height - MARGIN, { width: contentWidth(doc), align: 'center', lineBreak: false });
  doc.page.margins.bottom = margin;
  doc.x = x;
  doc.y = y;
}

/** The report as a PDF: letter landscape, the same sections, tables and chart as the HTML. */
export function renderPdf(report: ReportDocument, generatedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: MARGIN,
    lang: 'en-US',
    displayTitle: true,
    info: { Title: report.title, Subject: report.subtitle, Creator: 'Oversight tracker', CreationDate: generatedAt, ModDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  let pages = 1;
  const footerTitle = `${report.title}, ${report.subtitle.split(';')[0]}`;
  footer(doc, footerTitle, pages);
  doc.on('pageAdded', () => footer(doc, footerTitle, ++pages));

  doc.font(FONT_BOLD).fontSize(16).fillColor(TEXT).text(report.title);
  doc.font(FONT).fontSize(9.5).fillColor('#444444').text(report.subtitle).text(report.generated);
  doc.moveDown(1);
  for (const section of report.sections) {
    if (section.pageBreakBefore) doc.addPage();
    else ensureRoom(doc, 60);
    doc.font(FONT_BOLD).fontSize(12.5).fillColor(TEXT).text(section.title, MARGIN, doc.y);
    doc.moveDown(0.4);
    for (const block of section.blocks) drawBlock(doc, block);
  }
  doc.end();
  return done;
}
