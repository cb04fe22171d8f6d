import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BusinessRuleException } from '../../common/http/domain-exceptions';
import { toErrorBody } from '../../common/http/error-body';
import { requestIdOf } from '../../common/http/request-id';
import type { ImportRowDto, ImportSummaryDto } from './dto/csv.dto';

/** 422: an import was not applied because some row has errors; carries every row's report. */
export class ImportFailedException extends BusinessRuleException {
  constructor(
    message: string,
    readonly summary: ImportSummaryDto,
    readonly rows: ImportRowDto[],
  ) {
    super(message);
  }
}

/** The one error shape, extended with the summary and per-row report of a refused import. */
@Catch(ImportFailedException)
export class ImportFailedFilter implements ExceptionFilter {
  catch(exception: ImportFailedException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = { ...toErrorBody(exception, requestIdOf(request.raw)), summary: exception.summary, rows: exception.rows };
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
