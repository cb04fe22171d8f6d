import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { Auth, AuthOnRecord } from '../common/decorators/access.decorators';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { PageDto } from '../common/http/pagination';
import { UuidParam } from '../common/http/uuid-param';
import { ATTACHMENT_TYPES } from './attachment-type';
import { CreateEvidenceDto, EvidenceDto, EvidenceListQueryDto } from './dto/evidence.dto';
import { EvidenceService } from './evidence.service';
import { readUpload, UPLOAD_FIELD } from './upload';

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get('recommendations/:id/evidence')
  @Auth('viewer')
  @ApiOperation({ summary: 'Evidence of a recommendation, latest first by default' })
  @ApiOkResponse({ type: PageDto(EvidenceDto) })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: EvidenceListQueryDto) {
    return this.evidence.list(user, id, q);
  }

  @Post('recommendations/:id/evidence')
  @HttpCode(201)
  @AuthOnRecord('staffer')
  @ApiOperation({ summary: 'Record evidence: something that happened and bears on the recommendation' })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateEvidenceDto) {
    return this.evidence.create(user, id, dto);
  }

  @Get('evidence/:id')
  @Auth('viewer')
  @ApiOperation({ summary: 'One evidence item' })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.evidence.get(user, id);
  }

  @Delete('evidence/:id')
  @HttpCode(204)
  @AuthOnRecord('director')
  @ApiOperation({ summary: 'Delete (soft): gone from lists and counts, kept in the audit log and in the history that cites it' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.evidence.remove(user, id);
  }

  @Put('evidence/:id/attachment')
  @AuthOnRecord('staffer')
  @ApiOperation({
    summary: 'Attach a file (replacing any earlier one)',
    description: `multipart/form-data with the file in the field "${UPLOAD_FIELD}", at most 10 MiB. The type is decided from the bytes: ${ATTACHMENT_TYPES.join(', ')}.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [UPLOAD_FIELD], properties: { [UPLOAD_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ description: 'Over 10 MiB', type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart, or a file of a type not allowed', type: ErrorResponseDto })
  async attach(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Req() req: FastifyRequest) {
    // Who may attach is settled before the body is read, so a refused upload is never buffered.
    await this.evidence.checkCanAttach(user, id);
    return this.evidence.attach(user, id, await readUpload(req));
  }

  @Get('evidence/:id/attachment')
  @Auth('viewer')
  @ApiOperation({ summary: 'Download the attached file: its exact bytes, as an attachment' })
  @ApiProduces(...ATTACHMENT_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such evidence, or it has no attachment', type: ErrorResponseDto })
  async download(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.evidence.attachment(user, id);
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Length', String(file.size))
      .header('Content-Disposition', contentDisposition(file.filename))
      .header('ETag', `"${file.sha256}"`)
      .header('Cache-Control', 'private, no-store')
      .send(file.data);
  }
}
