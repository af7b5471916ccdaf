import type { PersonView as PersonSchema } from '@taizhang/shared/schemas/people';
import type {
  ETHICS_CASE_STAGES,
  EthicsCaseCounts as CaseCountsSchema,
  EthicsCasePerson as CasePersonSchema,
  EthicsCaseView,
  EthicsCodeView as CodeSchema,
  EthicsMechanismView,
  EthicsPledgeStatus as PledgeStatusSchema,
  EthicsPledgeView as PledgeSchema,
} from '@taizhang/shared/schemas/ethics';
import { ApiError, api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import '../../i18n/ethics.ts';

/** The output type of a zod schema, without importing zod into the web bundle. */
type Output<S extends { _zod: { output: unknown } }> = S['_zod']['output'];

export type { EthicsCaseView, EthicsMechanismView };
export type CaseStage = (typeof ETHICS_CASE_STAGES)[number];
export type EthicsCodeView = Output<typeof CodeSchema>;
export type PledgeView = Output<typeof PledgeSchema>;
export type PledgeStatus = Output<typeof PledgeStatusSchema>;
export type CaseCounts = Output<typeof CaseCountsSchema>;
export type CasePerson = Output<typeof CasePersonSchema>;
export type RosterPerson = Output<typeof PersonSchema>;

// A copy of the shared list (importing it would bring zod into this page's chunk); typed against it.
export const CASE_STAGES: readonly CaseStage[] = ['clue', 'verification', 'decision', 'closed'];
export const STAGE_COLORS: Record<CaseStage, string> = { clue: 'orange', verification: 'processing', decision: 'purple', closed: 'default' };
export const STAGE_DATE: Record<CaseStage, 'clueOn' | 'verificationOn' | 'decisionOn' | 'closedOn'> = {
  clue: 'clueOn',
  verification: 'verificationOn',
  decision: 'decisionOn',
  closed: 'closedOn',
};

/** The stage after `stage`, or null for a closed case. */
export function nextStage(stage: CaseStage): CaseStage | null {
  return CASE_STAGES[CASE_STAGES.indexOf(stage) + 1] ?? null;
}

/** The date of the stage a case is in (the earliest date its next step may take). */
export function lastStageDate(c: EthicsCaseView): string {
  return c[STAGE_DATE[c.stage]] ?? c.clueOn;
}

export const MECHANISM_IMPORT_KIND = 'ethics-mechanisms';

export interface MechanismQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  year?: number;
  q?: string;
}

export interface MechanismInput {
  name: string;
  content: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface CaseQuery {
  page: number;
  pageSize: number;
  orgId?: number;
  stage?: CaseStage;
  q?: string;
}

export interface CaseCreateInput {
  orgId: number;
  personId: number;
  codeId: number;
  summary: string;
  clueOn: string;
  handlerPersonIds: number[];
}

export interface CaseUpdateInput {
  version: number;
  summary?: string;
  codeId?: number;
  handlerPersonIds?: number[];
  outcome?: string | null;
}

export interface CaseAdvanceInput {
  version: number;
  to: CaseStage;
  date: string;
  outcome?: string;
}

export const ethicsKeys = {
  all: ['ethics'] as const,
  codes: ['ethics', 'codes'] as const,
  mechanisms: ['ethics', 'mechanisms'] as const,
  mechanismList: (q: MechanismQuery) => ['ethics', 'mechanisms', 'list', q] as const,
  coverage: (orgId: number, year: number) => ['ethics', 'mechanisms', 'coverage', orgId, year] as const,
  pledges: ['ethics', 'pledges'] as const,
  pledgeStatus: (orgId: number, year: number) => ['ethics', 'pledges', 'status', orgId, year] as const,
  schoolPledges: (orgId: number, year: number) => ['ethics', 'pledges', 'school', orgId, year] as const,
  roster: (orgId: number) => ['ethics', 'roster', orgId] as const,
  cases: ['ethics', 'cases'] as const,
  caseList: (q: CaseQuery) => ['ethics', 'cases', 'list', q] as const,
  caseDetail: (id: number) => ['ethics', 'cases', 'detail', id] as const,
  caseCounts: (orgId: number, year: number) => ['ethics', 'cases', 'counts', orgId, year] as const,
  casePeople: (orgId: number | null, q: string) => ['ethics', 'case-people', orgId ?? 'all', q] as const,
};

/** Every page of a paged list (a school's roster or pledges: tens of rows, rarely more than one page). */
async function allPages<T>(fetchPage: (page: number) => Promise<Paged<T>>, maxPages = 20): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const r = await fetchPage(page);
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) break;
  }
  return out;
}

export const ethicsApi = {
  codes: async (signal?: AbortSignal) => (await api.get<{ items: EthicsCodeView[] }>('/api/v1/ethics/codes', undefined, signal)).items,

  mechanisms: (q: MechanismQuery, signal?: AbortSignal) => api.get<Paged<EthicsMechanismView>>('/api/v1/ethics/mechanisms', { ...q }, signal),
  mechanism: (id: number) => api.get<EthicsMechanismView>(`/api/v1/ethics/mechanisms/${id}`),
  coverage: (orgId: number, year: number, signal?: AbortSignal) =>
    api.get<{ orgId: number; year: number; schools: number; withMechanism: number; missing: { orgId: number; orgName: string }[] }>(
      '/api/v1/ethics/mechanisms/coverage',
      { orgId, year },
      signal,
    ),
  createMechanism: (body: MechanismInput & { orgId: number }) => api.post<EthicsMechanismView>('/api/v1/ethics/mechanisms', body),
  updateMechanism: (id: number, body: Partial<MechanismInput> & { version: number }) => api.patch<EthicsMechanismView>(`/api/v1/ethics/mechanisms/${id}`, body),
  removeMechanism: (id: number) => api.del<{ ok: true }>(`/api/v1/ethics/mechanisms/${id}`),

  pledgeStatus: async (orgId: number, year: number, signal?: AbortSignal) =>
    (await api.get<{ items: PledgeStatus[] }>('/api/v1/ethics/pledges/status', { orgId, year }, signal)).items,
  schoolPledges: (orgId: number, year: number, signal?: AbortSignal) =>
    allPages((page) => api.get<Paged<PledgeView>>('/api/v1/ethics/pledges', { orgId, year, page, pageSize: 500 }, signal)),
  sign: (body: { personId: number; year: number; signedAt: string }) => api.post<{ id: number }>('/api/v1/ethics/pledges', body),
  removePledge: (id: number) => api.del<{ ok: true }>(`/api/v1/ethics/pledges/${id}`),
  /** The school's staff (people.read): those whose unit is the school, as the signing status counts them. */
  roster: async (orgId: number, signal?: AbortSignal) =>
    (await allPages((page) => api.get<Paged<RosterPerson>>('/api/v1/people', { orgId, page, pageSize: 500, sort: 'code' }, signal))).filter(
      (p) => p.unitId === orgId,
    ),

  cases: (q: CaseQuery, signal?: AbortSignal) => api.get<Paged<EthicsCaseView>>('/api/v1/ethics/cases', { ...q }, signal),
  case: (id: number, signal?: AbortSignal) => api.get<EthicsCaseView>(`/api/v1/ethics/cases/${id}`, undefined, signal),
  caseCounts: (orgId: number, year: number, signal?: AbortSignal) => api.get<CaseCounts>('/api/v1/ethics/cases/counts', { orgId, year }, signal),
  casePeople: async (orgId: number | null, q: string, signal?: AbortSignal) =>
    (await api.get<{ items: CasePerson[] }>('/api/v1/ethics/cases/people', { orgId: orgId ?? undefined, q: q || undefined, limit: 30 }, signal)).items,
  createCase: (body: CaseCreateInput) => api.post<EthicsCaseView>('/api/v1/ethics/cases', body),
  updateCase: (id: number, body: CaseUpdateInput) => api.patch<EthicsCaseView>(`/api/v1/ethics/cases/${id}`, body),
  advanceCase: (id: number, body: CaseAdvanceInput) => api.post<EthicsCaseView>(`/api/v1/ethics/cases/${id}/advance`, body),
};

/** Whether an error means "not yours to see" (restricted records answer 404 outside reach, 403 in reach). */
export function isNoAccess(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'not_found' || err.code === 'forbidden');
}
