import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, InputNumber, Progress, Row, Space, Switch, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../../hooks/useDebounced.ts';
import { ErrorAlert } from '../../../components/errors.tsx';
import { type CoverageView, SECRETARY_MIN_ROTATIONS, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, YearSelect, useDevParams, useOrgParam } from '../common.tsx';

type Secretary = CoverageView['secretaries']['items'][number];
type Gap = CoverageView['members']['gaps'][number];

function Ratio({ covered, total }: { covered: number; total: number }) {
  const pct = total ? Math.round((covered / total) * 100) : 100;
  return (
    <Progress percent={pct} status={covered >= total ? 'success' : 'normal'} strokeColor={covered >= total ? undefined : '#fa8c16'} format={(p) => `${p}%`} />
  );
}

/** Coverage against the training rules: secretaries' rotation trainings and members' yearly hours, gaps listed. */
export function CoveragePanel() {
  const { t } = useTranslation();
  const { year, set } = useDevParams();
  const { orgId } = useOrgParam();
  const [minText, setMinText] = useState<number | null>(null);
  const minHours = useDebounced(minText, 400) ?? undefined;
  const [onlyGaps, setOnlyGaps] = useState(true);
  const q = useQuery({
    queryKey: devKeys.coverage(orgId ?? 0, year, minHours),
    queryFn: ({ signal }) => devApi.coverage(orgId ?? 0, year, minHours, signal),
    enabled: orgId !== null,
  });
  const c = q.data;
  const secretaries = (c?.secretaries.items ?? []).filter((s) => !onlyGaps || !s.ok);
  const openPerson = (id: number) => set({ person: id });

  const secColumns: TableColumnsType<Secretary> = [
    {
      title: t('development.common.name'),
      dataIndex: 'name',
      width: 100,
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => openPerson(r.personId)}>
          {v}
        </Button>
      ),
    },
    { title: t('development.common.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('development.trainings.post'), dataIndex: 'post', width: 110, responsive: ['sm'] },
    {
      title: t('development.trainings.rotations'),
      dataIndex: 'rotations',
      width: 100,
      align: 'right',
      sorter: (a, b) => a.rotations - b.rotations,
      render: (v: number) => `${v} / ${c?.secretaries.required ?? SECRETARY_MIN_ROTATIONS}`,
    },
    {
      title: t('development.trainings.status'),
      dataIndex: 'ok',
      width: 90,
      render: (ok: boolean) => (ok ? <Tag color="green">{t('development.trainings.ok')}</Tag> : <Tag color="red">{t('development.trainings.gap')}</Tag>),
    },
  ];
  const gapColumns: TableColumnsType<Gap> = [
    { title: t('development.common.code'), dataIndex: 'code', width: 100 },
    {
      title: t('development.common.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => openPerson(r.personId)}>
          {v}
        </Button>
      ),
    },
    {
      title: t('development.trainings.hoursDone'),
      dataIndex: 'hours',
      width: 110,
      align: 'right',
      sorter: (a, b) => a.hours - b.hours,
      defaultSortOrder: 'ascend',
    },
    {
      title: t('development.trainings.gap'),
      key: 'short',
      width: 110,
      render: (_: unknown, r) => <Tag color="red">{t('development.trainings.shortBy', { n: Math.round(((c?.minHours ?? 0) - r.hours) * 10) / 10 })}</Tag>,
    },
  ];

  return (
    <div>
      <div className="tz-dev-toolbar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={orgId} onChange={(v) => set({ org: v })} aria-label={t('development.common.org')} />
          <YearSelect value={year} onChange={(y) => set({ year: y })} />
          <Tooltip title={t('development.trainings.minHoursHint')}>
            <InputNumber<number>
              min={0}
              max={2000}
              value={minText}
              onChange={(v) => setMinText(v ?? null)}
              placeholder={c ? String(c.minHours) : ''}
              prefix={t('development.trainings.minHours')}
              suffix={t('development.common.hourUnit')}
              style={{ width: 180 }}
              aria-label={t('development.trainings.minHours')}
            />
          </Tooltip>
        </Space>
      </div>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            loading={q.isLoading}
            title={t('development.trainings.secretaries')}
            extra={
              <Space size={6}>
                <Switch size="small" checked={onlyGaps} onChange={setOnlyGaps} aria-label={t('development.trainings.onlyGaps')} />
                <span>{t('development.trainings.onlyGaps')}</span>
              </Space>
            }
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t('development.trainings.secretariesHint', { n: c?.secretaries.required ?? SECRETARY_MIN_ROTATIONS })}
            </Typography.Paragraph>
            {c ? (
              <>
                <Space align="center" style={{ width: '100%' }} className="tz-dev-ratio">
                  <Typography.Text strong>
                    {t('development.trainings.secretariesCovered', { covered: c.secretaries.covered, total: c.secretaries.total })}
                  </Typography.Text>
                </Space>
                <Ratio covered={c.secretaries.covered} total={c.secretaries.total} />
                <Table<Secretary>
                  rowKey="personId"
                  size="small"
                  columns={secColumns}
                  dataSource={secretaries}
                  scroll={{ x: 480 }}
                  pagination={secretaries.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
                  locale={{
                    emptyText: (
                      <Empty
                        image={Empty.PRESENTED_IMAGE_SIMPLE}
                        description={c.secretaries.total ? t('development.trainings.noGaps') : t('development.trainings.noSecretaries')}
                      />
                    ),
                  }}
                  data-testid="dev-coverage-secretaries"
                />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" loading={q.isLoading} title={t('development.trainings.members')}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t('development.trainings.membersHint', { n: c?.minHours ?? 0 })}
            </Typography.Paragraph>
            {c ? (
              <>
                <Typography.Text strong>{t('development.trainings.membersCovered', { covered: c.members.covered, total: c.members.total })}</Typography.Text>
                <Ratio covered={c.members.covered} total={c.members.total} />
                <Typography.Title level={5} style={{ marginTop: 8 }}>
                  {t('development.trainings.gapsTitle')}
                  <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8 }}>
                    {t('development.common.count', { n: c.members.gaps.length })}
                  </Typography.Text>
                </Typography.Title>
                <Table<Gap>
                  rowKey="personId"
                  size="small"
                  columns={gapColumns}
                  dataSource={c.members.gaps}
                  scroll={{ x: 420 }}
                  pagination={c.members.gaps.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.trainings.noGaps')} /> }}
                  data-testid="dev-coverage-gaps"
                />
              </>
            ) : null}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
