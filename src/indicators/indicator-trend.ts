import type { BetterWhen } from './indicator.entity';

export const TRENDS = ['improving', 'worsening', 'flat'] as const;
export type Trend = (typeof TRENDS)[number];

/**
 * The latest observation against the one before it, read in the indicator's better direction; null
 * until there are two observations to compare.
 */
export function trendOf(betterWhen: BetterWhen, latest: number | undefined, previous: number | undefined): Trend | null {
  if (latest === undefined || previous === undefined) return null;
  if (latest === previous) return 'flat';
  return latest > previous === (betterWhen === 'higher') ? 'improving' : 'worsening';
}
