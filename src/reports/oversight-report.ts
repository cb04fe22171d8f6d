import { trendOf } from '../indicators/indicator-trend';
import { STATUSES, type RecommendationStatus } from '../recommendations/recommendation-status';
import type {
  ChildrenRollUpDto,
  OversightReportDto,
  ReportChangeDto,
  ReportFollowUpDto,
  ReportIndicatorDto,
  ReportOfficeDto,
  ReportRecommendationDto,
  StatusCountsDto,
} from './dto/oversight-report.dto';
import type { ChangeRow, FollowUpRow, IndicatorRow, RecommendationRow } from './oversight-sql';

export const zeroCounts = (): StatusCountsDto => Object.fromEntries(STATUSES.map((s) => [s, 0])) as unknown as StatusCountsDto;

const bump = (counts: StatusCountsDto, status: string) => {
  counts[status as RecommendationStatus] += 1;
};

export function toRecommendation(row: RecommendationRow, followUps: ReportFollowUpDto[]): ReportRecommendationDto {
  return {
    id: row.id,
    officeId: row.office_id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    owners: row.owners,
    addressees: row.addressees,
    policyArea: row.policy_area,
    priority: row.priority,
    lastStatusChange: row.status_changed_at
      ? { at: row.status_changed_at.toISOString(), from: row.from_status, to: row.status, reason: row.reason ?? '' }
      : null,
    latestEvidence: row.evidence_title ? { title: row.evidence_title, kind: row.evidence_kind ?? '', occurredOn: row.evidence_on ?? '' } : null,
    openFollowUps: followUps,
    overdue: row.overdue_follow_ups > 0,
    daysInStatus: row.days_in_status,
    stale: row.stale,
    parentReference: row.parent_reference,
  };
}

/** Each parent row gets the count of its sub-recommendations in the report, by status. */
function rollUpChildren(rows: RecommendationRow[], dtos: ReportRecommendationDto[]): void {
  const byId = new Map<string, ReportRecommendationDto>(dtos.map((d) => [d.id, d]));
  for (const row of rows) {
    const parent = row.parent_id ? byId.get(row.parent_id) : undefined;
    if (!parent) continue;
    const children: ChildrenRollUpDto = (parent.children ??= { total: 0, byStatus: zeroCounts() });
    children.total += 1;
    bump(children.byStatus, row.status);
  }
}

function toChange(row: ChangeRow): ReportChangeDto {
  const base = { type: row.type, at: row.at.toISOString(), recommendationId: row.recommendation_id, reference: row.reference };
  switch (row.type) {
    case 'status_change':
      return { ...base, from: row.from_status, to: row.to_status ?? '', reason: row.reason ?? '' };
    case 'evidence':
      return { ...base, title: row.title ?? '', kind: row.kind ?? '', occurredOn: row.occurred_on ?? '' };
    case 'follow_up_completed':
      return { ...base, title: row.title ?? '', assignee: { id: row.assignee_id ?? '', name: row.assignee_name ?? '' } };
  }
}

function toIndicator(row: IndicatorRow): ReportIndicatorDto {
  const [latest, previous] = (row.observations ?? []).map((o) => ({ observedOn: o.observedOn, value: Number(o.value) }));
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    betterWhen: row.better_when,
    latest: latest ?? null,
    previous: previous ?? null,
    trend: trendOf(row.better_when, latest?.value, previous?.value),
    references: row.refs,
  };
}

/** Withdrawn recommendations are out of the implemented share: nobody is expected to implement them any more. */
export function implementedShare(byStatus: StatusCountsDto): number {
  const total = STATUSES.reduce((n, s) => n + byStatus[s], 0);
  const denominator = total - byStatus.withdrawn;
  return denominator === 0 ? 0 : Math.round((byStatus.implemented / denominator) * 10000) / 10000;
}

export interface ReportInput {
  office: ReportOfficeDto | null;
  asOf: string;
  since: string;
  generatedAt: Date;
  rows: RecommendationRow[];
  followUps: FollowUpRow[];
  changes: ChangeRow[];
  indicators: IndicatorRow[];
}

export function buildReport(input: ReportInput): OversightReportDto {
  const followUpsOf = new Map<string, ReportFollowUpDto[]>();
  for (const f of input.followUps) {
    const list = followUpsOf.get(f.recommendation_id) ?? [];
    list.push({ title: f.title, assignee: { id: f.assignee_id, name: f.assignee_name }, dueOn: f.due_on, overdue: f.overdue });
    followUpsOf.set(f.recommendation_id, list);
  }
  const recommendations = input.rows.map((row) => toRecommendation(row, followUpsOf.get(row.id) ?? []));
  rollUpChildren(input.rows, recommendations);

  const byStatus = zeroCounts();
  const byPolicyArea: Record<string, StatusCountsDto> = {};
  for (const row of input.rows) {
    bump(byStatus, row.status);
    bump((byPolicyArea[row.policy_area] ??= zeroCounts()), row.status);
  }
  const sortedAreas = Object.fromEntries(Object.keys(byPolicyArea).sort().map((a) => [a, byPolicyArea[a]]));

  return {
    office: input.office,
    generatedAt: input.generatedAt.toISOString(),
    asOf: input.asOf,
    since: input.since,
    summary: {
      total: input.rows.length,
      byStatus,
      byPolicyArea: sortedAreas,
      implementedShare: implementedShare(byStatus),
      openFollowUps: input.followUps.length,
      overdueFollowUps: input.followUps.filter((f) => f.overdue).length,
      stale: input.rows.filter((r) => r.stale).length,
    },
    changes: input.changes.map(toChange),
    recommendations,
    indicators: input.indicators.map(toIndicator),
  };
}
