import { QueryFailedError } from 'typeorm';

/** True when `err` is PostgreSQL's unique violation (23505), on `constraint` when one is named. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}
