import type { Generated } from 'kysely';

/** A school's ethics-study mechanism (师德师风学习制度), in force over a period. */
export interface EthicsMechanismsTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  content: string;
  effective_from: string;
  effective_to: string | null;
  is_demo: number;
  import_batch: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A teacher's yearly pledge (师德承诺书); org_id is the teacher's unit when signing. */
export interface EthicsPledgesTable {
  id: Generated<number>;
  org_id: number;
  person_id: number;
  year: number;
  signed_at: string;
  is_demo: number;
  created_at: string;
}

/** The ten professional codes for teachers (新时代中小学教师职业行为十项准则): the negative list. */
export interface EthicsCodesTable {
  id: Generated<number>;
  code: string;
  name: string;
  description: string;
}

/** A breach case (restricted: handlers and ethics.case holders in reach only). */
export interface EthicsCasesTable {
  id: Generated<number>;
  org_id: number;
  /** The teacher concerned. */
  person_id: number;
  code_id: number;
  summary: string;
  stage: string;
  clue_on: string;
  verification_on: string | null;
  decision_on: string | null;
  closed_on: string | null;
  /** JSON arrays of ids, e.g. [3,7]. */
  handler_person_ids: string;
  handler_user_ids: string;
  outcome: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  version: number;
}

declare module '../../db/types.ts' {
  interface Database {
    ethics_mechanisms: EthicsMechanismsTable;
    ethics_pledges: EthicsPledgesTable;
    ethics_codes: EthicsCodesTable;
    ethics_cases: EthicsCasesTable;
  }
}
