import { audit, BatchRows, emptyBatch } from './batch';
import { CopyRow, iso } from './copy';
import type { CohortPlan, GroupPlan } from './plan';
import type { Random } from './random';
import { writeRecommendation } from './recommendation';
import { AREAS } from './vocabulary';

/** The rows written before any recommendation: offices, users and their memberships, source documents. */
export interface SetupRows {
  offices: CopyRow[];
  users: CopyRow[];
  userOffices: CopyRow[];
  sources: CopyRow[];
  events: BatchRows['events'];
}

export const SETUP_TABLES = {
  offices: { table: 'offices', columns: ['id', 'name', 'time_zone', 'created_at', 'updated_at'] },
  users: { table: 'users', columns: ['id', 'email', 'name', 'role', 'password_hash', 'active', 'created_at', 'updated_at'] },
  userOffices: { table: 'user_offices', columns: ['user_id', 'office_id'] },
  sources: { table: 'source_documents', columns: ['id', 'title', 'author', 'published_on', 'url', 'kind', 'created_by', 'created_at', 'updated_at'] },
} as const;

/**
 * Offices, users (all with the one password hash) and sources, each with the audit event the
 * application records for it: office.create in the office's chain, user.create and source.create
 * in the global chain, by the system as the seeds do (a source by the staffer who filed it).
 */
export function setupRows(rng: Random, plan: CohortPlan, passwordHash: string): SetupRows {
  const out: SetupRows = { offices: [], users: [], userOffices: [], sources: [], events: [] };
  const sink = { ...emptyBatch(), events: out.events };
  for (const o of plan.offices) {
    out.offices.push([o.id, o.name, o.timeZone, iso(o.createdAt), iso(o.createdAt)]);
    audit(rng, sink, { at: o.createdAt, actorId: null, action: 'office.create', entityType: 'office', entityId: o.id, officeId: o.id, before: null, after: { name: o.name, timeZone: o.timeZone } });
  }
  for (const u of plan.users) {
    out.users.push([u.id, u.email, u.name, u.role, passwordHash, 't', iso(u.createdAt), iso(u.createdAt)]);
    for (const officeId of u.officeIds) out.userOffices.push([u.id, officeId]);
    const after = { email: u.email, name: u.name, role: u.role, active: true, officeIds: [...u.officeIds].sort() };
    audit(rng, sink, { at: u.createdAt, actorId: null, action: 'user.create', entityType: 'user', entityId: u.id, officeId: null, before: null, after });
  }
  for (const g of plan.groups) {
    const s = g.source;
    out.sources.push([s.id, s.title, s.author, s.publishedOn, s.url, s.kind, s.createdBy, iso(s.createdAt), iso(s.createdAt)]);
    const after = { title: s.title, author: s.author, publishedOn: s.publishedOn, url: s.url, kind: s.kind };
    audit(rng, sink, { at: s.createdAt, actorId: s.createdBy, action: 'source.create', entityType: 'source', entityId: s.id, officeId: null, before: null, after });
  }
  return out;
}

/** The recommendations of one group: top-level items a few minutes apart, each followed by its sub-items. */
export function writeGroup(rng: Random, out: BatchRows, plan: CohortPlan, g: GroupPlan, end: number): number {
  const office = plan.offices[g.office];
  const areas = Object.keys(AREAS);
  let at = g.at;
  let written = 0;
  g.tops.forEach((top, i) => {
    at += rng.int(1, 20) * 60_000;
    const area = rng.chance(0.8) ? g.area : rng.pick(areas);
    const parentId = writeRecommendation(rng, out, { office, area, reference: top.reference, sourceId: g.source.id, sourceLocator: `Recommendation ${i + 1}`, parentId: null, createdAt: at, deletable: top.subs === 0 }, end);
    written += 1;
    for (let k = 1; k <= top.subs; k++) {
      at += rng.int(1, 10) * 60_000;
      const sub = { office, area, reference: `${top.reference}.${k}`, sourceId: g.source.id, sourceLocator: `Recommendation ${i + 1}, bullet ${k}`, parentId, createdAt: at, deletable: true };
      writeRecommendation(rng, out, sub, end);
      written += 1;
    }
  });
  return written;
}
