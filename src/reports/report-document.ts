import { STATUSES } from '../recommendations/recommendation-status';
import type { ChildrenRollUpDto, OversightReportDto, ReportChangeDto, ReportRecommendationDto, ReportSummaryDto } from './dto/oversight-report.dto';
import { statusChart, statusLabel, type StatusChart } from './report-chart';

/**
 * The printable report (HTML and PDF) as one model, so that both formats say the same things in
 * the same order and only their drawing differs.
 */
export interface ReportTable {
  head: string[];
  /** Relative column widths, for the PDF; HTML lets the browser lay the columns out. */
  widths: number[];
  /** Share of the page width the table takes in the PDF (default all of it). */
  pageShare?: number;
  rows: ReportTableRow[];
}

export interface ReportTableRow {
  cells: string[];
  /** A sub-recommendation, shown indented under its parent. */
  child?: boolean;
  /** The row's anchor (the recommendation reference), for links from the list of changes. */
  anchor?: string;
}

type TableBlock = { kind: 'table'; caption: string; table: ReportTable };
type ChartBlock = { kind: 'chart'; chart: StatusChart };

export type ReportBlock =
  | TableBlock
  | ChartBlock
  /** A half-width table with the chart beside it (below it on a narrow screen). */
  | { kind: 'pair'; left: TableBlock; right: ChartBlock }
  | { kind: 'list'; items: string[] }
  | { kind: 'paragraph'; text: string };

export interface ReportSection {
  id: string;
  title: string;
  /** Starts on a new page when printed. */
  pageBreakBefore: boolean;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  title: string;
  subtitle: string;
  generated: string;
  sections: ReportSection[];
}

export interface ReportLabels {
  /** Policy area code → name; a code without one is shown as it is. */
  policyAreas: Record<string, string>;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const dateOf = (iso: string) => iso.slice(0, 10);
const minuteOf = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function rollUpLine(children: ChildrenRollUpDto): string {
  const parts = STATUSES.filter((s) => children.byStatus[s] > 0).map((s) => `${children.byStatus[s]} ${statusLabel(s).toLowerCase()}`);
  return `Sub-recommendations: ${children.total} (${parts.join(', ')})`;
}

function changeLine(c: ReportChangeDto): string {
  const head = `${minuteOf(c.at)} — ${c.reference}:`;
  switch (c.type) {
    case 'status_change':
      return `${head} ${statusLabel(c.from)} → ${statusLabel(c.to)} (${c.reason ?? ''})`;
    case 'evidence':
      return `${head} new evidence (${c.kind ?? ''}, ${c.occurredOn ?? ''}) “${c.title ?? ''}”`;
    default:
      return `${head} follow-up completed “${c.title ?? ''}” (${c.assignee?.name ?? ''})`;
  }
}

function recommendationRow(r: ReportRecommendationDto, areaName: (code: string) => string): ReportTableRow {
  return {
    child: r.parentReference !== null,
    anchor: r.reference,
    cells: [
      r.reference,
      r.children ? `${r.title}\n${rollUpLine(r.children)}` : r.title,
      statusLabel(r.status),
      r.owners.map((o) => o.name).join('; '),
      r.addressees.join('; '),
      `${areaName(r.policyArea)}\n${r.priority} priority`,
      r.lastStatusChange ? `${dateOf(r.lastStatusChange.at)}: ${r.lastStatusChange.reason}` : '',
      r.latestEvidence ? `${r.latestEvidence.title} (${r.latestEvidence.kind}, ${r.latestEvidence.occurredOn})` : '',
      r.openFollowUps.map((f) => `${f.title} — ${f.assignee.name}, due ${f.dueOn}${f.overdue ? ' (overdue)' : ''}`).join('\n'),
      r.overdue ? 'yes' : 'no',
      String(r.daysInStatus),
    ],
  };
}

function summaryBlocks(s: ReportSummaryDto, areaName: (code: string) => string): ReportBlock[] {
  const measures: TableBlock = {
    kind: 'table',
    caption: 'Recommendations, follow-ups and stale items',
    table: {
      head: ['Measure', 'Value'],
      widths: [3, 1],
      pageShare: 0.45,
      rows: [
        ['Recommendations', String(s.total)],
        ...STATUSES.map((st) => [statusLabel(st), String(s.byStatus[st])]),
        ['Implemented share (withdrawn left out)', percent(s.implementedShare)],
        ['Open follow-ups', String(s.openFollowUps)],
        ['Overdue follow-ups', String(s.overdueFollowUps)],
        ['Stale (no status change or evidence in 90 days)', String(s.stale)],
      ].map((cells) => ({ cells })),
    },
  };
  const byArea: TableBlock = {
    kind: 'table',
    caption: 'By policy area and status',
    table: {
      head: ['Policy area', ...STATUSES.map(statusLabel)],
      widths: [4, ...STATUSES.map(() => 1)],
      rows: Object.entries(s.byPolicyArea).map(([area, counts]) => ({ cells: [areaName(area), ...STATUSES.map((st) => String(counts[st]))] })),
    },
  };
  return [{ kind: 'pair', left: measures, right: { kind: 'chart', chart: statusChart(s.byStatus) } }, byArea];
}

export function reportDocument(report: OversightReportDto, policyArea: string | null, labels: ReportLabels): ReportDocument {
  const areaName = (code: string) => labels.policyAreas[code] ?? code;
  const zone = report.office?.timeZone ?? 'UTC';
  const scope = report.office ? report.office.name : 'All offices';
  return {
    title: `Oversight status report — ${scope}`,
    subtitle:
      `As of ${report.asOf} (end of day, ${zone}); changes since ${report.since}` + (policyArea ? `; policy area: ${areaName(policyArea)}` : ''),
    generated: `Generated ${minuteOf(report.generatedAt)}`,
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        pageBreakBefore: false,
        blocks: summaryBlocks(report.summary, areaName),
      },
      {
        id: 'changes',
        title: `Changes since ${report.since}`,
        pageBreakBefore: false,
        blocks: report.changes.length > 0 ? [{ kind: 'list', items: report.changes.map(changeLine) }] : [{ kind: 'paragraph', text: 'None.' }],
      },
      {
        id: 'recommendations',
        title: 'Recommendations',
        pageBreakBefore: true,
        blocks: [
          {
            kind: 'table',
            caption: 'One row per recommendation; sub-recommendations under their parent',
            table: {
              head: ['Reference', 'Title', 'Status', 'Owners', 'Addressees', 'Area and priority', 'Last status change', 'Latest evidence', 'Open follow-ups', 'Overdue', 'Days in status'],
              widths: [9.5, 16, 7.5, 8, 9, 11.5, 10, 9.5, 9, 5.5, 5],
              rows: report.recommendations.map((r) => recommendationRow(r, areaName)),
            },
          },
        ],
      },
      {
        id: 'indicators',
        title: 'Indicators',
        pageBreakBefore: false,
        blocks:
          report.indicators.length > 0
            ? [
                {
                  kind: 'table',
                  caption: 'Latest and previous observation, and the trend between them',
                  table: {
                    head: ['Indicator', 'Unit', 'Latest', 'Previous', 'Trend', 'Recommendations'],
                    widths: [8, 3, 4, 4, 3, 6],
                    rows: report.indicators.map((i) => ({
                      cells: [
                        i.name,
                        i.unit,
                        i.latest ? `${i.latest.value} (${i.latest.observedOn})` : '',
                        i.previous ? `${i.previous.value} (${i.previous.observedOn})` : '',
                        i.trend ?? '',
                        i.references.join('; '),
                      ],
                    })),
                  },
                },
              ]
            : [{ kind: 'paragraph', text: 'None.' }],
      },
    ],
  };
}
