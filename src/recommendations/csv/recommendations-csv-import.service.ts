import { HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { EntityNotFoundException } from '../../common/http/domain-exceptions';
import { toErrorBody } from '../../common/http/error-body';
import { isUniqueViolation } from '../../database/pg-errors';
import { canSeeOffice } from '../../offices/office-access';
import { CreateRecommendationDto, UpdateRecommendationDto } from '../dto/recommendation.dto';
import { requireRole } from '../recommendation-rules';
import { RecommendationsService } from '../recommendations.service';
import { CsvRow, parseCsv } from './csv-body';
import { changesOf, fieldOfMessage, finish, Item, loadOffice, OfficeState, prepare, resolveParent, summarize } from './csv-import-rows';
import type { ImportCsvQueryDto, ImportResultDto, ImportRowDto } from './dto/csv.dto';
import { ImportFailedException } from './import-failed.exception';

/**
 * CSV import: every row goes through the single routes' code (createIn / updateIn) in one
 * transaction, each under a savepoint so that a refused row leaves no trace and the others are judged
 * as they would be alone. A dry run, or an apply with any error, rolls the whole back: the report of a
 * dry run is what the apply would do.
 */
@Injectable()
export class RecommendationsCsvImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly recommendations: RecommendationsService,
  ) {}

  async import(user: AuthUser, q: ImportCsvQueryDto, csv: string): Promise<ImportResultDto> {
    if (!canSeeOffice(user, q.officeId)) throw new EntityNotFoundException('Office');
    requireRole(user, 'staffer', 'Importing recommendations');
    const { rows } = parseCsv(csv);

    const runner = this.db.createQueryRunner();
    await runner.connect();
    let report: ImportRowDto[];
    let applied = false;
    try {
      await runner.startTransaction();
      report = await this.run(runner.manager, user, q.officeId, rows);
      if (!q.dryRun && report.every((r) => r.outcome !== 'error')) {
        await runner.commitTransaction();
        applied = true;
      } else {
        await runner.rollbackTransaction();
      }
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
    const summary = summarize(report);
    if (!q.dryRun && !applied) {
      throw new ImportFailedException(`${summary.errors} of ${report.length} rows have errors; nothing was imported`, summary, report);
    }
    return { dryRun: q.dryRun, applied, summary, rows: report };
  }

  private async run(m: EntityManager, user: AuthUser, officeId: string, rows: CsvRow[]): Promise<ImportRowDto[]> {
    const offices = (await m.query('SELECT 1 FROM offices WHERE id = $1', [officeId])) as unknown[];
    if (offices.length === 0) throw new EntityNotFoundException('Office');
    const state = await loadOffice(m, officeId, rows);
    const items: Item[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) items.push(await prepare(row, officeId, state, seen));

    // Parents in the file go before their children, so a child can name a parent created by the same
    // import; what never becomes ready is a cycle.
    const byKey = new Map<string, Item>();
    for (const i of items) if (i.key && !byKey.has(i.key)) byKey.set(i.key, i);
    let pending = items;
    while (pending.length > 0) {
      const waiting = new Set(pending.map((i) => i.key));
      const ready = pending.filter((i) => !i.parentKey || i.parentKey === i.key || !waiting.has(i.parentKey));
      if (ready.length === 0) {
        for (const i of pending) i.errors.push({ field: 'parentReference', message: 'The parent references of these rows form a cycle' });
        pending.forEach((i) => finish(i));
        break;
      }
      for (const item of ready) await this.process(m, user, item, byKey, state);
      pending = pending.filter((i) => !i.done);
    }
    return items.map((i) => i.done!);
  }

  private async process(m: EntityManager, user: AuthUser, item: Item, byKey: Map<string, Item>, state: OfficeState): Promise<void> {
    const parentId = resolveParent(item, byKey, state);
    if (item.errors.length > 0 || !item.dto) return finish(item);
    if (parentId !== undefined) item.dto.parentId = parentId;

    if (item.existing) {
      const changes = changesOf(item.existing, item.dto);
      if (changes.length === 0) {
        item.id = item.existing.id;
        return finish(item, 'unchanged');
      }
      const edit: UpdateRecommendationDto = {};
      for (const column of changes) {
        const field = column === 'owners' ? 'ownerIds' : column === 'parentReference' ? 'parentId' : column;
        Object.assign(edit, { [field]: (item.dto as Record<string, unknown>)[field] });
      }
      await this.guarded(m, item, async () => {
        item.id = (await this.recommendations.updateIn(m, user, item.existing!.id, edit)).view.id;
      });
      return finish(item, 'updated', changes);
    }
    await this.guarded(m, item, async () => {
      item.id = (await this.recommendations.createIn(m, user, item.dto as CreateRecommendationDto)).id;
    });
    finish(item, 'created');
  }

  /** Runs one row's write under a savepoint; a refusal (4xx) becomes the row's error and undoes the row. */
  private async guarded(m: EntityManager, item: Item, write: () => Promise<void>): Promise<void> {
    await m.query('SAVEPOINT csv_row');
    try {
      await write();
      await m.query('RELEASE SAVEPOINT csv_row');
    } catch (err) {
      await m.query('ROLLBACK TO SAVEPOINT csv_row');
      if (isUniqueViolation(err, 'uq_recommendations_office_reference')) {
        item.errors.push({ field: 'reference', message: 'A recommendation with this reference already exists in the office (deleted ones keep theirs)' });
      } else if (err instanceof HttpException && err.getStatus() < 500) {
        const { message } = toErrorBody(err, '');
        for (const text of Array.isArray(message) ? message : [message]) item.errors.push({ field: fieldOfMessage(text), message: text });
      } else {
        throw err;
      }
    }
  }
}
