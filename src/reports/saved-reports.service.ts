import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { BusinessRuleException, EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf } from '../common/http/pagination';
import { canSeeOffice, requireOfficeVisible, visibleOfficeIds } from '../offices/office-access';
import { requireRole } from '../recommendations/recommendation-rules';
import type { CreateSavedReportDto, SavedReportDto, SavedReportListQueryDto } from './dto/saved-report.dto';
import { REPORT_CONTENT_TYPES, ReportsService, type RenderedReport } from './reports.service';

/** A stored report is kept whole in one row; past this the report should be narrowed (an office, a policy area). */
export const MAX_SAVED_REPORT_BYTES = 50 * 1024 * 1024;

const API_PREFIX = '/api/v1';

interface SavedReportRow {
  id: string;
  office_id: string | null;
  office_name: string | null;
  title: string;
  format: string;
  params: SavedReportDto['params'];
  filename: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  created_by_id: string;
  created_by_name: string;
  created_at: Date;
}

const COLUMNS = `s.id, s.office_id, o.name AS office_name, s.title, s.format, s.params, s.filename, s.content_type, s.byte_size,
  s.sha256, s.created_by_id, u.name AS created_by_name, s.created_at`;
const FROM = 'saved_reports s LEFT JOIN offices o ON o.id = s.office_id JOIN users u ON u.id = s.created_by_id';

function toDto(r: SavedReportRow): SavedReportDto {
  return {
    id: r.id,
    office: r.office_id ? { id: r.office_id, name: r.office_name ?? '' } : null,
    title: r.title,
    format: r.format,
    params: r.params,
    filename: r.filename,
    contentType: r.content_type,
    byteSize: r.byte_size,
    sha256: r.sha256,
    createdBy: { id: r.created_by_id, name: r.created_by_name },
    createdAt: r.created_at.toISOString(),
    contentUrl: `${API_PREFIX}/reports/saved/${r.id}/content`,
  };
}

/** The bytes a download of the report would have sent; a CSV is read to its end, within the size limit. */
async function bytesOf(report: RenderedReport): Promise<Buffer> {
  switch (report.format) {
    case 'json':
      return Buffer.from(JSON.stringify(report.body), 'utf8');
    case 'md':
    case 'html':
      return Buffer.from(report.body, 'utf8');
    case 'pdf':
      return report.body;
    case 'csv':
      return readAll(report.body);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_SAVED_REPORT_BYTES) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () =>
  new BusinessRuleException(`The report is larger than ${MAX_SAVED_REPORT_BYTES / 1024 / 1024} MiB and cannot be saved; narrow it to an office or a policy area`);

/**
 * Reports kept as they were sent. Reading follows the report's own rule (the office's members, admins
 * everywhere; an all-offices report is an admin's); saving needs staffer or above, after visibility.
 */
@Injectable()
export class SavedReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  async create(user: AuthUser, dto: CreateSavedReportDto): Promise<SavedReportDto> {
    const { title, ...query } = dto;
    const resolved = await this.reports.resolve(user, query);
    requireRole(user, 'staffer', 'Saving a report');
    const bytes = await bytesOf(await this.reports.render(resolved));
    if (bytes.length > MAX_SAVED_REPORT_BYTES) throw tooLarge();

    const { scope, format, filename } = resolved;
    const params = { officeId: scope.officeId, policyArea: scope.policyArea, asOf: scope.asOf, since: scope.since, format };
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.db.transaction(async (m) => {
      const [{ id }] = (await m.query(
        `INSERT INTO saved_reports (office_id, title, format, params, filename, content_type, byte_size, sha256, content, created_by_id)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [scope.officeId, title ?? filename, format, JSON.stringify(params), filename, REPORT_CONTENT_TYPES[format], bytes.length, sha256, bytes, user.id],
      )) as { id: string }[];
      const [row] = (await m.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1`, [id])) as SavedReportRow[];
      await this.audit.record(m, {
        actorId: user.id,
        action: 'report.save',
        entityType: 'saved_report',
        entityId: id,
        officeId: scope.officeId,
        after: { title: row.title, params, filename, byteSize: bytes.length, sha256 },
      });
      return toDto(row);
    });
  }

  async list(user: AuthUser, q: SavedReportListQueryDto): Promise<Page<SavedReportDto>> {
    if (q.officeId) requireOfficeVisible(user, q.officeId);
    // Non-admins see their offices' reports; all-offices reports (no office) are admins' alone.
    const offices = visibleOfficeIds(user) ?? null;
    const where = `($1::uuid IS NULL OR s.office_id = $1::uuid) AND ($2::uuid[] IS NULL OR s.office_id = ANY($2::uuid[]))`;
    const params = [q.officeId ?? null, offices];
    const [rows, [{ n }]] = (await Promise.all([
      this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${where} ORDER BY s.created_at DESC, s.id LIMIT $3 OFFSET $4`, [
        ...params,
        q.pageSize,
        (q.page - 1) * q.pageSize,
      ]),
      this.db.query(`SELECT count(*)::int AS n FROM saved_reports s WHERE ${where}`, params),
    ])) as [SavedReportRow[], { n: number }[]];
    return pageOf(rows.map(toDto), n, q);
  }

  async get(user: AuthUser, id: string): Promise<SavedReportDto> {
    const [row] = (await this.db.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1`, [id])) as SavedReportRow[];
    const visible = row && (row.office_id === null ? user.role === 'admin' : canSeeOffice(user, row.office_id));
    if (!visible) throw new EntityNotFoundException('Saved report');
    return toDto(row);
  }

  async content(user: AuthUser, id: string): Promise<{ report: SavedReportDto; bytes: Buffer }> {
    const report = await this.get(user, id);
    const [{ content }] = (await this.db.query('SELECT content FROM saved_reports WHERE id = $1', [id])) as { content: Buffer }[];
    return { report, bytes: content };
  }
}
