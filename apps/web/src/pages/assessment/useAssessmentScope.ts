import { useQuery } from '@tanstack/react-query';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import type { OrgUnitView } from '../../api/types.ts';
import dayjs from '../../i18n/dayjs.ts';
import { assessmentApi, assessmentKeys } from './api.ts';

/** How many past years the page looks back for the latest assessment when none is chosen. */
const LOOK_BACK = 6;

export interface AssessmentScope {
  /** Committees among the caller's top units (those own indicator systems); empty for a school's staff. */
  committees: OrgUnitView[];
  /** The caller's top units (a school user: the school). */
  tops: OrgUnitView[];
  loading: boolean;
  /** The latest year that has an assessment (else this year), and the committee that runs it. */
  latestYear: number;
  latestCommitteeId: number | null;
}

export function thisYear(): number {
  return dayjs().year();
}

/**
 * Where the page starts. Committee staff: the latest year with an indicator system of one of their committees
 * (one small lookup per committee and year); school staff: the latest year with a scorecard in reach.
 */
export function useAssessmentScope(yearGiven: number | null): AssessmentScope {
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal) });
  const tops = top.data ?? [];
  const committees = tops.filter((u) => u.kind === 'committee' && u.active);
  const probe = useQuery({
    queryKey: assessmentKeys.probe(`${yearGiven ?? 'latest'}:${committees.map((c) => c.id).join(',')}`),
    enabled: top.isSuccess,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const now = thisYear();
      const years = yearGiven !== null ? [yearGiven] : Array.from({ length: LOOK_BACK + 2 }, (_, i) => now + 1 - i);
      if (committees.length) {
        const found = await Promise.all(
          years.flatMap((year) =>
            committees.map(async (c) => ((await assessmentApi.system(c.id, year, signal).catch(() => null)) ? { year, id: c.id } : null)),
          ),
        );
        const hit = found.find((x) => x !== null);
        return { year: hit?.year ?? yearGiven ?? now, committeeId: hit?.id ?? committees[0]?.id ?? null };
      }
      const counts = await Promise.all(years.map(async (year) => ((await assessmentApi.cards(year, null, signal).catch(() => [])).length ? year : null)));
      return { year: counts.find((y) => y !== null) ?? yearGiven ?? now, committeeId: null };
    },
  });
  return {
    committees,
    tops,
    loading: top.isLoading || (top.isSuccess && probe.isLoading),
    latestYear: probe.data?.year ?? yearGiven ?? thisYear(),
    latestCommitteeId: probe.data?.committeeId ?? committees[0]?.id ?? null,
  };
}
