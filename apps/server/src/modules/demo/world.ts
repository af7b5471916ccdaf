import type { Rng } from './random.ts';

export interface DemoPerson {
  id: number;
  code: string;
  name: string;
  gender: '男' | '女';
  birthDate: string;
  unitId: number;
  partyOrgId: number | null;
  status: string;
  joinDate: string | null;
  conversionDate: string | null;
}

export interface DemoBranch {
  id: number;
  code: string;
  name: string;
  schoolId: number;
  generalBranchId: number | null;
  /** Branch secretary at the end of 2022. */
  secretaryId: number;
  recorderId: number;
  memberIds: number[];
}

export interface DemoSchool {
  id: number;
  code: string;
  name: string;
  kind: 'school' | 'kindergarten';
  stage: string;
  isPublic: boolean;
  students: number;
  boarders: number;
  generalBranchId: number | null;
  branchIds: number[];
  principalId: number;
  /** Secretary of the party org sitting under the school (branch or general branch). */
  secretaryId: number;
  teacherIds: number[];
}

/** What the org-and-people seeder created, for the other modules' demo seeders to build on. */
export interface DemoWorld {
  rng: Rng;
  committeeId: number;
  committeeCode: string;
  committeeSecretaryId: number;
  committeeStaffIds: number[];
  schools: DemoSchool[];
  branches: DemoBranch[];
  people: DemoPerson[];
  /** Every party-org secretary under a public school at the end of 2022 (branch and general branch). */
  publicSecretaryIds: number[];
}
