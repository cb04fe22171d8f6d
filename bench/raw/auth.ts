import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import type { AuthUser } from '../../src/auth/auth-user';

/**
 * The caller reload of src/auth/jwt.strategy.ts, word for word: the service runs it on every
 * authenticated request, so the baseline does too (keep the two in step; the bench compares the
 * statement counts of both and warns when they differ).
 */
const CALLER_SQL = `SELECT u.id, u.email, u.name, u.role,
              COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
                       FILTER (WHERE o.id IS NOT NULL), '[]') AS offices
         FROM users u
         JOIN auth_sessions s ON s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL
         LEFT JOIN user_offices uo ON uo.user_id = u.id
         LEFT JOIN offices o ON o.id = uo.office_id
        WHERE u.id = $1 AND u.active
        GROUP BY u.id`;

/** An HS256 access token checked by hand: signature, expiry, type. */
function verify(token: string, secret: string): { sub: string; sid: string } | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string }).alg;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: string; sid?: string; typ?: string; exp?: number };
  if (alg !== 'HS256' || claims.typ !== 'access' || !claims.sub || !claims.sid) return undefined;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) return undefined;
  return { sub: claims.sub, sid: claims.sid };
}

export async function authenticate(pool: Pool, req: IncomingMessage, secret: string): Promise<AuthUser | undefined> {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  const claims = verify(header.slice(7), secret);
  if (!claims) return undefined;
  const { rows } = await pool.query<Omit<AuthUser, 'active' | 'sessionId'>>(CALLER_SQL, [claims.sub, claims.sid]);
  return rows[0] ? { ...rows[0], active: true, sessionId: claims.sid } : undefined;
}
