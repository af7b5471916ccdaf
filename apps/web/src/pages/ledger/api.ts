import type {
  ActivitySummary,
  ActivityTypeView,
  ActivityView,
  ComplianceCell,
  ComplianceResponse as ComplianceSchema,
  ComplianceStatus,
  ComplianceView,
} from '@taizhang/shared/schemas/ledger';
import { api } from '../../api/client.ts';
import '../../i18n/ledger.ts';
import type { Paged } from '../../api/types.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type { ActivitySummary, ActivityTypeView, ActivityView, ComplianceCell, ComplianceStatus, ComplianceView };
export type ComplianceResponse = Output<typeof ComplianceSchema>;
/** Children listed per page when a big scope is rolled up to its children. */
export const COMPLIANCE_PAGE_SIZE = 50;
export type ActivityStatus = ActivitySummary['status'];
export type AttendanceStatus = ActivityView['attendees'][number]['status'];

export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['draft', 'submitted', 'returned', 'approved'];
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'absent', 'excused'];
export const STATUS_COLORS: Record<ActivityStatus, string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success' };

export interface ActivityListQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  typeCode?: string;
  from?: string;
  to?: string;
  status?: ActivityStatus;
  q?: string;
  sort: 'date' | '-date' | 'createdAt' | '-createdAt';
}

export interface AttendeeInput {
  personId: number;
  status: AttendanceStatus;
  reason?: string | null;
}

export interface ActivityInput {
  typeCode: string;
  date: string;
  startTime?: string | null;
  place?: string | null;
  speaker?: string | null;
  topic: string;
  minutesHtml?: string | null;
  guests?: string | null;
  participantCount?: number | null;
  extra?: Record<string, string | number>;
  attendees?: AttendeeInput[];
}

export interface RosterItem {
  personId: number;
  code: string;
  name: string;
}

export const ledgerKeys = {
  all: ['ledger'] as const,
  list: (q: ActivityListQuery) => ['ledger', 'activities', q] as const,
  detail: (id: number) => ['ledger', 'activity', id] as const,
  types: ['ledger', 'types'] as const,
  roster: (orgId: number, date: string) => ['ledger', 'roster', orgId, date] as const,
  compliance: (orgId: number, year: number, view?: ComplianceView, page = 1) => ['ledger', 'compliance', orgId, year, view ?? 'auto', page] as const,
};

export const ledgerApi = {
  list: (q: ActivityListQuery, signal?: AbortSignal) => api.get<Paged<ActivitySummary>>('/api/v1/activities', { ...q }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<ActivityView>(`/api/v1/activities/${id}`, undefined, signal),
  types: async (signal?: AbortSignal) => (await api.get<{ items: ActivityTypeView[] }>('/api/v1/activity-types', undefined, signal)).items,
  roster: async (orgId: number, date: string, signal?: AbortSignal) =>
    (await api.get<{ items: RosterItem[] }>('/api/v1/activities/roster', { orgId, date }, signal)).items,
  create: (body: ActivityInput & { orgId: number; submit?: boolean }) => api.post<ActivityView>('/api/v1/activities', body),
  update: (id: number, body: Partial<ActivityInput> & { version: number }) => api.patch<ActivityView>(`/api/v1/activities/${id}`, body),
  remove: (id: number) => api.del<{ ok: true }>(`/api/v1/activities/${id}`),
  submit: (id: number, version: number) => api.post<ActivityView>(`/api/v1/activities/${id}/submit`, { version }),
  review: (id: number, body: { version: number; decision: 'approve' | 'return'; comment?: string | null }) =>
    api.post<ActivityView>(`/api/v1/activities/${id}/review`, body),
  amend: (id: number, body: { version: number; reason: string; changes: Partial<ActivityInput> }) =>
    api.post<ActivityView>(`/api/v1/activities/${id}/amendments`, body),
  compliance: (orgId: number, year: number, view: ComplianceView | undefined, page: number, signal?: AbortSignal) =>
    api.get<ComplianceResponse>('/api/v1/compliance', { orgId, year, view, page, pageSize: COMPLIANCE_PAGE_SIZE }, signal),
};

/** The first and last day of a compliance period label ("2024-03", "2024-Q1", "2024-S1", "2024"). */
export function periodRange(cell: Pick<ComplianceCell, 'start' | 'end'>): { from: string; to: string } {
  return { from: cell.start, to: cell.end };
}
