export const STATUSES = ['open', 'in_progress', 'partially_implemented', 'implemented', 'not_implemented', 'withdrawn'] as const;
export type RecommendationStatus = (typeof STATUSES)[number];

export const CLOSED_STATUSES: readonly RecommendationStatus[] = ['implemented', 'not_implemented', 'withdrawn'];
/** Moving to these needs evidence on the recommendation, cited in the change. */
export const EVIDENCE_REQUIRED_STATUSES: readonly RecommendationStatus[] = ['partially_implemented', 'implemented'];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export function isClosed(status: RecommendationStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}
