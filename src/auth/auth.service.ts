import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { UserDto } from '../users/dto/user.dto';
import { PasswordService } from '../users/password.service';
import { User } from '../users/user.entity';
import { AuthSession } from './auth-session.entity';
import type { AuthUser } from './auth-user';
import { LoginDto, TokenPairDto } from './dto/auth.dto';
import type { AccessTokenPayload } from './jwt.strategy';
import { LoginThrottleService } from './login-throttle.service';
import { RefreshToken } from './refresh-token.entity';

interface RefreshTokenPayload {
  sub: string;
  sid: string;
  jti: string;
  typ: 'refresh';
}

const BAD_CREDENTIALS = 'Invalid email or password';
const BAD_REFRESH = 'Invalid, expired or already used refresh token';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  async login(dto: LoginDto, address: string): Promise<TokenPairDto> {
    const email = dto.email.trim().toLowerCase();
    // 429 when over a limit; otherwise this attempt counts as a failure until it succeeds.
    await this.throttle.reserveAttempt(this.db.manager, email, address);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .leftJoinAndSelect('user.offices', 'office')
      .where('user.email = :email', { email })
      .getOne();
    // Always verify (against a dummy hash for an unknown e-mail), so both failures take as long.
    const passwordMatches = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !passwordMatches || !user.active) {
      await this.db.transaction(async (m) => {
        await this.audit.record(m, {
          actorId: null,
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          after: { email, address, reason: !user ? 'unknown_email' : !passwordMatches ? 'wrong_password' : 'inactive' },
        });
      });
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    return this.db.transaction(async (m) => {
      // Takes back this attempt's failure too.
      await this.throttle.clearAccount(m, email);
      const session = await m.save(m.create(AuthSession, { userId: user.id }));
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        after: { sessionId: session.id, address },
      });
      return this.issue(m, user.id, session.id, UserDto.of(user));
    });
  }

  async refresh(token: string): Promise<TokenPairDto> {
    const payload = await this.verifyRefresh(token);
    const outcome = await this.db.transaction(async (m) => {
      // Spend the token atomically: of two concurrent refreshes with one token, one wins.
      const spent = (await m.query(
        `UPDATE refresh_tokens t SET used_at = now()
           FROM auth_sessions s
          WHERE t.id = $1 AND t.session_id = $2 AND s.id = t.session_id AND s.user_id = $3
            AND t.used_at IS NULL AND t.expires_at > now() AND s.revoked_at IS NULL
          RETURNING t.id`,
        [payload.jti, payload.sid, payload.sub],
      )) as [unknown[], number];
      if (spent[1] === 1) {
        const user = await m.findOne(User, { where: { id: payload.sub, active: true }, relations: { offices: true } });
        if (user) return this.issue(m, user.id, payload.sid, UserDto.of(user));
        return 'inactive' as const;
      }
      const known = await m.findOneBy(RefreshToken, { id: payload.jti, sessionId: payload.sid });
      return known?.usedAt ? ('reused' as const) : ('invalid' as const);
    });
    if (outcome === 'reused') {
      // A spent token presented again means it leaked: end the whole login it came from.
      await this.db.transaction(async (m) => {
        await this.revokeSession(m, payload.sid, 'refresh_reuse');
        await this.audit.record(m, {
          actorId: payload.sub,
          action: 'auth.refresh_reuse',
          entityType: 'user',
          entityId: payload.sub,
          after: { sessionId: payload.sid },
        });
      });
    }
    if (typeof outcome === 'string') throw new UnauthorizedException(BAD_REFRESH);
    return outcome;
  }

  async logout(user: AuthUser, refreshToken: string): Promise<void> {
    const payload = await this.verifyRefresh(refreshToken);
    if (payload.sub !== user.id) throw new UnauthorizedException(BAD_REFRESH);
    await this.db.transaction(async (m) => {
      await this.revokeSession(m, payload.sid, 'logout');
      if (user.sessionId !== payload.sid) await this.revokeSession(m, user.sessionId, 'logout');
      await this.audit.record(m, {
        actorId: user.id,
        action: 'auth.logout',
        entityType: 'user',
        entityId: user.id,
        after: { sessionId: payload.sid },
      });
    });
  }

  private async issue(m: EntityManager, userId: string, sessionId: string, user: UserDto): Promise<TokenPairDto> {
    const jti = randomUUID();
    const refreshTtl = this.config.JWT_REFRESH_TTL_SECONDS;
    await m.insert(RefreshToken, { id: jti, sessionId, expiresAt: new Date(Date.now() + refreshTtl * 1000) });
    const access: AccessTokenPayload = { sub: userId, sid: sessionId, typ: 'access' };
    const refresh: RefreshTokenPayload = { sub: userId, sid: sessionId, jti, typ: 'refresh' };
    const [accessToken, refreshToken] = await Promise.all([
      this.jwt.signAsync(access, { secret: this.config.JWT_SECRET, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, algorithm: 'HS256' }),
      this.jwt.signAsync(refresh, { secret: this.config.JWT_REFRESH_SECRET, expiresIn: refreshTtl, algorithm: 'HS256' }),
    ]);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, user };
  }

  private async verifyRefresh(token: string): Promise<RefreshTokenPayload> {
    let payload: Partial<RefreshTokenPayload>;
    try {
      payload = await this.jwt.verifyAsync<RefreshTokenPayload>(token, { secret: this.config.JWT_REFRESH_SECRET, algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException(BAD_REFRESH);
    }
    if (payload.typ !== 'refresh' || ![payload.sub, payload.sid, payload.jti].every((v) => typeof v === 'string' && isUUID(v))) {
      throw new UnauthorizedException(BAD_REFRESH);
    }
    return payload as RefreshTokenPayload;
  }

  private async revokeSession(m: EntityManager, sessionId: string, reason: string): Promise<void> {
    await m.update(AuthSession, { id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }
}
