import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { Page, pageOf, resolveSort } from '../common/http/pagination';
import { findVisibleRecommendation } from '../recommendations/recommendation-access';
import { requireRole } from '../recommendations/recommendation-rules';
import { Comment } from './comment.entity';
import { CommentDto, CommentListQueryDto, CreateCommentDto } from './dto/comment.dto';

const SORTS = { createdAt: 'c.created_at' };

interface CommentRow {
  id: string;
  recommendationId: string;
  body: string;
  createdById: string | null;
  createdByName: string | null;
  createdAt: Date;
  total?: number;
}

const COMMENT_COLUMNS = `c.id, c.recommendation_id AS "recommendationId", c.body, c.created_by AS "createdById",
  u.name AS "createdByName", c.created_at AS "createdAt"`;

/** Discussion on a recommendation: read by its office, written by staffers and up. */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, recommendationId: string, q: CommentListQueryDto): Promise<Page<CommentDto>> {
    await findVisibleRecommendation(this.db.manager, user, recommendationId);
    const [column, direction] = resolveSort(q.sort, SORTS, 'createdAt');
    const [rows, [{ n }]] = (await Promise.all([
      this.db.query(
        `SELECT ${COMMENT_COLUMNS} FROM comments c LEFT JOIN users u ON u.id = c.created_by
          WHERE c.recommendation_id = $1
          ORDER BY ${column} ${direction}, c.id
          LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
        [recommendationId],
      ),
      this.db.query('SELECT count(*)::int AS n FROM comments WHERE recommendation_id = $1', [recommendationId]),
    ])) as [CommentRow[], { n: number }[]];
    return pageOf(rows.map(toCommentDto), n, q);
  }

  async create(user: AuthUser, recommendationId: string, dto: CreateCommentDto): Promise<CommentDto> {
    return this.db.transaction(async (m: EntityManager) => {
      const rec = await findVisibleRecommendation(m, user, recommendationId, { lock: true });
      requireRole(user, 'staffer', 'Commenting');
      const comment = await m.save(m.create(Comment, { recommendationId, body: dto.body, createdBy: user.id }));
      await this.audit.record(m, {
        actorId: user.id,
        action: 'comment.create',
        entityType: 'comment',
        entityId: comment.id,
        officeId: rec.officeId,
        after: { recommendationId, body: dto.body },
      });
      return toCommentDto({ ...comment, createdById: user.id, createdByName: user.name });
    });
  }
}

function toCommentDto(r: CommentRow): CommentDto {
  return {
    id: r.id,
    recommendationId: r.recommendationId,
    body: r.body,
    createdBy: r.createdById ? { id: r.createdById, name: r.createdByName ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
  };
}
