import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { Auth, AuthOnRecord } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { CreateSavedReportDto, SavedReportDto, SavedReportListQueryDto } from './dto/saved-report.dto';
import { REPORT_CONTENT_TYPES } from './reports.service';
import { SavedReportsService } from './saved-reports.service';

const NOT_FOUND = { description: 'No such saved report, or not one of your offices’ (an all-offices report is an admin’s)', type: ErrorResponseDto };

@ApiTags('reports')
@Controller('reports/saved')
export class SavedReportsController {
  constructor(private readonly saved: SavedReportsService) {}

  @Post()
  @HttpCode(201)
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Make a report and keep it: its bytes, parameters and SHA-256',
    description:
      'The body takes the parameters of GET /reports/oversight-status (officeId, policyArea, asOf, since, format) and an optional title. ' +
      'The report is made now, stored as made, and can be downloaded later unchanged. Saved reports are never changed or deleted.',
  })
  @ApiCreatedResponse({ type: SavedReportDto })
  @ApiBadRequestResponse({ description: 'A malformed parameter, since after asOf, or no officeId from a non-admin', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such office, or not one of yours', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'The report is over 50 MiB', type: ErrorResponseDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateSavedReportDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.saved.create(user, dto);
    reply.header('Location', report.contentUrl.replace(/\/content$/, ''));
    return report;
  }

  @Get()
  @Auth('viewer')
  @ApiOperation({ summary: 'Saved reports of your offices, newest first (admins: every office, and the all-offices reports)' })
  @ApiOkResponse({ type: PageDto(SavedReportDto) })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'officeId is not one of your offices', type: ErrorResponseDto })
  list(@CurrentUser() user: AuthUser, @Query() q: SavedReportListQueryDto) {
    return this.saved.list(user, q);
  }

  @Get(':id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One saved report: its parameters, size, SHA-256 and who made it' })
  @ApiOkResponse({ type: SavedReportDto })
  @ApiBadRequestResponse({ description: 'Malformed id', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.saved.get(user, id);
  }

  @Get(':id/content')
  @Auth('viewer')
  @ApiOperation({ summary: 'The stored bytes, exactly as they were made, with their SHA-256 as ETag and Repr-Digest' })
  @ApiProduces(...Object.values(REPORT_CONTENT_TYPES))
  @ApiOkResponse({ description: 'The report file', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'Malformed id', type: ErrorResponseDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async content(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { report, bytes } = await this.saved.content(user, id);
    await reply
      .header('Content-Type', report.contentType)
      .header('Content-Length', String(bytes.length))
      .header('Content-Disposition', contentDisposition(report.filename))
      .header('ETag', `"${report.sha256}"`)
      // RFC 9530: the digest of the representation, so a client can check what it received.
      .header('Repr-Digest', `sha-256=:${Buffer.from(report.sha256, 'hex').toString('base64')}:`)
      .header('Cache-Control', 'private, no-store')
      .send(bytes);
  }
}
