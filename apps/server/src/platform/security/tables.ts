// Columns added by migration 0004_integrity (declaration merging into db/types.ts).
declare module '../../db/types.ts' {
  interface GrantsTable {
    /** HMAC over (user_id, role, org_id) with a subkey of the master key: detects direct database edits. */
    integrity_tag: string | null;
  }
}

export {};
