import { Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../auth/auth-user';
import { Auth, AuthOnRecord } from '../../common/decorators/access.decorators';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../../common/http/error-response.dto';
import { CSV_FILE_FIELD, readCsvBody } from './csv-body';
import { CSV_COLUMNS, MAX_IMPORT_ROWS, REQUIRED_COLUMNS } from './csv-format';
import { ExportCsvQueryDto, ImportCsvQueryDto, ImportFailedResponseDto, ImportResultDto } from './dto/csv.dto';
import { ImportFailedFilter } from './import-failed.exception';
import { RecommendationsCsvExportService } from './recommendations-csv-export.service';
import { RecommendationsCsvImportService } from './recommendations-csv-import.service';

const FORMAT =
  `Columns: ${CSV_COLUMNS.join(', ')}. Lists (addressees, owners, tags) are joined with "; "; owners are e-mail addresses; ` +
  'a cell starting with = + - @, a tab or a carriage return carries a leading single quote so that spreadsheets do not run it as a formula.';

@ApiTags('recommendations')
@Controller('recommendations')
@UseFilters(ImportFailedFilter)
export class RecommendationsCsvController {
  constructor(
    private readonly exporter: RecommendationsCsvExportService,
    private readonly importer: RecommendationsCsvImportService,
  ) {}

  @Get('export.csv')
  @Auth('viewer')
  @ApiOperation({
    summary: "Export an office's recommendations as CSV (UTF-8 with BOM), the list's filters applied",
    description: `${FORMAT} status is informational: an import ignores it. The file name is recommendations-<office>-<office's today>.csv.`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file, as an attachment', schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'No officeId, or an invalid filter', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'The office does not exist or is not yours', type: ErrorResponseDto })
  async export(@CurrentUser() user: AuthUser, @Query() q: ExportCsvQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const file = await this.exporter.export(user, q);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.filename}"`);
    return file.content;
  }

  @Post('import')
  @HttpCode(200)
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Import recommendations from CSV into an office: a dry run (default) reports per row, an apply writes all rows or none',
    description:
      `${FORMAT} The body is the CSV as text/csv, or a file in the multipart field "${CSV_FILE_FIELD}"; UTF-8, at most ${MAX_IMPORT_ROWS} rows. ` +
      `Required columns: ${REQUIRED_COLUMNS.join(', ')}; the others may be left out (a missing column leaves that field as it is). ` +
      'Rows are matched by reference (case-insensitive) within the office: an unknown reference is created (status open), a known one updated ' +
      'when an editable field differs, unchanged otherwise. The status column is ignored: status changes go through the lifecycle. ' +
      'Each row follows the rules of POST/PATCH /recommendations; owners must be active members; parentReference names a recommendation ' +
      'of the office or of the file. An empty targetDate, sourceLocator or parentReference clears it. dryRun=false writes every row in one ' +
      'transaction, each audited as the single routes do; if any row has an error, nothing is written and the answer is 422 with the rows.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ description: 'The CSV file', schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({ description: 'Malformed CSV (with its line), a missing required or an unknown column, or a bad query', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'The office does not exist or is not yours', type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ description: `More than ${MAX_IMPORT_ROWS} rows, or a body over the size limit`, type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither text/csv nor multipart/form-data', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'dryRun=false and some row has an error: nothing was written', type: ImportFailedResponseDto })
  async import(@CurrentUser() user: AuthUser, @Query() q: ImportCsvQueryDto, @Req() req: FastifyRequest): Promise<ImportResultDto> {
    return this.importer.import(user, q, await readCsvBody(req));
  }
}
