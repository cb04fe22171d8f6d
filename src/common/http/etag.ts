import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorResponseDto } from './error-response.dto';

/** `ETag` value for a version: a strong, quoted tag. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads the version a client says it edits from `If-Match`: missing → 428, not one of our tags → 412
 * (it cannot match any version). `W/"3"` is accepted as "3".
 */
export function versionFromIfMatch(header: string | string[] | undefined): number {
  if (header === undefined || header === '') {
    throw new HttpException('If-Match is required: send the ETag of your last read', HttpStatus.PRECONDITION_REQUIRED);
  }
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (!match) throw new PreconditionFailedException();
  return Number(match[1]);
}

/** 412: the record changed since the client read it. */
export class PreconditionFailedException extends HttpException {
  constructor() {
    super('The record has changed since you read it: reload it and try again', HttpStatus.PRECONDITION_FAILED);
  }
}

/** Sends the resource's version as its `ETag` and answers the resource. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  void reply.header('ETag', etagOf(resource.version));
  return resource;
}

/** OpenAPI: the `ETag` header of a response carrying a versioned resource. */
export const ETAG_RESPONSE_HEADER = { ETag: { description: 'The version, quoted', schema: { type: 'string' } } };

/** OpenAPI: the `If-Match` header an edit of `what` requires. */
export function ifMatchHeader(what: string) {
  return { name: 'If-Match', required: true, description: `The ETag of your last read of this ${what}` };
}

/** OpenAPI: the 428 an edit answers without `If-Match`. */
export const PRECONDITION_REQUIRED_RESPONSE = { status: 428, description: 'If-Match is missing', type: ErrorResponseDto };
