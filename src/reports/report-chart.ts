import { STATUSES, type RecommendationStatus } from '../recommendations/recommendation-status';
import type { StatusCountsDto } from './dto/oversight-report.dto';

/** Okabe–Ito colours: told apart with the common kinds of colour blindness; every bar is labelled too. */
export const STATUS_COLOURS: Record<RecommendationStatus, string> = {
  open: '#0072B2',
  in_progress: '#56B4E9',
  partially_implemented: '#E69F00',
  implemented: '#009E73',
  not_implemented: '#D55E00',
  withdrawn: '#999999',
};

export interface ChartBar {
  status: RecommendationStatus;
  label: string;
  count: number;
  colour: string;
  /** Bar geometry in chart units (points in the PDF, user units in the SVG). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StatusChart {
  title: string;
  width: number;
  height: number;
  /** Where the bars start: the labels sit left of it. */
  barsX: number;
  bars: ChartBar[];
}

const LABEL_WIDTH = 150;
const BAR_AREA = 170;
const ROW = 22;
const BAR = 14;
const COUNT_ROOM = 40;

export const STATUS_LABELS: Record<RecommendationStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
  not_implemented: 'Not implemented',
  withdrawn: 'Withdrawn',
};

export const statusLabel = (status: string | null | undefined): string =>
  status ? (STATUS_LABELS[status as RecommendationStatus] ?? status) : 'none';

/** Horizontal bars, one per status, scaled to the largest count. Laid out once, drawn by SVG and by the PDF. */
export function statusChart(byStatus: StatusCountsDto): StatusChart {
  const max = Math.max(1, ...STATUSES.map((s) => byStatus[s]));
  return {
    title: 'Recommendations by status',
    width: LABEL_WIDTH + BAR_AREA + COUNT_ROOM,
    height: STATUSES.length * ROW,
    barsX: LABEL_WIDTH,
    bars: STATUSES.map((status, i) => ({
      status,
      label: STATUS_LABELS[status],
      count: byStatus[status],
      colour: STATUS_COLOURS[status],
      x: LABEL_WIDTH,
      y: i * ROW + (ROW - BAR) / 2,
      // A zero keeps a hairline, so that the row does not look missing.
      width: byStatus[status] === 0 ? 1 : (byStatus[status] / max) * BAR_AREA,
      height: BAR,
    })),
  };
}

/** Text into HTML or SVG: every character that could open markup or end an attribute. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The chart as inline SVG: a role and a title for screen readers, text labels so that colour is never the only cue. */
export function chartSvg(chart: StatusChart): string {
  const rows = chart.bars.map((b) => {
    const mid = b.y + b.height / 2;
    return [
      `<g class="bar bar-${b.status}">`,
      `<title>${esc(`${b.label}: ${b.count}`)}</title>`,
      `<text x="${chart.barsX - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle">${esc(b.label)}</text>`,
      `<rect x="${b.x}" y="${b.y}" width="${b.width.toFixed(1)}" height="${b.height}" fill="${b.colour}"/>`,
      `<text x="${(b.x + b.width + 6).toFixed(1)}" y="${mid}" dominant-baseline="middle">${b.count}</text>`,
      '</g>',
    ].join('');
  });
  const summary = chart.bars.map((b) => `${b.label} ${b.count}`).join(', ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="status-chart" viewBox="0 0 ${chart.width} ${chart.height}" ` +
    `width="${chart.width}" height="${chart.height}" role="img" aria-labelledby="status-chart-title status-chart-desc" font-size="12">` +
    `<title id="status-chart-title">${esc(chart.title)}</title><desc id="status-chart-desc">${esc(summary)}</desc>` +
    rows.join('') +
    '</svg>'
  );
}
