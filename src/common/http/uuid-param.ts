import { ParseUUIDPipe } from '@nestjs/common';

/** A path id must be a UUID: a malformed one answers 400, a well-formed unknown one 404 (in the service). */
export const UuidParam = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 });
