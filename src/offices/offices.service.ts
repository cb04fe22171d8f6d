import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { ConflictValueException, EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { isUniqueViolation } from '../database/pg-errors';
import { CreateOfficeDto, OfficeDto, OfficeListQueryDto, UpdateOfficeDto } from './dto/office.dto';
import { requireOfficeVisible, visibleOfficeIds } from './office-access';
import { Office } from './office.entity';

const SORTABLE = { name: 'office.name', createdAt: 'office.created_at' };

@Injectable()
export class OfficesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, q: OfficeListQueryDto): Promise<Page<OfficeDto>> {
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
    return pageOf(rows.map(OfficeDto.of), total, q);
  }

  async get(user: AuthUser, id: string): Promise<OfficeDto> {
    requireOfficeVisible(user, id);
    const office = await this.db.getRepository(Office).findOneBy({ id });
    if (!office) throw new EntityNotFoundException('Office');
    return OfficeDto.of(office);
  }

  async create(actor: AuthUser | null, dto: CreateOfficeDto): Promise<OfficeDto> {
    return this.uniqueName(() =>
      this.db.transaction(async (m) => {
        const office = await m.save(m.create(Office, { name: dto.name }));
        await this.audit.record(m, {
          actorId: actor?.id ?? null,
          action: 'office.create',
          entityType: 'office',
          entityId: office.id,
          officeId: office.id,
          after: { name: office.name },
        });
        return OfficeDto.of(office);
      }),
    );
  }

  async update(actor: AuthUser, id: string, dto: UpdateOfficeDto): Promise<OfficeDto> {
    return this.uniqueName(() =>
      this.db.transaction(async (m) => {
        const office = await m.findOne(Office, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!office) throw new EntityNotFoundException('Office');
        const before = { name: office.name };
        office.name = dto.name;
        await m.save(office);
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'office.update',
          entityType: 'office',
          entityId: office.id,
          officeId: office.id,
          before,
          after: { name: office.name },
        });
        return OfficeDto.of(office);
      }),
    );
  }

  private async uniqueName<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err, 'uq_offices_name_lower')) {
        throw new ConflictValueException('An office with this name already exists');
      }
      throw err;
    }
  }
}
