import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { Auth } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { OversightQueryDto } from './dto/oversight-query.dto';
import { OversightReportDto } from './dto/oversight-report.dto';
import { REPORT_CONTENT_TYPES, ReportsService } from './reports.service';

/** Every role may read its offices' reports; the office check is the service's (404 for another office's). */
@ApiTags('reports')
@ApiExtraModels(OversightReportDto)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('oversight-status')
  @Auth('viewer')
  @ApiOperation({
    summary: 'The oversight status report as of a date, with the changes since another',
    description:
      'format=json (default) answers inline; csv (one row per recommendation, streamed), md, html (printable, with an SVG status chart) ' +
      'and pdf (letter landscape, the same content and chart) are downloads. ' +
      'Statuses are rebuilt from the status history as of the end of asOf in the office time zone (UTC for all offices).',
  })
  @ApiProduces('application/json', 'text/csv', 'text/markdown', 'text/html', 'application/pdf')
  @ApiOkResponse({
    description: 'The report in the asked format',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(OversightReportDto) } },
      'text/csv': { schema: { type: 'string', description: 'Header row, then one row per recommendation' } },
      'text/markdown': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string', description: 'A standalone page: no script, print stylesheet, inline SVG chart' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiBadRequestResponse({ description: 'A malformed parameter, since after asOf, an unknown format, or no officeId from a non-admin', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such office, or not one of yours', type: ErrorResponseDto })
  async oversightStatus(@CurrentUser() user: AuthUser, @Query() q: OversightQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const report = await this.reports.oversightStatus(user, q);
    reply.header('Content-Type', REPORT_CONTENT_TYPES[report.format]).header('Cache-Control', 'private, no-store');
    if (report.format !== 'json') reply.header('Content-Disposition', contentDisposition(report.filename));
    await reply.send(report.body);
  }
}
