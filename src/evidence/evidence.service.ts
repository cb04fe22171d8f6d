import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { canSeeOffice } from '../offices/office-access';
import { findVisibleRecommendation } from '../recommendations/recommendation-access';
import { requireRole } from '../recommendations/recommendation-rules';
import { AttachmentDto, CreateEvidenceDto, EvidenceDto, EvidenceListQueryDto } from './dto/evidence.dto';
import { Evidence } from './evidence.entity';

const SORTS = { occurredOn: 'e.occurred_on', createdAt: 'e.created_at', title: 'e.title', kind: 'e.kind' };

const EVIDENCE_COLUMNS = `
  e.id, e.recommendation_id AS "recommendationId", e.kind, e.title, e.summary,
  to_char(e.occurred_on, 'YYYY-MM-DD') AS "occurredOn", e.url, e.attachment_filename AS "attachmentFilename",
  e.attachment_content_type AS "attachmentContentType", e.attachment_size AS "attachmentSize",
  e.attachment_sha256 AS "attachmentSha256", e.created_by AS "createdById", u.name AS "createdByName", e.created_at AS "createdAt"`;

interface EvidenceRow {
  id: string;
  recommendationId: string;
  kind: EvidenceDto['kind'];
  title: string;
  summary: string | null;
  occurredOn: string;
  url: string | null;
  attachmentFilename: string | null;
  attachmentContentType: string | null;
  attachmentSize: number | null;
  attachmentSha256: string | null;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
}

/** A file received for an evidence item, its type already decided from its bytes. */
export interface Upload {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface StoredAttachment extends AttachmentDto {
  data: Buffer;
}

/** Evidence of a recommendation: visible to its office, written by staffers and up, deleted by directors. */
@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, recommendationId: string, q: EvidenceListQueryDto): Promise<Page<EvidenceDto>> {
    await findVisibleRecommendation(this.db.manager, user, recommendationId);
    const [column, direction] = resolveSort(q.sort, SORTS, '-occurredOn');
    const params: unknown[] = [recommendationId];
    let where = 'e.recommendation_id = $1 AND e.deleted_at IS NULL';
    if (q.kind) {
      params.push(q.kind);
      where += ` AND e.kind = $${params.length}`;
    }
    const rows = (await this.db.query(
      `SELECT ${EVIDENCE_COLUMNS}, count(*) OVER ()::int AS total
         FROM evidence e LEFT JOIN users u ON u.id = e.created_by
        WHERE ${where}
        ORDER BY ${column} ${direction}, e.id
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    )) as (EvidenceRow & { total: number })[];
    const total = rows[0]?.total ?? (q.page === 1 ? 0 : await this.count(where, params));
    return pageOf(rows.map(toEvidenceDto), total, q);
  }

  async get(user: AuthUser, id: string): Promise<EvidenceDto> {
    await this.findVisible(this.db.manager, user, id);
    return (await this.view(this.db.manager, id))!;
  }

  /**
   * Adds evidence to a recommendation, in its own transaction or in the caller's when `manager` is
   * given (seeding). A null `user` is the system (seed data), which may write to any office.
   */
  async create(user: AuthUser | null, recommendationId: string, dto: CreateEvidenceDto, manager?: EntityManager): Promise<EvidenceDto> {
    const write = async (m: EntityManager) => {
      if (user) {
        await findVisibleRecommendation(m, user, recommendationId, { lock: true });
        requireRole(user, 'staffer', 'Adding evidence');
      }
      const officeId = await this.officeOfRecommendation(m, recommendationId);
      const evidence = await m.save(
        m.create(Evidence, {
          recommendationId,
          kind: dto.kind,
          title: dto.title,
          summary: dto.summary ?? null,
          occurredOn: dto.occurredOn,
          url: dto.url ?? null,
          createdBy: user?.id ?? null,
        }),
      );
      const view = (await this.view(m, evidence.id))!;
      await this.audit.record(m, {
        actorId: user?.id ?? null,
        action: 'evidence.create',
        entityType: 'evidence',
        entityId: evidence.id,
        officeId,
        after: auditable(view),
      });
      return view;
    };
    return manager ? write(manager) : this.db.transaction(write);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { officeId } = await this.findVisible(m, user, id, true);
      requireRole(user, 'director', 'Deleting evidence');
      const before = (await this.view(m, id))!;
      await m.query('UPDATE evidence SET deleted_at = now(), deleted_by = $2 WHERE id = $1', [id, user.id]);
      await this.audit.record(m, {
        actorId: user.id,
        action: 'evidence.delete',
        entityType: 'evidence',
        entityId: id,
        officeId,
        before: auditable(before),
      });
    });
  }

  /** Visibility (404) and role (403) for an upload, checked before its body is read. */
  async checkCanAttach(user: AuthUser, id: string): Promise<void> {
    await this.findVisible(this.db.manager, user, id);
    requireRole(user, 'staffer', 'Attaching a file');
  }

  /** Stores (or replaces) the attachment: bytes in their own table, metadata on the evidence row. */
  async attach(user: AuthUser, id: string, upload: Upload): Promise<EvidenceDto> {
    return this.db.transaction(async (m) => {
      const { officeId } = await this.findVisible(m, user, id, true);
      requireRole(user, 'staffer', 'Attaching a file');
      const before = (await this.view(m, id))!;
      const sha256 = createHash('sha256').update(upload.data).digest('hex');
      await m.query(
        `INSERT INTO evidence_attachments (evidence_id, data) VALUES ($1, $2)
           ON CONFLICT (evidence_id) DO UPDATE SET data = EXCLUDED.data`,
        [id, upload.data],
      );
      await m.query(
        `UPDATE evidence SET attachment_filename = $2, attachment_content_type = $3, attachment_size = $4, attachment_sha256 = $5
          WHERE id = $1`,
        [id, upload.filename, upload.contentType, upload.data.length, sha256],
      );
      const after = (await this.view(m, id))!;
      await this.audit.record(m, {
        actorId: user.id,
        action: 'evidence.attach',
        entityType: 'evidence',
        entityId: id,
        officeId,
        before: { attachment: before.attachment },
        after: { attachment: after.attachment },
      });
      return after;
    });
  }

  async attachment(user: AuthUser, id: string): Promise<StoredAttachment> {
    await this.findVisible(this.db.manager, user, id);
    const rows = (await this.db.query(
      `SELECT e.attachment_filename AS filename, e.attachment_content_type AS "contentType", e.attachment_size AS size,
              e.attachment_sha256 AS sha256, a.data
         FROM evidence e JOIN evidence_attachments a ON a.evidence_id = e.id
        WHERE e.id = $1`,
      [id],
    )) as StoredAttachment[];
    if (!rows[0]) throw new EntityNotFoundException('Attachment');
    return rows[0];
  }

  /** Live evidence of a live recommendation the user may see, or 404; `lock` locks the evidence row. */
  private async findVisible(m: EntityManager, user: AuthUser, id: string, lock = false): Promise<{ officeId: string }> {
    const rows = (await m.query(
      `SELECT r.office_id AS "officeId"
         FROM evidence e JOIN recommendations r ON r.id = e.recommendation_id
        WHERE e.id = $1 AND e.deleted_at IS NULL AND r.deleted_at IS NULL
        ${lock ? 'FOR UPDATE OF e' : ''}`,
      [id],
    )) as { officeId: string }[];
    if (!rows[0] || !canSeeOffice(user, rows[0].officeId)) throw new EntityNotFoundException('Evidence');
    return rows[0];
  }

  private async officeOfRecommendation(m: EntityManager, recommendationId: string): Promise<string> {
    const rows = (await m.query('SELECT office_id AS "officeId" FROM recommendations WHERE id = $1 AND deleted_at IS NULL', [
      recommendationId,
    ])) as { officeId: string }[];
    if (!rows[0]) throw new EntityNotFoundException('Recommendation');
    return rows[0].officeId;
  }

  private async view(m: EntityManager, id: string): Promise<EvidenceDto | undefined> {
    const rows = (await m.query(`SELECT ${EVIDENCE_COLUMNS} FROM evidence e LEFT JOIN users u ON u.id = e.created_by WHERE e.id = $1`, [
      id,
    ])) as EvidenceRow[];
    return rows[0] ? toEvidenceDto(rows[0]) : undefined;
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const rows = (await this.db.query(`SELECT count(*)::int AS n FROM evidence e WHERE ${where}`, params)) as { n: number }[];
    return rows[0].n;
  }
}

function toEvidenceDto(r: EvidenceRow): EvidenceDto {
  return {
    id: r.id,
    recommendationId: r.recommendationId,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    occurredOn: r.occurredOn,
    url: r.url,
    attachment:
      r.attachmentFilename === null
        ? null
        : { filename: r.attachmentFilename, contentType: r.attachmentContentType!, size: r.attachmentSize!, sha256: r.attachmentSha256! },
    createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
  };
}

function auditable(v: EvidenceDto): Record<string, unknown> {
  return {
    recommendationId: v.recommendationId,
    kind: v.kind,
    title: v.title,
    summary: v.summary,
    occurredOn: v.occurredOn,
    url: v.url,
    attachment: v.attachment,
  };
}
