import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Responsibility system (责任制): duty lists, measures, duties, pledges, gaps. */

export const LIST_KINDS = ['rights', 'responsibilities', 'negative'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export const LIST_KIND_LABELS: Record<ListKind, string> = { rights: '权利清单', responsibilities: '责任清单', negative: '负面清单' };

export const BINDS = ['first_responsible', 'direct_responsible', 'dual_duty', 'every_member', 'every_teacher'] as const;
export type Binds = (typeof BINDS)[number];
export const BINDS_LABELS: Record<Binds, string> = {
  first_responsible: '第一责任人',
  direct_responsible: '直接责任人',
  dual_duty: '一岗双责',
  every_member: '全体党员',
  every_teacher: '全体教师',
};
/** Roles bound to a single holder per org (vacancy possible). */
export const SINGLE_HOLDER_BINDS: readonly Binds[] = ['first_responsible', 'direct_responsible'];

export const DUTY_STATUSES = ['met', 'unmet', 'pending', 'vacant', 'misplaced', 'breached'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];
export const DUTY_STATUS_LABELS: Record<DutyStatus, string> = {
  met: '已达标',
  unmet: '未达标',
  pending: '进行中',
  vacant: '缺位',
  misplaced: '错位',
  breached: '触碰负面清单',
};

export const PARTY_ORG_KINDS = ['committee', 'general_branch', 'branch'] as const;
export const SCHOOL_KINDS = ['school', 'kindergarten'] as const;
export const DUTY_ORG_KINDS = [...PARTY_ORG_KINDS, ...SCHOOL_KINDS] as const;

export const MEASURE_PERIODS = ['year', 'quarter', 'month'] as const;
export type MeasurePeriod = (typeof MEASURE_PERIODS)[number];

/** How a duty is measured: a declarative query over records, evidence accepted by the level above, or nothing (rights). */
export const Measure = z.discriminatedUnion('source', [
  z.object({
    kind: z.literal('auto'),
    source: z.literal('ledger'),
    /** One activity type code, or several. */
    type_code: z.union([z.string().min(1).max(40), z.array(z.string().min(1).max(40)).min(1).max(20)]).optional(),
    /** Count every study type (activity_types.is_study = 1). */
    study: z.boolean().optional(),
    /** host: hosted by the owner; org: held by the duty's org; attendee: the owner recorded present. */
    who: z.enum(['host', 'org', 'attendee']),
    min: z.number().int().min(1).max(1000),
    per: z.enum(MEASURE_PERIODS),
  }),
  z.object({ kind: z.literal('auto'), source: z.literal('tasks_on_time'), min_rate: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('auto'), source: z.literal('risk_reviews_signed'), min: z.number().int().min(1).max(1000) }),
  z.object({ kind: z.literal('auto'), source: z.literal('incidents'), level: z.string().min(1).max(20).optional(), max: z.number().int().min(0).max(1000) }),
  z.object({ kind: z.literal('auto'), source: z.literal('ethics_cases'), max: z.number().int().min(0).max(1000) }),
  z.object({ kind: z.literal('manual'), source: z.literal('evidence') }),
  z.object({ kind: z.literal('none'), source: z.literal('none') }),
]);
export type Measure = z.infer<typeof Measure>;
export type MeasureSource = Measure['source'];
export const MEASURE_SOURCES = ['ledger', 'tasks_on_time', 'risk_reviews_signed', 'incidents', 'ethics_cases', 'evidence', 'none'] as const;

/** Accepts the short forms `{kind:'manual'}` and `{kind:'none'}`. */
export const MeasureInput = z.preprocess((v) => {
  if (v && typeof v === 'object' && !('source' in v)) {
    const k = (v as { kind?: unknown }).kind;
    if (k === 'manual') return { kind: 'manual', source: 'evidence' };
    if (k === 'none') return { kind: 'none', source: 'none' };
  }
  return v;
}, Measure);

export const DutyItemBody = z.object({
  listKind: z.enum(LIST_KINDS),
  binds: z.enum(BINDS),
  appliesToKinds: z.array(z.enum(DUTY_ORG_KINDS)).min(1).max(5),
  text: z.string().trim().min(2).max(500),
  target: z.string().trim().max(200).default(''),
  measure: MeasureInput,
  weight: z.number().min(0).max(100).default(0),
  sortOrder: z.number().int().min(0).max(100000).optional(),
});
export type DutyItemBody = z.infer<typeof DutyItemBody>;
export const UpdateDutyItemBody = DutyItemBody.partial().extend({ version: z.number().int().positive() });

export const CreateDutyListBody = z.object({
  year: z.number().int().min(2000).max(2100),
  orgId: z.number().int().positive(),
  title: z.string().trim().min(2).max(200).optional(),
  /** Start from the default items drawn from the seed's §四. */
  withDefaults: z.boolean().optional(),
});
export const UpdateDutyListBody = z.object({ version: z.number().int().positive(), title: z.string().trim().min(2).max(200) });
export const PublishBody = z.object({ version: z.number().int().positive(), date: IsoDate.optional() });
export const RefreshBody = z.object({ date: IsoDate.optional() });

export const DutyItemView = z.object({
  id: z.number().int(),
  listId: z.number().int(),
  listKind: z.enum(LIST_KINDS),
  binds: z.enum(BINDS),
  appliesToKinds: z.array(z.string()),
  text: z.string(),
  target: z.string(),
  measure: z.unknown(),
  weight: z.number(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export const DutyListView = z.object({
  id: z.number().int(),
  year: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  items: z.array(DutyItemView).optional(),
});

export const NextDue = z.object({ text: z.string(), dueDate: IsoDate.nullable() }).nullable();
export const DutyView = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  listKind: z.enum(LIST_KINDS),
  binds: z.enum(BINDS),
  text: z.string(),
  target: z.string(),
  weight: z.number(),
  year: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  role: z.string(),
  status: z.enum(DUTY_STATUSES),
  actualValue: z.number().nullable(),
  targetValue: z.number().nullable(),
  sources: z.object({ kind: z.string(), ids: z.array(z.number().int()), restricted: z.boolean() }),
  next: NextDue,
  evaluatedAt: z.string().nullable(),
  version: z.number().int(),
});
export type DutyView = z.infer<typeof DutyView>;
export const DutyDetail = DutyView.extend({
  handovers: z.array(
    z.object({
      fromPersonId: z.number().nullable(),
      fromPersonName: z.string().nullable(),
      toPersonId: z.number().nullable(),
      toPersonName: z.string().nullable(),
      onDate: z.string(),
      reason: z.string(),
    }),
  ),
  evidence: z.array(
    z.object({
      id: z.number().int(),
      description: z.string(),
      fileRef: z.string().nullable(),
      status: z.string(),
      submittedAt: z.string(),
      acceptedAt: z.string().nullable(),
      comment: z.string().nullable(),
    }),
  ),
});
export const DutyQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  status: z.enum(DUTY_STATUSES).optional(),
  binds: z.enum(BINDS).optional(),
  listKind: z.enum(LIST_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const ReassignBody = z.object({
  version: z.number().int().positive(),
  personId: z.number().int().positive().nullable(),
  onDate: IsoDate,
  reason: z.string().trim().min(2).max(500),
});
export const EvidenceBody = z.object({ description: z.string().trim().min(2).max(2000), fileRef: z.string().trim().max(500).nullable().optional() });
export const AcceptEvidenceBody = z.object({ accept: z.boolean(), comment: z.string().trim().max(1000).optional() });

export const SignPledgeBody = z.object({
  year: z.number().int().min(2000).max(2100),
  orgId: z.number().int().positive(),
  password: z.string().min(1).max(200),
});
export const PledgeQuery = z.object({
  personId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(2000).max(2100),
  orgId: z.coerce.number().int().positive(),
});
export const PledgeView = z.object({
  id: z.number().int().nullable(),
  personId: z.number().int(),
  personName: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  year: z.number().int(),
  roles: z.array(z.string()),
  status: z.enum(['unsigned', 'signed', 'countersigned']),
  documentHash: z.string().nullable(),
  signedAt: z.string().nullable(),
  countersignedAt: z.string().nullable(),
});

/** The default items of a year's list, drawn from the seed's §四 (一)(二). */
export const DEFAULT_DUTY_ITEMS: DutyItemBody[] = [
  {
    listKind: 'rights',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '对本单位意识形态工作重大事项有决策部署权、检查督促权和考核建议权（抓牢领导权）',
    target: '明确到人',
    measure: { kind: 'none', source: 'none' },
    weight: 0,
  },
  {
    listKind: 'rights',
    binds: 'dual_duty',
    appliesToKinds: ['branch', 'general_branch'],
    text: '对分管领域的意识形态工作和宣传思想阵地有管理权、监督权（善用管理权、掌控话语权）',
    target: '明确到人',
    measure: { kind: 'none', source: 'none' },
    weight: 0,
  },
  {
    listKind: 'responsibilities',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '旗帜鲜明站在意识形态工作第一线，主持召开意识形态工作专题会议',
    target: '每年不少于2次',
    measure: { kind: 'auto', source: 'ledger', type_code: 'ideology_meeting', who: 'host', min: 2, per: 'year' },
    weight: 15,
  },
  {
    listKind: 'responsibilities',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '重要工作亲自部署、重要问题亲自过问、重大事件亲自处置',
    target: '提交佐证材料并经上级认定',
    measure: { kind: 'manual', source: 'evidence' },
    weight: 10,
  },
  {
    listKind: 'responsibilities',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '主持意识形态领域风险研判会并签字确认',
    target: '每年不少于2次',
    measure: { kind: 'auto', source: 'risk_reviews_signed', min: 2 },
    weight: 10,
  },
  {
    listKind: 'responsibilities',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '按时完成上级交办的意识形态工作任务',
    target: '按时完成率不低于90%',
    measure: { kind: 'auto', source: 'tasks_on_time', min_rate: 0.9 },
    weight: 10,
  },
  {
    listKind: 'responsibilities',
    binds: 'direct_responsible',
    appliesToKinds: ['branch'],
    text: '协助书记抓好统筹协调，组织开展主题党日活动',
    target: '每月不少于1次',
    measure: { kind: 'auto', source: 'ledger', type_code: 'theme_party_day', who: 'org', min: 1, per: 'month' },
    weight: 10,
  },
  {
    listKind: 'responsibilities',
    binds: 'direct_responsible',
    appliesToKinds: ['branch'],
    text: '落实“三会一课”制度，按时召开支委会研究意识形态工作',
    target: '每月不少于1次',
    measure: { kind: 'auto', source: 'ledger', type_code: 'branch_committee_meeting', who: 'org', min: 1, per: 'month' },
    weight: 10,
  },
  {
    listKind: 'responsibilities',
    binds: 'dual_duty',
    appliesToKinds: ['branch', 'general_branch'],
    text: '按照“一岗双责”抓好分管领域意识形态工作，参加意识形态工作专题会议',
    target: '每年不少于1次',
    measure: { kind: 'auto', source: 'ledger', type_code: 'ideology_meeting', who: 'attendee', min: 1, per: 'year' },
    weight: 5,
  },
  {
    listKind: 'responsibilities',
    binds: 'every_member',
    appliesToKinds: ['branch', 'general_branch', 'committee'],
    text: '参加集中学习、党课、线上学习等理论学习',
    target: '每年不少于4次',
    measure: { kind: 'auto', source: 'ledger', study: true, who: 'attendee', min: 4, per: 'year' },
    weight: 5,
  },
  {
    listKind: 'negative',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '发生重大负面舆情事件',
    target: '0起',
    measure: { kind: 'auto', source: 'incidents', level: '重大', max: 0 },
    weight: 10,
  },
  {
    listKind: 'negative',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '发生教师师德失范行为（违反新时代教师职业行为十项准则）',
    target: '0起',
    measure: { kind: 'auto', source: 'ethics_cases', max: 0 },
    weight: 5,
  },
];
