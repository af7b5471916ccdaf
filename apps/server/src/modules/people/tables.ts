import type { Generated } from 'kysely';

export interface PeopleTable {
  id: Generated<number>;
  code: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  /** The school/kindergarten (or office) where the person works. */
  unit_id: number | null;
  /** The party org of a member (blank for non-members). */
  party_org_id: number | null;
  /** Current political status: 中共党员 / 中共预备党员 / 共青团员 / 群众 / 民主党派. */
  political_status: string;
  /** The day they became probationary members (入党日期). */
  join_date: string | null;
  /** The day they became full members (转正日期). */
  conversion_date: string | null;
  phone: string | null;
  pinyin_initials: string;
  pinyin_full: string;
  active: number;
  left_date: string | null;
  is_demo: number;
  import_batch: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A post held at an org unit over a period; start_date null = held since before records began. */
export interface PersonPostsTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  post: string;
  start_date: string | null;
  end_date: string | null;
  created_at: string;
}

export interface PersonStatusHistoryTable {
  id: Generated<number>;
  person_id: number;
  status: string;
  effective_date: string | null;
  recorded_at: string;
  source: string;
}

export interface DutyPostMapTable {
  post: string;
  role: string;
  priority: number;
}

export interface DutyRoleOverridesTable {
  id: Generated<number>;
  org_id: number;
  role: string;
  person_id: number;
  start_date: string;
  end_date: string | null;
  reason: string;
  created_at: string;
}

/**
 * Who is in each org's subtree: one row per active person and every org above (or at) their unit or party org, with
 * the list's sort keys. Kept by database triggers on people and org_closure (migration 0007), so every write path —
 * services, imports, the generator's bulk SQL, org moves — keeps it true; the people list pages from its indexes
 * instead of gathering and sorting a whole subtree per request.
 */
export interface PersonOrgsTable {
  org_id: number;
  person_id: number;
  code: string;
  pinyin_full: string;
}

declare module '../../db/types.ts' {
  interface Database {
    people: PeopleTable;
    person_orgs: PersonOrgsTable;
    person_posts: PersonPostsTable;
    person_status_history: PersonStatusHistoryTable;
    duty_post_map: DutyPostMapTable;
    duty_role_overrides: DutyRoleOverridesTable;
  }
}
