import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { Role } from '../users/role';
import type { AuthUser } from './auth-user';

export interface AccessTokenPayload {
  sub: string;
  sid: string;
  typ: 'access';
}

interface CallerRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  offices: { id: string; name: string }[];
}

/**
 * Verifies the access token (HS256 only, expiry enforced), then reloads the caller in one query: an
 * inactive user, a revoked session or a changed role takes effect on the very next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(AppConfig) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.JWT_SECRET!,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: Partial<AccessTokenPayload>): Promise<AuthUser | false> {
    if (payload.typ !== 'access' || !isUUID(payload.sub ?? '') || !isUUID(payload.sid ?? '')) return false;
    const rows = (await this.db.query(
      `SELECT u.id, u.email, u.name, u.role,
              COALESCE(json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name)
                       FILTER (WHERE o.id IS NOT NULL), '[]') AS offices
         FROM users u
         JOIN auth_sessions s ON s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL
         LEFT JOIN user_offices uo ON uo.user_id = u.id
         LEFT JOIN offices o ON o.id = uo.office_id
        WHERE u.id = $1 AND u.active
        GROUP BY u.id`,
      [payload.sub!, payload.sid!],
    )) as CallerRow[];
    const row = rows[0];
    if (!row) return false;
    return { ...row, active: true, sessionId: payload.sid! };
  }
}
