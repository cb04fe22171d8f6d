import { CLOSED_STATUSES, EVIDENCE_REQUIRED_STATUSES, RecommendationStatus } from '../../src/recommendations/recommendation-status';
import { draftEvidence, writeEvidence, writeFollowUps } from './activity';
import { audit, between, BatchRows } from './batch';
import { iso, isoDate, textArray, uuidArray } from './copy';
import { DAY, OfficePlan, YEARS } from './plan';
import type { Random } from './random';
import { ADDRESSEES, AREAS, recommendationText, STATUS_REASONS } from './vocabulary';

export interface RecommendationInput {
  office: OfficePlan;
  area: string;
  reference: string;
  sourceId: string;
  sourceLocator: string;
  parentId: string | null;
  createdAt: number;
  /** Only a recommendation without sub-recommendations may be deleted. */
  deletable: boolean;
}

const PRIORITY = { high: 25, medium: 50, low: 25 };
const isClosed = (s: RecommendationStatus) => CLOSED_STATUSES.includes(s);

/** The statuses a recommendation went through to reach `target`, from open. */
function pathTo(rng: Random, target: RecommendationStatus): RecommendationStatus[] {
  switch (target) {
    case 'open':
      return [];
    case 'in_progress':
      return ['in_progress'];
    case 'partially_implemented':
      return ['in_progress', 'partially_implemented'];
    case 'implemented':
      if (rng.chance(0.05)) return ['in_progress', 'implemented', 'in_progress', 'implemented'];
      return rng.chance(0.5) ? ['in_progress', 'partially_implemented', 'implemented'] : ['in_progress', 'implemented'];
    case 'not_implemented':
      return rng.chance(0.6) ? ['in_progress', 'not_implemented'] : ['not_implemented'];
    case 'withdrawn':
      return rng.chance(0.7) ? ['withdrawn'] : ['in_progress', 'withdrawn'];
  }
}

/** Older recommendations have had time to move on: fewer are open, more closed. */
function targetStatus(rng: Random, age: number): RecommendationStatus {
  const a = Math.min(1, Math.max(0, age / (YEARS * 365 * DAY)));
  return rng.weighted({
    open: 0.45 * (1 - a) + 0.06,
    in_progress: 0.3,
    partially_implemented: 0.15,
    implemented: 0.22 * a + 0.03,
    not_implemented: 0.1 * a + 0.02,
    withdrawn: 0.07,
  });
}

type Auditable = Record<string, unknown> & { ownerIds: string[]; tags: string[]; priority: string; targetDate: string | null };

/**
 * One recommendation and everything that hangs off it, each row as the application would have
 * written it: status history consistent with the current status and version, evidence cited where
 * the lifecycle needs it, closing and reopening by directors, owners and assignees members of the
 * office, an audit event for every write. Returns its id.
 */
export function writeRecommendation(rng: Random, out: BatchRows, r: RecommendationInput, end: number): string {
  const { office } = r;
  const id = rng.uuid();
  const t0 = r.createdAt;
  const creator = rng.pick(office.actors);
  const addressees = rng.sample(ADDRESSEES, rng.chance(0.5) ? 1 : rng.chance(0.7) ? 2 : 3);
  const { title, text } = recommendationText(rng, AREAS[r.area], addressees);
  const state: Auditable = {
    reference: r.reference,
    title,
    text,
    policyArea: r.area,
    priority: rng.weighted(PRIORITY),
    addressees,
    ownerIds: rng.sample(office.members, rng.int(1, 3)).sort(),
    status: 'open',
    sourceId: r.sourceId,
    sourceLocator: r.sourceLocator,
    parentId: r.parentId,
    targetDate: rng.chance(0.6) ? isoDate(t0 + rng.int(90, 720) * DAY) : null,
    tags: rng.sample(AREAS[r.area].tags, rng.int(0, 3)),
  };
  audit(rng, out, { at: t0, actorId: creator, action: 'recommendation.create', entityType: 'recommendation', entityId: id, officeId: office.id, before: null, after: { ...state } });

  // The status history: change times in order over the recommendation's life.
  const path = pathTo(rng, targetStatus(rng, end - t0));
  const times = path.map(() => between(rng, t0 + 3_600_000, end)).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) if (times[i] <= times[i - 1]) times[i] = times[i - 1] + 1;

  // Evidence, at least one item before each change that must cite some.
  const evidence = draftEvidence(rng, office, r.area, t0, end, rng.int(2, 18));
  path.forEach((to, i) => {
    if (EVIDENCE_REQUIRED_STATUSES.includes(to) && !evidence.some((e) => e.at < times[i])) evidence[rng.int(0, evidence.length - 1)].at = between(rng, t0, times[i]);
  });
  evidence.sort((a, b) => a.at - b.at);

  let status: RecommendationStatus = 'open';
  let updatedAt = t0;
  let updatedBy = creator;
  path.forEach((to, i) => {
    const actor = isClosed(status) || isClosed(to) ? rng.pick(office.directors) : rng.pick(office.actors);
    let cited: string[] = [];
    if (EVIDENCE_REQUIRED_STATUSES.includes(to)) {
      const before = evidence.filter((e) => e.at < times[i]);
      const chosen = rng.sample(before, rng.int(1, Math.min(3, before.length)));
      for (const e of chosen) e.cited = true;
      cited = chosen.map((e) => e.id);
    }
    const reason = rng.pick(STATUS_REASONS[to]);
    out.statusChanges.push([rng.uuid(), id, status, to, reason, uuidArray(cited), actor, iso(times[i])]);
    audit(rng, out, {
      at: times[i], actorId: actor, action: 'recommendation.status_change', entityType: 'recommendation', entityId: id, officeId: office.id,
      before: { status }, after: { status: to, reason, evidenceIds: cited },
    });
    status = to;
    updatedAt = times[i];
    updatedBy = actor;
  });
  state.status = status;
  const statusChangedAt = times.length > 0 ? times[times.length - 1] : t0;

  // A quarter of the recommendations had a field edited once.
  let version = 1 + path.length;
  if (rng.chance(0.25)) {
    const at = between(rng, t0, end);
    const actor = rng.pick(office.actors);
    const field = rng.pick(['priority', 'targetDate', 'tags', 'ownerIds'] as const);
    const before = { [field]: state[field] };
    if (field === 'priority') state.priority = rng.pick(['high', 'medium', 'low'].filter((p) => p !== state.priority));
    else if (field === 'targetDate') state.targetDate = isoDate((state.targetDate ? Date.parse(state.targetDate) : at) + rng.int(30, 180) * DAY);
    else if (field === 'tags') state.tags = [...state.tags, ...rng.sample(AREAS[r.area].tags.filter((t) => !state.tags.includes(t)), 1)];
    else state.ownerIds = rng.sample(office.members, rng.int(1, 3)).sort();
    if (JSON.stringify(before[field]) !== JSON.stringify(state[field])) {
      audit(rng, out, { at, actorId: actor, action: 'recommendation.update', entityType: 'recommendation', entityId: id, officeId: office.id, before, after: { [field]: state[field] } });
      version += 1;
      if (at > updatedAt) [updatedAt, updatedBy] = [at, actor];
    }
  }

  writeEvidence(rng, out, office, id, evidence, end);
  const closedAt = isClosed(status) ? statusChangedAt : null;
  const lastFollowUp = writeFollowUps(rng, out, office, r.area, id, t0, closedAt, end, rng.int(1, 9));

  let deletedAt: number | null = null;
  let deletedBy: string | null = null;
  if (r.deletable && rng.chance(0.01)) {
    deletedAt = between(rng, Math.max(updatedAt, lastFollowUp, evidence[evidence.length - 1].at), end);
    deletedBy = rng.pick(office.directors);
    version += 1;
    audit(rng, out, { at: deletedAt, actorId: deletedBy, action: 'recommendation.delete', entityType: 'recommendation', entityId: id, officeId: office.id, before: { ...state }, after: null });
  }

  out.recommendations.push([
    id, office.id, r.reference, title, text, r.area, state.priority, status, iso(statusChangedAt), textArray(addressees), textArray(state.tags),
    r.sourceId, r.sourceLocator, r.parentId, state.targetDate, String(version), creator, updatedBy, iso(t0), iso(updatedAt),
    deletedAt === null ? null : iso(deletedAt), deletedBy,
  ]);
  for (const owner of state.ownerIds) out.owners.push([id, owner]);
  return id;
}
