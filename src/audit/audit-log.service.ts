import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { visibleOfficeIds } from '../offices/office-access';
import { verifyAuditLog, AuditVerification } from './audit-verify';
import { AuditEventDto, AuditQueryDto } from './dto/audit.dto';

const SORTS = { occurredAt: 'a.seq', seq: 'a.seq' };
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

interface Row {
  id: string;
  seq: string;
  occurredAt: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  officeId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  prevHash: string | null;
  hash: string;
}

/** Reading the audit log: directors see their offices' events, admins every event. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthUser, q: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const [column, direction] = resolveSort(q.sort, SORTS, '-seq');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    const offices = visibleOfficeIds(user);
    if (offices) add('a.office_id = ANY(?::uuid[])', offices);
    if (q.officeId) add('a.office_id = ?', q.officeId);
    if (q.entityType) add('a.entity_type = ?', q.entityType);
    if (q.entityId) add('a.entity_id = ?', q.entityId);
    if (q.actorId) add('a.actor_id = ?', q.actorId);
    const from = q.from ? instant(q.from, 'from') : undefined;
    const to = q.to ? instant(q.to, 'to') : undefined;
    if (from && to && from.at > to.at) throw new BadRequestException('from must not be after to');
    if (from) add('a.occurred_at >= ?', from.at);
    // A date-only `to` includes its whole day.
    if (to) add(to.dateOnly ? "a.occurred_at < ?::timestamptz + interval '1 day'" : 'a.occurred_at <= ?', to.at);
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [{ n }]] = (await Promise.all([
      this.db.query(
        `SELECT a.id, a.seq::text AS seq, a.occurred_at AS "occurredAt", a.actor_id AS "actorId", u.name AS "actorName", a.action,
                a.entity_type AS "entityType", a.entity_id AS "entityId", a.office_id AS "officeId", a.before, a.after,
                a.request_id AS "requestId", a.prev_hash AS "prevHash", a.hash
           FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
           ${filter}
          ORDER BY ${column} ${direction}
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
        params,
      ),
      this.db.query(`SELECT count(*)::int AS n FROM audit_events a ${filter}`, params),
    ])) as [Row[], { n: number }[]];
    return pageOf(rows.map(toAuditEventDto), n, q);
  }

  verify(): Promise<AuditVerification> {
    return verifyAuditLog(this.db);
  }
}

function instant(value: string, name: string): { at: Date; dateOnly: boolean } {
  const at = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime())) throw new BadRequestException(`${name} must be a date or an ISO 8601 timestamp`);
  return { at, dateOnly: DATE_ONLY.test(value) };
}

function toAuditEventDto(r: Row): AuditEventDto {
  return {
    id: r.id,
    seq: Number(r.seq),
    occurredAt: r.occurredAt.toISOString(),
    actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    officeId: r.officeId,
    before: r.before,
    after: r.after,
    requestId: r.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}
