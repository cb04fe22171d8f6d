import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';

/**
 * Office visibility, the rule every feature applies before anything else: admins see every office;
 * everyone else only the offices they belong to. Another office's record answers 404, so its
 * existence does not leak.
 */
export function canSeeOffice(user: AuthUser, officeId: string): boolean {
  return user.role === 'admin' || user.offices.some((o) => o.id === officeId);
}

/** Throws the 404 of `entity` unless the user may see `officeId`. */
export function requireOfficeVisible(user: AuthUser, officeId: string, entity = 'Office'): void {
  if (!canSeeOffice(user, officeId)) throw new EntityNotFoundException(entity);
}

/** The office ids a list must be restricted to; `undefined` means all (admins). */
export function visibleOfficeIds(user: AuthUser): string[] | undefined {
  return user.role === 'admin' ? undefined : user.offices.map((o) => o.id);
}
