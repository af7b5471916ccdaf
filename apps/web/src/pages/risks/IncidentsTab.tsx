import { CheckCircleFilled, ExclamationCircleFilled, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { INC_LEVELS, INC_STATUSES, type IncidentLevel, type IncidentListQuery, type IncidentStatus, type IncidentSummary, risksApi, risksKeys } from './api.ts';
import { IncidentStatusTag, LevelTag, fmtDateTime, useEnumOptions, useLevelLabel, useUrlState, yearOptions } from './common.tsx';
import { EscalationTimer } from './EscalationTimer.tsx';

interface OrgLabel {
  id: number;
  name: string;
  code: string;
}

interface Props {
  orgId: number | undefined;
  /** The org of the yearly figure when no org is chosen (the API counts one subtree). */
  statsOrgId: number | null;
  statsOrg: OrgLabel | null;
  onCreate: () => void;
}

function oneOf<T extends string>(list: readonly T[], v: string | undefined): T | undefined {
  return v !== undefined && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** The year's incident figures for an org subtree, with "no negative news this year" as the headline. */
function StatsCard({ orgId: initialOrg, org, pickable }: { orgId: number | null; org: OrgLabel | null; pickable: boolean }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(dayjs().year());
  // Without a page scope the figure is for one subtree the user picks (the API counts one org's subtree).
  const [picked, setPicked] = useState<number | null>(null);
  const orgId = pickable ? (picked ?? initialOrg) : initialOrg;
  const stats = useQuery({
    queryKey: risksKeys.stats(orgId ?? 0, year),
    queryFn: ({ signal }) => risksApi.stats(orgId ?? 0, year, signal),
    enabled: orgId !== null,
  });
  const s = stats.data;
  return (
    <Card
      size="small"
      title={pickable ? t('risks.statsTitleShort') : t('risks.statsTitle', { org: org?.name ?? '' })}
      extra={
        <Space wrap size={8}>
          {pickable ? (
            <div style={{ width: 220 }}>
              <OrgPicker value={orgId} allowClear={false} initial={picked === null ? org : null} onChange={setPicked} />
            </div>
          ) : null}
          <Select style={{ width: 96 }} value={year} options={yearOptions()} onChange={setYear} aria-label={t('risks.year')} />
        </Space>
      }
    >
      {stats.error ? <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      <Row gutter={[16, 16]} align="middle">
        <Col xs={24} md={10}>
          {s ? (
            <div className="tz-no-negative" data-testid="negative-news">
              {s.negativeNews ? <ExclamationCircleFilled style={{ color: '#cf1322' }} /> : <CheckCircleFilled style={{ color: '#389e0d' }} />}
              <div>
                <Typography.Title level={5} style={{ margin: 0, color: s.negativeNews ? '#cf1322' : '#389e0d' }}>
                  {s.negativeNews ? t('risks.negativeNews', { year }) : t('risks.noNegativeNews', { year })}
                </Typography.Title>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('risks.negativeNewsRule')}
                </Typography.Text>
              </div>
            </div>
          ) : (
            <Typography.Text type="secondary">{orgId === null ? t('risks.pickOrgFirst') : t('common.loading')}</Typography.Text>
          )}
        </Col>
        <Col xs={6} md={3}>
          <Statistic title={t('risks.statTotal')} value={s?.total ?? 0} />
        </Col>
        <Col xs={6} md={3}>
          <Statistic title={t('risks.statOpen')} value={s?.open ?? 0} styles={{ content: { color: s?.open ? '#d46b08' : undefined } }} />
        </Col>
        <Col xs={6} md={4}>
          <Statistic title={t('risks.statClosed')} value={s?.closed ?? 0} />
        </Col>
        <Col xs={6} md={4}>
          <Statistic title={t('risks.statMajor')} value={s?.major ?? 0} styles={{ content: { color: s?.major ? '#cf1322' : undefined } }} />
        </Col>
      </Row>
    </Card>
  );
}

/** 舆情事件: incidents in reach with their escalation timers; the year's figure on top. */
export function IncidentsTab({ orgId, statsOrgId, statsOrg, onCreate }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const opts = useEnumOptions();
  const label = useLevelLabel();
  const { str, num, set } = useUrlState();
  const query: IncidentListQuery = {
    page: num('ipage') ?? 1,
    pageSize: num('isize') ?? 20,
    orgId,
    year: num('iyear'),
    status: oneOf<IncidentStatus>(INC_STATUSES, str('istatus')),
    level: oneOf<IncidentLevel>(INC_LEVELS, str('ilevel')),
  };
  const list = useQuery({
    queryKey: risksKeys.incidents(query),
    queryFn: ({ signal }) => risksApi.incidents(query, signal),
    placeholderData: keepPreviousData,
    // Timers tick locally; the server's view (escalations, reports by others) is fetched again each minute.
    refetchInterval: 60_000,
  });
  const fetchedAt = list.dataUpdatedAt;

  const columns: TableColumnsType<IncidentSummary> = [
    { title: t('risks.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string) => fmtDateTime(v) },
    {
      title: t('risks.summary'),
      dataIndex: 'summary',
      width: 260,
      render: (v: string, r) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => set({ incident: r.id })}
          data-testid="incident-open"
        >
          {v}
        </Button>
      ),
    },
    { title: t('risks.org'), dataIndex: 'orgName', width: 140, ellipsis: true },
    { title: t('risks.incLevel'), dataIndex: 'level', width: 80, render: (v: string) => <LevelTag level={v} /> },
    { title: t('risks.incSource'), dataIndex: 'source', width: 90 },
    {
      title: t('risks.escalation'),
      key: 'timer',
      width: 170,
      render: (_: unknown, r) => <EscalationTimer incident={r} fetchedAt={fetchedAt} />,
    },
    {
      title: t('risks.statusLabel'),
      key: 'status',
      width: 130,
      render: (_: unknown, r) => (
        <Space size={2} wrap>
          <IncidentStatusTag status={r.status} />
          {r.personallyHandled ? (
            <Tag icon={<UserOutlined />} color="purple">
              {t('risks.personallyHandledShort')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('risks.linkedRisks'),
      key: 'risks',
      width: 90,
      render: (_: unknown, r) => (r.risks.length ? t('risks.nRisks', { n: r.risks.length }) : t('common.none')),
    },
  ];
  const filtered = query.year !== undefined || query.status !== undefined || query.level !== undefined;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <StatsCard orgId={orgId ?? statsOrgId} org={statsOrg} pickable={orgId === undefined} />
      <Card size="small">
        <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
          <Space wrap>
            <Select
              allowClear
              style={{ width: 110 }}
              placeholder={t('risks.year')}
              aria-label={t('risks.year')}
              value={query.year}
              options={yearOptions()}
              onChange={(v?: number) => set({ iyear: v, ipage: undefined })}
            />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('risks.incLevel')}
              aria-label={t('risks.incLevel')}
              value={query.level}
              options={INC_LEVELS.map((l) => ({ value: l, label: label(l) }))}
              onChange={(v?: string) => set({ ilevel: v, ipage: undefined })}
            />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('risks.statusLabel')}
              aria-label={t('risks.statusLabel')}
              value={query.status}
              options={opts.incStatuses}
              onChange={(v?: string) => set({ istatus: v, ipage: undefined })}
            />
          </Space>
          {can('incident.report') ? (
            <Button type="primary" danger icon={<PlusOutlined />} onClick={onCreate} data-testid="incident-create">
              {t('risks.incidentCreate')}
            </Button>
          ) : null}
        </Space>
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<IncidentSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.isRefetching}
          scroll={{ x: 1100 }}
          onRow={(r) => ({ onDoubleClick: () => set({ incident: r.id }) })}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('risks.incidentsEmptyFiltered') : t('risks.incidentsEmpty')} />,
          }}
          onChange={(pg, _f, _s, extra) => {
            if (extra.action !== 'paginate') return;
            const size = pg.pageSize ?? query.pageSize;
            set({ ipage: size === query.pageSize && pg.current !== 1 ? pg.current : undefined, isize: size === 20 ? undefined : size });
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="incident-table"
        />
      </Card>
    </Space>
  );
}
