import type { Generated } from 'kysely';

/** One stage a person reached on the way to full membership. */
export interface DevelopmentStepsTable {
  id: Generated<number>;
  person_id: number;
  /** The party org in charge of the step (for scope and the per-branch board). */
  org_id: number | null;
  stage: string;
  date: string;
  decision_body: string | null;
  notes: string | null;
  documents_json: string;
  /** JSON array of person ids (activist: two liaison persons). */
  liaison_person_ids: string;
  /** JSON array of person ids (candidate/probationary: two introducers, full members). */
  introducer_person_ids: string;
  training_days: number | null;
  training_hours: number | null;
  notice_start: string | null;
  notice_end: string | null;
  /** On the probationary step: the probation was extended once by this many months. */
  extension_months: number | null;
  extension_date: string | null;
  override_reason: string | null;
  override_by: number | null;
  /** JSON array of the rule codes the override set aside. */
  overridden_rules: string;
  is_demo: number;
  import_batch: string | null;
  created_at: string;
}

export interface DevelopmentDualFlagsTable {
  id: Generated<number>;
  person_id: number;
  kind: string;
  since: string;
  until: string | null;
  notes: string | null;
  is_demo: number;
  created_at: string;
}

export interface HonourCategoriesTable {
  code: string;
  name: string;
  target: string;
  sort_order: number;
  active: number;
}

export interface HonoursTable {
  id: Generated<number>;
  year: number;
  category_code: string;
  target_type: string;
  person_id: number | null;
  org_id: number | null;
  /** 'p:<person id>' or 'o:<org id>': with year and category the natural key (unique). */
  target_key: string;
  awarded_on: string | null;
  awarding_body: string | null;
  citation: string | null;
  is_demo: number;
  import_batch: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TrainingProgrammesTable {
  id: Generated<number>;
  name: string;
  organiser_org_id: number;
  hours: number;
  year: number;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface TrainingHoursTable {
  id: Generated<number>;
  person_id: number;
  programme_id: number | null;
  activity_id: number | null;
  hours: number;
  date: string;
  is_demo: number;
  created_at: string;
}

export interface DevelopmentSettingsTable {
  key: string;
  value: string;
}

declare module '../../db/types.ts' {
  interface Database {
    development_steps: DevelopmentStepsTable;
    development_dual_flags: DevelopmentDualFlagsTable;
    honour_categories: HonourCategoriesTable;
    honours: HonoursTable;
    training_programmes: TrainingProgrammesTable;
    training_hours: TrainingHoursTable;
    development_settings: DevelopmentSettingsTable;
  }
}
