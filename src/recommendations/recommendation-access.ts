import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { canSeeOffice } from '../offices/office-access';
import { Recommendation } from './recommendation.entity';

/**
 * Loads a live (not deleted) recommendation the user may see, or answers 404 — the same answer for
 * "does not exist", "deleted" and "another office's", so nothing leaks. With `lock`, the row is locked
 * for the rest of the transaction (writes that hang off a recommendation: evidence, comments …).
 */
export async function findVisibleRecommendation(
  m: EntityManager,
  user: AuthUser,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<Recommendation> {
  const rec = await m.findOne(Recommendation, {
    where: { id },
    ...(opts.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!rec || rec.deletedAt !== null || !canSeeOffice(user, rec.officeId)) {
    throw new EntityNotFoundException('Recommendation');
  }
  return rec;
}
