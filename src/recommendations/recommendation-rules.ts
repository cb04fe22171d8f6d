import type { EntityManager } from 'typeorm';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException } from '../common/http/domain-exceptions';
import { Role, roleAtLeast } from '../users/role';

/** The role table of PRODUCT.md, checked in the services (the guard is only the coarse gate). */
export function requireRole(user: AuthUser, minimum: Role, action: string): void {
  if (!roleAtLeast(user.role, minimum)) throw new ForbiddenException(`${action} needs role ${minimum} or above`);
}

/** Owners must be active members of the recommendation's office. */
export async function checkOwners(m: EntityManager, officeId: string, ownerIds: string[]): Promise<void> {
  if (ownerIds.length === 0) return;
  const rows = (await m.query(
    `SELECT u.id FROM users u JOIN user_offices uo ON uo.user_id = u.id AND uo.office_id = $1
      WHERE u.id = ANY($2::uuid[]) AND u.active`,
    [officeId, ownerIds],
  )) as { id: string }[];
  const members = new Set(rows.map((r) => r.id));
  const outsiders = ownerIds.filter((id) => !members.has(id));
  if (outsiders.length > 0) {
    throw new BusinessRuleException(`Owners must be active members of the office; not: ${outsiders.join(', ')}`);
  }
}

export async function checkPolicyArea(m: EntityManager, code: string): Promise<void> {
  const rows = (await m.query('SELECT 1 FROM policy_areas WHERE code = $1', [code])) as unknown[];
  if (rows.length === 0) throw new BadRequestException(`policyArea ${code} is not a policy area code (see GET /policy-areas)`);
}

export async function checkSource(m: EntityManager, sourceId: string | null | undefined): Promise<void> {
  if (!sourceId) return;
  const rows = (await m.query('SELECT 1 FROM source_documents WHERE id = $1', [sourceId])) as unknown[];
  if (rows.length === 0) throw new BusinessRuleException(`Source ${sourceId} does not exist`);
}

/**
 * A parent must be a live recommendation of the same office, and may not be the recommendation
 * itself or one of its descendants (no cycles).
 */
export async function checkParent(m: EntityManager, officeId: string, parentId: string | null | undefined, selfId?: string): Promise<void> {
  if (!parentId) return;
  if (parentId === selfId) throw new BusinessRuleException('A recommendation cannot be its own parent');
  const rows = (await m.query('SELECT office_id FROM recommendations WHERE id = $1 AND deleted_at IS NULL', [parentId])) as { office_id: string }[];
  if (rows.length === 0 || rows[0].office_id !== officeId) {
    throw new BusinessRuleException('The parent must be a recommendation of the same office');
  }
  if (selfId) {
    const cycle = (await m.query(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM recommendations WHERE id = $1
         UNION ALL
         SELECT r.id, r.parent_id FROM recommendations r JOIN up ON r.id = up.parent_id
       ) CYCLE id SET is_cycle USING path
       SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
      [parentId, selfId],
    )) as unknown[];
    if (cycle.length > 0) throw new BusinessRuleException('The parent cannot be one of this recommendation\'s sub-recommendations');
  }
}
