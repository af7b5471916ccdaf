import { useQuery } from '@tanstack/react-query';
import { Alert, type Breakpoint, Button, Empty, Grid, Segmented, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading } from '../../components/Loading.tsx';
import { type GapCounts, dutyApi, dutyKeys } from './api.ts';
import { GapDrillDrawer, type GapDrill } from './GapDrillDrawer.tsx';
import { ListKindTag, roleLabel } from './labels.tsx';
import { type TabProps, enumParam } from './params.ts';
import { type Stat, StatStrip } from './StatStrip.tsx';

const VIEWS = ['school', 'role', 'item'] as const;
type View = (typeof VIEWS)[number];
type Row = GapCounts & { key: string; label: React.ReactNode; drill: GapDrill };

const GAP_KEYS = ['vacant', 'misplaced', 'unmet', 'breached', 'overdue'] as const;
const gapScore = (c: GapCounts) => GAP_KEYS.reduce((n, k) => n + c[k], 0);

/** 缺位错位: who owns nothing, who owns what is no longer theirs, what is unmet or overdue — by school, role and item. */
export function GapsTab({ year, orgId, params, patch, openDuty }: TabProps) {
  const { t } = useTranslation();
  const view: View = enumParam(params, 'gapBy', VIEWS) ?? 'school';
  const [drill, setDrill] = useState<GapDrill | null>(null);
  const screens = Grid.useBreakpoint();
  const gaps = useQuery({
    queryKey: dutyKeys.gaps(orgId ?? 0, year),
    queryFn: ({ signal }) => dutyApi.gaps(orgId ?? 0, year, signal),
    enabled: orgId !== null,
    staleTime: 30_000,
  });

  if (orgId === null) return <Empty description={t('duties.pickOrg')} />;
  if (gaps.isPending) return <Loading minHeight={160} />;
  if (gaps.error) return <ErrorAlert error={gaps.error} onRetry={() => void gaps.refetch()} />;
  const g = gaps.data;

  const stats: Stat[] = [
    ...GAP_KEYS.map((k) => ({
      key: k,
      label: k === 'overdue' ? t('duties.overdue') : t(`duties.status.${k}`),
      value: g.totals[k],
      tone: g.totals[k] > 0 ? ('bad' as const) : ('good' as const),
      onClick: () => setDrill({ kind: 'all', title: t('duties.gaps.allTitle'), focus: k === 'breached' ? 'unmet' : k === 'vacant' ? 'unowned' : k }),
      hint: t('duties.gaps.drillHint'),
    })),
    { key: 'total', label: t('duties.gaps.totalDuties'), value: g.totals.total },
    {
      key: 'rate',
      label: t('duties.gaps.metRate'),
      value: g.totals.total ? `${Math.round((g.totals.met / g.totals.total) * 1000) / 10}%` : t('common.none'),
    },
  ];

  const rows: Row[] =
    view === 'school'
      ? g.bySchool.map((s) => ({ ...s, key: `s${s.orgId}`, label: s.name, drill: { kind: 'school', orgId: s.orgId, title: s.name } }))
      : view === 'role'
        ? g.byRole.map((r) => ({ ...r, key: `r${r.role}`, label: roleLabel(t, r.role), drill: { kind: 'role', role: r.role, title: roleLabel(t, r.role) } }))
        : [...g.byItem]
            .sort((a, b) => gapScore(b) - gapScore(a))
            .map((i) => ({
              ...i,
              key: `i${i.itemId}`,
              label: (
                <span>
                  <ListKindTag kind={i.listKind} />
                  {i.text}
                </span>
              ),
              drill: { kind: 'item', itemId: i.itemId, title: i.text },
            }));

  // On a phone only the totals stay (the label, all duties, the gap sum and the drill-down).
  const num = (k: keyof GapCounts, bad: boolean) => ({
    responsive: k === 'total' ? undefined : (['md'] as Breakpoint[]),
    title: k === 'overdue' ? t('duties.overdue') : k === 'total' ? t('duties.gaps.totalDuties') : t(`duties.status.${k}`),
    dataIndex: k,
    width: 84,
    align: 'right' as const,
    sorter: (a: Row, b: Row) => a[k] - b[k],
    render: (v: number) => (bad && v > 0 ? <span className="tz-duties-count-bad">{v}</span> : v),
  });
  const columns: TableColumnsType<Row> = [
    {
      title: view === 'school' ? t('duties.gaps.school') : view === 'role' ? t('duties.f.role') : t('duties.f.item'),
      dataIndex: 'label',
      width: screens.md ? (view === 'item' ? 360 : 200) : 150,
      fixed: screens.md ? 'left' : undefined,
    },
    num('total', false),
    num('met', false),
    num('pending', false),
    ...GAP_KEYS.map((k) => num(k, true)),
    {
      title: t('duties.gaps.gapSum'),
      key: 'score',
      width: 90,
      align: 'right',
      sorter: (a, b) => gapScore(a) - gapScore(b),
      render: (_: unknown, r) => (gapScore(r) > 0 ? <span className="tz-duties-count-bad">{gapScore(r)}</span> : 0),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 90,
      responsive: ['sm'],
      render: (_: unknown, r) => (
        <Button size="small" type="link" onClick={() => setDrill(r.drill)} disabled={gapScore(r) === 0} data-testid="gap-drill">
          {t('duties.gaps.drill')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <Alert type="info" showIcon title={t('duties.gaps.hint')} style={{ marginBottom: 16 }} />
      <StatStrip stats={stats} testId="duties-gap-stats" />
      <div className="tz-duties-toolbar">
        <Segmented<View>
          value={view}
          onChange={(v) => patch({ gapBy: v === 'school' ? null : v }, true)}
          options={VIEWS.map((v) => ({ value: v, label: t(`duties.gaps.by_${v}`) }))}
        />
      </div>
      <Table<Row>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={gaps.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small', showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.gaps.empty', { year })} /> }}
        // On a phone (no 查看 column) a tap on the row drills down.
        onRow={(r) => ({
          onDoubleClick: () => gapScore(r) > 0 && setDrill(r.drill),
          onClick: screens.sm === false && gapScore(r) > 0 ? () => setDrill(r.drill) : undefined,
        })}
        data-testid="duties-gaps"
      />
      <GapDrillDrawer drill={drill} parent={g} year={year} onClose={() => setDrill(null)} openDuty={openDuty} />
    </div>
  );
}
