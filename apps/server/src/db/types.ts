import type { Generated } from 'kysely';

/**
 * Table interfaces. Modules add their own tables by declaration merging:
 *   declare module '../../db/types.ts' { interface Database { my_table: MyTable } }
 * Conventions (both dialects): timestamps are ISO-8601 UTC text, dates are YYYY-MM-DD text,
 * booleans are 0/1 integers, JSON is text.
 */
export interface OrgUnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  active: number;
  active_from: string;
  active_to: string | null;
  stage: string | null;
  ownership: string | null;
  student_count: number | null;
  boarder_count: number | null;
  sort_order: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface OrgClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string | null;
  person_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  recovery_codes_json: string | null;
}

export interface GrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  org_id: number | null;
  source: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  mfa_verified: number;
  reauth_at: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  org_id: number | null;
  ip: string | null;
  user_agent: string | null;
  result: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  version: Generated<number>;
  updated_at: string;
  updated_by: number | null;
  integrity_tag: string;
}

/** Writes per table, kept by triggers on SQLite (migration 0009_change_counters; platform/read-cache.ts). */
export interface ChangeCountersTable {
  name: string;
  n: Generated<number>;
}

export interface Database {
  org_units: OrgUnitsTable;
  org_closure: OrgClosureTable;
  users: UsersTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  rate_limits: RateLimitsTable;
  app_meta: AppMetaTable;
  settings: SettingsTable;
  change_counters: ChangeCountersTable;
}
