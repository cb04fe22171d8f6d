import { registerDecorator, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../common/http/calendar-date';

export const MAX_DIGITS = 15;
export const MAX_DECIMALS = 6;

/**
 * True for a number that PostgreSQL's numeric and a JavaScript number both hold exactly, so what a
 * client sends is what it reads back: at most 15 digits in all (any such decimal survives the trip
 * through a double) and at most 6 after the point. NaN and infinities are not JSON, and fail here too.
 */
export function isExactValue(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  // The shortest decimal that reads back as this number; exponent form only outside the limits.
  const text = String(Math.abs(value));
  if (text.includes('e')) return false;
  const [whole, fraction = ''] = text.split('.');
  return fraction.length <= MAX_DECIMALS && (whole + fraction).replace(/^0+/, '').length <= MAX_DIGITS;
}

export function IsExactValue(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isExactValue',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a JSON number of at most ${MAX_DIGITS} digits, at most ${MAX_DECIMALS} of them after the decimal point`,
        ...options,
      },
      validator: { validate: isExactValue },
    });
}

/**
 * The latest date that is already today somewhere on Earth (UTC+14): an observation dated today in
 * any time zone is accepted, a later one is not.
 */
export function latestTodayOnEarth(now = new Date()): string {
  return new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * A real calendar date no later than today anywhere on Earth. Year 0000 passes the shape check but
 * PostgreSQL has no such year, so it is refused here rather than by the database.
 */
export function IsPastCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPastCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value) && value >= '0001-01-01' && value <= latestTodayOnEarth(),
        defaultMessage: (args) =>
          isCalendarDate(args?.value) && args.value >= '0001-01-01'
            ? `${String(propertyName)} must not be in the future`
            : `${String(propertyName)} must be a date as YYYY-MM-DD`,
      },
    });
}
