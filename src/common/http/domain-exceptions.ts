import { HttpException, HttpStatus, NotFoundException, UnprocessableEntityException } from '@nestjs/common';

/** 404 for a record that does not exist or that the caller may not see: the two are not told apart. */
export class EntityNotFoundException extends NotFoundException {
  constructor(entity: string) {
    super(`${entity} not found`);
  }
}

/** 422: the input is well-formed but a business rule refuses it. */
export class BusinessRuleException extends UnprocessableEntityException {}

/** 409: a unique value is taken. */
export class ConflictValueException extends HttpException {
  constructor(message: string) {
    super(message, HttpStatus.CONFLICT);
  }
}

/** 429 with a Retry-After header, in seconds. */
export class TooManyRequestsException extends HttpException {
  readonly headers: Record<string, string>;

  constructor(message: string, retryAfterSeconds: number) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
    this.headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  }
}
