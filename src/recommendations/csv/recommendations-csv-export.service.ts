import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { EntityNotFoundException } from '../../common/http/domain-exceptions';
import { MAX_PAGE_SIZE } from '../../common/http/pagination';
import { officeTodaySql } from '../../follow-ups/follow-up-dates';
import { canSeeOffice } from '../../offices/office-access';
import { RecommendationListQueryDto } from '../dto/recommendation-list-query.dto';
import type { RecommendationDto } from '../dto/recommendation.dto';
import { listRecommendations } from '../recommendations-list';
import { slugOf } from '../../common/http/filename';
import { CSV_COLUMNS, CsvColumn, LIST_SEPARATOR, protectCell } from './csv-format';
import type { ExportCsvQueryDto } from './dto/csv.dto';

export interface CsvFile {
  filename: string;
  content: string;
}

@Injectable()
export class RecommendationsCsvExportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every recommendation of the office matching the list's filters, as a spreadsheet-safe CSV. */
  async export(user: AuthUser, q: ExportCsvQueryDto): Promise<CsvFile> {
    if (!canSeeOffice(user, q.officeId)) throw new EntityNotFoundException('Office');
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const offices = (await m.query(`SELECT o.name, to_char(${officeTodaySql('o')}, 'YYYY-MM-DD') AS today FROM offices o WHERE o.id = $1`, [
        q.officeId,
      ])) as { name: string; today: string }[];
      if (offices.length === 0) throw new EntityNotFoundException('Office');
      const recs = await allMatching(m, user, q);
      const emails = await emailsOf(m, recs);
      const references = await referencesOf(m, q.officeId);
      const rows = recs.map((r): Record<CsvColumn, string> => ({
        reference: r.reference,
        title: r.title,
        text: r.text,
        policyArea: r.policyArea,
        priority: r.priority,
        status: r.status,
        addressees: r.addressees.join(LIST_SEPARATOR),
        owners: r.owners
          .map((o) => emails.get(o.id)!)
          .sort()
          .join(LIST_SEPARATOR),
        tags: r.tags.join(LIST_SEPARATOR),
        targetDate: r.targetDate ?? '',
        parentReference: r.parentId ? (references.get(r.parentId) ?? '') : '',
        sourceLocator: r.sourceLocator ?? '',
      }));
      const content = stringify(rows, {
        bom: true,
        header: true,
        columns: [...CSV_COLUMNS],
        record_delimiter: 'windows',
        // Line breaks inside a cell must be quoted whichever form they take, not only as CRLF.
        quoted_match: /[\r\n]/,
        cast: { string: protectCell },
      });
      return { filename: `recommendations-${slugOf(offices[0].name)}-${offices[0].today}.csv`, content };
    });
  }
}

/** Pages through the list (same filters, visibility and order as GET /recommendations). */
async function allMatching(m: EntityManager, user: AuthUser, q: ExportCsvQueryDto): Promise<RecommendationDto[]> {
  const all: RecommendationDto[] = [];
  for (let page = 1; ; page++) {
    const query = Object.assign(new RecommendationListQueryDto(), q, { page, pageSize: MAX_PAGE_SIZE });
    const { items, total } = await listRecommendations(m, user, query);
    all.push(...items);
    if (items.length === 0 || all.length >= total) return all;
  }
}

async function emailsOf(m: EntityManager, recs: RecommendationDto[]): Promise<Map<string, string>> {
  const ids = [...new Set(recs.flatMap((r) => r.owners.map((o) => o.id)))];
  const rows = (await m.query('SELECT id, email FROM users WHERE id = ANY($1::uuid[])', [ids])) as { id: string; email: string }[];
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** References by id of the office's live recommendations: a parent may fall outside the filters. */
async function referencesOf(m: EntityManager, officeId: string): Promise<Map<string, string>> {
  const rows = (await m.query('SELECT id, reference FROM recommendations WHERE office_id = $1 AND deleted_at IS NULL', [officeId])) as {
    id: string;
    reference: string;
  }[];
  return new Map(rows.map((r) => [r.id, r.reference]));
}
