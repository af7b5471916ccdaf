import type { StatsView } from '../api.ts';

/** The five figures of the development statistics, in pipeline order (keys of StatsView). */
export const FIGURES = ['applicants', 'activists', 'candidates', 'probationary', 'conversions'] as const;
export type Figure = (typeof FIGURES)[number];

export function figureValues(s: StatsView | undefined): Record<Figure, number> {
  return {
    applicants: s?.applicants.count ?? 0,
    activists: s?.activists.count ?? 0,
    candidates: s?.candidates.count ?? 0,
    probationary: s?.probationary.count ?? 0,
    conversions: s?.conversions.count ?? 0,
  };
}
