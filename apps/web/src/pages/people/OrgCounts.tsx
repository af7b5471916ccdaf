import { useQuery } from '@tanstack/react-query';
import { Tooltip } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type OrgStats, peopleApi } from './api.ts';

/** Counts (schools, branches, members, staff) of the given units, one request for all of them (GET /api/v1/org-stats). */
export function useOrgStats(ids: readonly number[], enabled = true): Map<number, OrgStats> {
  const key = useMemo(() => [...new Set(ids)].sort((a, b) => a - b).slice(0, 500), [ids]);
  const stats = useQuery({
    queryKey: ['org-stats', key.join(',')],
    queryFn: ({ signal }) => peopleApi.stats(key, signal),
    enabled: enabled && key.length > 0,
    staleTime: 60_000,
  });
  return useMemo(() => new Map((stats.data ?? []).map((s) => [s.orgId, s])), [stats.data]);
}

/** A unit's counts, compact (members and staff) with all four in the tooltip. */
export function OrgCounts({ stats }: { stats: OrgStats | undefined }) {
  const { t } = useTranslation();
  if (!stats) return null;
  const all = [
    stats.schools ? t('people.stats.schools', { n: stats.schools }) : null,
    stats.branches ? t('people.stats.branches', { n: stats.branches }) : null,
    t('people.stats.members', { n: stats.members }),
    t('people.stats.staff', { n: stats.staff }),
  ].filter(Boolean);
  return (
    <Tooltip title={all.join(' · ')}>
      <span className="tz-org-counts" style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginInlineStart: 6 }} data-testid="org-counts">
        {t('people.stats.members', { n: stats.members })}
      </span>
    </Tooltip>
  );
}
