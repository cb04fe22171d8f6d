import type { OutgoingMail } from './notification-mailer';
import type { NotificationKind } from './notification.entity';

/** A pending notification with what its e-mail says about it. */
export interface PendingEmailRow {
  id: string;
  kind: NotificationKind;
  message: string;
  userName: string;
  email: string;
  reference: string | null;
  recommendationTitle: string | null;
  followUpTitle: string | null;
  dueOn: string | null;
}

const SIGNATURE = '\n-- \nOversight tracker\nYou get this because e-mail notifications are on for this tracker.\n';
const SUBJECT_MAX = 150;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function recommendationLine(r: PendingEmailRow): string[] {
  return r.reference ? [`Recommendation: ${r.reference} — ${r.recommendationTitle ?? ''}`] : [];
}

function followUpLines(r: PendingEmailRow): string[] {
  return [...(r.followUpTitle ? [`Follow-up: ${r.followUpTitle}`] : []), ...(r.dueOn ? [`Due: ${r.dueOn}`] : [])];
}

/** One e-mail for one event notification (a follow-up assigned, a status change). */
export function eventEmail(r: PendingEmailRow): OutgoingMail {
  const subject =
    r.kind === 'follow_up_assigned'
      ? `Follow-up assigned to you: ${r.followUpTitle ?? r.reference ?? ''}`
      : `Status change on ${r.reference ?? 'a recommendation you own'}`;
  const text = [`Hello ${r.userName},`, '', r.message, '', ...recommendationLine(r), ...followUpLines(r), SIGNATURE].join('\n');
  return { to: { name: r.userName, address: r.email }, subject: cut(subject, SUBJECT_MAX), text };
}

const DIGEST_SECTIONS: { kind: NotificationKind; heading: string }[] = [
  { kind: 'follow_up_overdue', heading: 'Overdue' },
  { kind: 'follow_up_due_soon', heading: 'Due soon' },
];

/** One digest of one user's reminders (due soon, overdue) of a run. */
export function digestEmail(rows: PendingEmailRow[]): OutgoingMail {
  const [first] = rows;
  // Earliest due first within each section: the order to work through them.
  const byDue = (a: PendingEmailRow, b: PendingEmailRow) => (a.dueOn ?? '').localeCompare(b.dueOn ?? '') || (a.followUpTitle ?? '').localeCompare(b.followUpTitle ?? '');
  const counts = DIGEST_SECTIONS.map((s) => ({ ...s, rows: rows.filter((r) => r.kind === s.kind).sort(byDue) })).filter((s) => s.rows.length > 0);
  const subject = `Follow-up reminders: ${counts.map((s) => `${s.rows.length} ${s.heading.toLowerCase()}`).join(', ')}`;
  const sections = counts.flatMap((s) => [
    `${s.heading}:`,
    ...s.rows.map((r) => `- ${r.reference ?? ''} — ${r.followUpTitle ?? r.message} — due ${r.dueOn ?? ''}`),
    '',
  ]);
  const text = [`Hello ${first.userName},`, '', 'These follow-ups assigned to you need attention:', '', ...sections, SIGNATURE].join('\n');
  return { to: { name: first.userName, address: first.email }, subject, text };
}
