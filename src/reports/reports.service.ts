import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { slugOf } from '../common/http/filename';
import { requireOfficeVisible } from '../offices/office-access';
import { Office } from '../offices/office.entity';
import type { OversightQueryDto, ReportFormat } from './dto/oversight-query.dto';
import type { OversightReportDto, ReportOfficeDto } from './dto/oversight-report.dto';
import { csvStream } from './oversight-csv';
import { renderMarkdown } from './oversight-markdown';
import { renderHtml } from './oversight-html';
import { renderPdf } from './oversight-pdf';
import { buildReport } from './oversight-report';
import { reportDocument, type ReportLabels } from './report-document';
import { changeRows, indicatorRows, openFollowUpRows, recommendationRows, REPORT_SETTINGS, type ScopeParams } from './oversight-sql';

export const SINCE_DEFAULT_DAYS = 7;
/** PostgreSQL has no year zero: a default since is never earlier than this. */
const FIRST_DATE = '0001-01-01';

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
};

export interface ResolvedReport {
  office: ReportOfficeDto | null;
  format: ReportFormat;
  scope: ScopeParams;
  filename: string;
}

export type RenderedReport =
  | { format: 'json'; filename: string; body: OversightReportDto }
  | { format: 'md' | 'html'; filename: string; body: string }
  | { format: 'pdf'; filename: string; body: Buffer }
  | { format: 'csv'; filename: string; body: Readable };

/** Today's date where the office is. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function minusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Visibility first (404), then the parameters with their defaults resolved. */
  async resolve(user: AuthUser, q: OversightQueryDto): Promise<ResolvedReport> {
    const office = await this.officeOf(user, q.officeId);
    const timeZone = office?.timeZone ?? 'UTC';
    const asOf = q.asOf ?? todayIn(timeZone);
    const since = q.since ?? [minusDays(asOf, SINCE_DEFAULT_DAYS), FIRST_DATE].reduce((a, b) => (a > b ? a : b));
    if (since > asOf) throw new BadRequestException('since must not be after asOf');
    const format: ReportFormat = q.format ?? 'json';
    return {
      office,
      format,
      scope: { officeId: office?.id ?? null, policyArea: q.policyArea ?? null, asOf, since, timeZone },
      filename: `oversight-status-${office ? slugOf(office.name) : 'all-offices'}-${asOf}.${format}`,
    };
  }

  async oversightStatus(user: AuthUser, q: OversightQueryDto): Promise<RenderedReport> {
    return this.render(await this.resolve(user, q));
  }

  async render({ office, format, scope, filename }: ResolvedReport): Promise<RenderedReport> {
    const { asOf, since } = scope;
    if (format === 'csv') {
      return { format, filename, body: await csvStream(this.db, scope) };
    }
    // One snapshot for the four reads, so the parts of the report agree with each other.
    const generatedAt = new Date();
    const report = await this.db.transaction('REPEATABLE READ', async (m) => {
      await m.query(REPORT_SETTINGS);
      return buildReport({
        office,
        asOf,
        since,
        generatedAt,
        rows: await recommendationRows(m, scope),
        followUps: await openFollowUpRows(m, scope),
        changes: await changeRows(m, scope),
        indicators: await indicatorRows(m, scope),
      });
    });
    switch (format) {
      case 'json':
        return { format, filename, body: report };
      case 'md':
        return { format, filename, body: renderMarkdown(report, scope.policyArea) };
      case 'html':
        return { format, filename, body: renderHtml(reportDocument(report, scope.policyArea, await this.labels())) };
      case 'pdf':
        return { format, filename, body: await renderPdf(reportDocument(report, scope.policyArea, await this.labels()), generatedAt) };
    }
  }

  /** The names the printed formats show instead of codes. */
  private async labels(): Promise<ReportLabels> {
    const rows: { code: string; name: string }[] = await this.db.query('SELECT code, name FROM policy_areas');
    return { policyAreas: Object.fromEntries(rows.map((r) => [r.code, r.name])) };
  }

  /** Visibility first (404 for another office's), then the office itself; null means every office (admins only). */
  private async officeOf(user: AuthUser, officeId: string | undefined): Promise<ReportOfficeDto | null> {
    if (!officeId) {
      if (user.role !== 'admin') throw new BadRequestException('officeId is required');
      return null;
    }
    requireOfficeVisible(user, officeId);
    const office = await this.db.getRepository(Office).findOneBy({ id: officeId });
    if (!office) throw new EntityNotFoundException('Office');
    return { id: office.id, name: office.name, timeZone: office.timeZone };
  }
}
