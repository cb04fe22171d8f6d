import type { EntityManager } from 'typeorm';

/**
 * The report's scope as of a date. Every query takes the same parameters:
 * $1 office id (null: every office), $2 policy area (null: all), $3 asOf, $4 since, $5 time zone.
 * `b.end_at` is the first instant after asOf in that time zone, `b.since_at` the start of since.
 * A recommendation belongs to the report when it was created before the end of asOf and was not
 * deleted by then.
 */
export interface ScopeParams {
  officeId: string | null;
  policyArea: string | null;
  asOf: string;
  since: string;
  timeZone: string;
}

/**
 * For the report's reads: no JIT (the recursive tree's row estimate is far too high, and compiling
 * for it cost seconds); room to sort the rows in memory; and a cursor planned for all its rows, not
 * for the first tenth (the default's fast-start plan took seconds to the first batch).
 */
export const REPORT_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '32MB'; SET LOCAL cursor_tuple_fraction = 1.0";

export const paramsOf = (p: ScopeParams): unknown[] => [p.officeId, p.policyArea, p.asOf, p.since, p.timeZone];

const BASE = `WITH RECURSIVE b AS (
  SELECT (($3::date + 1)::timestamp AT TIME ZONE $5::text) AS end_at, ($4::date::timestamp AT TIME ZONE $5::text) AS since_at
), scope AS (
  SELECT r.* FROM recommendations r CROSS JOIN b
   WHERE ($1::uuid IS NULL OR r.office_id = $1::uuid)
     AND ($2::text IS NULL OR r.policy_area = $2::text)
     AND r.created_at < b.end_at
     AND (r.deleted_at IS NULL OR r.deleted_at >= b.end_at)
)`;

/** Open at asOf: created by then and not finished by then. Cancelling keeps no time, so a cancelled one counts as cancelled at any date. */
const OPEN_AT = `f.created_at < b.end_at AND (f.status IN ('open', 'in_progress') OR (f.status = 'done' AND f.completed_at >= b.end_at))`;

export interface RecommendationRow {
  id: string;
  office_id: string;
  reference: string;
  title: string;
  policy_area: string;
  priority: string;
  addressees: string[];
  parent_id: string | null;
  parent_reference: string | null;
  path: string[];
  depth: number;
  status: string;
  status_changed_at: Date | null;
  from_status: string | null;
  reason: string | null;
  evidence_title: string | null;
  evidence_kind: string | null;
  evidence_on: string | null;
  days_in_status: number;
  stale: boolean;
  owners: { id: string; name: string }[];
  open_follow_ups: number;
  overdue_follow_ups: number;
}

/**
 * One row per recommendation, each sub-recommendation right after its parent (siblings by
 * reference): the order is the path of references from the top. A recommendation whose parent is
 * not in the report stands at the top level. Owners and follow-up counts are aggregated once over
 * the scope and joined, not looked up row by row: at 10,000 rows that is the difference between
 * tens of milliseconds and a second.
 */
export const RECOMMENDATION_ROWS_SQL = `${BASE}, tree AS (
   SELECT s.id, ARRAY[s.reference::text, s.id::text] AS path FROM scope s
    WHERE NOT EXISTS (SELECT 1 FROM scope p WHERE p.id = s.parent_id)
   UNION ALL
   SELECT c.id, t.path || ARRAY[c.reference::text, c.id::text] FROM scope c JOIN tree t ON c.parent_id = t.id
 ), owners AS (
   SELECT o.recommendation_id, json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name, u.id) AS owners
     FROM recommendation_owners o JOIN users u ON u.id = o.user_id
    WHERE o.recommendation_id IN (SELECT id FROM scope)
    GROUP BY o.recommendation_id
 ), follow_up_counts AS (
   SELECT f.recommendation_id, count(*)::int AS open_follow_ups, (count(*) FILTER (WHERE f.due_on < $3::date))::int AS overdue_follow_ups
     FROM follow_ups f CROSS JOIN b
    WHERE f.recommendation_id IN (SELECT id FROM scope) AND ${OPEN_AT}
    GROUP BY f.recommendation_id
 )
 SELECT s.id, s.office_id, s.reference, s.title, s.policy_area, s.priority, s.addressees, s.parent_id,
        p.reference AS parent_reference, t.path, cardinality(t.path) / 2 - 1 AS depth,
        COALESCE(sc.to_status, 'open') AS status, sc.changed_at AS status_changed_at, sc.from_status, sc.reason,
        ev.title AS evidence_title, ev.kind AS evidence_kind, to_char(ev.occurred_on, 'YYYY-MM-DD') AS evidence_on,
        ($3::date - (COALESCE(sc.changed_at, s.created_at) AT TIME ZONE $5::text)::date) AS days_in_status,
        ($3::date - GREATEST((COALESCE(sc.changed_at, s.created_at) AT TIME ZONE $5::text)::date, ev.occurred_on)) > 90 AS stale,
        COALESCE(ow.owners, '[]'::json) AS owners,
        COALESCE(fc.open_follow_ups, 0) AS open_follow_ups, COALESCE(fc.overdue_follow_ups, 0) AS overdue_follow_ups
   FROM tree t JOIN scope s ON s.id = t.id CROSS JOIN b
   LEFT JOIN recommendations p ON p.id = s.parent_id
   LEFT JOIN owners ow ON ow.recommendation_id = s.id
   LEFT JOIN follow_up_counts fc ON fc.recommendation_id = s.id
   LEFT JOIN LATERAL (
     SELECT x.to_status, x.from_status, x.reason, x.changed_at FROM status_changes x
      WHERE x.recommendation_id = s.id AND x.changed_at < b.end_at
      ORDER BY x.changed_at DESC, x.id DESC LIMIT 1
   ) sc ON true
   LEFT JOIN LATERAL (
     SELECT e.title, e.kind, e.occurred_on FROM evidence e
      WHERE e.recommendation_id = s.id AND e.occurred_on <= $3::date AND e.created_at < b.end_at
        AND (e.deleted_at IS NULL OR e.deleted_at >= b.end_at)
      ORDER BY e.occurred_on DESC, e.created_at DESC, e.id DESC LIMIT 1
   ) ev ON true
  ORDER BY t.path`;

export async function recommendationRows(m: EntityManager, p: ScopeParams): Promise<RecommendationRow[]> {
  return (await m.query(RECOMMENDATION_ROWS_SQL, paramsOf(p))) as RecommendationRow[];
}

export interface FollowUpRow {
  recommendation_id: string;
  title: string;
  due_on: string;
  assignee_id: string;
  assignee_name: string;
  overdue: boolean;
}

/** Every follow-up open at asOf on the report's recommendations, soonest due first. */
export async function openFollowUpRows(m: EntityManager, p: ScopeParams): Promise<FollowUpRow[]> {
  return (await m.query(
    `${BASE}
     SELECT f.recommendation_id, f.title, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, u.id AS assignee_id, u.name AS assignee_name,
            f.due_on < $3::date AS overdue
       FROM follow_ups f JOIN scope s ON s.id = f.recommendation_id CROSS JOIN b JOIN users u ON u.id = f.assignee_id
      WHERE ${OPEN_AT}
      ORDER BY f.due_on, f.created_at, f.id`,
    paramsOf(p),
  )) as FollowUpRow[];
}

export interface ChangeRow {
  type: 'status_change' | 'evidence' | 'follow_up_completed';
  at: Date;
  recommendation_id: string;
  reference: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  title: string | null;
  kind: string | null;
  occurred_on: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
}

/** Status changes, evidence recorded and follow-ups completed from the start of since to the end of asOf, oldest first. */
export async function changeRows(m: EntityManager, p: ScopeParams): Promise<ChangeRow[]> {
  return (await m.query(
    `${BASE}
     SELECT * FROM (
       SELECT 'status_change'::text AS type, x.changed_at AS at, s.id AS recommendation_id, s.reference::text AS reference,
              x.from_status::text AS from_status, x.to_status::text AS to_status, x.reason::text AS reason,
              NULL::text AS title, NULL::text AS kind, NULL::text AS occurred_on, NULL::text AS assignee_id, NULL::text AS assignee_name
         FROM status_changes x JOIN scope s ON s.id = x.recommendation_id CROSS JOIN b
        WHERE x.changed_at >= b.since_at AND x.changed_at < b.end_at
       UNION ALL
       SELECT 'evidence', e.created_at, s.id, s.reference, NULL, NULL, NULL, e.title, e.kind, to_char(e.occurred_on, 'YYYY-MM-DD'), NULL, NULL
         FROM evidence e JOIN scope s ON s.id = e.recommendation_id CROSS JOIN b
        WHERE e.created_at >= b.since_at AND e.created_at < b.end_at AND (e.deleted_at IS NULL OR e.deleted_at >= b.end_at)
       UNION ALL
       SELECT 'follow_up_completed', f.completed_at, s.id, s.reference, NULL, NULL, NULL, f.title, NULL, NULL, u.id::text, u.name
         FROM follow_ups f JOIN scope s ON s.id = f.recommendation_id CROSS JOIN b JOIN users u ON u.id = f.assignee_id
        WHERE f.status = 'done' AND f.completed_at >= b.since_at AND f.completed_at < b.end_at
     ) c ORDER BY c.at, c.reference, c.type`,
    paramsOf(p),
  )) as ChangeRow[];
}

export interface IndicatorRow {
  id: string;
  name: string;
  unit: string;
  better_when: 'higher' | 'lower';
  refs: string[];
  observations: { observedOn: string; value: string }[] | null;
}

/** The indicators linked to the report's recommendations, with their two latest observations dated asOf or before. */
export async function indicatorRows(m: EntityManager, p: ScopeParams): Promise<IndicatorRow[]> {
  return (await m.query(
    `${BASE}, linked AS (
       SELECT ir.indicator_id, array_agg(DISTINCT s.reference::text) AS refs
         FROM indicator_recommendations ir JOIN scope s ON s.id = ir.recommendation_id GROUP BY ir.indicator_id
     )
     SELECT i.id, i.name, i.unit, i.better_when, (SELECT array_agg(x ORDER BY x) FROM unnest(l.refs) x) AS refs,
            (SELECT json_agg(json_build_object('observedOn', to_char(o.observed_on, 'YYYY-MM-DD'), 'value', o.value::text) ORDER BY o.observed_on DESC)
               FROM (SELECT observed_on, value FROM indicator_observations io
                      WHERE io.indicator_id = i.id AND io.observed_on <= $3::date
                      ORDER BY io.observed_on DESC LIMIT 2) o) AS observations
       FROM linked l JOIN indicators i ON i.id = l.indicator_id
      ORDER BY lower(i.name), i.id`,
    paramsOf(p),
  )) as IndicatorRow[];
}
