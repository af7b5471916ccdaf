import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Ledger (台账): activity records, activity types, cadence rules, compliance, study materials. */

export const ACTIVITY_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
/** A record counts in figures and compliance from the moment it is submitted. */
export const COUNTED_STATUSES: readonly ActivityStatus[] = ['submitted', 'approved'];
export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export const ATTENDANCE_LABELS: Record<(typeof ATTENDANCE_STATUSES)[number], string> = { present: '出席', absent: '缺席', excused: '请假' };

export const PERIODS = ['month', 'quarter', 'semester', 'year'] as const;
export type Period = (typeof PERIODS)[number];
export const RULE_PER = ['org', 'member', 'secretary'] as const;
export type RulePer = (typeof RULE_PER)[number];
export const COMPLIANCE_STATUSES = ['done', 'due_soon', 'overdue', 'not_yet_due', 'not_applicable'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];
export const COMPLIANCE_LABELS: Record<ComplianceStatus, string> = {
  done: '已完成',
  due_soon: '即将到期',
  overdue: '已逾期',
  not_yet_due: '未到期',
  not_applicable: '不适用',
};

/** An extra field an activity type asks for (stored in activities.extra_json). */
export const ExtraField = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().trim().min(1).max(40),
  type: z.enum(['text', 'number', 'select']),
  options: z.array(z.string().trim().min(1).max(40)).max(50).optional(),
  required: z.boolean().optional(),
});
export type ExtraField = z.infer<typeof ExtraField>;

export interface ActivityTypeDefault {
  code: string;
  name: string;
  isStudy: boolean;
  category: 'organisational_life' | 'study' | 'decision' | 'training' | 'student' | 'other';
  fields: ExtraField[];
}

/** The seeded activity types; the import matches `name` exactly. */
export const DEFAULT_ACTIVITY_TYPES: ActivityTypeDefault[] = [
  { code: 'branch_general_meeting', name: '支部党员大会', isStudy: false, category: 'organisational_life', fields: [] },
  { code: 'branch_committee_meeting', name: '支委会', isStudy: false, category: 'organisational_life', fields: [] },
  { code: 'party_group_meeting', name: '党小组会', isStudy: false, category: 'organisational_life', fields: [] },
  { code: 'party_lecture', name: '党课', isStudy: true, category: 'organisational_life', fields: [] },
  { code: 'theme_party_day', name: '主题党日', isStudy: false, category: 'organisational_life', fields: [] },
  { code: 'org_life_meeting', name: '组织生活会', isStudy: false, category: 'organisational_life', fields: [] },
  { code: 'member_appraisal', name: '民主评议党员', isStudy: false, category: 'organisational_life', fields: [] },
  { code: 'heart_talk', name: '谈心谈话', isStudy: false, category: 'organisational_life', fields: [] },
  {
    code: 'theory_study',
    name: '理论学习',
    isStudy: true,
    category: 'study',
    fields: [{ key: 'form', label: '学习形式', type: 'select', options: ['集中学习', '小组学习', '自学'], required: true }],
  },
  {
    code: 'special_lecture',
    name: '专题辅导报告',
    isStudy: true,
    category: 'study',
    fields: [
      { key: 'speaker', label: '主讲人', type: 'text', required: true },
      { key: 'title', label: '报告题目', type: 'text', required: true },
    ],
  },
  { code: 'online_study', name: '线上学习', isStudy: true, category: 'study', fields: [{ key: 'platform', label: '学习平台', type: 'text' }] },
  { code: 'red_film', name: '观看红色电影', isStudy: false, category: 'study', fields: [{ key: 'film', label: '影片名称', type: 'text' }] },
  {
    code: 'red_site_visit',
    name: '红色教育基地打卡',
    isStudy: false,
    category: 'study',
    fields: [{ key: 'site', label: '基地名称', type: 'text', required: true }],
  },
  {
    code: 'major_decision',
    name: '三重一大决策',
    isStudy: false,
    category: 'decision',
    fields: [
      { key: 'category', label: '决策类别', type: 'select', options: ['重大决策', '重要人事任免', '重大项目安排', '大额资金使用'], required: true },
      { key: 'decision', label: '决策事项', type: 'text', required: true },
    ],
  },
  { code: 'integrity_meeting', name: '书记廉洁从教会议', isStudy: false, category: 'other', fields: [] },
  { code: 'ideology_meeting', name: '意识形态专题会议', isStudy: false, category: 'other', fields: [] },
  { code: 'ethics_study', name: '师德师风学习', isStudy: false, category: 'study', fields: [] },
  {
    code: 'student_activity',
    name: '学生主题教育活动',
    isStudy: false,
    category: 'student',
    fields: [{ key: 'participantCount', label: '参与人数', type: 'number', required: true }],
  },
  { code: 'rotation_training', name: '轮训', isStudy: false, category: 'training', fields: [{ key: 'course', label: '培训班名称', type: 'text' }] },
];

/** An override of a cadence rule for a region (an org subtree) and/or an org kind; later entries win. */
export const RuleOverride = z.object({
  regionOrgId: z.number().int().positive().optional(),
  orgKind: z.string().trim().max(20).optional(),
  minCount: z.number().int().min(0).max(100).optional(),
  period: z.enum(PERIODS).optional(),
  disabled: z.boolean().optional(),
});
export type RuleOverride = z.infer<typeof RuleOverride>;

/* ------------------------------ views ------------------------------ */

export const ActivityTypeView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  isStudy: z.boolean(),
  category: z.string(),
  fields: z.array(ExtraField),
  active: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export type ActivityTypeView = z.infer<typeof ActivityTypeView>;

export const CreateActivityTypeBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, '编码为小写字母、数字和下划线 / lowercase letters, digits, underscore'),
  name: z.string().trim().min(1).max(40),
  isStudy: z.boolean().default(false),
  category: z.string().trim().min(1).max(30).default('other'),
  fields: z.array(ExtraField).max(20).default([]),
});
export const UpdateActivityTypeBody = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(40).optional(),
  isStudy: z.boolean().optional(),
  category: z.string().trim().min(1).max(30).optional(),
  fields: z.array(ExtraField).max(20).optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});

export const CadenceRuleView = z.object({
  id: z.number().int(),
  code: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  minCount: z.number().int(),
  period: z.enum(PERIODS),
  appliesTo: z.array(z.string()),
  publicOnly: z.boolean(),
  per: z.enum(RULE_PER),
  overrides: z.array(RuleOverride),
  active: z.boolean(),
  description: z.string(),
  version: z.number().int(),
});
export type CadenceRuleView = z.infer<typeof CadenceRuleView>;

const ruleFields = {
  minCount: z.number().int().min(0).max(100),
  period: z.enum(PERIODS),
  appliesTo: z.array(z.enum(['committee', 'general_branch', 'branch', 'party_group'])).min(1),
  publicOnly: z.boolean().default(false),
  per: z.enum(RULE_PER).default('org'),
  overrides: z.array(RuleOverride).max(50).default([]),
  description: z.string().trim().max(200).default(''),
};
export const CreateCadenceRuleBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/),
  typeCode: z.string().trim().min(1).max(40),
  ...ruleFields,
});
export const UpdateCadenceRuleBody = z.object({
  version: z.number().int().min(1),
  minCount: ruleFields.minCount.optional(),
  period: ruleFields.period.optional(),
  appliesTo: ruleFields.appliesTo.optional(),
  publicOnly: z.boolean().optional(),
  per: z.enum(RULE_PER).optional(),
  overrides: z.array(RuleOverride).max(50).optional(),
  description: z.string().trim().max(200).optional(),
  active: z.boolean().optional(),
});

export const AttendeeInput = z.object({
  personId: z.number().int().positive(),
  status: z.enum(ATTENDANCE_STATUSES).default('present'),
  reason: z.string().trim().max(200).nullable().optional(),
});

const activityFields = {
  orgId: z.number().int().positive(),
  typeCode: z.string().trim().min(1).max(40),
  date: IsoDate,
  startTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/, 'HH:MM')
    .nullable()
    .optional(),
  place: z.string().trim().max(200).nullable().optional(),
  hostPersonId: z.number().int().positive().nullable().optional(),
  speaker: z.string().trim().max(100).nullable().optional(),
  recorderPersonId: z.number().int().positive().nullable().optional(),
  topic: z.string().trim().min(1).max(300),
  minutesHtml: z.string().max(200_000).nullable().optional(),
  guests: z.string().trim().max(500).nullable().optional(),
  participantCount: z.number().int().min(0).max(1_000_000).nullable().optional(),
  extra: z.record(z.string(), z.union([z.string().max(500), z.number()])).optional(),
  /** Omitted: everybody on the org's roster who is a member at the date, present. */
  attendees: z.array(AttendeeInput).max(5000).optional(),
};
export const CreateActivityBody = z.object({ ...activityFields, submit: z.boolean().default(false) });
export const UpdateActivityBody = z.object({
  version: z.number().int().min(1),
  typeCode: activityFields.typeCode.optional(),
  date: IsoDate.optional(),
  startTime: activityFields.startTime,
  place: activityFields.place,
  hostPersonId: activityFields.hostPersonId,
  speaker: activityFields.speaker,
  recorderPersonId: activityFields.recorderPersonId,
  topic: activityFields.topic.optional(),
  minutesHtml: activityFields.minutesHtml,
  guests: activityFields.guests,
  participantCount: activityFields.participantCount,
  extra: activityFields.extra,
  attendees: activityFields.attendees,
});
export const VersionBody = z.object({ version: z.number().int().min(1) });
export const ReviewBody = z.object({
  version: z.number().int().min(1),
  decision: z.enum(['approve', 'return']),
  comment: z.string().trim().max(1000).nullable().optional(),
});
/** A correction to a locked record: the fields to change and why. */
export const AmendBody = z.object({
  version: z.number().int().min(1),
  reason: z.string().trim().min(2, '请填写更正原因 / a reason is required').max(1000),
  changes: z
    .object({
      date: IsoDate.optional(),
      startTime: activityFields.startTime,
      place: activityFields.place,
      hostPersonId: activityFields.hostPersonId,
      speaker: activityFields.speaker,
      recorderPersonId: activityFields.recorderPersonId,
      topic: activityFields.topic.optional(),
      minutesHtml: activityFields.minutesHtml,
      guests: activityFields.guests,
      participantCount: activityFields.participantCount,
      extra: activityFields.extra,
      attendees: activityFields.attendees,
    })
    .refine((c) => Object.keys(c).length > 0, '请至少更正一项 / change at least one field'),
});

export const ActivityQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  orgId: z.coerce.number().int().positive().optional(),
  typeCode: z.string().trim().max(40).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  backfill: z.enum(['0', '1']).optional(),
  q: z.string().trim().max(50).optional(),
  sort: z.enum(['date', '-date', 'createdAt', '-createdAt']).default('-date'),
});

export const AttendanceView = z.object({
  personId: z.number().int(),
  name: z.string(),
  code: z.string(),
  status: z.enum(ATTENDANCE_STATUSES),
  reason: z.string().nullable(),
});

export const ActivitySummary = z.object({
  id: z.number().int(),
  code: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  date: z.string(),
  topic: z.string(),
  status: z.enum(ACTIVITY_STATUSES),
  backfill: z.boolean(),
  imported: z.boolean(),
  locked: z.boolean(),
  expected: z.number().int(),
  present: z.number().int(),
  version: z.number().int(),
});
export type ActivitySummary = z.infer<typeof ActivitySummary>;

export const AmendmentView = z.object({
  id: z.number().int(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  reason: z.string(),
  by: z.number().int().nullable(),
  byName: z.string().nullable(),
  at: z.string(),
});

export const ActivityView = ActivitySummary.extend({
  startTime: z.string().nullable(),
  place: z.string().nullable(),
  hostPersonId: z.number().int().nullable(),
  hostName: z.string().nullable(),
  speaker: z.string().nullable(),
  recorderPersonId: z.number().int().nullable(),
  recorderName: z.string().nullable(),
  minutesHtml: z.string().nullable(),
  guests: z.string().nullable(),
  participantCount: z.number().int().nullable(),
  extra: z.record(z.string(), z.unknown()),
  /** 应到 / 实到 / 缺席 / 请假 */
  attendance: z.object({ expected: z.number().int(), present: z.number().int(), absent: z.number().int(), excused: z.number().int() }),
  attendees: z.array(AttendanceView),
  reviewOrgId: z.number().int(),
  reviewedBy: z.number().int().nullable(),
  reviewedAt: z.string().nullable(),
  reviewComment: z.string().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  amendments: z.array(AmendmentView),
});
export type ActivityView = z.infer<typeof ActivityView>;

export const MaterialView = z.object({
  id: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  orderDate: z.string(),
  copies: z.number().int(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export const CreateMaterialBody = z.object({
  orgId: z.number().int().positive(),
  title: z.string().trim().min(1).max(200),
  orderDate: IsoDate,
  copies: z.number().int().min(1).max(1_000_000),
});
export const UpdateMaterialBody = z.object({
  version: z.number().int().min(1),
  title: z.string().trim().min(1).max(200).optional(),
  orderDate: IsoDate.optional(),
  copies: z.number().int().min(1).max(1_000_000).optional(),
});
export const MaterialQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(1949).max(2100).optional(),
});

export const COMPLIANCE_VIEWS = ['full', 'children'] as const;
export type ComplianceView = (typeof COMPLIANCE_VIEWS)[number];

export const ComplianceQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(1949).max(2100),
  ruleCode: z.string().trim().max(40).optional(),
  /** Days before a period's end when an unmet period shows as due soon. */
  dueSoonDays: z.coerce.number().int().min(0).max(90).default(14),
  /**
   * full: every org of the subtree with its own cells. children: the org and its children, each with its subtree's
   * cells summed (count = cells done, required = cells due). Default: full up to 2,000 orgs, else children.
   */
  view: z.enum(COMPLIANCE_VIEWS).optional(),
  /** children view: which page of the children (in code order) is listed. */
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ComplianceCell = z.object({
  orgId: z.number().int(),
  ruleCode: z.string(),
  period: z.string(),
  start: z.string(),
  end: z.string(),
  count: z.number().int(),
  required: z.number().int(),
  status: z.enum(COMPLIANCE_STATUSES),
});
export type ComplianceCell = z.infer<typeof ComplianceCell>;

export const ComplianceResponse = z.object({
  orgId: z.number().int(),
  view: z.enum(COMPLIANCE_VIEWS),
  /** children view: the page of children listed after the org itself (null in the full view). */
  children: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }).nullable(),
  year: z.number().int(),
  asOf: z.string(),
  rules: z.array(
    z.object({ code: z.string(), typeCode: z.string(), typeName: z.string(), period: z.enum(PERIODS), minCount: z.number().int(), per: z.enum(RULE_PER) }),
  ),
  orgs: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string(), parentId: z.number().int().nullable() })),
  cells: z.array(ComplianceCell),
  /** Every org of the subtree (parents included): its own and its descendants' cells. percent = done / (done + overdue). */
  rollup: z.array(
    z.object({
      orgId: z.number().int(),
      done: z.number().int(),
      dueSoon: z.number().int(),
      overdue: z.number().int(),
      notYetDue: z.number().int(),
      percent: z.number().nullable(),
    }),
  ),
  /** 应完成 vs 已完成 per branch and quarter (cells attributed to the quarter their period ends in). */
  quarterly: z.array(z.object({ orgId: z.number().int(), quarter: z.number().int(), required: z.number().int(), done: z.number().int() })),
});
