import { QueryFailedError } from 'typeorm';
import { ConflictValueException } from '../common/http/domain-exceptions';

/** True when `err` is PostgreSQL's unique violation (23505), on `constraint` when one is named. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}

/** Runs `write`; PostgreSQL's unique violation of `constraint` becomes a 409 with `message`. */
export async function conflictOnUnique<T>(constraint: string, message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, constraint)) throw new ConflictValueException(message);
    throw err;
  }
}
