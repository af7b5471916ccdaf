import type { Generated } from 'kysely';

export interface ActivityTypesTable {
  id: Generated<number>;
  code: string;
  name: string;
  is_study: number;
  category: string;
  /** JSON: ExtraField[] */
  fields_json: string;
  active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ActivitiesTable {
  id: Generated<number>;
  /** 活动编号 */
  code: string;
  org_id: number;
  type_id: number;
  date: string;
  start_time: string | null;
  place: string | null;
  host_person_id: number | null;
  speaker: string | null;
  recorder_person_id: number | null;
  topic: string;
  /** Sanitised rich text. */
  minutes_html: string | null;
  guests: string | null;
  participant_count: number | null;
  /** JSON object of the type's extra fields. */
  extra_json: string;
  status: string;
  /** 补录: dated more than BACKFILL_DAYS before it was entered. */
  backfill: number;
  imported: number;
  import_batch: string | null;
  locked: number;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_comment: string | null;
  submitted_at: string | null;
  is_demo: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ActivityAttendanceTable {
  id: Generated<number>;
  activity_id: number;
  person_id: number;
  status: string;
  reason: string | null;
}

export interface ActivityAmendmentsTable {
  id: Generated<number>;
  activity_id: number;
  /** JSON: { field: { from, to } } */
  changes_json: string;
  reason: string;
  by_user_id: number | null;
  by_name: string | null;
  at: string;
}

export interface StudyMaterialsTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  order_date: string;
  copies: number;
  is_demo: number;
  import_batch: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CadenceRulesTable {
  id: Generated<number>;
  code: string;
  type_code: string;
  min_count: number;
  period: string;
  /** JSON: org kinds */
  applies_to_json: string;
  public_only: number;
  per: string;
  /** JSON: RuleOverride[] */
  overrides_json: string;
  description: string;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One org's cell of a rule and period for a year, as the compliance store keeps it (see compliance-store.ts). */
export interface ComplianceCellsTable {
  org_id: number;
  year: number;
  rule_code: string;
  period_key: string;
  count: number;
  required: number;
  applicable: number;
  done: number;
}

/** An org's own cells and its descendants' summed per rule and period: how many are due, how many done. */
export interface ComplianceRollupsTable {
  org_id: number;
  year: number;
  rule_code: string;
  period_key: string;
  due: number;
  done: number;
}

/** Orgs whose cells a write may have changed (kept by triggers), recomputed before the store is read. */
export interface ComplianceDirtyTable {
  org_id: number;
}

/** Years the store holds; a change that shifts every cell (rules, types, a move) marks them all stale. */
export interface ComplianceBuiltTable {
  year: number;
  built_at: string;
  /** 1: to be built again before it is read. */
  stale: number;
}

declare module '../../db/types.ts' {
  interface Database {
    activity_types: ActivityTypesTable;
    activities: ActivitiesTable;
    activity_attendance: ActivityAttendanceTable;
    activity_amendments: ActivityAmendmentsTable;
    study_materials: StudyMaterialsTable;
    cadence_rules: CadenceRulesTable;
    compliance_cells: ComplianceCellsTable;
    compliance_rollups: ComplianceRollupsTable;
    compliance_dirty: ComplianceDirtyTable;
    compliance_built: ComplianceBuiltTable;
  }
}
