import type { ActivitySummary } from '@taizhang/shared/schemas/ledger';
import type { PersonView as PersonSchema } from '@taizhang/shared/schemas/people';
import type {
  AssignmentDetail as AssignmentDetailSchema,
  AssignmentStatus,
  AssignmentView as AssignmentViewSchema,
  ChannelView as ChannelViewSchema,
  CreateDocumentBody,
  CreateRecurringBody,
  CreateTaskBody,
  DELIVERY_CHANNELS,
  DeliveryView as DeliveryViewSchema,
  DocumentDetail as DocumentDetailSchema,
  DocumentView as DocumentViewSchema,
  FIELD_TYPES,
  FormField as FormFieldSchema,
  NotificationList as NotificationListSchema,
  NotificationPref as NotificationPrefSchema,
  NotificationView as NotificationViewSchema,
  RECURRING_PERIODS,
  ReceiptView as ReceiptViewSchema,
  SupervisionNoticeView as SupervisionNoticeSchema,
  TaskSort,
  TaskStatsView as TaskStatsSchema,
  TaskView as TaskViewSchema,
  UrgeResult as UrgeResultSchema,
} from '@taizhang/shared/schemas/tasks';
import { api, request } from '../../api/client.ts';
import { UNREAD_KEY } from '../../api/notifications.ts';
import type { OkResponse, Paged } from '../../api/types.ts';
import '../../i18n/tasks.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];
/** The input type (what a request body may omit because the server defaults it). */
type Input<S extends { _zod: { input: unknown } }> = S['_zod']['input'];

export type { AssignmentStatus, TaskSort };
export type TaskView = Output<typeof TaskViewSchema>;
export type AssignmentView = Output<typeof AssignmentViewSchema>;
export type AssignmentDetail = Output<typeof AssignmentDetailSchema>;
export type AssignmentField = AssignmentDetail['fields'][number];
export type HistoryEntry = AssignmentDetail['history'][number];
export type TaskDetail = TaskView & { assignments: AssignmentView[] };
export type FormField = Output<typeof FormFieldSchema>;
export type FieldType = (typeof FIELD_TYPES)[number];
export type UrgeResult = Output<typeof UrgeResultSchema>;
export type SupervisionNotice = Output<typeof SupervisionNoticeSchema>;
export type TaskStats = Output<typeof TaskStatsSchema>;
export type DocumentView = Output<typeof DocumentViewSchema>;
export type DocumentDetail = Output<typeof DocumentDetailSchema>;
export type ReceiptView = Output<typeof ReceiptViewSchema>;
export type NotificationView = Output<typeof NotificationViewSchema>;
export type NotificationList = Output<typeof NotificationListSchema>;
export type NotificationPref = Output<typeof NotificationPrefSchema>;
export type DeliveryView = Output<typeof DeliveryViewSchema>;
export type ChannelView = Output<typeof ChannelViewSchema>;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export type RecurringPeriod = (typeof RECURRING_PERIODS)[number];
export type CreateTaskInput = Input<typeof CreateTaskBody>;
export type CreateRecurringInput = Input<typeof CreateRecurringBody>;
export type CreateDocumentInput = Input<typeof CreateDocumentBody>;
export type PersonOption = Pick<Output<typeof PersonSchema>, 'id' | 'code' | 'name' | 'unitName' | 'partyOrgName'>;
export type { ActivitySummary };

// Copies of the shared lists (importing the values would bring zod into this page's chunk); typed against them.
export const ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['not_started', 'submitted', 'returned', 'accepted'];
export const FIELD_TYPE_LIST: readonly FieldType[] = ['text', 'number', 'date', 'choice', 'file'];
export const TASK_SORT_LIST: readonly TaskSort[] = ['-deadline', 'deadline', '-createdAt', 'createdAt'];
export const CHANNELS: readonly DeliveryChannel[] = ['email', 'wecom', 'dingtalk'];
export const PERIODS: readonly RecurringPeriod[] = ['monthly', 'quarterly', 'semester', 'yearly'];
export const TARGET_KINDS = ['school', 'kindergarten', 'general_branch', 'branch'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const STAGES = ['小学', '初中', '九年一贯制', '高中', '完全中学', '幼儿园', '职业学校', '特殊教育学校'] as const;
export const OWNERSHIPS = ['公办', '民办'] as const;

export const STATUS_COLORS: Record<AssignmentStatus, string> = {
  not_started: 'default',
  submitted: 'processing',
  returned: 'warning',
  accepted: 'success',
};

export interface TaskListQuery {
  page: number;
  pageSize: number;
  issuingOrgId?: number;
  year?: number;
  q?: string;
  status?: 'open' | 'closed';
  sort: TaskSort;
}

export interface AssignmentListQuery {
  page: number;
  pageSize: number;
  taskId?: number;
  orgId?: number;
  status?: AssignmentStatus;
  overdue?: '0' | '1';
}

export interface RecurringView {
  id: number;
  period: RecurringPeriod;
  nextRunOn: string;
  issuingOrgId: number;
  title: string;
  active: boolean;
  version: number;
}

export interface JobView {
  id: number;
  name: string;
  runAt: string;
  status: string;
  attempts: number;
  lastError: string | null;
  lockedBy: string | null;
  finishedAt: string | null;
}

export type Answer = string | number | null;

export const tasksKeys = {
  all: ['tasks'] as const,
  list: (q: TaskListQuery) => ['tasks', 'list', q] as const,
  detail: (id: number) => ['tasks', 'detail', id] as const,
  figures: ['tasks', 'figures'] as const,
  recurring: ['tasks', 'recurring'] as const,
  assignments: (q: AssignmentListQuery) => ['tasks', 'assignments', q] as const,
  assignment: (id: number) => ['tasks', 'assignment', id] as const,
  notices: (status: 'open' | 'closed' | undefined) => ['tasks', 'notices', status ?? 'all'] as const,
  stats: (orgId: number, year: number) => ['tasks', 'stats', orgId, year] as const,
  documents: (page: number, pageSize: number) => ['tasks', 'documents', page, pageSize] as const,
  document: (id: number) => ['tasks', 'document', id] as const,
  /** Not under 'tasks': the header bell shares it, and a task change should not refetch it. */
  notifications: (unread: boolean, page: number, pageSize: number) => ['notifications', 'list', unread, page, pageSize] as const,
  unread: UNREAD_KEY,
  notificationsAll: ['notifications'] as const,
  prefs: ['notifications', 'prefs'] as const,
  deliveries: (status: string | undefined, page: number) => ['notifications', 'deliveries', status ?? 'all', page] as const,
  channels: ['notifications', 'channels'] as const,
  jobs: (status: string | undefined) => ['notifications', 'jobs', status ?? 'all'] as const,
};

export const tasksApi = {
  list: (q: TaskListQuery, signal?: AbortSignal) => api.get<Paged<TaskView>>('/api/v1/tasks', { ...q }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<TaskDetail>(`/api/v1/tasks/${id}`, undefined, signal),
  create: (body: CreateTaskInput) => api.post<TaskDetail>('/api/v1/tasks', body),
  figures: async (signal?: AbortSignal) => (await api.get<{ items: { key: string; label: string }[] }>('/api/v1/tasks/figures', undefined, signal)).items,
  urge: (id: number) => api.post<UrgeResult>(`/api/v1/tasks/${id}/urge`),
  close: (id: number, version: number) => api.post<TaskDetail>(`/api/v1/tasks/${id}/close`, { version }),
  stats: (orgId: number, year: number, signal?: AbortSignal) => api.get<TaskStats>('/api/v1/tasks/stats', { orgId, year }, signal),

  recurring: async (signal?: AbortSignal) => (await api.get<{ items: RecurringView[] }>('/api/v1/tasks/recurring', undefined, signal)).items,
  createRecurring: (body: CreateRecurringInput) => api.post<RecurringView>('/api/v1/tasks/recurring', body),
  deactivateRecurring: (id: number, version: number) => api.post<OkResponse>(`/api/v1/tasks/recurring/${id}/deactivate`, { version }),

  assignments: (q: AssignmentListQuery, signal?: AbortSignal) => api.get<Paged<AssignmentView>>('/api/v1/assignments', { ...q }, signal),
  assignment: (id: number, signal?: AbortSignal) => api.get<AssignmentDetail>(`/api/v1/assignments/${id}`, undefined, signal),
  submit: (id: number, body: { version: number; answers: Record<string, Answer>; evidence: string[] }) =>
    api.post<AssignmentView>(`/api/v1/assignments/${id}/submit`, body),
  accept: (id: number, version: number, comment?: string) => api.post<AssignmentView>(`/api/v1/assignments/${id}/accept`, { version, comment }),
  giveBack: (id: number, version: number, reason: string) => api.post<AssignmentView>(`/api/v1/assignments/${id}/return`, { version, reason }),
  openNotice: (assignmentId: number, note?: string) => api.post<SupervisionNotice>(`/api/v1/assignments/${assignmentId}/supervision`, { note }),

  notices: async (status: 'open' | 'closed' | undefined, signal?: AbortSignal) =>
    (await api.get<{ items: SupervisionNotice[] }>('/api/v1/supervision-notices', { status }, signal)).items,
  closeNotice: (id: number, note: string) => api.post<SupervisionNotice>(`/api/v1/supervision-notices/${id}/close`, { note }),

  documents: (page: number, pageSize: number, signal?: AbortSignal) => api.get<Paged<DocumentView>>('/api/v1/documents', { page, pageSize }, signal),
  document: (id: number, signal?: AbortSignal) => api.get<DocumentDetail>(`/api/v1/documents/${id}`, undefined, signal),
  publish: (body: CreateDocumentInput) => api.post<DocumentDetail>('/api/v1/documents', body),
  markDocumentRead: (id: number) => api.post<DocumentDetail>(`/api/v1/documents/${id}/read`),
  linkStudy: (id: number, activityId: number) => api.post<{ linked: number }>(`/api/v1/documents/${id}/study`, { activityId }),

  notifications: (unread: boolean, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<NotificationList>('/api/v1/notifications', { unread: unread ? '1' : undefined, page, pageSize }, signal),
  markRead: (id: number) => api.post<OkResponse>(`/api/v1/notifications/${id}/read`),
  markAllRead: () => api.post<{ marked: number }>('/api/v1/notifications/read-all'),
  prefs: async (signal?: AbortSignal) => (await api.get<{ items: NotificationPref[] }>('/api/v1/notifications/prefs', undefined, signal)).items,
  savePrefs: (prefs: NotificationPref[]) => request<OkResponse>('PUT', '/api/v1/notifications/prefs', { body: { prefs } }),
  deliveries: (status: string | undefined, page: number, pageSize: number, signal?: AbortSignal) =>
    api.get<Paged<DeliveryView>>('/api/v1/notifications/deliveries', { status, page, pageSize }, signal),
  retryDelivery: (id: number) => api.post<OkResponse>(`/api/v1/notifications/deliveries/${id}/retry`),
  channels: async (signal?: AbortSignal) => (await api.get<{ items: ChannelView[] }>('/api/v1/notification-channels', undefined, signal)).items,
  saveChannel: (channel: DeliveryChannel, body: { enabled: boolean; config: Record<string, unknown> }) =>
    request<ChannelView>('PUT', `/api/v1/notification-channels/${channel}`, { body }),
  jobs: async (status: string | undefined, signal?: AbortSignal) => (await api.get<{ items: JobView[] }>('/api/v1/jobs', { status }, signal)).items,

  searchPeople: async (q: string, signal?: AbortSignal) =>
    (await api.get<Paged<PersonOption>>('/api/v1/people', { q, page: 1, pageSize: 20, sort: 'code' }, signal)).items,
  searchActivities: async (q: { q?: string; from?: string }, signal?: AbortSignal) =>
    (await api.get<Paged<ActivitySummary>>('/api/v1/activities', { ...q, page: 1, pageSize: 30, sort: '-date' }, signal)).items,
};

/**
 * Where a notification's link leads inside this page. The server's links name resources
 * (`/tasks/assignments/12`, `/tasks/assignments?taskId=3`, `/documents/5`); the web app shows them as tabs and drawers.
 */
export function pageLinkOf(link: string | null): string | null {
  if (!link) return null;
  let m = link.match(/^\/tasks\/assignments\/(\d+)/);
  if (m) return `/tasks?tab=mine&assignment=${m[1]}`;
  m = link.match(/^\/tasks\/assignments\?taskId=(\d+)/);
  if (m) return `/tasks?tab=mine&taskId=${m[1]}`;
  m = link.match(/^\/documents\/(\d+)/);
  if (m) return `/tasks?tab=documents&document=${m[1]}`;
  m = link.match(/^\/tasks\/(\d+)/);
  if (m) return `/tasks?tab=tasks&task=${m[1]}`;
  return link.startsWith('/') ? link : null;
}
