import { z } from 'zod';

export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'party_group', 'school', 'kindergarten', 'other'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const PARTY_ORG_KINDS: readonly OrgKind[] = ['committee', 'general_branch', 'branch', 'party_group'];
export const SCHOOL_KINDS: readonly OrgKind[] = ['school', 'kindergarten'];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '教育工委',
  general_branch: '党总支',
  branch: '党支部',
  party_group: '党小组',
  school: '学校',
  kindergarten: '幼儿园',
  other: '其他',
};

export const SCHOOL_STAGES = ['小学', '初中', '九年一贯制', '高中', '完全中学', '幼儿园', '职业学校', '特殊教育学校'] as const;
export const OWNERSHIPS = ['公办', '民办'] as const;

export const OrgCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, '编码只能包含字母、数字、下划线、点和连字符 / letters, digits, _ . - only');

export const OrgUnitView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  parentId: z.number().int().nullable(),
  active: z.boolean(),
  stage: z.string().nullable(),
  ownership: z.string().nullable(),
  studentCount: z.number().int().nullable(),
  boarderCount: z.number().int().nullable(),
  isDemo: z.boolean(),
  childCount: z.number().int(),
  version: z.number().int(),
});
export type OrgUnitView = z.infer<typeof OrgUnitView>;

const schoolFields = {
  stage: z.enum(SCHOOL_STAGES).nullable().optional(),
  ownership: z.enum(OWNERSHIPS).nullable().optional(),
  studentCount: z.number().int().min(0).max(1_000_000).nullable().optional(),
  boarderCount: z.number().int().min(0).max(1_000_000).nullable().optional(),
};

export const CreateOrgUnitBody = z.object({
  code: OrgCode,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(ORG_KINDS),
  parentId: z.number().int().positive().nullable(),
  ...schoolFields,
});

export const UpdateOrgUnitBody = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(200).optional(),
  ...schoolFields,
});

export const MoveOrgUnitBody = z.object({
  version: z.number().int().min(1),
  parentId: z.number().int().positive().nullable(),
});

export const VersionBody = z.object({ version: z.number().int().min(1) });

export const OrgTreeQuery = z.object({
  parentId: z.coerce.number().int().positive().optional(),
  includeInactive: z.enum(['0', '1']).optional(),
  q: z.string().trim().max(100).optional(),
});
