import { BadRequestException, HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { chainKeyOf } from '../audit/audit-hash';
import type { AuthUser } from '../auth/auth-user';
import { toErrorBody } from '../common/http/error-body';
import { visibleOfficeIds } from '../offices/office-access';
import { BulkChangeStatusDto, BulkItemCheckDto, BulkItemResultDto, BulkResultDto, BulkUpdateDto } from './dto/bulk.dto';
import { UpdateRecommendationDto } from './dto/recommendation.dto';
import { BulkFailedException } from './bulk-failed.exception';
import { requireRole } from './recommendation-rules';
import { RecommendationStatusService } from './recommendation-status.service';
import { RecommendationsService } from './recommendations.service';

type ItemOutcome = { ok: true; result: BulkItemResultDto } | { ok: false; statusCode: number; message: string | string[] };

/**
 * Bulk edits and status changes: each item goes through the same code as the single route, all items
 * in one transaction, all or nothing.
 */
@Injectable()
export class RecommendationsBulkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly recommendations: RecommendationsService,
    private readonly lifecycle: RecommendationStatusService,
  ) {}

  async update(user: AuthUser, dto: BulkUpdateDto): Promise<BulkResultDto> {
    // A viewer may edit nothing in any office: the answer does not depend on the ids, so it leaks nothing.
    requireRole(user, 'staffer', 'Editing recommendations');
    const set: UpdateRecommendationDto = {};
    for (const field of ['ownerIds', 'priority', 'tags', 'targetDate'] as const) {
      if (dto.set[field] !== undefined) Object.assign(set, { [field]: dto.set[field] });
    }
    if (Object.keys(set).length === 0) throw new BadRequestException('set must have at least one of ownerIds, priority, tags, targetDate');
    return this.db.transaction(async (m) => {
      const offices = await lockVisible(m, user, dto.ids);
      const outcomes = await runItems(m, dto.ids, offices, async (id) => {
        const { view, changed } = await this.recommendations.updateIn(m, user, id, set, { skipUnchanged: true });
        return { id, outcome: changed ? 'updated' : 'unchanged', version: view.version };
      });
      return settle(dto.ids, outcomes, []);
    });
  }

  async changeStatus(user: AuthUser, dto: BulkChangeStatusDto): Promise<BulkResultDto> {
    requireRole(user, 'staffer', 'Changing a status');
    const evidenceIds = dto.evidenceIds ?? [];
    return this.db.transaction(async (m) => {
      const offices = await lockVisible(m, user, dto.ids);
      // Each recommendation cites the evidence of its own among those sent. Only the batch's visible
      // recommendations are looked at, so the answer says nothing about anyone else's evidence.
      const rows = (
        evidenceIds.length === 0
          ? []
          : await m.query(
              'SELECT id, recommendation_id FROM evidence WHERE id = ANY($1::uuid[]) AND recommendation_id = ANY($2::uuid[]) AND deleted_at IS NULL ORDER BY id',
              [evidenceIds, [...offices.keys()]],
            )
      ) as { id: string; recommendation_id: string }[];
      const cited = new Map<string, string[]>();
      for (const r of rows) cited.set(r.recommendation_id, [...(cited.get(r.recommendation_id) ?? []), r.id]);
      const matched = new Set(rows.map((r) => r.id));
      const unmatched = evidenceIds.filter((e) => !matched.has(e));

      const outcomes = await runItems(m, dto.ids, offices, async (id) => {
        const view = await this.lifecycle.changeIn(m, user, id, { status: dto.status, reason: dto.reason, evidenceIds: cited.get(id) ?? [] });
        return { id, outcome: 'updated', version: view.version };
      });
      return settle(dto.ids, outcomes, unmatched.length > 0 ? [`Not evidence of any recommendation in ids: ${unmatched.join(', ')}`] : []);
    });
  }
}

/**
 * Locks the live, visible rows among `ids` for the rest of the transaction, in id order: two bulk
 * changes over the same rows lock them in the same order, so neither can hold one the other waits for.
 * Returns their offices by id.
 */
async function lockVisible(m: EntityManager, user: AuthUser, ids: string[]): Promise<Map<string, string>> {
  const offices = visibleOfficeIds(user);
  const rows = (await m.query(
    `SELECT id, office_id FROM recommendations
      WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL ${offices ? 'AND office_id = ANY($2::uuid[])' : ''}
      ORDER BY id FOR UPDATE`,
    offices ? [ids, offices] : [ids],
  )) as { id: string; office_id: string }[];
  return new Map(rows.map((r) => [r.id, r.office_id]));
}

/**
 * Runs each item under its own savepoint, so a failed item's partial writes are undone and do not
 * sway the others' checks. Items run grouped by audit chain (office), chains in a fixed order: the
 * audit appends lock their chain until commit, and a fixed order keeps two bulk changes spanning
 * the same offices from waiting on each other in a cycle. Ids nobody may see run last; they fail
 * with the single route's 404. A 4xx of an item is its result; anything else aborts the whole.
 */
async function runItems(
  m: EntityManager,
  ids: string[],
  offices: Map<string, string>,
  run: (id: string) => Promise<BulkItemResultDto>,
): Promise<Map<string, ItemOutcome>> {
  const sortKey = (id: string) => (offices.has(id) ? `0 ${chainKeyOf(offices.get(id)!)} ${id}` : `1 ${id}`);
  const order = [...ids].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const outcomes = new Map<string, ItemOutcome>();
  for (const id of order) {
    await m.query('SAVEPOINT bulk_item');
    try {
      const result = await run(id);
      await m.query('RELEASE SAVEPOINT bulk_item');
      outcomes.set(id, { ok: true, result });
    } catch (err) {
      await m.query('ROLLBACK TO SAVEPOINT bulk_item');
      if (!(err instanceof HttpException) || err.getStatus() >= 500) throw err;
      const { statusCode, message } = toErrorBody(err, '');
      outcomes.set(id, { ok: false, statusCode, message });
    }
  }
  return outcomes;
}

/** The answer when every item succeeded; otherwise the 422 that rolls the transaction back. */
function settle(ids: string[], outcomes: Map<string, ItemOutcome>, problems: string[]): BulkResultDto {
  const all = ids.map((id) => outcomes.get(id)!);
  const failed = all.filter((o) => !o.ok).length;
  if (failed === 0 && problems.length === 0) {
    return { results: all.map((o) => (o as Extract<ItemOutcome, { ok: true }>).result) };
  }
  const checks: BulkItemCheckDto[] = ids.map((id, i) => {
    const o = all[i];
    return o.ok ? { id, outcome: 'ok' } : { id, outcome: 'error', statusCode: o.statusCode, message: o.message };
  });
  const messages = [
    ...(failed > 0 ? [`${failed} of ${ids.length} recommendations cannot be changed`] : []),
    ...problems,
    'nothing was changed',
  ];
  throw new BulkFailedException(messages.join('; '), checks);
}
