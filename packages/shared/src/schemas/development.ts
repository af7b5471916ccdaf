import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Member development: 申请入党 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员. */
export const DEVELOPMENT_STAGES = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type DevelopmentStage = (typeof DEVELOPMENT_STAGES)[number];
export const DEVELOPMENT_STAGE_LABELS: Record<DevelopmentStage, string> = {
  applicant: '申请入党',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
};

/** Rule codes a refused step names (details.rule); the message carries the Chinese rule name. */
export const DEVELOPMENT_RULES = [
  'stage_order',
  'stage_once',
  'future_date',
  'applicant_age',
  'activist_liaisons',
  'activist_one_year',
  'candidate_introducers',
  'candidate_training',
  'admission_notice',
  'conversion_notice',
  'probation_one_year',
  'probation_extension',
  'record_conflict',
] as const;
export type DevelopmentRule = (typeof DEVELOPMENT_RULES)[number];

/** 双培养: key teachers developed into members, members developed into key teachers. */
export const DUAL_FLAG_KINDS = ['teacher_to_member', 'member_to_teacher'] as const;
export const DUAL_FLAG_LABELS: Record<(typeof DUAL_FLAG_KINDS)[number], string> = {
  teacher_to_member: '把骨干教师培养成党员',
  member_to_teacher: '把党员培养成骨干教师',
};

const ids = z.array(z.number().int().positive()).max(10);
const Override = z.object({ reason: z.string().trim().min(2).max(500) });

export const DocumentRef = z.object({ name: z.string().trim().min(1).max(200), fileId: z.string().max(100).optional() });

export const CreateStepBody = z.object({
  personId: z.number().int().positive(),
  stage: z.enum(DEVELOPMENT_STAGES),
  date: IsoDate,
  /** The party org in charge (defaults to the person's party org, else the first branch of their unit). */
  orgId: z.number().int().positive().optional(),
  decisionBody: z.string().trim().max(200).nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  documents: z.array(DocumentRef).max(50).optional(),
  liaisonPersonIds: ids.optional(),
  introducerPersonIds: ids.optional(),
  trainingDays: z.number().min(0).max(365).nullable().optional(),
  trainingHours: z.number().min(0).max(2000).nullable().optional(),
  noticeStart: IsoDate.nullable().optional(),
  noticeEnd: IsoDate.nullable().optional(),
  /** On a conversion: the probation was extended by this many months (6–12), if not recorded before. */
  extensionMonths: z.number().int().min(1).max(24).nullable().optional(),
  /** Committee administrators only: record the step although rules are broken, with the reason. */
  override: Override.optional(),
});

export const ExtendProbationBody = z.object({
  date: IsoDate,
  months: z.number().int().min(1).max(24),
  decisionBody: z.string().trim().max(200).nullable().optional(),
  notes: z.string().trim().max(2000).nullable().optional(),
  override: Override.optional(),
});

export const StepView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  orgId: z.number().int().nullable(),
  stage: z.enum(DEVELOPMENT_STAGES),
  stageLabel: z.string(),
  date: z.string(),
  decisionBody: z.string().nullable(),
  notes: z.string().nullable(),
  documents: z.array(DocumentRef),
  liaisonPersonIds: z.array(z.number().int()),
  introducerPersonIds: z.array(z.number().int()),
  trainingDays: z.number().nullable(),
  trainingHours: z.number().nullable(),
  noticeStart: z.string().nullable(),
  noticeEnd: z.string().nullable(),
  extensionMonths: z.number().int().nullable(),
  overrideReason: z.string().nullable(),
  overriddenRules: z.array(z.string()),
  isDemo: z.boolean(),
  createdAt: z.string(),
});
export type StepView = z.infer<typeof StepView>;

export const NextStepView = z.object({
  stage: z.enum(DEVELOPMENT_STAGES),
  /** The earliest date the next step is allowed by the rules. */
  from: z.string(),
  /** Due: the rules allow it today (for a conversion: the probation has ended). */
  due: z.boolean(),
  /** Still missing before the next step (e.g. training, liaison persons). */
  missing: z.array(z.string()),
});

export const DualFlagView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  kind: z.enum(DUAL_FLAG_KINDS),
  label: z.string(),
  since: z.string(),
  until: z.string().nullable(),
  notes: z.string().nullable(),
});

/** A person or org named by id in a view (liaison persons, introducers, people behind a figure). */
export const PersonRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const OrgRef = z.object({ id: z.number().int(), name: z.string() });

export const TimelineView = z.object({
  person: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    birthDate: z.string().nullable(),
    politicalStatus: z.string(),
    joinDate: z.string().nullable(),
    conversionDate: z.string().nullable(),
    unitId: z.number().int().nullable(),
    partyOrgId: z.number().int().nullable(),
  }),
  steps: z.array(StepView),
  stage: z.enum(DEVELOPMENT_STAGES).nullable(),
  next: NextStepView.nullable(),
  dualFlags: z.array(DualFlagView),
  /** Names of the liaison persons / introducers and of the orgs in charge that the steps refer to by id. */
  refs: z.object({ people: z.array(PersonRef), orgs: z.array(OrgRef) }),
});

export const BoardQuery = z.object({ orgId: z.coerce.number().int().positive(), date: IsoDate.optional() });
export const BoardItem = z.object({
  personId: z.number().int(),
  code: z.string(),
  name: z.string(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  stage: z.enum(DEVELOPMENT_STAGES),
  since: z.string(),
  next: NextStepView.nullable(),
  dualFlags: z.array(z.enum(DUAL_FLAG_KINDS)),
});
export const BoardView = z.object({
  orgId: z.number().int(),
  date: z.string(),
  counts: z.record(z.string(), z.number().int()),
  items: z.array(BoardItem),
});

export const StatsQuery = z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1921).max(2100) });
export const StageStat = z.object({ count: z.number().int(), personIds: z.array(z.number().int()) });
export const DevelopmentStatsView = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  applicants: StageStat,
  activists: StageStat,
  candidates: StageStat,
  probationary: StageStat,
  conversions: StageStat,
  /** The people behind the figures (code and name), so each figure can be listed. */
  people: z.array(PersonRef),
});

export const CreateDualFlagBody = z.object({
  personId: z.number().int().positive(),
  kind: z.enum(DUAL_FLAG_KINDS),
  since: IsoDate,
  notes: z.string().trim().max(1000).nullable().optional(),
});
export const EndDualFlagBody = z.object({ until: IsoDate });

// ---------------------------------------------------------------- trainings

export const ROTATION_TRAINING_TYPE = 'rotation_training';
export const DEFAULT_MEMBER_MIN_HOURS = 32;
export const SECRETARY_MIN_ROTATIONS = 2;

export const ProgrammeBody = z.object({
  name: z.string().trim().min(1).max(200),
  organiserOrgId: z.number().int().positive(),
  hours: z.number().min(0).max(2000),
  year: z.number().int().min(1921).max(2100),
});
export const UpdateProgrammeBody = ProgrammeBody.partial().extend({ version: z.number().int().min(1) });
export const ProgrammeView = z.object({
  id: z.number().int(),
  name: z.string(),
  organiserOrgId: z.number().int(),
  organiserName: z.string().nullable(),
  hours: z.number(),
  year: z.number().int(),
  version: z.number().int(),
  isDemo: z.boolean(),
});
export const ProgrammeQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(1921).max(2100).optional(),
});

export const TrainingHoursBody = z
  .object({
    personId: z.number().int().positive(),
    programmeId: z.number().int().positive().nullable().optional(),
    activityId: z.number().int().positive().nullable().optional(),
    hours: z.number().positive().max(500).optional(),
    date: IsoDate,
  })
  .refine((b) => b.programmeId != null || b.activityId != null, { message: '须指明培训项目或活动 / programme or activity required', path: ['programmeId'] });
export const TrainingHoursView = z.object({
  id: z.number().int(),
  personId: z.number().int(),
  programmeId: z.number().int().nullable(),
  programmeName: z.string().nullable(),
  activityId: z.number().int().nullable(),
  hours: z.number(),
  date: z.string(),
});
export const PersonTrainingView = z.object({
  personId: z.number().int(),
  year: z.number().int(),
  totalHours: z.number(),
  rotationTrainings: z.number().int(),
  items: z.array(TrainingHoursView),
});

export const CoverageQuery = z.object({
  orgId: z.coerce.number().int().positive(),
  year: z.coerce.number().int().min(1921).max(2100),
  minHours: z.coerce.number().min(0).max(2000).optional(),
});
export const CoverageView = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  minHours: z.number(),
  secretaries: z.object({
    required: z.number().int(),
    total: z.number().int(),
    covered: z.number().int(),
    items: z.array(
      z.object({
        personId: z.number().int(),
        name: z.string(),
        orgId: z.number().int(),
        orgName: z.string(),
        post: z.string(),
        rotations: z.number().int(),
        ok: z.boolean(),
      }),
    ),
  }),
  members: z.object({
    total: z.number().int(),
    covered: z.number().int(),
    gaps: z.array(z.object({ personId: z.number().int(), code: z.string(), name: z.string(), hours: z.number() })),
  }),
});
export const TrainingSettingsView = z.object({ memberMinHours: z.number() });
export const TrainingSettingsBody = z.object({ memberMinHours: z.number().min(0).max(2000) });

// ---------------------------------------------------------------- honours

export const HONOUR_TARGETS = ['person', 'org'] as const;
export const HONOUR_TARGET_LABELS: Record<(typeof HONOUR_TARGETS)[number], string> = { person: '个人', org: '组织' };
/** Seeded categories (codes are stable; offices add more as data). */
export const HONOUR_CATEGORY_CODES = {
  excellentMember: 'excellent_member',
  excellentPartyWorker: 'excellent_party_worker',
  advancedPartyOrg: 'advanced_party_org',
  ethicsModelTeacher: 'ethics_model_teacher',
} as const;

export const HonourCategoryView = z.object({ code: z.string(), name: z.string(), target: z.enum(HONOUR_TARGETS), active: z.boolean() });
export const HonourCategoryBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: z.string().trim().min(1).max(50),
  target: z.enum(HONOUR_TARGETS),
});

const honourFields = {
  year: z.number().int().min(1921).max(2100),
  categoryCode: z.string().trim().min(1).max(40),
  targetType: z.enum(HONOUR_TARGETS),
  personId: z.number().int().positive().nullable().optional(),
  orgId: z.number().int().positive().nullable().optional(),
  awardedOn: IsoDate.nullable().optional(),
  awardingBody: z.string().trim().max(200).nullable().optional(),
  citation: z.string().trim().max(2000).nullable().optional(),
};
export const CreateHonourBody = z.object(honourFields);
export const UpdateHonourBody = z.object({
  version: z.number().int().min(1),
  awardedOn: IsoDate.nullable().optional(),
  awardingBody: z.string().trim().max(200).nullable().optional(),
  citation: z.string().trim().max(2000).nullable().optional(),
});
export const HonourView = z.object({
  id: z.number().int(),
  year: z.number().int(),
  categoryCode: z.string(),
  categoryName: z.string(),
  targetType: z.enum(HONOUR_TARGETS),
  personId: z.number().int().nullable(),
  personName: z.string().nullable(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  awardedOn: z.string().nullable(),
  awardingBody: z.string().nullable(),
  citation: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export const HonourQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  orgId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(1921).max(2100).optional(),
  category: z.string().trim().max(40).optional(),
  targetType: z.enum(HONOUR_TARGETS).optional(),
  personId: z.coerce.number().int().positive().optional(),
  targetOrgId: z.coerce.number().int().positive().optional(),
});
export const HonourStatsQuery = z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(1921).max(2100) });
export const HonourStatsView = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  items: z.array(
    z.object({ categoryCode: z.string(), categoryName: z.string(), target: z.enum(HONOUR_TARGETS), honours: z.number().int(), targets: z.number().int() }),
  ),
});
