import type { Generated } from 'kysely';

/** Risk categories (data: offices add their own). */
export interface RiskCategoriesTable {
  id: Generated<number>;
  name: string;
  sort: number;
  active: number;
}

/** The rating matrix (data): likelihood × impact → level. */
export interface RiskMatrixTable {
  likelihood: number;
  impact: number;
  level: string;
}

export interface RisksTable {
  id: Generated<number>;
  code: string;
  org_id: number;
  category: string;
  description: string;
  source: string | null;
  likelihood: number;
  impact: number;
  level: string;
  owner_person_id: number | null;
  treatment: string;
  /** [{text, dueDate, done}] */
  measures_json: string;
  status: string;
  review_date: string | null;
  /** The day review_date was last set: a meeting on or after it counts as the review. */
  review_date_set_on: string | null;
  last_reviewed_on: string | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: number;
  import_batch: string | null;
}

/** Every rating a risk has had, inherent and residual. */
export interface RiskRatingsTable {
  id: Generated<number>;
  risk_id: number;
  kind: string;
  likelihood: number;
  impact: number;
  level: string;
  previous_level: string | null;
  source: string;
  reason: string | null;
  rated_by_user_id: number | null;
  rated_by_name: string | null;
  rated_at: string;
}

/** 研判 meetings. */
export interface RiskReviewsTable {
  id: Generated<number>;
  org_id: number;
  date: string;
  title: string | null;
  agenda: string;
  conclusions: string;
  signed: number;
  signed_off_by_person_id: number | null;
  signed_off_by_user_id: number | null;
  signed_off_at: string | null;
  created_by_user_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: number;
}

/** A risk as assessed at a meeting (frozen). */
export interface RiskReviewItemsTable {
  id: Generated<number>;
  review_id: number;
  risk_id: number;
  likelihood: number;
  impact: number;
  level: string;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  note: string | null;
}

export interface IncidentsTable {
  id: Generated<number>;
  org_id: number;
  occurred_at: string;
  source: string;
  summary: string;
  level: string;
  reported_at: string;
  reported_by_user_id: number | null;
  reported_to_committee_at: string | null;
  escalation_due_at: string | null;
  status: string;
  personally_handled: number;
  closed_at: string | null;
  lessons: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: number;
}

export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  at: string;
  kind: string;
  actor_user_id: number | null;
  actor_name: string | null;
  note: string;
}

export interface IncidentRisksTable {
  incident_id: number;
  risk_id: number;
}

/** Escalation deadlines (data): level → minutes to report to the committee. */
export interface EscalationRulesTable {
  level: string;
  minutes: number;
}

/** One notification per incident past its deadline and not reported. */
export interface IncidentEscalationsTable {
  id: Generated<number>;
  incident_id: number;
  org_id: number;
  level: string;
  due_at: string;
  notified_at: string;
}

/** 阵地. */
export interface PositionsTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  name: string;
  owner_person_id: number | null;
  review_rule: string;
  url: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: number;
}

export interface ContentItemsTable {
  id: Generated<number>;
  org_id: number;
  position_id: number;
  title: string;
  body: string;
  attachments_json: string;
  stage: string;
  /** Review round: starts at 1, +1 on each resubmission after a return. */
  round: number;
  event_date: string | null;
  approved_at: string | null;
  published_at: string | null;
  link: string | null;
  created_by_user_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: number;
}

export interface ContentReviewsTable {
  id: Generated<number>;
  item_id: number;
  round: number;
  step: number;
  reviewer_user_id: number | null;
  reviewer_person_id: number | null;
  reviewer_name: string;
  decision: string;
  comment: string | null;
  at: string;
}

export interface DisclosuresTable {
  id: Generated<number>;
  org_id: number;
  category: string;
  title: string;
  disclosed_on: string;
  channel: string;
  link: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  is_demo: number;
  import_batch: string | null;
}

/** Data: categories each matching org must disclose every year. */
export interface DisclosureRequirementsTable {
  id: Generated<number>;
  category: string;
  /** Comma-separated org kinds the rule applies to, e.g. 'committee' or 'school,kindergarten'. */
  org_kinds: string;
  min_count: number;
  active: number;
}

declare module '../../db/types.ts' {
  interface Database {
    risk_categories: RiskCategoriesTable;
    risk_matrix: RiskMatrixTable;
    risks: RisksTable;
    risk_ratings: RiskRatingsTable;
    risk_reviews: RiskReviewsTable;
    risk_review_items: RiskReviewItemsTable;
    incidents: IncidentsTable;
    incident_events: IncidentEventsTable;
    incident_risks: IncidentRisksTable;
    escalation_rules: EscalationRulesTable;
    incident_escalations: IncidentEscalationsTable;
    positions: PositionsTable;
    content_items: ContentItemsTable;
    content_reviews: ContentReviewsTable;
    disclosures: DisclosuresTable;
    disclosure_requirements: DisclosureRequirementsTable;
  }
}
