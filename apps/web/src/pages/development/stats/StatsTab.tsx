import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Modal, Row, Space, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import { Suspense, lazy, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrgChildren } from '../../../api/orgUnits.ts';
import type { OrgUnitView } from '../../../api/types.ts';
import { ErrorAlert } from '../../../components/errors.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { type StatsView, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, YearSelect, useDevParams, useOrgParam } from '../common.tsx';
import { FIGURES, type Figure, figureValues } from './figures.ts';

const TrendChart = lazy(() => import('./TrendChart.tsx'));

/** Children listed in the breakdown (each is one request; a city's tree has more, they are summed in the total). */
const MAX_CHILDREN = 40;

interface Pick {
  year: number;
  figure: Figure;
  stats: StatsView;
}

function PeopleModal({ pick, onClose, onOpen }: { pick: Pick | null; onClose: () => void; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const rows = useMemo(() => {
    if (!pick) return [];
    const byId = new Map(pick.stats.people.map((p) => [p.id, p]));
    return pick.stats[pick.figure].personIds.map((id) => byId.get(id) ?? { id, code: '', name: `#${id}` });
  }, [pick]);
  return (
    <Modal
      open={pick !== null}
      onCancel={onClose}
      footer={null}
      width={560}
      title={pick ? t('development.stats.peopleTitle', { year: pick.year, figure: t(`development.stats.${pick.figure}`), n: rows.length }) : ''}
    >
      <Table
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: t('development.stats.peopleEmpty') }}
        columns={[
          { title: t('development.common.code'), dataIndex: 'code', width: 110 },
          {
            title: t('development.common.name'),
            dataIndex: 'name',
            render: (v: string, r: { id: number }) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(r.id)}>
                {v}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}

interface BreakdownRow {
  unit: OrgUnitView;
  values: Record<Figure, number> | null;
}

/** 统计: the year's pipeline figures under an org, five years' trend, the breakdown by sub-units, names behind each figure. */
export function StatsTab() {
  const { t } = useTranslation();
  const { year, set } = useDevParams();
  const { orgId } = useOrgParam();
  const [pick, setPick] = useState<Pick | null>(null);
  const years = [year - 4, year - 3, year - 2, year - 1, year];
  const trend = useQueries({
    queries: years.map((y) => ({
      queryKey: devKeys.stats(orgId ?? 0, y),
      queryFn: ({ signal }: { signal: AbortSignal }) => devApi.stats(orgId ?? 0, y, signal),
      enabled: orgId !== null,
    })),
  });
  const current = trend[4];
  const trendError = trend.find((q) => q.error);
  const children = useQuery({
    queryKey: devKeys.orgChildren(orgId ?? 0),
    queryFn: ({ signal }) => fetchOrgChildren(orgId ?? 0, signal),
    enabled: orgId !== null,
  });
  const kids = (children.data ?? []).slice(0, MAX_CHILDREN);
  const breakdown = useQueries({
    queries: kids.map((u) => ({
      queryKey: devKeys.stats(u.id, year),
      queryFn: ({ signal }: { signal: AbortSignal }) => devApi.stats(u.id, year, signal),
    })),
  });
  const rows: BreakdownRow[] = kids.map((u, i) => ({ unit: u, values: breakdown[i]?.data ? figureValues(breakdown[i].data) : null }));
  const values = figureValues(current.data);
  const open = (y: number, figure: Figure) => {
    const s = trend[years.indexOf(y)]?.data;
    if (s) setPick({ year: y, figure, stats: s });
  };

  const columns: TableColumnsType<BreakdownRow> = [
    { title: t('development.stats.unit'), key: 'unit', fixed: 'left', width: 170, render: (_: unknown, r) => r.unit.name },
    ...FIGURES.map((f) => ({
      title: t(`development.stats.short.${f}`),
      key: f,
      width: 86,
      align: 'right' as const,
      sorter: (a: BreakdownRow, b: BreakdownRow) => (a.values?.[f] ?? 0) - (b.values?.[f] ?? 0),
      render: (_: unknown, r: BreakdownRow) => (r.values ? r.values[f] : <Typography.Text type="secondary">…</Typography.Text>),
    })),
  ];

  return (
    <div>
      <div className="tz-dev-toolbar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={orgId} onChange={(v) => set({ org: v })} aria-label={t('development.common.org')} />
          <YearSelect value={year} onChange={(y) => set({ year: y })} />
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('development.stats.hint')}</Typography.Paragraph>
      {current.error ? <ErrorAlert error={current.error} onRetry={() => void current.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {FIGURES.map((f) => (
          <Col key={f} xs={12} sm={8} lg={4} xl={4}>
            <button type="button" className="tz-dev-count" onClick={() => open(year, f)} data-testid={`dev-stat-${f}`}>
              <Statistic title={t(`development.stats.${f}`)} value={values[f]} loading={current.isLoading} suffix={t('development.common.personUnit')} />
            </button>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('development.stats.trend')}>
            {trendError ? (
              <ErrorAlert error={trendError.error} onRetry={() => void trendError.refetch()} />
            ) : trend.every((q) => q.data) ? (
              <Suspense fallback={<Loading minHeight={280} />}>
                <TrendChart points={years.map((y, i) => ({ year: y, values: figureValues(trend[i].data) }))} onPick={open} />
              </Suspense>
            ) : (
              <Loading minHeight={280} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('development.stats.breakdown')}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('development.stats.breakdownHint')}
            </Typography.Paragraph>
            {children.error ? <ErrorAlert error={children.error} onRetry={() => void children.refetch()} /> : null}
            {(children.data?.length ?? 0) > MAX_CHILDREN ? (
              <Typography.Paragraph type="warning">{t('development.stats.breakdownMore', { n: MAX_CHILDREN })}</Typography.Paragraph>
            ) : null}
            {children.data && children.data.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.stats.noChildren')} />
            ) : (
              <Table<BreakdownRow>
                rowKey={(r) => r.unit.id}
                size="small"
                columns={columns}
                dataSource={rows}
                loading={children.isLoading}
                scroll={{ x: 600, y: 420 }}
                pagination={false}
                summary={() =>
                  rows.length ? (
                    <Table.Summary fixed>
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>
                          <Typography.Text strong>{t('development.stats.total')}</Typography.Text>
                        </Table.Summary.Cell>
                        {FIGURES.map((f, i) => (
                          <Table.Summary.Cell key={f} index={i + 1} align="right">
                            <Typography.Text strong>{values[f]}</Typography.Text>
                          </Table.Summary.Cell>
                        ))}
                      </Table.Summary.Row>
                    </Table.Summary>
                  ) : null
                }
              />
            )}
          </Card>
        </Col>
      </Row>
      <PeopleModal
        pick={pick}
        onClose={() => setPick(null)}
        onOpen={(id) => {
          setPick(null);
          set({ person: id });
        }}
      />
    </div>
  );
}
