import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { auditHash, chainKeyOf } from '../../src/audit/audit-hash';
import type { AuthUser } from '../../src/auth/auth-user';
import { canSeeOffice } from '../../src/offices/office-access';
import { isClosed } from '../../src/recommendations/recommendation-status';
import { RECOMMENDATION_COLUMNS, toRecommendationDto, type RecommendationRow } from '../../src/recommendations/recommendation-view';
import type { RecommendationDto } from '../../src/recommendations/dto/recommendation.dto';
import { roleAtLeast } from '../../src/users/role';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The statements src/recommendations/recommendation-status.service.ts sends for a change without
 * evidence (TypeORM's generated inserts written out), in the same order and transaction: the row
 * (findVisibleRecommendation's SELECT), the
 * versioned UPDATE, the history row, the office's audit chain (lock, head, append) and the owners'
 * notifications, then the view. Only the status changes the bench makes are handled.
 */
export async function changeStatus(
  pool: Pool,
  user: AuthUser,
  id: string,
  expectedVersion: number,
  body: { status: string; reason: string },
): Promise<RecommendationDto> {
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    try {
      const view = await changeIn(client, user, id, expectedVersion, body);
      await client.query('COMMIT');
      return view;
    } catch (err) {
      await client.query('ROLLBACK');
      throw err;
    }
  } finally {
    client.release();
  }
}

type Client = Pick<Pool, 'query'>;

async function changeIn(c: Client, user: AuthUser, id: string, expectedVersion: number, body: { status: string; reason: string }): Promise<RecommendationDto> {
  const {
    rows: [rec],
  } = await c.query<{ officeId: string; reference: string; status: string; version: number }>(
    `SELECT id, office_id AS "officeId", reference, status, version FROM recommendations
      WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  );
  if (!rec || !canSeeOffice(user, rec.officeId)) throw new HttpError(404, 'Recommendation not found');
  if (rec.version !== expectedVersion) throw new HttpError(412, 'The record has changed since you read it');
  if (!roleAtLeast(user.role, 'staffer')) throw new HttpError(403, 'Changing a status needs role staffer or above');
  if ((isClosed(rec.status as never) || isClosed(body.status as never)) && !roleAtLeast(user.role, 'director')) throw new HttpError(403, 'needs director');
  if (body.status === rec.status) throw new HttpError(422, `The recommendation is already ${rec.status}`);

  const updated = await c.query(
    `UPDATE recommendations SET status = $3, status_changed_at = clock_timestamp(), version = version + 1, updated_at = now(), updated_by = $4
      WHERE id = $1 AND version = $2 AND deleted_at IS NULL`,
    [id, expectedVersion, body.status, user.id],
  );
  if (updated.rowCount !== 1) throw new HttpError(412, 'The record has changed since you read it');
  await c.query(
    `INSERT INTO "status_changes"("id", "recommendation_id", "from_status", "to_status", "reason", "evidence_ids", "changed_by", "changed_at")
     VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, clock_timestamp()) RETURNING "id", "evidence_ids", "changed_at"`,
    [id, rec.status, body.status, body.reason, [], user.id],
  );

  const chainKey = chainKeyOf(rec.officeId);
  await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [chainKey]);
  const {
    rows: [head],
  } = await c.query<{ now: Date; hash: string | null }>(
    'SELECT clock_timestamp() AS now, (SELECT hash FROM audit_events WHERE chain_key = $1 ORDER BY seq DESC LIMIT 1) AS hash',
    [chainKey],
  );
  const event = {
    id: randomUUID(),
    occurredAt: head.now,
    actorId: user.id,
    action: 'recommendation.status_change',
    entityType: 'recommendation',
    entityId: id,
    officeId: rec.officeId,
    before: { status: rec.status },
    after: { status: body.status, reason: body.reason, evidenceIds: [] },
    requestId: randomUUID(),
    chainKey,
    prevHash: head.hash,
  };
  await c.query(
    `INSERT INTO "audit_events"("id", "seq", "occurred_at", "actor_id", "action", "entity_type", "entity_id", "office_id", "before", "after", "request_id", "chain_key", "prev_hash", "hash")
     VALUES ($1, DEFAULT, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING "seq"`,
    [
      event.id,
      event.occurredAt,
      event.actorId,
      event.action,
      event.entityType,
      event.entityId,
      event.officeId,
      JSON.stringify(event.before),
      JSON.stringify(event.after),
      event.requestId,
      chainKey,
      event.prevHash,
      auditHash(event),
    ],
  );

  const { rows: owners } = await c.query<{ id: string }>(
    `SELECT u.id FROM recommendation_owners ro JOIN users u ON u.id = ro.user_id
      WHERE ro.recommendation_id = $1 AND u.active AND u.id <> $2
        AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_offices uo WHERE uo.user_id = u.id AND uo.office_id = $3))
      ORDER BY u.id`,
    [id, user.id, rec.officeId],
  );
  if (owners.length > 0) {
    const message = `${rec.reference} moved from ${rec.status} to ${body.status}: ${body.reason.slice(0, 200)}`;
    await c.query(
      `INSERT INTO notifications (user_id, kind, message, recommendation_id, follow_up_id, email_state)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::uuid[], $5::uuid[], $6::varchar[])`,
      [owners.map((o) => o.id), owners.map(() => 'status_changed'), owners.map(() => message), owners.map(() => id), owners.map(() => null), owners.map(() => null)],
    );
  }
  const { rows } = await c.query<RecommendationRow>(`SELECT ${RECOMMENDATION_COLUMNS} FROM recommendations r WHERE r.id = $1 AND r.deleted_at IS NULL`, [id]);
  return toRecommendationDto(rows[0]);
}
