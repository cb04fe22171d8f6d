import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * True for a real `YYYY-MM-DD` calendar date that a PostgreSQL `date` can hold: 2023-02-30 is not one,
 * and neither is year 0000 (JavaScript has it, PostgreSQL has no year zero).
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000-')) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date as YYYY-MM-DD`, ...options },
      validator: { validate: isCalendarDate },
    });
}
