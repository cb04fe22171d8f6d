import type { Role } from '../../src/users/role';
import { isoDate } from './copy';
import type { Random } from './random';
import { AREAS, AUTHORS, FIRST_NAMES, LAST_NAMES } from './vocabulary';

export const DAY = 86_400_000;
export const SYNTHETIC_EMAIL_DOMAIN = 'synthetic.example.org';
export const SYNTHETIC_OFFICE_PREFIX = 'Synthetic office ';
const TIME_ZONES = ['America/New_York', 'America/New_York', 'America/Chicago', 'America/New_York', 'America/Los_Angeles', 'America/Denver'];
const SOURCE_KINDS = { brief: 50, report: 25, hearing: 12, analysis: 10, other: 3 };
const SOURCE_LABELS: Record<keyof typeof SOURCE_KINDS, string> = {
  brief: 'Policy brief',
  report: 'Report',
  hearing: 'Hearing record',
  analysis: 'Analysis',
  other: 'Staff memo',
};

export interface OfficePlan {
  id: string;
  name: string;
  code: string;
  timeZone: string;
  createdAt: number;
  /** Active members who may write (staffers, directors, admins). */
  actors: string[];
  /** Members who may close and reopen (directors, admins). */
  directors: string[];
  /** Every member, viewers included: they may own recommendations. */
  members: string[];
}

export interface UserPlan {
  id: string;
  email: string;
  name: string;
  role: Role;
  officeIds: string[];
  createdAt: number;
}

export interface SourcePlan {
  id: string;
  title: string;
  author: string;
  publishedOn: string;
  url: string | null;
  kind: keyof typeof SOURCE_KINDS;
  createdBy: string;
  createdAt: number;
}

/** Recommendations that came out of one source document: top-level items, each with its sub-items. */
export interface GroupPlan {
  office: number;
  area: string;
  at: number;
  source: SourcePlan;
  /** Per top-level recommendation: its reference and how many sub-recommendations it has. */
  tops: { reference: string; subs: number }[];
}

export interface CohortPlan {
  offices: OfficePlan[];
  users: UserPlan[];
  groups: GroupPlan[];
}

export interface CohortShape {
  recommendations: number;
  offices: number;
  users: number;
  /** Numbering continues after the synthetic offices and users already in the database. */
  firstOfficeNumber: number;
  firstUserNumber: number;
  /** Everything happens in the four years before this instant. */
  end: number;
}

export const YEARS = 4;

/** Offices, their members, and the recommendations' groups in time order, references numbered per office and year. */
export function planCohort(rng: Random, shape: CohortShape): CohortPlan {
  const start = shape.end - YEARS * 365 * DAY;
  const offices: OfficePlan[] = Array.from({ length: shape.offices }, (_, i) => {
    const n = shape.firstOfficeNumber + i;
    return { id: rng.uuid(), name: `${SYNTHETIC_OFFICE_PREFIX}${n}`, code: `S${n}`, timeZone: TIME_ZONES[i % TIME_ZONES.length], createdAt: start - rng.int(40, 60) * DAY, actors: [], directors: [], members: [] };
  });
  const users = planUsers(rng, shape, offices, start);

  const areas = Object.keys(AREAS);
  // Some offices are busier than others.
  const weights = offices.map(() => 0.6 + rng.next() * 0.8);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const groups: Omit<GroupPlan, 'tops'>[] = [];
  const sizes: number[][] = [];
  let remaining = shape.recommendations;
  while (remaining > 0) {
    const subsPerTop: number[] = [];
    for (let t = rng.int(1, 6); t > 0 && remaining > 0; t--) {
      remaining -= 1;
      const subs = Math.min(remaining, rng.chance(0.25) ? rng.int(1, 3) : 0);
      remaining -= subs;
      subsPerTop.push(subs);
    }
    let r = rng.next() * totalWeight;
    let office = 0;
    while (office < offices.length - 1 && (r -= weights[office]) >= 0) office++;
    const at = start + Math.floor(rng.next() * (shape.end - start - 2 * DAY));
    const o = offices[office];
    const publishedAt = at - rng.int(0, 45) * DAY;
    const area = rng.pick(areas);
    const kind = rng.weighted(SOURCE_KINDS);
    const subject = rng.pick(AREAS[area].subjects);
    const source: SourcePlan = {
      id: rng.uuid(),
      title: `${SOURCE_LABELS[kind]}: ${subject[0].toUpperCase()}${subject.slice(1)} ${rng.pick(AREAS[area].qualifiers)}`,
      author: rng.pick(AUTHORS),
      publishedOn: isoDate(publishedAt),
      url: rng.chance(0.7) ? `https://example.org/sources/${isoDate(publishedAt)}/${rng.int(1000, 9999)}` : null,
      kind,
      createdBy: rng.pick(o.actors),
      createdAt: at - rng.int(1, 72) * 3_600_000,
    };
    groups.push({ office, area, at, source });
    sizes.push(subsPerTop);
  }

  const order = groups.map((_, i) => i).sort((a, b) => groups[a].at - groups[b].at);
  const counters = new Map<string, number>();
  const planned = order.map((i): GroupPlan => {
    const g = groups[i];
    const year = new Date(g.at).getUTCFullYear();
    const key = `${g.office}:${year}`;
    const tops = sizes[i].map((subs) => {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return { reference: `${offices[g.office].code}-${year}-${n}`, subs };
    });
    return { ...g, tops };
  });
  return { offices, users, groups: planned };
}

/**
 * Users go round the offices; in each office the first is a director (the cohort's very first user
 * is an admin instead, and the next one in that office its director), about a fifth are viewers and
 * the rest staffers, a tenth of whom also belong to the next office.
 */
function planUsers(rng: Random, shape: CohortShape, offices: OfficePlan[], start: number): UserPlan[] {
  const users: UserPlan[] = [];
  const seen = offices.map(() => 0);
  for (let k = 0; k < shape.users; k++) {
    const home = k % offices.length;
    const j = seen[home]++;
    let role: Role;
    if (k === 0) role = 'admin';
    else if (j === 0 || (home === 0 && j === 1) || (j === 1 && shape.users / offices.length >= 8)) role = 'director';
    else role = rng.chance(0.2) ? 'viewer' : 'staffer';
    const officeIds = [offices[home].id];
    if (role === 'staffer' && offices.length > 1 && rng.chance(0.1)) officeIds.push(offices[(home + 1) % offices.length].id);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const number = shape.firstUserNumber + k;
    const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
    const user: UserPlan = {
      id: rng.uuid(),
      email: `${ascii(first)}.${ascii(last)}.${number}@${SYNTHETIC_EMAIL_DOMAIN}`,
      name: `${first} ${last}`,
      role,
      officeIds,
      createdAt: start - rng.int(5, 30) * DAY,
    };
    users.push(user);
    for (const id of officeIds) {
      const o = offices.find((x) => x.id === id)!;
      o.members.push(user.id);
      if (role !== 'viewer') o.actors.push(user.id);
      if (role === 'director' || role === 'admin') o.directors.push(user.id);
    }
  }
  return users;
}
