export const ROLES = ['viewer', 'staffer', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, staffer: 1, director: 2, admin: 3 };

/** True when `role` is `minimum` or above it in viewer < staffer < director < admin. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}
