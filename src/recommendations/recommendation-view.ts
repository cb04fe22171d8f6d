import type { EntityManager } from 'typeorm';
import { officeTodaySql } from '../follow-ups/follow-up-dates';
import type { RecommendationDto } from './dto/recommendation.dto';

/**
 * The one SELECT that shapes a recommendation for the API, owners and counts included as correlated
 * subqueries: a page of 100 costs the same number of queries as a page of 1.
 */
export const RECOMMENDATION_COLUMNS = `
  r.id, r.office_id AS "officeId", r.reference, r.title, r.text, r.policy_area AS "policyArea",
  r.priority, r.addressees, r.status, r.status_changed_at AS "statusChangedAt", r.source_id AS "sourceId",
  r.source_locator AS "sourceLocator", r.parent_id AS "parentId", to_char(r.target_date, 'YYYY-MM-DD') AS "targetDate",
  r.tags, r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name, u.id)
              FROM recommendation_owners ro JOIN users u ON u.id = ro.user_id
             WHERE ro.recommendation_id = r.id), '[]'::json) AS owners,
  (SELECT count(*)::int FROM evidence e WHERE e.recommendation_id = r.id AND e.deleted_at IS NULL) AS "evidenceCount",
  (SELECT count(*)::int FROM follow_ups f
    WHERE f.recommendation_id = r.id AND f.status IN ('open', 'in_progress')) AS "openFollowUpCount",
  (SELECT count(*)::int FROM follow_ups f JOIN offices o ON o.id = f.office_id
    WHERE f.recommendation_id = r.id AND f.status IN ('open', 'in_progress') AND f.due_on < ${officeTodaySql('o')}) AS "overdueFollowUpCount"`;

interface Row extends Omit<RecommendationDto, 'statusChangedAt' | 'createdAt' | 'updatedAt'> {
  statusChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export function toRecommendationDto(row: Row): RecommendationDto {
  return {
    id: row.id,
    officeId: row.officeId,
    reference: row.reference,
    title: row.title,
    text: row.text,
    policyArea: row.policyArea,
    priority: row.priority,
    addressees: row.addressees,
    owners: row.owners,
    status: row.status,
    statusChangedAt: row.statusChangedAt.toISOString(),
    sourceId: row.sourceId,
    sourceLocator: row.sourceLocator,
    parentId: row.parentId,
    targetDate: row.targetDate,
    tags: row.tags,
    evidenceCount: row.evidenceCount,
    openFollowUpCount: row.openFollowUpCount,
    overdueFollowUpCount: row.overdueFollowUpCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One live recommendation as the API shows it, or undefined. */
export async function loadRecommendationView(m: EntityManager, id: string): Promise<RecommendationDto | undefined> {
  const rows = (await m.query(`SELECT ${RECOMMENDATION_COLUMNS} FROM recommendations r WHERE r.id = $1 AND r.deleted_at IS NULL`, [id])) as Row[];
  return rows[0] ? toRecommendationDto(rows[0]) : undefined;
}

export type RecommendationRow = Row;
