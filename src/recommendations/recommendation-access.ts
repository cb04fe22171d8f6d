import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { canSeeOffice } from '../offices/office-access';
import type { Recommendation } from './recommendation.entity';

/** What the writes that hang off a recommendation need to know of it. */
export type VisibleRecommendation = Pick<Recommendation, 'id' | 'officeId' | 'reference' | 'status' | 'version'>;

/**
 * Loads a live (not deleted) recommendation the user may see, or answers 404 — the same answer for
 * "does not exist", "deleted" and "another office's", so nothing leaks. With `lock`, the row is locked
 * for the rest of the transaction (writes that hang off a recommendation: evidence, comments …).
 * Plain SQL rather than the ORM's findOne: every write on a recommendation starts here, and building
 * that query cost more CPU than running it (docs/PERFORMANCE.md).
 */
export async function findVisibleRecommendation(
  m: EntityManager,
  user: AuthUser,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<VisibleRecommendation> {
  const rows = (await m.query(
    `SELECT id, office_id AS "officeId", reference, status, version FROM recommendations
      WHERE id = $1 AND deleted_at IS NULL${opts.lock ? ' FOR UPDATE' : ''}`,
    [id],
  )) as VisibleRecommendation[];
  const rec = rows[0];
  if (!rec || !canSeeOffice(user, rec.officeId)) throw new EntityNotFoundException('Recommendation');
  return rec;
}
