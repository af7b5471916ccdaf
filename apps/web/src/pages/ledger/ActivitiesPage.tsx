import { BookOutlined, MobileOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import '../../layout/layout.css';
import { ActivityDetailDrawer } from './ActivityDetailDrawer.tsx';
import { ActivityFormDrawer, type FormTarget } from './ActivityFormDrawer.tsx';
import { ACTIVITY_STATUSES, type ActivityListQuery, type ActivityStatus, type ActivitySummary, STATUS_COLORS, ledgerApi, ledgerKeys } from './api.ts';
import './ledger.css';

interface Filters {
  orgId?: number | null;
  typeCode?: string;
  status?: ActivityStatus;
  range?: [Dayjs | null, Dayjs | null] | null;
  q?: string;
}

const SORTS = ['date', '-date', 'createdAt', '-createdAt'] as const;

function readQuery(p: URLSearchParams): ActivityListQuery {
  const num = (k: string) => {
    const n = Number(p.get(k));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const sort = p.get('sort');
  const status = p.get('status');
  return {
    page: num('page') ?? 1,
    pageSize: num('pageSize') ?? 20,
    orgId: num('orgId'),
    typeCode: p.get('typeCode') || undefined,
    from: p.get('from') || undefined,
    to: p.get('to') || undefined,
    status: ACTIVITY_STATUSES.includes(status as ActivityStatus) ? (status as ActivityStatus) : undefined,
    q: p.get('q') || undefined,
    sort: SORTS.includes(sort as (typeof SORTS)[number]) ? (sort as ActivityListQuery['sort']) : '-date',
  };
}

function writeQuery(q: ActivityListQuery, view: number | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') out[k] = String(v);
  if (out.page === '1') delete out.page;
  if (out.pageSize === '20') delete out.pageSize;
  if (out.sort === '-date') delete out.sort;
  if (view) out.view = String(view);
  return out;
}

/** 台账: activity records in reach, filtered and sorted on the server; detail, create/edit, review and amendments. */
export default function ActivitiesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => readQuery(params), [params]);
  const viewId = Number(params.get('view')) || null;
  const [form] = Form.useForm<Filters>();
  const [formTarget, setFormTarget] = useState<FormTarget | null>(null);
  const orgDetail = useOrgDetail(query.orgId ?? null);

  const types = useQuery({ queryKey: ledgerKeys.types, queryFn: ({ signal }) => ledgerApi.types(signal), staleTime: 5 * 60_000 });
  const list = useQuery({
    queryKey: ledgerKeys.list(query),
    queryFn: ({ signal }) => ledgerApi.list(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  // The filter form mirrors the URL (drill-downs from the compliance calendar and the dashboard land here).
  useEffect(() => {
    form.setFieldsValue({
      orgId: query.orgId ?? null,
      typeCode: query.typeCode,
      status: query.status,
      range: query.from || query.to ? [query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null] : null,
      q: query.q,
    });
  }, [form, query.orgId, query.typeCode, query.status, query.from, query.to, query.q]);

  const go = (q: ActivityListQuery, view: number | null = viewId) => setParams(writeQuery(q, view), { replace: false });
  const openView = (id: number | null) => go(query, id);

  const onSearch = (f: Filters) => {
    const [start, end] = f.range ?? [null, null];
    go({
      page: 1,
      pageSize: query.pageSize,
      sort: query.sort,
      orgId: f.orgId ?? undefined,
      typeCode: f.typeCode || undefined,
      status: f.status || undefined,
      from: start ? start.format('YYYY-MM-DD') : undefined,
      to: end ? end.format('YYYY-MM-DD') : undefined,
      q: f.q?.trim() || undefined,
    });
  };

  const sortOrder = (key: 'date'): SortOrder => (query.sort === key ? 'ascend' : query.sort === `-${key}` ? 'descend' : null);
  const columns: TableColumnsType<ActivitySummary> = [
    { title: t('ledger.date'), dataIndex: 'date', key: 'date', width: 110, sorter: true, sortOrder: sortOrder('date') },
    {
      title: t('ledger.topic'),
      dataIndex: 'topic',
      width: 240,
      ellipsis: true,
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => openView(r.id)}>
          {v}
        </Button>
      ),
    },
    { title: t('ledger.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('ledger.type'), dataIndex: 'typeName', width: 130 },
    {
      title: t('ledger.attendanceShort'),
      key: 'att',
      width: 110,
      render: (_: unknown, r) => (
        <span title={t('ledger.attendanceTip')}>
          {r.present}/{r.expected}
        </span>
      ),
    },
    {
      title: t('ledger.statusLabel'),
      dataIndex: 'status',
      width: 150,
      render: (v: ActivityStatus, r) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLORS[v]}>{t(`ledger.status.${v}`)}</Tag>
          {r.backfill ? <Tag>{t('ledger.backfill')}</Tag> : null}
        </Space>
      ),
    },
  ];

  const data = list.data;
  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <BookOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('ledger.title')}
        </Typography.Title>
        {can('ledger.write') ? (
          <Space wrap>
            <Button icon={<MobileOutlined />} onClick={() => navigate('/activities/quick')}>
              {t('ledger.quickEntry')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', orgId: query.orgId ?? null })}>
              {t('ledger.create')}
            </Button>
          </Space>
        ) : null}
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="vertical" onFinish={onSearch} name="activity-filters">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('ledger.orgSubtree')} name="orgId">
                <OrgPicker
                  placeholder={t('common.all')}
                  initial={orgDetail.data ? { id: orgDetail.data.unit.id, name: orgDetail.data.unit.name, code: orgDetail.data.unit.code } : null}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item label={t('ledger.type')} name="typeCode">
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('common.all')}
                  options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('ledger.dateRange')} name="range">
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={3}>
              <Form.Item label={t('ledger.statusLabel')} name="status">
                <Select allowClear placeholder={t('common.all')} options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`ledger.status.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={5}>
              <Form.Item label={t('ledger.topic')} name="q">
                <Input allowClear maxLength={50} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                go({ page: 1, pageSize: query.pageSize, sort: '-date' }, null);
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form>
      </Card>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} /> : null}
      <Card size="small">
        <Table<ActivitySummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 860 }}
          locale={{ emptyText: t('ledger.empty') }}
          onRow={(r) => ({ onDoubleClick: () => openView(r.id) })}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              go({ ...query, page: 1, sort: s?.order === 'ascend' ? 'date' : '-date' });
            } else if (extra.action === 'paginate') {
              const pageSize = pg.pageSize ?? query.pageSize;
              go({ ...query, page: pageSize === query.pageSize ? (pg.current ?? 1) : 1, pageSize });
            }
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
        />
      </Card>
      <ActivityDetailDrawer id={viewId} onClose={() => openView(null)} onEdit={(a, mode) => setFormTarget({ mode, activity: a })} />
      <ActivityFormDrawer
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(a) => {
          setFormTarget(null);
          openView(a.id);
        }}
        onRefresh={async () => {
          if (formTarget && formTarget.mode !== 'create') {
            const fresh = await qc.fetchQuery({
              queryKey: ledgerKeys.detail(formTarget.activity.id),
              queryFn: () => ledgerApi.get(formTarget.activity.id),
              staleTime: 0,
            });
            setFormTarget({ mode: formTarget.mode, activity: fresh });
          }
        }}
      />
    </div>
  );
}
