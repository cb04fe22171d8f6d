import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BusinessRuleException } from '../common/http/domain-exceptions';
import { toErrorBody } from '../common/http/error-body';
import { requestIdOf } from '../common/http/request-id';
import type { BulkItemCheckDto } from './dto/bulk.dto';

/** 422: a bulk change was rolled back because some item failed; carries every item's result. */
export class BulkFailedException extends BusinessRuleException {
  constructor(
    message: string,
    readonly results: BulkItemCheckDto[],
  ) {
    super(message);
  }
}

/** The one error shape, extended with the per-item `results` of a rolled-back bulk change. */
@Catch(BulkFailedException)
export class BulkFailedFilter implements ExceptionFilter {
  catch(exception: BulkFailedException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = { ...toErrorBody(exception, requestIdOf(request.raw)), results: exception.results };
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
