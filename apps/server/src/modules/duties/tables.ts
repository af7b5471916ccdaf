import type { Generated } from 'kysely';

/** A year's duty list authored by a committee (one per org and year; holds the three lists). */
export interface DutyListsTable {
  id: Generated<number>;
  year: number;
  org_id: number;
  title: string;
  status: string;
  published_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DutyItemsTable {
  id: Generated<number>;
  list_id: number;
  list_kind: string;
  binds: string;
  /** JSON: org kinds */
  applies_to_kinds: string;
  text: string;
  target: string;
  /** JSON: Measure */
  measure_json: string;
  weight: number;
  sort_order: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

/** An item instantiated for one org (and one owner; person_id null = vacant). */
export interface DutiesTable {
  id: Generated<number>;
  item_id: number;
  list_id: number;
  year: number;
  org_id: number;
  person_id: number | null;
  role: string;
  /** ok | vacant | misplaced: does the owner hold the bound role (kept by publish/refresh/reassign). */
  owner_state: string;
  status: string;
  actual_value: number | null;
  target_value: number | null;
  /** JSON: number[] (ids of the records behind the number) */
  source_ids: string;
  /** JSON: {text, dueDate} | null */
  next_json: string | null;
  evaluated_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DutyHandoversTable {
  id: Generated<number>;
  duty_id: number;
  from_person_id: number | null;
  to_person_id: number | null;
  on_date: string;
  reason: string;
  created_at: string;
}

export interface DutyEvidenceTable {
  id: Generated<number>;
  duty_id: number;
  description: string;
  file_ref: string | null;
  status: string;
  submitted_by: number | null;
  submitted_at: string;
  accepted_by: number | null;
  accepted_at: string | null;
  comment: string | null;
  is_demo: number;
}

/** 责任书: one per responsible person, org and year. */
export interface PledgesTable {
  id: Generated<number>;
  person_id: number;
  year: number;
  org_id: number;
  status: string;
  /** sha256 (hex) of the signed .docx. */
  document_hash: string | null;
  /** The signed .docx, base64 (what was signed is what is downloaded afterwards). */
  document_b64: string | null;
  signed_at: string | null;
  signed_by_user_id: number | null;
  countersigned_by: number | null;
  countersigned_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

declare module '../../db/types.ts' {
  interface Database {
    duty_lists: DutyListsTable;
    duty_items: DutyItemsTable;
    duties: DutiesTable;
    duty_handovers: DutyHandoversTable;
    duty_evidence: DutyEvidenceTable;
    pledges: PledgesTable;
  }
}
