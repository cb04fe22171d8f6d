import { ExecutionContext, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { AuthUser } from '../../auth/auth-user';
import { Role, roleAtLeast } from '../../users/role';
import { IS_PUBLIC, MIN_ROLE } from '../decorators/access.decorators';

/**
 * The global gate: a route is open only by `@Public()`; otherwise it needs a valid access token and
 * the role named by `@Auth(...)`. A route that declares neither is refused, so a forgotten
 * declaration fails closed (and the route-walking spec catches it before it ships).
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const minRole = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, targets);
    if (!minRole) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} declares no access; refused`);
      throw new ForbiddenException('This route is not available');
    }
    await super.canActivate(context);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (!roleAtLeast(user.role, minRole)) {
      throw new ForbiddenException(`This action needs role ${minRole} or above`);
    }
    return true;
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    if (err) throw err;
    if (!user) throw new UnauthorizedException('Missing, invalid or expired access token');
    return user;
  }
}

