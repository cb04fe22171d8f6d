/** A follow-up is "due soon" when its due date is today or within this many days after today. */
export const DUE_SOON_DAYS = 2;

/**
 * SQL for "today" in the time zone of the office row aliased `officeAlias`: overdue and due-soon are
 * judged on the office's calendar, not the server's or UTC.
 */
export function officeTodaySql(officeAlias: string): string {
  return `(now() AT TIME ZONE ${officeAlias}.time_zone)::date`;
}
