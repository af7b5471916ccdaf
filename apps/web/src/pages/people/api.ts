import type { OrgDutyRolesView, POLITICAL_STATUSES, POSTS, PersonView as PersonSchema, PostView as PostSchema } from '@taizhang/shared/schemas/people';
import { api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import '../../i18n/people.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type PersonView = Output<typeof PersonSchema>;
export type PostView = Output<typeof PostSchema>;
export type DutyRolesView = Output<typeof OrgDutyRolesView>;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

export interface StatusHistoryItem {
  status: string;
  effectiveDate: string | null;
  recordedAt: string;
  source: string;
}
export type PersonDetail = PersonView & { statusHistory: StatusHistoryItem[] };

// Copies of the shared lists (the shared module would bring zod into this page's chunk); typed against them.
export const STATUSES: readonly PoliticalStatus[] = ['中共党员', '中共预备党员', '共青团员', '群众', '民主党派'];
export const MEMBER_STATUSES: readonly PoliticalStatus[] = ['中共党员', '中共预备党员'];
export const GENDERS = ['男', '女'] as const;
export const POST_OPTIONS: readonly (typeof POSTS)[number][] = [
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
];

export interface PeopleQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  status?: PoliticalStatus;
  members?: '1';
  post?: string;
  q?: string;
  sort: 'code' | 'name' | '-code' | '-name';
}

export interface PersonInput {
  version: number;
  name?: string;
  gender?: (typeof GENDERS)[number] | null;
  birthDate?: string | null;
  unitId?: number | null;
  partyOrgId?: number | null;
  politicalStatus?: PoliticalStatus;
  joinDate?: string | null;
  conversionDate?: string | null;
  phone?: string | null;
}

export interface AccountItem {
  personId: number;
  username: string;
  password: string | null;
  skipped?: string;
}

export interface OrgStats {
  orgId: number;
  schools: number;
  branches: number;
  members: number;
  staff: number;
}

export const peopleKeys = {
  all: ['people'] as const,
  list: (q: PeopleQuery) => ['people', 'list', q] as const,
  detail: (id: number) => ['people', 'detail', id] as const,
  gaps: (orgId: number) => ['people', 'gaps', orgId] as const,
};

export const peopleApi = {
  list: (q: PeopleQuery, signal?: AbortSignal) => api.get<Paged<PersonView>>('/api/v1/people', { ...q }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<PersonDetail>(`/api/v1/people/${id}`, undefined, signal),
  phone: (id: number) => api.get<{ phone: string | null }>(`/api/v1/people/${id}/phone`),
  update: (id: number, body: PersonInput) => api.patch<PersonView>(`/api/v1/people/${id}`, body),
  addPost: (id: number, body: { orgId: number; post: string; startDate?: string | null }) => api.post<PersonView>(`/api/v1/people/${id}/posts`, body),
  endPost: (id: number, postId: number, endDate: string) => api.post<PersonView>(`/api/v1/people/${id}/posts/${postId}/end`, { endDate }),
  accounts: (personIds: number[]) => api.post<{ items: AccountItem[] }>('/api/v1/people/accounts', { personIds }),
  gaps: async (orgId: number, signal?: AbortSignal) => (await api.get<{ items: DutyRolesView[] }>('/api/v1/duty-roles', { orgId, gapsOnly: 1 }, signal)).items,
  stats: async (ids: readonly number[], signal?: AbortSignal) =>
    (await api.get<{ items: OrgStats[] }>('/api/v1/org-stats', { ids: ids.join(',') }, signal)).items,
};
