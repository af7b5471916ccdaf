import type { Generated } from 'kysely';

/** Saved report drafts and frozen finals (a final keeps its data snapshot). */
export interface ReportsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  status: string;
  revision: number;
  content_json: string;
  created_by: number | null;
  created_at: string;
  frozen_at: string | null;
}

declare module '../../db/types.ts' {
  interface Database {
    reports: ReportsTable;
  }
}
