import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ImportExportBar } from '../../components/ImportExportBar.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import {
  type Campaign,
  SCREENING_STATUSES,
  SCREENING_STATUS_COLORS,
  SCREENINGS_KIND,
  type Screening,
  type ScreeningQuery,
  type ScreeningStatus,
  safetyApi,
  safetyKeys,
} from './api.ts';
import { CampaignFormDrawer, type CampaignTarget } from './CampaignFormDrawer.tsx';
import { CountTag, DateText, Rate, SectionHeader, type TabScope } from './parts.tsx';
import { ScreeningDetailDrawer } from './ScreeningDetailDrawer.tsx';
import { ScreeningFormDrawer, type ScreeningTarget } from './ScreeningFormDrawer.tsx';

/** 排查活动 (campaigns of the year under the unit) and 排查结果 (each school's screening, with per-class results). */
export function ScreeningsTab({ orgId, year }: TabScope) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const canManage = can('safety.manage');
  const [campaignPage, setCampaignPage] = useState(1);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [status, setStatus] = useState<ScreeningStatus | undefined>(undefined);
  const [campaignId, setCampaignId] = useState<number | undefined>(undefined);
  const [viewId, setViewId] = useState<number | null>(null);
  const [campaignTarget, setCampaignTarget] = useState<CampaignTarget | null>(null);
  const [screeningTarget, setScreeningTarget] = useState<ScreeningTarget | null>(null);

  const campaignQuery = { page: campaignPage, pageSize: 5, orgId, year };
  const campaigns = useQuery({
    queryKey: safetyKeys.campaigns(campaignQuery),
    queryFn: ({ signal }) => safetyApi.campaigns(campaignQuery, signal),
    placeholderData: keepPreviousData,
  });
  // Screenings link to campaigns launched anywhere in reach (usually by the committee, above the school).
  const yearCampaigns = useQuery({
    queryKey: safetyKeys.campaigns({ page: 1, pageSize: 100, year }),
    queryFn: ({ signal }) => safetyApi.campaigns({ page: 1, pageSize: 100, year }, signal),
  });
  const campaignName = useMemo(() => new Map((yearCampaigns.data?.items ?? []).map((c) => [c.id, c.name])), [yearCampaigns.data]);

  const query: ScreeningQuery = { ...paging, orgId, year, status, campaignId };
  const list = useQuery({
    queryKey: safetyKeys.screenings(query),
    queryFn: ({ signal }) => safetyApi.screenings(query, signal),
    placeholderData: keepPreviousData,
  });

  const campaignColumns: TableColumnsType<Campaign> = [
    { title: t('safety.campaign.name'), dataIndex: 'name', width: 280, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('safety.campaign.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
    {
      title: t('safety.campaign.window'),
      key: 'window',
      width: 200,
      render: (_: unknown, c) => t('safety.range', { from: c.startDate, to: c.endDate }),
    },
    { title: t('safety.campaign.notes'), dataIndex: 'notes', ellipsis: { showTitle: true }, responsive: ['md'] },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, c) => (
        <Space size={0} wrap>
          <Button
            size="small"
            type="link"
            onClick={() => {
              setCampaignId(c.id);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          >
            {t('safety.campaign.showScreenings')}
          </Button>
          {canManage ? (
            <Button size="small" type="link" onClick={() => setCampaignTarget({ mode: 'edit', campaign: c })}>
              {t('safety.edit')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const columns: TableColumnsType<Screening> = [
    {
      title: t('safety.screening.code'),
      dataIndex: 'code',
      width: 130,
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setViewId(r.id)}>
          {v}
        </Button>
      ),
    },
    { title: t('safety.school'), dataIndex: 'orgName', width: 150, ellipsis: true },
    {
      title: t('safety.screening.campaign'),
      dataIndex: 'campaignId',
      width: 180,
      ellipsis: true,
      responsive: ['xxl'],
      render: (id: number | null) => (id === null ? t('common.none') : (campaignName.get(id) ?? t('safety.screening.campaignN', { id }))),
    },
    { title: t('safety.screening.startDate'), dataIndex: 'startDate', width: 105, render: (v: string) => <DateText value={v} /> },
    { title: t('safety.screening.endDate'), dataIndex: 'endDate', width: 105, render: (v: string | null) => <DateText value={v} /> },
    { title: t('safety.screening.studentsExpected'), dataIndex: 'studentsExpected', width: 95, align: 'right' },
    { title: t('safety.screening.studentsScreened'), dataIndex: 'studentsScreened', width: 95, align: 'right' },
    {
      title: t('safety.screening.rate'),
      key: 'rate',
      width: 140,
      render: (_: unknown, r) => <Rate part={r.studentsScreened} whole={r.studentsExpected} />,
    },
    {
      title: t('safety.screening.issues'),
      key: 'issues',
      width: 120,
      render: (_: unknown, r) => (
        <Space size={4}>
          <CountTag n={r.issuesFound} />
          <Typography.Text type="secondary">{t('safety.screening.resolvedN', { n: r.issuesResolved })}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('safety.statusLabel'),
      dataIndex: 'status',
      width: 100,
      render: (v: ScreeningStatus, r) => (
        <Space size={4} wrap>
          <Tag color={SCREENING_STATUS_COLORS[v]}>{t(`safety.screening.status.${v}`)}</Tag>
          {r.importBatch ? <Tag>{t('safety.screening.imported')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_: unknown, r) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => setViewId(r.id)}>
            {t('safety.view')}
          </Button>
          {canManage ? (
            <Button size="small" type="link" onClick={() => setScreeningTarget({ mode: 'edit', screening: r })}>
              {t('safety.edit')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const viewed = list.data?.items.find((s) => s.id === viewId);
  return (
    <Space vertical size={16} style={{ width: '100%' }}>
      <Card size="small">
        <SectionHeader
          title={t('safety.campaign.title')}
          extra={
            canManage ? (
              <Button icon={<PlusOutlined />} onClick={() => setCampaignTarget({ mode: 'create', orgId, year })} data-testid="campaign-create">
                {t('safety.campaign.create')}
              </Button>
            ) : null
          }
        />
        {campaigns.error ? <ErrorAlert error={campaigns.error} onRetry={() => void campaigns.refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<Campaign>
          rowKey="id"
          size="small"
          columns={campaignColumns}
          dataSource={campaigns.data?.items ?? []}
          loading={campaigns.isFetching}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('safety.campaign.empty', { year }) }}
          pagination={
            (campaigns.data?.total ?? 0) > 5
              ? { current: campaignPage, pageSize: 5, total: campaigns.data?.total ?? 0, onChange: setCampaignPage, size: 'small' }
              : false
          }
        />
      </Card>
      <Card size="small">
        <SectionHeader
          title={t('safety.screening.title')}
          extra={
            <>
              <ImportExportBar
                kind={SCREENINGS_KIND}
                title={t('safety.screening.importTitle')}
                orgId={orgId}
                canImport={can('import.run') && canManage}
                canExport={can('org.read')}
                onImported={() => void qc.invalidateQueries({ queryKey: safetyKeys.all })}
              />
              {canManage ? (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setScreeningTarget({ mode: 'create', orgId: null, year, campaignId: campaignId ?? null })}
                  data-testid="screening-create"
                >
                  {t('safety.screening.create')}
                </Button>
              ) : null}
            </>
          }
        />
        <Space wrap style={{ marginBottom: 12 }}>
          <Select<ScreeningStatus>
            allowClear
            style={{ width: 140 }}
            placeholder={t('safety.allStatuses')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={SCREENING_STATUSES.map((s) => ({ value: s, label: t(`safety.screening.status.${s}`) }))}
            aria-label={t('safety.statusLabel')}
          />
          <Select<number>
            allowClear
            style={{ width: 280, maxWidth: '100%' }}
            placeholder={t('safety.screening.allCampaigns')}
            value={campaignId}
            onChange={(v) => {
              setCampaignId(v);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={(yearCampaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            aria-label={t('safety.screening.campaign')}
          />
        </Space>
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<Screening>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1150 }}
          locale={{ emptyText: t('safety.screening.empty', { year }) }}
          onRow={(r) => ({ onDoubleClick: () => setViewId(r.id) })}
          onChange={(pg) => {
            const pageSize = pg.pageSize ?? paging.pageSize;
            setPaging({ page: pageSize === paging.pageSize ? (pg.current ?? 1) : 1, pageSize });
          }}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
        />
      </Card>
      <ScreeningDetailDrawer
        id={viewId}
        campaignName={viewed?.campaignId != null ? (campaignName.get(viewed.campaignId) ?? null) : null}
        onClose={() => setViewId(null)}
        onEdit={(s) => setScreeningTarget({ mode: 'edit', screening: s })}
      />
      <CampaignFormDrawer target={campaignTarget} onClose={() => setCampaignTarget(null)} />
      <ScreeningFormDrawer target={screeningTarget} onClose={() => setScreeningTarget(null)} />
    </Space>
  );
}
