import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { pathOfLoneSurrogate, pathOfNul } from './text';

/** Deeper than any DTO nests (saved-view filters are the deepest, at 3); class-transformer recurses. */
const MAX_DEPTH = 32;

/** True when the value nests objects or arrays deeper than `limit`; never recurses past it. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  return Object.values(value).some((inner) => nestedDeeperThan(inner, limit - 1));
}

/**
 * Whitelisted, unknown fields refused, payloads transformed into their DTO classes. A body that is
 * not a JSON object (null, an array, a bare string) is refused before validation, so no handler ever
 * sees one; nor a body or query nested deeper than MAX_DEPTH, which would overflow the stack. A
 * string holding an unpaired surrogate anywhere in a body or query is refused before the field rules
 * (one of them throws on it), a NUL after them; PostgreSQL can store neither, and a field without a
 * text rule of its own is covered too.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDtoBody = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDtoBody && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException('Request body must be a JSON object');
    }
    const isInput = metadata.type === 'body' || metadata.type === 'query';
    if (isInput && nestedDeeperThan(value, MAX_DEPTH)) throw new BadRequestException(`The ${metadata.type} is nested more than ${MAX_DEPTH} levels deep`);
    // Before the field rules: some of them (validator's isEmail) throw on half a surrogate pair.
    const half = isInput ? pathOfLoneSurrogate(value) : undefined;
    if (half) throw new BadRequestException([`${half} must not contain unpaired surrogates`]);
    const result: unknown = await super.transform(value, metadata);
    const path = isInput ? pathOfNul(result) : undefined;
    if (path) throw new BadRequestException([`${path} must not contain NUL characters`]);
    return result;
  }
}

export function validationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
  });
}
