/**
 * What each role may do (README "Roles"), so the interface offers only what the API would accept and
 * says why the rest is unavailable. The API checks every rule again; these only spare a refusal.
 */
import type { FollowUp, FollowUpStatus, Priority, Role, Status, User } from './types';

const RANK: Record<Role, number> = { viewer: 0, staffer: 1, director: 2, admin: 3 };

export const atLeast = (user: User, role: Role): boolean => RANK[user.role] >= RANK[role];

export const STATUSES: Status[] = ['open', 'in_progress', 'partially_implemented', 'implemented', 'not_implemented', 'withdrawn'];
export const CLOSED: Status[] = ['implemented', 'not_implemented', 'withdrawn'];
export const NEEDS_EVIDENCE: Status[] = ['partially_implemented', 'implemented'];
export const PRIORITIES: Priority[] = ['high', 'medium', 'low'];
export const FOLLOW_UP_STATUSES: FollowUpStatus[] = ['open', 'in_progress', 'done', 'cancelled'];
export const ROLES: Role[] = ['viewer', 'staffer', 'director', 'admin'];
export const EVIDENCE_KINDS = [
  'hearing', 'letter', 'legislation', 'report', 'statement', 'meeting', 'delegation', 'court_ruling', 'agency_action', 'news', 'data', 'other',
];

export const STATUS_LABEL: Record<Status, string> = {
  open: 'Open',
  in_progress: 'In progress',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
  not_implemented: 'Not implemented',
  withdrawn: 'Withdrawn',
};
export const FOLLOW_UP_LABEL: Record<FollowUpStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' };
export const PRIORITY_LABEL: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const ROLE_LABEL: Record<Role, string> = { viewer: 'Viewer', staffer: 'Staffer', director: 'Director', admin: 'Admin' };

/** `court_ruling` → "Court ruling". */
export const humanize = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');

/** Why `user` may not edit recommendations, evidence and comments; null when they may. */
export const whyCannotEdit = (user: User): string | null => (atLeast(user, 'staffer') ? null : 'Viewers can read but not change anything');

/** Why `user` may not delete recommendations or evidence; null when they may. */
export const whyCannotDelete = (user: User): string | null => (atLeast(user, 'director') ? null : 'Deleting needs a director or an admin');

/**
 * Why moving from `from` to `to` would be refused, citing `cited` evidence items; null when it would
 * be accepted. The same checks, in the same order, as the API's status change.
 */
export function whyNotTransition(user: User, from: Status, to: Status, cited: number): string | null {
  if (!atLeast(user, 'staffer')) return 'Viewers cannot change a status';
  if (CLOSED.includes(from) && !atLeast(user, 'director')) return `Reopening a ${STATUS_LABEL[from].toLowerCase()} recommendation needs a director or an admin`;
  if (CLOSED.includes(to) && !atLeast(user, 'director')) return `Closing a recommendation (${STATUS_LABEL[to]}) needs a director or an admin`;
  if (from === to) return `The recommendation is already ${STATUS_LABEL[to].toLowerCase()}`;
  if (NEEDS_EVIDENCE.includes(to) && cited === 0) {
    return `${STATUS_LABEL[to]} needs evidence: cite at least one evidence item of this recommendation (add one first if there is none)`;
  }
  return null;
}

/** Staffers change the follow-ups given to them or by them; directors and admins any. */
export function mayUpdateFollowUp(user: User, f: FollowUp): boolean {
  return atLeast(user, 'director') || (atLeast(user, 'staffer') && (f.assignee.id === user.id || f.assignedBy.id === user.id));
}

/** Today in this browser's time zone, as the API's dates are written. */
export function today(): string {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

export function shiftDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const formatDate = (iso: string | null | undefined): string =>
  iso ? new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' }) : '—';

export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

export const formatBytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);
