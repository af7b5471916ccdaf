import type { Generated } from 'kysely';

/** A screening campaign (全面排查) handed to schools: window, mobilisation meeting and themed lessons (ledger activities). */
export interface SafetyCampaignsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  name: string;
  start_date: string;
  end_date: string;
  mobilisation_activity_id: number | null;
  /** JSON array of activity ids (themed lessons). */
  lesson_activity_ids: string;
  /** The [D] task dispatching it, when the tasks module is used. */
  task_id: number | null;
  notes: string;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One school's screening (counts only). */
export interface ScreeningsTable {
  id: Generated<number>;
  /** 排查编号 */
  code: string;
  org_id: number;
  campaign_id: number | null;
  start_date: string;
  end_date: string | null;
  students_expected: number;
  students_screened: number;
  issues_found: number;
  issues_resolved: number;
  /** in_progress | completed */
  status: string;
  is_demo: number;
  import_batch: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Per-class results of a screening: counts by category, no names. */
export interface ScreeningResultsTable {
  id: Generated<number>;
  screening_id: number;
  class_name: string;
  students: number;
  screened: number;
  found_gaming: number;
  found_harmful_info: number;
  found_harmful_apps: number;
  found_other: number;
  follow_ups_opened: number;
  follow_ups_closed: number;
}

/**
 * A follow-up case for a named student (restricted: the head teacher, the named officer and safety.case holders in
 * reach). Closed cases are hard-deleted after retention_until by purgeExpiredFollowups.
 */
export interface SafetyFollowupsTable {
  id: Generated<number>;
  org_id: number;
  class_name: string;
  student_name: string;
  details: string;
  head_teacher_user_id: number;
  officer_user_id: number | null;
  opened_on: string;
  closed_on: string | null;
  /** Last day the record is kept; null while open. */
  retention_until: string | null;
  /** Always null on stored rows: deletion is a hard delete (kept for readers that filter on it). */
  deleted_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Class-level phone custody register (手机代管) for boarders. */
export interface PhoneCustodyTable {
  id: Generated<number>;
  org_id: number;
  class_name: string;
  date: string;
  students: number;
  phones_held: number;
  phones_returned: number;
  is_demo: number;
  created_at: string;
}

/** Spot checks at two levels (上下联动): the school's work group and the bureau. */
export interface SpotChecksTable {
  id: Generated<number>;
  /** school | bureau */
  level: string;
  org_id: number;
  checked_on: string;
  checker: string;
  place: string;
  findings: string;
  rectify_by: string | null;
  rectified_on: string | null;
  result: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Parents' guardianship notices per class: counts sent and acknowledged. */
export interface ParentNoticesTable {
  id: Generated<number>;
  org_id: number;
  class_name: string;
  date: string;
  title: string;
  notices_sent: number;
  acks_received: number;
  is_demo: number;
  created_at: string;
}

declare module '../../db/types.ts' {
  interface Database {
    safety_campaigns: SafetyCampaignsTable;
    screenings: ScreeningsTable;
    screening_results: ScreeningResultsTable;
    safety_followups: SafetyFollowupsTable;
    phone_custody: PhoneCustodyTable;
    spot_checks: SpotChecksTable;
    parent_notices: ParentNoticesTable;
  }
}
