import { registerDecorator, ValidationOptions } from 'class-validator';

export const DEFAULT_TIME_ZONE = 'America/New_York';

export const TIME_ZONE_MESSAGE = 'timeZone must be an IANA time zone name, such as America/New_York or UTC';

/**
 * `Area/Location` names only (plus `UTC`). Offsets such as `+05:00` and POSIX strings are refused:
 * PostgreSQL reads `+05:00` with the sign inverted (POSIX), so it would silently shift every date.
 */
const IANA_NAME = /^(?:UTC|[A-Z][A-Za-z_-]*(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/**
 * A first, cheap judgement of a time zone name: shaped like an IANA name and known to the runtime's
 * ICU. PostgreSQL has the last word (OfficesService checks `pg_timezone_names`), since it is the one
 * that computes "today" for an office.
 */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64 || !IANA_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an IANA time zone name, such as America/New_York or UTC`, ...options },
      validator: { validate: isIanaTimeZone },
    });
}
