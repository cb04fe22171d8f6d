import { ForbiddenException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException } from '../common/http/domain-exceptions';
import { requireRole } from '../recommendations/recommendation-rules';

/** The assignee must be able to act on it: an active member of the office, and not a viewer. */
export async function checkAssignee(m: EntityManager, officeId: string, assigneeId: string): Promise<void> {
  const rows = (await m.query(
    `SELECT 1 FROM users u JOIN user_offices uo ON uo.user_id = u.id AND uo.office_id = $1
      WHERE u.id = $2 AND u.active AND u.role <> 'viewer'`,
    [officeId, assigneeId],
  )) as unknown[];
  if (rows.length === 0) {
    throw new BusinessRuleException(`The assignee must be an active member of the office who is not a viewer; ${assigneeId} is not`);
  }
}

/**
 * PRODUCT.md's "update a follow-up": directors and admins any of their offices', a staffer only one
 * assigned to them or created by them, a viewer never.
 */
export function requireCanUpdate(user: AuthUser, followUp: { assigneeId: string; createdBy: string | null }): void {
  requireRole(user, 'staffer', 'Updating a follow-up');
  if (user.role === 'staffer' && followUp.assigneeId !== user.id && followUp.createdBy !== user.id) {
    throw new ForbiddenException('A staffer may update only follow-ups assigned to them or created by them');
  }
}
