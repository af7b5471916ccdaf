import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { useCurrentSession } from '../../auth/session.ts';

export const TABS = ['mechanisms', 'pledges', 'codes', 'cases'] as const;
export type EthicsTab = (typeof TABS)[number];

export interface EthicsScope {
  tab: EthicsTab;
  /** The unit the figures are counted under (its subtree); null while the default is being found. */
  orgId: number | null;
  year: number;
  loading: boolean;
  set(patch: { tab?: EthicsTab; orgId?: number | null; year?: number }): void;
}

/**
 * The page's tab, unit and year, kept in the URL so a view can be bookmarked or sent on. The unit defaults to the
 * first unit of the user's grants (else the first top unit in reach), the year to the current one.
 */
export function useEthicsScope(): EthicsScope {
  const session = useCurrentSession();
  const [params, setParams] = useSearchParams();
  const granted = session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  const fallback = granted ?? top.data?.[0]?.id ?? null;

  const tabParam = params.get('tab');
  const tab: EthicsTab = TABS.includes(tabParam as EthicsTab) ? (tabParam as EthicsTab) : 'mechanisms';
  const orgParam = Number(params.get('orgId'));
  const orgId = Number.isInteger(orgParam) && orgParam > 0 ? orgParam : fallback;
  const yearParam = Number(params.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 1990 && yearParam <= 2100 ? yearParam : new Date().getFullYear();

  return useMemo(
    () => ({
      tab,
      orgId,
      year,
      loading: granted === null && top.isLoading,
      set(patch) {
        setParams(
          (p) => {
            const next = new URLSearchParams(p);
            if (patch.tab !== undefined) next.set('tab', patch.tab);
            if (patch.orgId !== undefined) {
              if (patch.orgId === null) next.delete('orgId');
              else next.set('orgId', String(patch.orgId));
            }
            if (patch.year !== undefined) next.set('year', String(patch.year));
            return next;
          },
          { replace: true },
        );
      },
    }),
    [tab, orgId, year, granted, top.isLoading, setParams],
  );
}
