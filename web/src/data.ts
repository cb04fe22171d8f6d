/** Reference data every screen needs, fetched once per sign-in. */
import { get } from './api';
import { atLeast } from './rules';
import type { FollowUp, Office, Page, PolicyArea, Recommendation, Ref, Source, User } from './types';

const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load().catch((e: unknown) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, hit);
  }
  return hit;
}

/** After a sign-in, a sign-out, or a change (an admin adding an office) that makes the copy stale. */
export function forget(key?: string): void {
  if (key) cache.delete(key);
  else cache.clear();
}

/** Every page of a list (they are small: offices, sources, users), 100 at a time. */
async function allOf<T>(path: string, query: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= 50; page++) {
    const p = await get<Page<T>>(path, { ...query, page, pageSize: 100 });
    items.push(...p.items);
    if (items.length >= p.total || p.items.length === 0) break;
  }
  return items;
}

export const policyAreas = () => once('policy-areas', () => get<PolicyArea[]>('/policy-areas'));
/** The offices this user sees (every office, for an admin). */
export const offices = () => once('offices', () => allOf<Office>('/offices', { sort: 'name' }));
export const sources = () => once('sources', () => allOf<Source>('/sources', { sort: 'title' }));
export const users = () => once('users', () => allOf<User>('/users'));

export function areaName(areas: PolicyArea[] | undefined, code: string): string {
  return areas?.find((a) => a.code === code)?.name ?? code;
}

/**
 * People of an office to pick as owners or assignees. Admins read the user list. The API gives other
 * roles no member list, so they get the people the office's records name: themselves, the owners of
 * its recommendations, and whoever gave or holds its follow-ups.
 */
export function officePeople(user: User, officeId: string): Promise<Ref[]> {
  return once(`people:${officeId}`, async () => {
    const people = new Map<string, Ref>();
    if (atLeast(user, 'admin')) {
      for (const u of await users()) if (u.active && u.offices.some((o) => o.id === officeId)) people.set(u.id, { id: u.id, name: u.name });
    } else {
      if (user.offices.some((o) => o.id === officeId)) people.set(user.id, { id: user.id, name: user.name });
      const [recs, followUps] = await Promise.all([
        get<Page<Recommendation>>('/recommendations', { officeId, pageSize: 100, sort: '-updatedAt' }),
        get<Page<FollowUp>>('/follow-ups', { officeId, pageSize: 100, sort: '-updatedAt' }),
      ]);
      for (const r of recs.items) for (const o of r.owners) people.set(o.id, o);
      for (const f of followUps.items) for (const p of [f.assignee, f.assignedBy]) people.set(p.id, p);
    }
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
}
