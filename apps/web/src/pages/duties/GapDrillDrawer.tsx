import { useQuery } from '@tanstack/react-query';
import { Drawer, Spin, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { type DutyView, type GapsResponse, dutyApi, dutyKeys } from './api.ts';
import { DutyTable } from './DutyTable.tsx';
import { drawerWidth } from '../../components/sizing.ts';

type Category = 'unowned' | 'misplaced' | 'unmet' | 'overdue';
const CATEGORIES: readonly Category[] = ['unowned', 'misplaced', 'unmet', 'overdue'];

/** What a gap figure opens: a school (its own gap view), a role or an item (filtered from the parent's lists), or all. */
export type GapDrill =
  | { kind: 'school'; orgId: number; title: string; focus?: Category }
  | { kind: 'role'; role: string; title: string; focus?: Category }
  | { kind: 'item'; itemId: number; title: string; focus?: Category }
  | { kind: 'all'; title: string; focus?: Category };

interface Props {
  drill: GapDrill | null;
  parent: GapsResponse;
  year: number;
  onClose: () => void;
  openDuty: (id: number) => void;
}

/** The duties behind a gap count, by category (缺位 / 错位 / 未达标 / 逾期); each opens in the duty drawer. */
export function GapDrillDrawer({ drill, parent, year, onClose, openDuty }: Props) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Category>('unowned');
  const school = drill?.kind === 'school' ? drill.orgId : null;
  // A school's own gap view: the parent's lists do not say which school a branch's duty belongs to.
  const sub = useQuery({
    queryKey: dutyKeys.gaps(school ?? 0, year),
    queryFn: ({ signal }) => dutyApi.gaps(school ?? 0, year, signal),
    enabled: school !== null,
    staleTime: 30_000,
  });

  const source: GapsResponse | undefined = school !== null ? sub.data : parent;
  const keep = (d: DutyView) => (drill?.kind === 'role' ? d.role === drill.role : drill?.kind === 'item' ? d.itemId === drill.itemId : true);
  const lists: Record<Category, DutyView[]> = {
    unowned: (source?.unowned ?? []).filter(keep),
    misplaced: (source?.misplaced ?? []).filter(keep),
    unmet: (source?.unmet ?? []).filter(keep),
    overdue: (source?.overdue ?? []).filter(keep),
  };
  const ready = source !== undefined;
  const firstNonEmpty = CATEGORIES.find((c) => lists[c].length > 0) ?? 'unowned';
  const drillKey = drill ? `${drill.kind}:${drill.title}:${drill.focus ?? ''}` : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: pick the tab once per drill-down (and once its data is there)
  useEffect(() => {
    if (drill && ready) setTab(drill.focus && lists[drill.focus].length ? drill.focus : firstNonEmpty);
  }, [drillKey, ready]);

  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      size={drawerWidth(1080)}
      title={drill ? t('duties.gaps.drillTitle', { name: drill.title }) : ''}
      data-testid="gap-drill-drawer"
    >
      {school !== null && sub.isPending ? <Spin /> : null}
      {sub.error ? <ErrorAlert error={sub.error} onRetry={() => void sub.refetch()} /> : null}
      {ready ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Category)}
          items={CATEGORIES.map((c) => ({
            key: c,
            label: t(`duties.gaps.cat_${c}`, { n: lists[c].length }),
            children: (
              <DutyTable
                items={lists[c]}
                year={year}
                onOpen={openDuty}
                show={['org', 'list', 'role', 'owner', 'next']}
                pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small', showTotal: (total) => t('common.total', { total }) }}
                empty={t('duties.gaps.catEmpty')}
              />
            ),
          }))}
        />
      ) : null}
    </Drawer>
  );
}
