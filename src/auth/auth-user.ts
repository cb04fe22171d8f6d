import type { Role } from '../users/role';

/** The caller of a request, loaded fresh from the database for every request. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  offices: { id: string; name: string }[];
  /** The login session the access token belongs to. */
  sessionId: string;
}
