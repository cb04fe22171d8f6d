import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { pathOfNul } from './text';

/**
 * Whitelisted, unknown fields refused, payloads transformed into their DTO classes. A body that is
 * not a JSON object (null, an array, a bare string) is refused before validation, so no handler ever
 * sees one. A string holding a NUL anywhere in a body or query, which PostgreSQL cannot store, is
 * refused after the field rules, so a field without a text rule of its own is covered too.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDtoBody = metadata.type === 'body' && typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDtoBody && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new BadRequestException('Request body must be a JSON object');
    }
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type === 'body' || metadata.type === 'query') {
      const path = pathOfNul(result);
      if (path) throw new BadRequestException([`${path} must not contain NUL characters`]);
    }
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
