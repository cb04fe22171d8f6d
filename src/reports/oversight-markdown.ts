import { STATUSES } from '../recommendations/recommendation-status';
import type { OversightReportDto, ReportChangeDto } from './dto/oversight-report.dto';

/** A table cell: a `|` would end the cell and a line break the row. */
export function mdCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Free text inside a list item or heading: one line, no table syntax to worry about. */
const mdText = (value: string) => value.replace(/\r\n|\r|\n/g, ' ');

const table = (head: string[], rows: (string | number | boolean | null)[][]): string[] => [
  `| ${head.map(mdCell).join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
];

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function changeLine(c: ReportChangeDto): string {
  const when = c.at.slice(0, 16).replace('T', ' ') + ' UTC';
  switch (c.type) {
    case 'status_change':
      return `- ${when} — **${mdText(c.reference)}**: ${c.from ?? 'none'} → ${c.to ?? ''} (${mdText(c.reason ?? '')})`;
    case 'evidence':
      return `- ${when} — **${mdText(c.reference)}**: new evidence (${c.kind ?? ''}, ${c.occurredOn ?? ''}) “${mdText(c.title ?? '')}”`;
    default:
      return `- ${when} — **${mdText(c.reference)}**: follow-up completed “${mdText(c.title ?? '')}” (${mdText(c.assignee?.name ?? '')})`;
  }
}

export function renderMarkdown(report: OversightReportDto, policyArea: string | null): string {
  const s = report.summary;
  const scope = report.office ? `${mdText(report.office.name)}` : 'All offices';
  const zone = report.office?.timeZone ?? 'UTC';
  const lines: string[] = [
    `# Oversight status report — ${scope}`,
    '',
    `As of **${report.asOf}** (end of day, ${zone}); changes since **${report.since}**${policyArea ? `; policy area **${mdText(policyArea)}**` : ''}. Generated ${report.generatedAt}.`,
    '',
    '## Summary',
    '',
    ...table(
      ['Measure', 'Value'],
      [
        ['Recommendations', s.total],
        ...STATUSES.map((st) => [st, s.byStatus[st]] as [string, number]),
        ['Implemented share', percent(s.implementedShare)],
        ['Open follow-ups', s.openFollowUps],
        ['Overdue follow-ups', s.overdueFollowUps],
        ['Stale (no activity in 90 days)', s.stale],
      ],
    ),
    '',
    '## By policy area',
    '',
    ...table(
      ['Policy area', ...STATUSES],
      Object.entries(s.byPolicyArea).map(([area, counts]) => [area, ...STATUSES.map((st) => counts[st])]),
    ),
    '',
    '## Recommendations',
    '',
    ...table(
      ['Reference', 'Title', 'Status', 'Owners', 'Addressees', 'Policy area', 'Priority', 'Last status change', 'Reason', 'Latest evidence', 'Open follow-ups', 'Overdue', 'Days in status', 'Parent'],
      report.recommendations.map((r) => [
        r.reference,
        r.title,
        r.status,
        r.owners.map((o) => o.name).join('; '),
        r.addressees.join('; '),
        r.policyArea,
        r.priority,
        r.lastStatusChange?.at.slice(0, 10) ?? '',
        r.lastStatusChange?.reason ?? '',
        r.latestEvidence ? `${r.latestEvidence.title} (${r.latestEvidence.occurredOn})` : '',
        r.openFollowUps.map((f) => `${f.title} — ${f.assignee.name}, due ${f.dueOn}${f.overdue ? ' (overdue)' : ''}`).join('\n'),
        r.overdue ? 'yes' : 'no',
        r.daysInStatus,
        r.parentReference,
      ]),
    ),
    '',
    `## Changes since ${report.since}`,
    '',
    ...(report.changes.length > 0 ? report.changes.map(changeLine) : ['None.']),
    '',
    '## Indicators',
    '',
    ...(report.indicators.length > 0
      ? table(
          ['Indicator', 'Unit', 'Latest', 'Previous', 'Trend', 'Recommendations'],
          report.indicators.map((i) => [
            i.name,
            i.unit,
            i.latest ? `${i.latest.value} (${i.latest.observedOn})` : '',
            i.previous ? `${i.previous.value} (${i.previous.observedOn})` : '',
            i.trend ?? '',
            i.references.join('; '),
          ]),
        )
      : ['None.']),
    '',
  ];
  return lines.join('\n');
}
