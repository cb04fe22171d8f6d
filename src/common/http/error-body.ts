import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { types } from 'node:util';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId: string;
}

const DB_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']);
const DB_UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is not established',
  'Cannot use a pool after calling end',
];

/** True for errors that mean "the database cannot be reached", as opposed to a refused query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  // isNativeError as well: a socket error comes from Node's own realm, which under a VM context (jest)
  // is not this module's Error, and would otherwise be answered 500.
  if (!(err instanceof Error) && !types.isNativeError(err)) return false;
  // TypeORM releases a transaction's connection the moment the connection fails (a terminated
  // backend, say); the transaction's next statement then throws one of these.
  if (err instanceof QueryRunnerAlreadyReleasedError || err instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (DB_UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  const driverError = (err as { driverError?: unknown }).driverError;
  if (driverError && driverError !== err && isDatabaseUnavailable(driverError)) return true;
  return DB_UNAVAILABLE_MESSAGES.some((m) => err.message.includes(m));
}

/** Fastify's own errors (body parsing, content type, size) carry a 4xx statusCode and an FST_ code. */
function fastifyClientError(err: unknown): { status: number; message: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const { statusCode, code } = err as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, message: 'Unsupported Media Type' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, message: 'Request body must not be empty when Content-Type is application/json' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, message: 'Request body is not valid JSON' };
    default:
      // Other framework client errors (malformed JSON, bad headers): keep the status, and a message
      // that cannot carry internals.
      return {
        status: statusCode,
        message: err instanceof SyntaxError ? 'Request body is not valid JSON' : (STATUS_CODES[statusCode] ?? 'Bad request'),
      };
  }
}

const logger = new Logger('Errors');

/**
 * Turns any thrown value into the contract's one error shape. Nothing internal (stack, SQL, paths)
 * reaches the body; unexpected errors are logged with the request id and answered 500.
 */
export function toErrorBody(err: unknown, requestId: string): ErrorBody {
  let status: number;
  let message: string | string[];
  // The Fastify adapter hands Fastify's own 4xx errors (bad JSON, empty body …) over wrapped in an
  // HttpException; the original, with its FST_ code, is the cause.
  const wrapped = err instanceof HttpException ? fastifyClientError(err.cause) : undefined;
  if (wrapped) {
    ({ status, message } = wrapped);
  } else if (err instanceof HttpException) {
    status = err.getStatus();
    const response = err.getResponse();
    if (typeof response === 'string') {
      message = response;
    } else {
      const m = (response as { message?: unknown }).message;
      message = typeof m === 'string' || (Array.isArray(m) && m.every((x) => typeof x === 'string')) ? (m as string | string[]) : err.message;
    }
  } else if (isDatabaseUnavailable(err)) {
    status = HttpStatus.SERVICE_UNAVAILABLE;
    message = 'The database is unavailable; try again shortly';
    logger.warn({ requestId, err: (err as Error).message }, 'database unavailable');
  } else if (err instanceof QueryFailedError && (err as { code?: string }).code === '23505') {
    status = HttpStatus.CONFLICT;
    message = 'A record with the same unique value already exists';
  } else if (err instanceof QueryFailedError && (err as { code?: string }).code === '57014') {
    status = HttpStatus.SERVICE_UNAVAILABLE;
    message = 'The database took too long to answer; try again shortly';
  } else {
    const client = fastifyClientError(err);
    if (client) {
      ({ status, message } = client);
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      message = 'Internal server error';
      logger.error({ requestId, err }, 'unhandled error');
    }
  }
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, requestId };
}
