/**
 * The org-unit value lists of @taizhang/shared, copied here because shared's module that exports them also declares
 * its zod schemas, which would pull zod (~50 kB gzip) into the web bundle. The types below make tsc fail as soon as
 * the shared lists change, so the copies cannot drift.
 */
import type { OrgKind, OWNERSHIPS as SharedOwnerships, SCHOOL_KINDS as SharedSchoolKinds, SCHOOL_STAGES as SharedStages } from '@taizhang/shared';

type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'party_group', 'school', 'kindergarten', 'other'] as const;
export const SCHOOL_KINDS: readonly OrgKind[] = ['school', 'kindergarten'];
export const SCHOOL_STAGES = ['小学', '初中', '九年一贯制', '高中', '完全中学', '幼儿园', '职业学校', '特殊教育学校'] as const;
export const OWNERSHIPS = ['公办', '民办'] as const;

export type SchoolStage = (typeof SCHOOL_STAGES)[number];
export type Ownership = (typeof OWNERSHIPS)[number];

const kindsMatch: Exact<(typeof ORG_KINDS)[number], OrgKind> = true;
const stagesMatch: Exact<SchoolStage, (typeof SharedStages)[number]> = true;
const ownershipsMatch: Exact<Ownership, (typeof SharedOwnerships)[number]> = true;
const schoolKindsType: typeof SharedSchoolKinds = SCHOOL_KINDS;
void [kindsMatch, stagesMatch, ownershipsMatch, schoolKindsType];

export function isSchoolStage(v: string | null | undefined): v is SchoolStage {
  return (SCHOOL_STAGES as readonly string[]).includes(v ?? '');
}

export function isOwnership(v: string | null | undefined): v is Ownership {
  return (OWNERSHIPS as readonly string[]).includes(v ?? '');
}
