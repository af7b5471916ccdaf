import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/errors.tsx';
import { type HonourStatsView, type HonourTarget, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, YearSelect, useDevParams, useOrgParam } from '../common.tsx';

type Item = HonourStatsView['items'][number];

/** Honours by category under an org in a year: how many honours, how many distinct people / orgs. */
export function HonourStatsPanel({ onPickCategory }: { onPickCategory: (code: string) => void }) {
  const { t } = useTranslation();
  const { year, set } = useDevParams();
  const { orgId } = useOrgParam();
  const q = useQuery({
    queryKey: devKeys.honourStats(orgId ?? 0, year),
    queryFn: ({ signal }) => devApi.honourStats(orgId ?? 0, year, signal),
    enabled: orgId !== null,
  });
  const items = q.data?.items ?? [];
  const people = items.filter((i) => i.target === 'person').reduce((n, i) => n + i.honours, 0);
  const orgs = items.filter((i) => i.target === 'org').reduce((n, i) => n + i.honours, 0);
  return (
    <div>
      <div className="tz-dev-toolbar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={orgId} onChange={(v) => set({ org: v })} aria-label={t('development.common.org')} />
          <YearSelect value={year} onChange={(y) => set({ year: y })} />
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('development.honours.statsHint')}</Typography.Paragraph>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {items.map((i) => (
          <Col key={i.categoryCode} xs={12} sm={8} lg={6}>
            <button type="button" className="tz-dev-count" onClick={() => onPickCategory(i.categoryCode)}>
              <Statistic
                title={i.categoryName}
                value={i.honours}
                suffix={i.target === 'org' ? t('development.honours.orgUnit') : t('development.common.personUnit')}
              />
            </button>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Table<Item>
          rowKey="categoryCode"
          size="small"
          loading={q.isLoading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 480 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.honours.empty')} /> }}
          columns={[
            { title: t('development.honours.category'), dataIndex: 'categoryName' },
            { title: t('development.honours.categoryTarget'), dataIndex: 'target', width: 100, render: (v: HonourTarget) => t(`development.target.${v}`) },
            { title: t('development.honours.honoursCount'), dataIndex: 'honours', width: 120, align: 'right', sorter: (a, b) => a.honours - b.honours },
            { title: t('development.honours.targetsCount'), dataIndex: 'targets', width: 130, align: 'right' },
          ]}
          summary={() =>
            items.length ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}>
                  <Typography.Text strong>{t('development.honours.totalLine', { people, orgs })}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Typography.Text strong>{people + orgs}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} />
              </Table.Summary.Row>
            ) : null
          }
          data-testid="dev-honour-stats"
        />
      </Card>
    </div>
  );
}
