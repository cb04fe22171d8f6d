import type { EvidenceKind } from '../../src/evidence/evidence.entity';
import { audit, between, BatchRows } from './batch';
import { iso, isoDate } from './copy';
import { DAY, OfficePlan } from './plan';
import type { Random } from './random';
import { AREAS, EVIDENCE_KIND_WEIGHTS, evidenceTitle, followUpTitle } from './vocabulary';

export interface EvidenceDraft {
  id: string;
  at: number;
  kind: EvidenceKind;
  title: string;
  summary: string | null;
  occurredOn: string;
  url: string | null;
  createdBy: string;
  cited: boolean;
}

const SUMMARIES = [
  'Confirms that work has started but gives no timeline.',
  'Shows measurable progress against the benchmark.',
  'Raises doubts about the funding for next year.',
  'Documents the agency position in writing.',
  'Independent figures consistent with the agency reports.',
];

/** Evidence items of one recommendation at random moments of its life, created and kept in time order. */
export function draftEvidence(rng: Random, office: OfficePlan, area: string, t0: number, end: number, count: number): EvidenceDraft[] {
  return Array.from({ length: count }, () => {
    const at = between(rng, t0, end);
    const kind = rng.weighted(EVIDENCE_KIND_WEIGHTS);
    return {
      id: rng.uuid(),
      at,
      kind,
      title: evidenceTitle(rng, AREAS[area], kind),
      summary: rng.chance(0.6) ? rng.pick(SUMMARIES) : null,
      occurredOn: isoDate(at - rng.int(0, 20) * DAY),
      url: rng.chance(0.5) ? `https://example.org/${kind}/${rng.int(10000, 99999)}` : null,
      createdBy: rng.pick(office.actors),
      cited: false,
    };
  });
}

/** Writes the evidence rows and events; a few items nobody cited were deleted later by a director. */
export function writeEvidence(rng: Random, out: BatchRows, office: OfficePlan, recId: string, items: EvidenceDraft[], end: number): void {
  for (const e of items) {
    const view = { recommendationId: recId, kind: e.kind, title: e.title, summary: e.summary, occurredOn: e.occurredOn, url: e.url, attachment: null };
    audit(rng, out, { at: e.at, actorId: e.createdBy, action: 'evidence.create', entityType: 'evidence', entityId: e.id, officeId: office.id, before: null, after: view });
    let deletedAt: number | null = null;
    let deletedBy: string | null = null;
    if (!e.cited && rng.chance(0.01)) {
      deletedAt = between(rng, e.at, end);
      deletedBy = rng.pick(office.directors);
      audit(rng, out, { at: deletedAt, actorId: deletedBy, action: 'evidence.delete', entityType: 'evidence', entityId: e.id, officeId: office.id, before: view, after: null });
    }
    out.evidence.push([e.id, recId, e.kind, e.title, e.summary, e.occurredOn, e.url, e.createdBy, iso(e.at), deletedAt === null ? null : iso(deletedAt), deletedBy]);
  }
}

type FollowUpStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
const PAST_DUE = { done: 65, cancelled: 10, open: 15, in_progress: 10 };
const DUE_LATER = { open: 60, in_progress: 30, done: 10 };
const FOLLOW_UP_PRIORITY = { high: 25, medium: 55, low: 20 };

/**
 * Follow-ups of one recommendation. On a closed recommendation every one was settled before it
 * closed. Otherwise most past-due ones are done, some cancelled, and about a quarter are still
 * open: those are the overdue ones; follow-ups due later are mostly open or in progress.
 */
export function writeFollowUps(rng: Random, out: BatchRows, office: OfficePlan, area: string, recId: string, t0: number, closedAt: number | null, end: number, count: number): number {
  let last = t0;
  const windowEnd = closedAt ?? end;
  for (let i = 0; i < count; i++) {
    const id = rng.uuid();
    const createdAt = between(rng, t0, windowEnd);
    const createdBy = rng.pick(office.actors);
    const assignee = rng.pick(office.actors);
    const dueAt = createdAt + rng.int(7, 90) * DAY;
    const dueOn = isoDate(dueAt);
    const pastDue = Date.parse(dueOn) < end;
    let status: FollowUpStatus;
    let settleBy: number;
    if (closedAt !== null) {
      status = rng.chance(0.8) ? 'done' : 'cancelled';
      settleBy = closedAt;
    } else if (pastDue) {
      status = rng.weighted(PAST_DUE);
      settleBy = Math.min(end, dueAt + 20 * DAY);
    } else {
      status = rng.weighted(DUE_LATER);
      settleBy = end;
    }
    const priority = rng.weighted(FOLLOW_UP_PRIORITY);
    const details = rng.chance(0.4) ? `Context: see the latest evidence on ${rng.pick(AREAS[area].subjects)}.` : null;
    const view = { recommendationId: recId, title: followUpTitle(rng, AREAS[area]), details, assigneeId: assignee, assignedBy: createdBy, dueOn, priority, status: 'open', completedAt: null };
    audit(rng, out, { at: createdAt, actorId: createdBy, action: 'follow_up.create', entityType: 'follow_up', entityId: id, officeId: office.id, before: null, after: view });

    const steps: FollowUpStatus[] = status === 'in_progress' ? ['in_progress'] : status === 'open' ? [] : rng.chance(0.1) ? ['in_progress', status] : [status];
    const settledAt = between(rng, createdAt, Math.max(settleBy, createdAt + 2));
    let at = createdAt;
    let from: FollowUpStatus = 'open';
    let updatedBy = createdBy;
    let completedAt: number | null = null;
    for (const [k, to] of steps.entries()) {
      at = k === steps.length - 1 ? settledAt : between(rng, createdAt, settledAt);
      updatedBy = rng.chance(0.75) ? assignee : createdBy;
      if (to === 'done') completedAt = at;
      const before = to === 'done' ? { status: from, completedAt: null } : { status: from };
      const after = to === 'done' ? { status: to, completedAt: iso(at) } : { status: to };
      audit(rng, out, { at, actorId: updatedBy, action: 'follow_up.update', entityType: 'follow_up', entityId: id, officeId: office.id, before, after });
      from = to;
    }
    last = Math.max(last, at);
    out.followUps.push([
      id, recId, office.id, view.title, details, assignee, createdBy, dueOn, priority, status,
      completedAt === null ? null : iso(completedAt), String(1 + steps.length), createdBy, updatedBy, iso(createdAt), iso(at),
    ]);
  }
  return last;
}
