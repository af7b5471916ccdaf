import { z } from 'zod';
import { AfterCursor, IsoDate } from './common.ts';

export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '群众', '民主党派'] as const;
export const MEMBER_STATUSES: readonly string[] = ['中共党员', '中共预备党员'];
export const GENDERS = ['男', '女'] as const;

/** Posts offered in forms and templates; any other text is accepted too (offices have their own). */
export const POSTS = [
  '党委书记',
  '党总支书记',
  '党支部书记',
  '副书记',
  '校长',
  '园长',
  '副校长',
  '组织委员',
  '宣传委员',
  '纪检委员',
  '党务工作者',
  '班主任',
  '教师',
] as const;
/** Party posts are held at the person's party org; the others at the person's unit. */
export const PARTY_POSTS: readonly string[] = ['党委书记', '党总支书记', '党支部书记', '副书记', '组织委员', '宣传委员', '纪检委员', '党务工作者'];

export const DUTY_ROLES = ['first_responsible', 'direct_responsible', 'dual_duty'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];
export const DUTY_ROLE_LABELS: Record<DutyRole, string> = {
  first_responsible: '第一责任人',
  direct_responsible: '直接责任人',
  dual_duty: '一岗双责',
};

export const PostView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  post: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
});

export const PersonView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  partyOrgId: z.number().int().nullable(),
  partyOrgName: z.string().nullable(),
  politicalStatus: z.string(),
  joinDate: z.string().nullable(),
  conversionDate: z.string().nullable(),
  /** Masked (138****1234) unless read through the audited phone endpoint. */
  phone: z.string().nullable(),
  posts: z.array(PostView),
  active: z.boolean(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof PersonView>;

export const PeopleQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  after: AfterCursor,
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(POLITICAL_STATUSES).optional(),
  members: z.enum(['0', '1']).optional(),
  post: z.string().trim().max(20).optional(),
  q: z.string().trim().max(50).optional(),
  sort: z.enum(['code', 'name', '-code', '-name']).default('code'),
});

const personFields = {
  name: z.string().trim().min(1).max(50),
  gender: z.enum(GENDERS).nullable().optional(),
  birthDate: IsoDate.nullable().optional(),
  unitId: z.number().int().positive().nullable().optional(),
  partyOrgId: z.number().int().positive().nullable().optional(),
  politicalStatus: z.enum(POLITICAL_STATUSES),
  joinDate: IsoDate.nullable().optional(),
  conversionDate: IsoDate.nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号应为 11 位数字 / 11-digit mobile number')
    .nullable()
    .optional(),
};

export const CreatePersonBody = z.object({ code: z.string().trim().min(1).max(64), ...personFields });
export const UpdatePersonBody = z.object({ version: z.number().int().min(1), ...personFields }).partial({ name: true, politicalStatus: true });

export const AddPostBody = z.object({
  orgId: z.number().int().positive(),
  post: z.string().trim().min(1).max(20),
  startDate: IsoDate.nullable().optional(),
});
export const EndPostBody = z.object({ endDate: IsoDate });

export const DutyHolder = z.object({ personId: z.number().int(), name: z.string(), post: z.string(), source: z.enum(['post', 'override']) });
export const OrgDutyRolesView = z.object({
  orgId: z.number().int(),
  orgName: z.string(),
  date: z.string(),
  firstResponsible: z.array(DutyHolder),
  directResponsible: z.array(DutyHolder),
  dualDuty: z.array(DutyHolder),
  dualRole: z.boolean(),
  vacancies: z.array(z.enum(DUTY_ROLES)),
});
