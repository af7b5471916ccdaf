import type { OrgKind } from '@taizhang/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { OrgUnitDetail, OrgUnitView } from './types.ts';

export const orgKeys = {
  all: ['org-units'] as const,
  children: (parentId: number | null) => ['org-units', 'children', parentId ?? 'top'] as const,
  search: (q: string) => ['org-units', 'search', q] as const,
  detail: (id: number) => ['org-units', 'detail', id] as const,
};

/** Children of a unit; null → the caller's top units. */
export async function fetchOrgChildren(parentId: number | null, signal?: AbortSignal): Promise<OrgUnitView[]> {
  const res = await api.get<{ items: OrgUnitView[] }>('/api/v1/org-units', parentId === null ? undefined : { parentId }, signal);
  return res.items;
}

export async function searchOrgUnits(q: string, signal?: AbortSignal): Promise<OrgUnitView[]> {
  const res = await api.get<{ items: OrgUnitView[] }>('/api/v1/org-units', { q }, signal);
  return res.items;
}

export function useOrgSearch(q: string) {
  return useQuery({
    queryKey: orgKeys.search(q),
    queryFn: ({ signal }) => searchOrgUnits(q, signal),
    enabled: q.length > 0,
  });
}

export function useOrgDetail(id: number | null) {
  return useQuery({
    queryKey: orgKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<OrgUnitDetail>(`/api/v1/org-units/${id}`, undefined, signal),
    enabled: id !== null,
    staleTime: 0,
  });
}

export interface CreateOrgInput {
  code: string;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  stage?: string | null;
  ownership?: string | null;
  studentCount?: number | null;
  boarderCount?: number | null;
}

export interface UpdateOrgInput {
  version: number;
  name?: string;
  stage?: string | null;
  ownership?: string | null;
  studentCount?: number | null;
  boarderCount?: number | null;
}

export const orgApi = {
  create: (body: CreateOrgInput) => api.post<OrgUnitView>('/api/v1/org-units', body),
  update: (id: number, body: UpdateOrgInput) => api.patch<OrgUnitView>(`/api/v1/org-units/${id}`, body),
  move: (id: number, body: { version: number; parentId: number | null }) => api.post<OrgUnitView>(`/api/v1/org-units/${id}/move`, body),
  deactivate: (id: number, version: number) => api.post<OrgUnitView>(`/api/v1/org-units/${id}/deactivate`, { version }),
};
