import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { conflictOnUnique } from '../database/pg-errors';
import { CreateOfficeDto, OfficeDetailDto, OfficeListQueryDto, UpdateOfficeDto } from './dto/office.dto';
import { requireOfficeVisible, visibleOfficeIds } from './office-access';
import { Office } from './office.entity';
import { TIME_ZONE_MESSAGE } from './time-zone';

const SORTABLE = { name: 'office.name', createdAt: 'office.created_at' };

@Injectable()
export class OfficesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, q: OfficeListQueryDto): Promise<Page<OfficeDetailDto>> {
    const [column, direction] = resolveSort(q.sort, SORTABLE, 'name');
    const qb = this.db.getRepository(Office).createQueryBuilder('office');
    const visible = visibleOfficeIds(user);
    if (visible) qb.where({ id: In(visible) });
    const [rows, total] = await qb
      .orderBy(column, direction)
      .addOrderBy('office.id')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return pageOf(rows.map(OfficeDetailDto.detail), total, q);
  }

  async get(user: AuthUser, id: string): Promise<OfficeDetailDto> {
    requireOfficeVisible(user, id);
    const office = await this.db.getRepository(Office).findOneBy({ id });
    if (!office) throw new EntityNotFoundException('Office');
    return OfficeDetailDto.detail(office);
  }

  async create(actor: AuthUser | null, dto: CreateOfficeDto): Promise<OfficeDetailDto> {
    return uniqueName(() =>
      this.db.transaction(async (m) => {
        if (dto.timeZone !== undefined) await checkTimeZone(m, dto.timeZone);
        const office = await m.save(m.create(Office, { name: dto.name, ...(dto.timeZone !== undefined ? { timeZone: dto.timeZone } : {}) }));
        await this.audit.record(m, {
          actorId: actor?.id ?? null,
          action: 'office.create',
          entityType: 'office',
          entityId: office.id,
          officeId: office.id,
          after: { name: office.name, timeZone: office.timeZone },
        });
        return OfficeDetailDto.detail(office);
      }),
    );
  }

  /** Renames the office and/or moves it to another time zone; the audit event keeps the fields sent. */
  async update(actor: AuthUser, id: string, dto: UpdateOfficeDto): Promise<OfficeDetailDto> {
    if (dto.name === undefined && dto.timeZone === undefined) throw new BadRequestException('Send at least one field to change');
    return uniqueName(() =>
      this.db.transaction(async (m) => {
        const office = await m.findOne(Office, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!office) throw new EntityNotFoundException('Office');
        if (dto.timeZone !== undefined) await checkTimeZone(m, dto.timeZone);
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        for (const field of ['name', 'timeZone'] as const) {
          const value = dto[field];
          if (value === undefined) continue;
          before[field] = office[field];
          after[field] = value;
          office[field] = value;
        }
        await m.save(office);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'office.update',
          entityType: 'office',
          entityId: office.id,
          officeId: office.id,
          before,
          after,
        });
        return OfficeDetailDto.detail(office);
      }),
    );
  }
}

/**
 * PostgreSQL computes each office's "today" with `now() AT TIME ZONE`, so a zone it does not know
 * (exact spelling) would break every date of the office: refused as a bad value of the field.
 */
async function checkTimeZone(m: EntityManager, timeZone: string): Promise<void> {
  const rows = (await m.query('SELECT 1 FROM pg_timezone_names WHERE name = $1', [timeZone])) as unknown[];
  if (rows.length === 0) throw new BadRequestException([TIME_ZONE_MESSAGE]);
}

const uniqueName = <T>(write: () => Promise<T>) => conflictOnUnique('uq_offices_name_lower', 'An office with this name already exists', write);
