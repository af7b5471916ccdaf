import { ROLE_ABILITIES } from '@taizhang/shared/roles';
import { useQuery } from '@tanstack/react-query';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { hasWholeTreeAbility, useCurrentSession } from '../../auth/session.ts';
import dayjs from '../../i18n/dayjs.ts';
import { safetyApi, safetyKeys } from './api.ts';

export interface SafetyScope {
  orgId: number | null;
  year: number | null;
  loading: boolean;
}

/**
 * Where the page starts when the URL does not say: the first unit the user reads online safety for (for a whole-tree
 * grant, the first top unit that has units under it, so an empty top unit does not hide the district), and the year
 * of the latest campaign in reach (the screening year the office works on), else the current year.
 */
export function useSafetyScope(orgParam: number | undefined, yearParam: number | undefined): SafetyScope {
  const session = useCurrentSession();
  const wholeTree = hasWholeTreeAbility(session, 'safety.read');
  const granted = wholeTree
    ? null
    : (session.grants.find((g) => g.orgId !== null && ROLE_ABILITIES[g.role].includes('safety.read'))?.orgId ??
      session.grants.find((g) => g.orgId !== null)?.orgId ??
      null);
  const top = useQuery({
    queryKey: orgKeys.children(null),
    queryFn: ({ signal }) => fetchOrgChildren(null, signal),
    enabled: orgParam === undefined && granted === null,
  });
  const latest = useQuery({
    queryKey: safetyKeys.latestCampaign,
    queryFn: ({ signal }) => safetyApi.campaigns({ page: 1, pageSize: 1 }, signal),
    enabled: yearParam === undefined,
    staleTime: 5 * 60_000,
  });
  const topUnit = top.data?.find((u) => u.childCount > 0 && u.active) ?? top.data?.[0];
  const orgId = orgParam ?? granted ?? topUnit?.id ?? null;
  const currentYear = dayjs().year();
  const year = yearParam ?? (latest.isSuccess ? (latest.data.items[0]?.year ?? currentYear) : latest.isError ? currentYear : null);
  const loading = (orgId === null && orgParam === undefined && granted === null && top.isLoading) || year === null;
  return { orgId, year, loading };
}
