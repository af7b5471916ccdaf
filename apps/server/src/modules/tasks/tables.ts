import type { Generated } from 'kysely';

export interface TasksTable {
  id: Generated<number>;
  title: string;
  /** Sanitised HTML. */
  requirements_html: string;
  issuing_org_id: number;
  deadline: string;
  /** FormField[] as JSON. */
  form_json: string;
  evidence_required: number;
  /** string[] (file references) as JSON. */
  attachments_json: string;
  /** TargetSpec as JSON, as issued. */
  targets_json: string;
  period_start: string;
  period_end: string;
  recurring_template_id: number | null;
  /** The template run (its run date) that generated this task: with the template id, unique. */
  period_key: string | null;
  status: string;
  is_demo: number;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AssignmentsTable {
  id: Generated<number>;
  task_id: number;
  org_id: number;
  status: string;
  submitted_at: string | null;
  first_submitted_at: string | null;
  submitted_by: number | null;
  answers_json: string;
  evidence_json: string;
  /** The bound figures' values at submission, for traceability. */
  figures_json: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  return_reason: string | null;
  accepted_at: string | null;
  reminded_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface AssignmentHistoryTable {
  id: Generated<number>;
  assignment_id: number;
  at: string;
  action: string;
  from_status: string | null;
  to_status: string;
  by_user_id: number | null;
  by_name: string | null;
  note: string | null;
}

export interface UrgesTable {
  id: Generated<number>;
  assignment_id: number;
  at: string;
  by_user_id: number | null;
  by_name: string | null;
}

export interface SupervisionNoticesTable {
  id: Generated<number>;
  assignment_id: number;
  escalated_to_person_id: number | null;
  opened_at: string;
  closed_at: string | null;
  status: string;
  note: string | null;
  is_demo: number;
}

export interface RecurringTemplatesTable {
  id: Generated<number>;
  period: string;
  next_run_on: string;
  /** RecurringDefinition as JSON. */
  definition_json: string;
  issuing_org_id: number;
  active: number;
  created_by: number | null;
  created_at: string;
  version: number;
}

export interface DocumentsTable {
  id: Generated<number>;
  title: string;
  body: string;
  issuing_org_id: number;
  read_within_days: number;
  published_at: string;
  /** Beijing date by which receipts are due. */
  due_date: string;
  is_demo: number;
  created_by: number | null;
  created_at: string;
}

export interface DocumentTargetsTable {
  id: Generated<number>;
  document_id: number;
  org_id: number | null;
  person_id: number | null;
}

export interface DocumentReceiptsTable {
  id: Generated<number>;
  document_id: number;
  person_id: number;
  read_at: string | null;
  linked_activity_id: number | null;
  reminded_at: string | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPrefsTable {
  id: Generated<number>;
  user_id: number;
  channel: string;
  enabled: number;
  /** E-mail address for the email channel. */
  address: string | null;
}

export interface NotificationChannelsTable {
  channel: string;
  config_json: string;
  enabled: number;
  updated_at: string;
}

export interface DeliveriesTable {
  id: Generated<number>;
  notification_id: number;
  channel: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  run_at: string;
  payload_json: string;
  status: string;
  locked_by: string | null;
  locked_at: string | null;
  attempts: number;
  last_error: string | null;
  /** Idempotency: one row per logical job. */
  unique_key: string;
  created_at: string;
  finished_at: string | null;
}

declare module '../../db/types.ts' {
  interface Database {
    tasks: TasksTable;
    assignments: AssignmentsTable;
    assignment_history: AssignmentHistoryTable;
    urges: UrgesTable;
    supervision_notices: SupervisionNoticesTable;
    recurring_templates: RecurringTemplatesTable;
    documents: DocumentsTable;
    document_targets: DocumentTargetsTable;
    document_receipts: DocumentReceiptsTable;
    notifications: NotificationsTable;
    notification_prefs: NotificationPrefsTable;
    notification_channels: NotificationChannelsTable;
    deliveries: DeliveriesTable;
    jobs: JobsTable;
  }
}
