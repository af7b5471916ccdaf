import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Assignment states: a target org's progress on one task. */
export const ASSIGNMENT_STATUSES = ['not_started', 'submitted', 'returned', 'accepted'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  not_started: '未开始',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已通过',
};

export const FIELD_TYPES = ['text', 'number', 'date', 'choice', 'file'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Orders of the task list (`-` = descending). */
export const TASK_SORTS = ['-deadline', 'deadline', '-createdAt', 'createdAt'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const RECURRING_PERIODS = ['monthly', 'quarterly', 'semester', 'yearly'] as const;
export type RecurringPeriod = (typeof RECURRING_PERIODS)[number];

export const DELIVERY_CHANNELS = ['email', 'wecom', 'dingtalk'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '字段键须为小写字母开头的字母数字下划线 / key must be lower-case letters, digits, underscores');

/** One field of a task's feedback form; `figureKey` binds it to a figure the platform computes (report at most once). */
export const FormField = z.object({
  key: Key,
  label: z.string().trim().min(1).max(100),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  figureKey: z.string().max(60).optional(),
});
export type FormField = z.infer<typeof FormField>;

/** Which orgs receive a task: explicit ids, or every unit under `underOrgId` matching the filters. */
export const TargetSpec = z.object({
  orgIds: z.array(z.number().int().positive()).max(5000).optional(),
  underOrgId: z.number().int().positive().optional(),
  kinds: z.array(z.enum(['school', 'kindergarten', 'general_branch', 'branch'])).optional(),
  stage: z.string().max(20).optional(),
  ownership: z.enum(['公办', '民办']).optional(),
});
export type TargetSpec = z.infer<typeof TargetSpec>;

export const TaskDefinition = z.object({
  title: z.string().trim().min(2).max(200),
  requirementsHtml: z.string().max(100_000).default(''),
  issuingOrgId: z.number().int().positive(),
  targets: TargetSpec,
  form: z.array(FormField).max(50).default([]),
  evidenceRequired: z.boolean().default(false),
  attachments: z.array(z.string().max(300)).max(50).default([]),
  /** The period bound figures are computed over; defaults to 1 Jan of the deadline's year → deadline. */
  periodStart: IsoDate.optional(),
  periodEnd: IsoDate.optional(),
});

export const CreateTaskBody = TaskDefinition.extend({ deadline: IsoDate });
export type CreateTaskBody = z.infer<typeof CreateTaskBody>;

export const RecurringDefinition = TaskDefinition.extend({
  /** The generated task's deadline is this many days after its run date. */
  deadlineDays: z.number().int().min(1).max(366),
});
export type RecurringDefinition = z.infer<typeof RecurringDefinition>;

export const CreateRecurringBody = z.object({
  period: z.enum(RECURRING_PERIODS),
  nextRunOn: IsoDate,
  definition: RecurringDefinition,
});

export const TaskCounts = z.object({
  total: z.number().int(),
  notStarted: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
  overdue: z.number().int(),
});

export const TaskView = z.object({
  id: z.number().int(),
  title: z.string(),
  requirementsHtml: z.string(),
  issuingOrgId: z.number().int(),
  issuingOrgName: z.string(),
  deadline: z.string(),
  form: z.array(FormField),
  evidenceRequired: z.boolean(),
  attachments: z.array(z.string()),
  periodStart: z.string(),
  periodEnd: z.string(),
  recurringTemplateId: z.number().int().nullable(),
  status: z.string(),
  createdAt: z.string(),
  version: z.number().int(),
  counts: TaskCounts,
});

export const AnswerValue = z.union([z.string().max(10_000), z.number(), z.null()]);
export const Answers = z.record(z.string(), AnswerValue);

export const AssignmentField = FormField.extend({
  /** The bound figure computed from records now (null when unbound or unavailable). */
  prefill: z.number().nullable(),
  /** What the form shows: the submitted answer, else the prefill. */
  value: AnswerValue,
});

export const HistoryEntry = z.object({
  at: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  by: z.string().nullable(),
  note: z.string().nullable(),
});

export const AssignmentView = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  taskTitle: z.string(),
  issuingOrgId: z.number().int(),
  orgId: z.number().int(),
  orgName: z.string(),
  deadline: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  firstSubmittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  answers: Answers,
  evidence: z.array(z.string()),
  version: z.number().int(),
});

export const AssignmentDetail = AssignmentView.extend({
  requirementsHtml: z.string(),
  evidenceRequired: z.boolean(),
  fields: z.array(AssignmentField),
  history: z.array(HistoryEntry),
  urges: z.array(z.object({ at: z.string(), by: z.string().nullable() })),
});

export const AssignmentsQuery = z.object({
  taskId: z.coerce.number().int().positive().optional(),
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  overdue: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const SubmitBody = z.object({
  version: z.number().int().positive(),
  answers: Answers.default({}),
  evidence: z.array(z.string().min(1).max(300)).max(50).default([]),
});
export const AcceptBody = z.object({ version: z.number().int().positive(), comment: z.string().max(2000).optional() });
export const ReturnBody = z.object({ version: z.number().int().positive(), reason: z.string().trim().min(2).max(2000) });

export const UrgeResult = z.object({
  urged: z.array(z.object({ assignmentId: z.number().int(), orgId: z.number().int(), notified: z.number().int() })),
  skipped: z.array(z.object({ assignmentId: z.number().int(), orgId: z.number().int(), lastUrgedAt: z.string() })),
});

export const SupervisionNoticeView = z.object({
  id: z.number().int(),
  assignmentId: z.number().int(),
  taskId: z.number().int(),
  taskTitle: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  escalatedToPersonId: z.number().int().nullable(),
  escalatedToName: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  note: z.string().nullable(),
});

export const TaskStatsQuery = z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) });
const RateRow = z.object({
  total: z.number().int(),
  due: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  overdue: z.number().int(),
  onTimeRate: z.number().nullable(),
});
export const TaskStatsView = z.object({
  orgId: z.number().int(),
  year: z.number().int(),
  overall: RateRow,
  bySchool: z.array(RateRow.extend({ orgId: z.number().int(), orgName: z.string() })),
  byTask: z.array(RateRow.extend({ taskId: z.number().int(), title: z.string(), deadline: z.string() })),
  overdueNow: z.array(
    z.object({
      assignmentId: z.number().int(),
      taskId: z.number().int(),
      title: z.string(),
      orgId: z.number().int(),
      orgName: z.string(),
      deadline: z.string(),
      daysOverdue: z.number().int(),
    }),
  ),
});

// Documents (文件传达)
export const CreateDocumentBody = z.object({
  title: z.string().trim().min(2).max(200),
  body: z.string().max(200_000).default(''),
  issuingOrgId: z.number().int().positive(),
  readWithinDays: z.number().int().min(1).max(365),
  targets: z
    .object({ orgIds: z.array(z.number().int().positive()).max(5000).default([]), personIds: z.array(z.number().int().positive()).max(5000).default([]) })
    .refine((t) => t.orgIds.length + t.personIds.length > 0, '至少选择一个传达对象 / choose at least one target'),
});

export const DocumentView = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string(),
  issuingOrgId: z.number().int(),
  issuingOrgName: z.string(),
  readWithinDays: z.number().int(),
  publishedAt: z.string(),
  dueDate: z.string(),
  receipts: z.object({ total: z.number().int(), read: z.number().int(), overdue: z.number().int() }),
  /** The caller's own receipt, when the document was conveyed to them. */
  mine: z.object({ readAt: z.string().nullable() }).nullable(),
});

export const ReceiptView = z.object({
  personId: z.number().int(),
  personName: z.string(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  readAt: z.string().nullable(),
  linkedActivityId: z.number().int().nullable(),
  overdue: z.boolean(),
});

export const DocumentDetail = DocumentView.extend({
  targets: z.array(z.object({ kind: z.enum(['org', 'person']), id: z.number().int(), name: z.string() })),
  receiptList: z.array(ReceiptView),
});

export const LinkStudyBody = z.object({ activityId: z.number().int().positive() });

// Notifications
export const NotificationView = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const NotificationsQuery = z.object({
  unread: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const NotificationList = z.object({
  items: z.array(NotificationView),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export const NotificationPref = z.object({ channel: z.enum(DELIVERY_CHANNELS), enabled: z.boolean(), address: z.string().max(200).nullable().optional() });
export const PrefsBody = z.object({ prefs: z.array(NotificationPref).max(10) });

export const DeliveryView = z.object({
  id: z.number().int(),
  notificationId: z.number().int(),
  userId: z.number().int(),
  title: z.string(),
  channel: z.enum(DELIVERY_CHANNELS),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const DeliveriesQuery = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** Channel settings (no secrets are echoed back: `secret`/`password` show as '***'). */
export const EmailChannelConfig = z.object({
  host: z.string().min(1).max(200),
  port: z.number().int().min(1).max(65535).default(25),
  secure: z.boolean().default(false),
  user: z.string().max(200).optional(),
  password: z.string().max(200).optional(),
  from: z.string().min(3).max(200),
});
export const WebhookChannelConfig = z.object({
  url: z.string().url().max(1000),
  /** DingTalk's 加签 secret (SEC…). */
  secret: z.string().max(200).optional(),
});
export const ChannelBody = z.object({
  enabled: z.boolean(),
  config: z.union([EmailChannelConfig, WebhookChannelConfig]),
});
export const ChannelView = z.object({ channel: z.enum(DELIVERY_CHANNELS), enabled: z.boolean(), config: z.record(z.string(), z.unknown()) });
