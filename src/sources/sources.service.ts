import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { EntityNotFoundException } from '../common/http/domain-exceptions';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { CreateSourceDto, SourceDto, SourceListQueryDto } from './dto/source.dto';
import { SourceDocument } from './source-document.entity';

/** Sortable fields, by entity property. */
const SORTS = { title: 'title', publishedOn: 'publishedOn', createdAt: 'createdAt', kind: 'kind' };

/** Source documents are reference material shared by every office: anyone signed in reads them. */
@Injectable()
export class SourcesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(q: SourceListQueryDto): Promise<Page<SourceDto>> {
    const [column, direction] = resolveSort(q.sort, SORTS, '-publishedOn');
    const query = this.db.getRepository(SourceDocument).createQueryBuilder('s');
    if (q.kind) query.where('s.kind = :kind', { kind: q.kind });
    const [rows, total] = await query
      .orderBy(`s.${column}`, direction, direction === 'DESC' ? 'NULLS LAST' : 'NULLS FIRST')
      .addOrderBy('s.id', 'ASC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return pageOf(rows.map(toSourceDto), total, q);
  }

  async get(id: string): Promise<SourceDto> {
    const source = await this.db.getRepository(SourceDocument).findOneBy({ id });
    if (!source) throw new EntityNotFoundException('Source');
    return toSourceDto(source);
  }

  /** Creates a source in its own transaction, or in the caller's when `manager` is given (seeding). */
  async create(user: AuthUser | null, dto: CreateSourceDto, manager?: EntityManager): Promise<SourceDto> {
    const write = async (m: EntityManager) => {
      const source = await m.save(
        m.create(SourceDocument, {
          title: dto.title,
          author: dto.author ?? null,
          publishedOn: dto.publishedOn ?? null,
          url: dto.url ?? null,
          kind: dto.kind,
          createdBy: user?.id ?? null,
        }),
      );
      const view = toSourceDto(source);
      await this.audit.record(m, {
        actorId: user?.id ?? null,
        action: 'source.create',
        entityType: 'source',
        entityId: source.id,
        after: { title: view.title, author: view.author, publishedOn: view.publishedOn, url: view.url, kind: view.kind },
      });
      return view;
    };
    return manager ? write(manager) : this.db.transaction(write);
  }
}

export function toSourceDto(s: SourceDocument): SourceDto {
  return {
    id: s.id,
    title: s.title,
    author: s.author,
    publishedOn: s.publishedOn,
    url: s.url,
    kind: s.kind,
    createdAt: s.createdAt.toISOString(),
  };
}
