import type { BetterWhen } from './indicator.entity';
import { trendOf } from './indicator-trend';
import type { IndicatorDetailDto, IndicatorDto, ObservationValueDto } from './dto/indicator.dto';

/** An observation as the view queries return it: the numeric value as PostgreSQL's exact text. */
interface ObservationJson {
  observedOn: string;
  value: string;
  source: string | null;
  note: string | null;
}

export interface IndicatorRow {
  id: string;
  name: string;
  unit: string;
  betterWhen: BetterWhen;
  source: string | null;
  recommendationIds: string[];
  /** Newest first: the latest two, or every observation for the detail view. */
  observations: ObservationJson[];
  createdAt: Date;
  updatedAt: Date;
}

const OBSERVATION_JSON = `json_build_object('observedOn', to_char(o.observed_on, 'YYYY-MM-DD'), 'value', o.value::text,
  'source', o.source, 'note', o.note)`;

/**
 * The columns of an indicator view, for `FROM indicators i`. `visibleOffices` is the SQL of a
 * uuid[] parameter restricting the linked recommendations to the reader's offices, or null for
 * all of them (admins, the system); deleted recommendations are never shown. `allObservations`
 * brings every observation rather than the latest two. Subqueries, not joins: one row per indicator
 * and one statement whatever the page size.
 */
export function indicatorColumns(visibleOffices: string | null, allObservations: boolean): string {
  return `i.id, i.name, i.unit, i.better_when AS "betterWhen", i.source, i.created_at AS "createdAt", i.updated_at AS "updatedAt",
    ARRAY(SELECT r.id::text FROM indicator_recommendations ir JOIN recommendations r ON r.id = ir.recommendation_id
           WHERE ir.indicator_id = i.id AND r.deleted_at IS NULL${visibleOffices ? ` AND r.office_id = ANY(${visibleOffices})` : ''}
           ORDER BY r.reference, r.id) AS "recommendationIds",
    COALESCE((SELECT json_agg(${OBSERVATION_JSON} ORDER BY o.observed_on DESC)
                FROM (SELECT observed_on, value, source, note FROM indicator_observations WHERE indicator_id = i.id ORDER BY observed_on DESC${allObservations ? '' : ' LIMIT 2'}) o),
             '[]'::json) AS observations`;
}

export function toObservationValue(o: ObservationJson): ObservationValueDto {
  return { observedOn: o.observedOn, value: Number(o.value), source: o.source, note: o.note };
}

export function toIndicatorDto(r: IndicatorRow): IndicatorDto {
  const [latest, previous] = r.observations.map(toObservationValue);
  return {
    id: r.id,
    name: r.name,
    unit: r.unit,
    betterWhen: r.betterWhen,
    source: r.source,
    recommendationIds: r.recommendationIds,
    latest: latest ?? null,
    previous: previous ?? null,
    trend: trendOf(r.betterWhen, latest?.value, previous?.value),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toIndicatorDetailDto(r: IndicatorRow): IndicatorDetailDto {
  return { ...toIndicatorDto(r), observations: r.observations.map(toObservationValue).reverse() };
}
