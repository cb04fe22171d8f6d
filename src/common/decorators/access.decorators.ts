import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '../../users/role';
import { ErrorResponseDto } from '../http/error-response.dto';

export const IS_PUBLIC = 'access:public';
export const MIN_ROLE = 'access:minRole';

/** Open to anyone, without a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Needs a valid access token and at least `minRole` (viewer < staffer < director < admin). Office
 * visibility and per-record rules are checked in the services; this is the coarse gate.
 */
export const Auth = (minRole: Role = 'viewer') =>
  applyDecorators(
    SetMetadata(MIN_ROLE, minRole),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No, invalid or expired access token', type: ErrorResponseDto }),
    ...(minRole === 'viewer' ? [] : [ApiForbiddenResponse({ description: `Needs role ${minRole} or above`, type: ErrorResponseDto })]),
  );

/**
 * For routes on one record (or a record's office): any signed-in user passes the guard, and the
 * service checks visibility first (404 for another office's record, whatever the role) and then
 * `minRole` (403). Checking the role in the guard would answer 403 where the contract wants 404.
 */
export const AuthOnRecord = (minRole: Role) =>
  applyDecorators(
    Auth('viewer'),
    ApiForbiddenResponse({ description: `Needs role ${minRole} or above (checked after visibility)`, type: ErrorResponseDto }),
  );
