import type {
  Binds,
  DutyDetail as DutyDetailSchema,
  DutyItemBody,
  DutyItemView as DutyItemSchema,
  DutyListView as DutyListSchema,
  DutyStatus,
  DutyView,
  ListKind,
  Measure,
  MeasurePeriod,
  MeasureSource,
  PledgeView as PledgeSchema,
} from '@taizhang/shared/schemas/duties';
import { api } from '../../api/client.ts';
import type { OkResponse, Paged } from '../../api/types.ts';
import { download } from '../../components/files.ts';
import '../../i18n/duties.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type { Binds, DutyItemBody, DutyStatus, DutyView, ListKind, Measure, MeasurePeriod, MeasureSource };
export type DutyDetail = Output<typeof DutyDetailSchema>;
export type DutyItemView = Output<typeof DutyItemSchema>;
export type DutyListView = Output<typeof DutyListSchema>;
export type PledgeView = Output<typeof PledgeSchema>;
export type PledgeStatus = PledgeView['status'];
export type EvidenceView = DutyDetail['evidence'][number];
export type HandoverView = DutyDetail['handovers'][number];

// Copies of the shared lists (importing the schema module would bring zod into this chunk); typed against them.
export const LIST_KINDS: readonly ListKind[] = ['rights', 'responsibilities', 'negative'];
export const BINDS: readonly Binds[] = ['first_responsible', 'direct_responsible', 'dual_duty', 'every_member', 'every_teacher'];
export const DUTY_STATUSES: readonly DutyStatus[] = ['met', 'pending', 'unmet', 'vacant', 'misplaced', 'breached'];
export const PLEDGE_STATUSES: readonly PledgeStatus[] = ['unsigned', 'signed', 'countersigned'];
export const MEASURE_SOURCES: readonly MeasureSource[] = ['ledger', 'tasks_on_time', 'risk_reviews_signed', 'incidents', 'ethics_cases', 'evidence', 'none'];
export const MEASURE_PERIODS: readonly MeasurePeriod[] = ['year', 'quarter', 'month'];
export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'school', 'kindergarten'] as const;
export type DutyOrgKind = (typeof ORG_KINDS)[number];
export const PARTY_ORG_KINDS: readonly DutyOrgKind[] = ['committee', 'general_branch', 'branch'];
export const SCHOOL_KINDS: readonly DutyOrgKind[] = ['school', 'kindergarten'];
/** The roles that sign a pledge (责任书). */
export const PLEDGE_ROLES: readonly string[] = ['first_responsible', 'direct_responsible', 'dual_duty'];

export const STATUS_COLORS: Record<DutyStatus, string> = {
  met: 'success',
  pending: 'processing',
  unmet: 'warning',
  vacant: 'error',
  misplaced: 'magenta',
  breached: 'error',
};
export const LIST_KIND_COLORS: Record<ListKind, string> = { rights: 'blue', responsibilities: 'red', negative: 'volcano' };
export const PLEDGE_COLORS: Record<PledgeStatus, string> = { unsigned: 'default', signed: 'processing', countersigned: 'success' };

export interface BoardQuery {
  orgId: number;
  year: number;
  status?: DutyStatus;
  binds?: Binds;
  listKind?: ListKind;
  page: number;
  pageSize: number;
}

type Counts = Record<DutyStatus | 'total' | 'overdue', number>;
export type GapCounts = Counts;
export interface GapsResponse {
  orgId: number;
  year: number;
  totals: Counts;
  bySchool: (Counts & { orgId: number; name: string })[];
  byRole: (Counts & { role: string })[];
  byItem: (Counts & { itemId: number; text: string; listKind: ListKind })[];
  unowned: DutyView[];
  misplaced: DutyView[];
  unmet: DutyView[];
  overdue: DutyView[];
}

export interface PledgePreview {
  personId: number;
  personName: string;
  orgId: number;
  orgName: string;
  year: number;
  roles: string[];
  title: string;
  lists: Record<ListKind, { text: string; target: string }[]>;
  pledge: { id: number | null; status: PledgeStatus; documentHash: string | null; signedAt: string | null; countersignedAt: string | null };
}

export interface Involvement {
  personId: number;
  year: number;
  orgIds: number[];
  deployed: { id: number; date: string; orgId: number; typeCode: string; typeName: string; topic: string }[];
  lookedInto: { id: number; date: string; orgId: number; title: string }[];
  handled: { id: number; date: string; orgId: number; level: string; summary: string }[];
  counts: { deployed: number; lookedInto: number; handled: number };
}

export interface RefreshResult {
  handovers: number;
  created: number;
  misplaced: number;
  vacant: number;
  removed: number;
  evaluated: number;
  changed: number;
}

export interface PublishResult {
  list: DutyListView;
  date: string;
  created: number;
  evaluated: number;
}

/** A person to name as owner (GET /api/v1/people). */
export interface PersonOption {
  id: number;
  code: string;
  name: string;
  partyOrgName: string | null;
  unitName: string | null;
}

/** One record behind a measured number, whatever module it comes from. */
export interface SourceRecord {
  id: number;
  date: string | null;
  title: string;
  detail: string | null;
  orgName: string | null;
  /** Where the record opens in the app, if it has a page. */
  href: string | null;
}

export interface ActivityTypeOption {
  code: string;
  name: string;
  isStudy: boolean;
}

export const dutyKeys = {
  all: ['duties'] as const,
  lists: ['duties', 'lists'] as const,
  list: (id: number) => ['duties', 'lists', id] as const,
  mine: (year: number) => ['duties', 'mine', year] as const,
  board: (q: BoardQuery) => ['duties', 'board', q] as const,
  holders: (orgId: number, year: number) => ['duties', 'holders', orgId, year] as const,
  detail: (id: number) => ['duties', 'detail', id] as const,
  gaps: (orgId: number, year: number) => ['duties', 'gaps', orgId, year] as const,
  pledges: (orgId: number, year: number) => ['duties', 'pledges', orgId, year] as const,
  preview: (personId: number, orgId: number, year: number) => ['duties', 'preview', personId, orgId, year] as const,
  involvement: (personId: number, year: number) => ['duties', 'involvement', personId, year] as const,
  source: (kind: string, id: number) => ['duties', 'source', kind, id] as const,
  people: (q: string) => ['duties', 'people', q] as const,
  activityTypes: ['duties', 'activity-types'] as const,
  orgName: (id: number) => ['duties', 'org-name', id] as const,
};

const ymd = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);

/** The records behind a number: one call per record, to the module that owns it (its own read rules apply). */
async function fetchSource(kind: string, id: number, signal?: AbortSignal): Promise<SourceRecord> {
  switch (kind) {
    case 'ledger': {
      const a = await api.get<{ date: string; topic: string; typeName: string; orgName: string }>(`/api/v1/activities/${id}`, undefined, signal);
      return { id, date: a.date, title: a.topic, detail: a.typeName, orgName: a.orgName, href: `/activities?view=${id}` };
    }
    case 'risk_reviews_signed': {
      const r = await api.get<{ date: string; title: string; orgName: string }>(`/api/v1/risk-reviews/${id}`, undefined, signal);
      return { id, date: r.date, title: r.title, detail: null, orgName: r.orgName, href: null };
    }
    case 'incidents': {
      const r = await api.get<{ occurredAt: string; summary: string; level: string; orgName: string }>(`/api/v1/incidents/${id}`, undefined, signal);
      return { id, date: ymd(r.occurredAt), title: r.summary, detail: r.level, orgName: r.orgName, href: null };
    }
    case 'tasks_on_time': {
      const r = await api.get<{ taskTitle: string; deadline: string; firstSubmittedAt: string | null; orgName: string }>(
        `/api/v1/assignments/${id}`,
        undefined,
        signal,
      );
      return { id, date: r.deadline, title: r.taskTitle, detail: ymd(r.firstSubmittedAt), orgName: r.orgName, href: null };
    }
    default:
      return { id, date: null, title: `#${id}`, detail: null, orgName: null, href: null };
  }
}

export const dutyApi = {
  lists: async (signal?: AbortSignal) => (await api.get<{ items: DutyListView[] }>('/api/v1/duty-lists', undefined, signal)).items,
  list: (id: number, signal?: AbortSignal) => api.get<DutyListView>(`/api/v1/duty-lists/${id}`, undefined, signal),
  createList: (body: { year: number; orgId: number; title?: string; withDefaults?: boolean }) => api.post<DutyListView>('/api/v1/duty-lists', body),
  renameList: (id: number, body: { version: number; title: string }) => api.patch<DutyListView>(`/api/v1/duty-lists/${id}`, body),
  deleteList: (id: number) => api.del<OkResponse>(`/api/v1/duty-lists/${id}`),
  addItem: (listId: number, body: DutyItemBody) => api.post<DutyListView>(`/api/v1/duty-lists/${listId}/items`, body),
  updateItem: (listId: number, itemId: number, body: Partial<DutyItemBody> & { version: number }) =>
    api.patch<DutyListView>(`/api/v1/duty-lists/${listId}/items/${itemId}`, body),
  deleteItem: (listId: number, itemId: number) => api.del<OkResponse>(`/api/v1/duty-lists/${listId}/items/${itemId}`),
  publish: (id: number, body: { version: number; date?: string }) => api.post<PublishResult>(`/api/v1/duty-lists/${id}/publish`, body),
  refresh: (id: number, body: { date?: string }) => api.post<RefreshResult>(`/api/v1/duty-lists/${id}/refresh`, body),
  exportLists: (q: { orgId: number; year: number; format: 'xlsx' | 'docx' }, fallback: string) =>
    download('/api/v1/duty-lists/export', { query: { ...q }, fallback }),

  mine: async (year: number, signal?: AbortSignal) => (await api.get<{ items: DutyView[] }>('/api/v1/duties/mine', { year }, signal)).items,
  board: (q: BoardQuery, signal?: AbortSignal) => api.get<Paged<DutyView>>('/api/v1/duties', { ...q }, signal),
  detail: (id: number, signal?: AbortSignal) => api.get<DutyDetail>(`/api/v1/duties/${id}`, undefined, signal),
  reassign: (id: number, body: { version: number; personId: number | null; onDate: string; reason: string }) =>
    api.post<DutyView>(`/api/v1/duties/${id}/reassign`, body),
  submitEvidence: (id: number, body: { description: string; fileRef?: string | null }) =>
    api.post<{ id: number; status: string }>(`/api/v1/duties/${id}/evidence`, body),
  decideEvidence: (id: number, body: { accept: boolean; comment?: string }) =>
    api.post<{ id: number; status: string }>(`/api/v1/duty-evidence/${id}/decision`, body),
  gaps: (orgId: number, year: number, signal?: AbortSignal) => api.get<GapsResponse>('/api/v1/duty-gaps', { orgId, year }, signal),
  involvement: (personId: number, year: number, signal?: AbortSignal) => api.get<Involvement>('/api/v1/duties/involvement', { personId, year }, signal),

  pledges: async (orgId: number, year: number, signal?: AbortSignal) =>
    (await api.get<{ items: PledgeView[] }>('/api/v1/pledges', { orgId, year }, signal)).items,
  preview: (q: { personId: number; orgId: number; year: number }, signal?: AbortSignal) => api.get<PledgePreview>('/api/v1/pledges/preview', { ...q }, signal),
  pledgeDocument: (q: { personId: number; orgId: number; year: number }, fallback: string) =>
    download('/api/v1/pledges/document', { query: { ...q }, fallback }),
  sign: (body: { year: number; orgId: number; password: string }) =>
    api.post<Pick<PledgeView, 'id' | 'status' | 'documentHash' | 'signedAt'>>('/api/v1/pledges/sign', body),
  countersign: (id: number) => api.post<Pick<PledgeView, 'id' | 'status' | 'countersignedAt'>>(`/api/v1/pledges/${id}/countersign`),

  source: fetchSource,
  people: async (q: string, signal?: AbortSignal) =>
    (await api.get<Paged<PersonOption>>('/api/v1/people', { q, page: 1, pageSize: 20, sort: 'name' }, signal)).items,
  activityTypes: async (signal?: AbortSignal) => (await api.get<{ items: ActivityTypeOption[] }>('/api/v1/activity-types', undefined, signal)).items,
  orgName: async (id: number, signal?: AbortSignal) => (await api.get<{ unit: { name: string } }>(`/api/v1/org-units/${id}`, undefined, signal)).unit.name,
};

/** Did the server refuse a pledge signature because the password was wrong (forbidden, reason reauth_failed)? */
export function isReauthFailure(details: unknown): boolean {
  return typeof details === 'object' && details !== null && (details as { reason?: unknown }).reason === 'reauth_failed';
}

/** The id of the existing list when creating a duplicate year (conflict details). */
export function existingListId(details: unknown): number | null {
  if (typeof details !== 'object' || details === null) return null;
  const id = (details as { id?: unknown }).id;
  return typeof id === 'number' ? id : null;
}
