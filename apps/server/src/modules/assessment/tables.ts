import type { Generated } from 'kysely';

/** A committee's indicator system for a year (categories → indicators as JSON; thresholds as JSON). */
export interface AssessmentSystemsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  /** JSON: Category[] */
  tree_json: string;
  /** JSON: GradeThreshold[] */
  thresholds_json: string;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One school's scorecard for a year; the indicator tree and thresholds are snapshotted when opened. */
export interface AssessmentScorecardsTable {
  id: Generated<number>;
  system_id: number;
  year: number;
  committee_id: number;
  org_id: number;
  status: string;
  tree_json: string;
  thresholds_json: string;
  total: number;
  grade: string | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  finalized_at: string | null;
  /** The committee's reason when it last returned the scorecard to the school (migration 0710). */
  return_reason: string | null;
  returned_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One indicator's points on a scorecard: auto (with its source ids), self-assessed, reviewed. */
export interface AssessmentScoresTable {
  id: Generated<number>;
  scorecard_id: number;
  indicator_code: string;
  auto_points: number | null;
  /** JSON: {actual, target, rule} */
  auto_detail_json: string | null;
  /** JSON: number[] */
  source_ids: string;
  self_points: number | null;
  evidence: string;
  /** JSON: string[] */
  links_json: string;
  review_points: number | null;
  review_reason: string | null;
  is_demo: number;
  updated_at: string;
}

/** Review history: every committee adjustment with its reason. */
export interface AssessmentAdjustmentsTable {
  id: Generated<number>;
  scorecard_id: number;
  indicator_code: string;
  from_points: number | null;
  to_points: number;
  reason: string;
  by_user_id: number | null;
  by_name: string;
  at: string;
  is_demo: number;
}

declare module '../../db/types.ts' {
  interface Database {
    assessment_systems: AssessmentSystemsTable;
    assessment_scorecards: AssessmentScorecardsTable;
    assessment_scores: AssessmentScoresTable;
    assessment_adjustments: AssessmentAdjustmentsTable;
  }
}
