import { AuditOutlined, DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { AuditEventView, Paged } from '../api/types.ts';
import { ErrorAlert, useErrorMessage } from '../components/errors.tsx';
import { useMessage } from '../components/feedback.tsx';
import { download } from '../components/files.ts';
import dayjs from '../i18n/dayjs.ts';
import '../layout/layout.css';

type Result = AuditEventView['result'];

interface Filters {
  actor?: string;
  action?: string;
  entityType?: string;
  result?: Result;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface QueryState {
  page: number;
  pageSize: number;
  actor?: string;
  action?: string;
  entityType?: string;
  result?: Result;
  from?: string;
  to?: string;
}

const RESULT_COLORS: Record<Result, string> = { ok: 'green', denied: 'orange', failed: 'red' };
const ENTITY_TYPES = ['user', 'org_unit', 'grant'] as const;

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('audit.noPayload')}</Typography.Text>;
  return <pre className="tz-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The audit trail (audit administrators): server-side paging and filters; each row expands to before/after. */
export default function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<QueryState>({ page: 1, pageSize: 20 });
  const [exporting, setExporting] = useState(false);
  const errorMessage = useErrorMessage();
  const message = useMessage();
  const exportCsv = async () => {
    const { page: _page, pageSize: _size, ...filters } = query;
    setExporting(true);
    try {
      await download('/api/v1/audit-events/export', { query: filters, fallback: 'audit-events.csv' });
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  const events = useQuery({
    queryKey: ['audit-events', query],
    queryFn: ({ signal }) => api.get<Paged<AuditEventView>>('/api/v1/audit-events', { ...query }, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const resultLabel = (r: Result) => (r === 'ok' ? t('audit.resultOk') : r === 'denied' ? t('audit.resultDenied') : t('audit.resultFailed'));
  const actionLabel = (a: string) => {
    const key = `auditAction.${a}`;
    return i18n.exists(key) ? `${t(key as 'auditAction.auth.login')}` : a;
  };

  const onSearch = (f: Filters) => {
    const [start, end] = f.range ?? [null, null];
    setQuery((q) => ({
      page: 1,
      pageSize: q.pageSize,
      actor: f.actor?.trim() || undefined,
      action: f.action?.trim() || undefined,
      entityType: f.entityType || undefined,
      result: f.result || undefined,
      from: start ? start.startOf('day').toISOString() : undefined,
      to: end ? end.endOf('day').toISOString() : undefined,
    }));
  };

  const columns: TableColumnsType<AuditEventView> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
    { title: t('audit.actor'), dataIndex: 'actorName', width: 130, ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 170,
      render: (v: string) => (
        <span title={v}>
          {actionLabel(v)}
          {actionLabel(v) !== v ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {v}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: t('audit.entityType'),
      key: 'entity',
      width: 140,
      render: (_: unknown, r) =>
        r.entityType ? (
          <span>
            {ENTITY_TYPES.includes(r.entityType as (typeof ENTITY_TYPES)[number])
              ? t(`entityType.${r.entityType as (typeof ENTITY_TYPES)[number]}`)
              : r.entityType}
            {r.entityId ? <Typography.Text type="secondary"> #{r.entityId}</Typography.Text> : null}
          </span>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      width: 90,
      render: (v: Result) => <Tag color={RESULT_COLORS[v]}>{resultLabel(v)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      ellipsis: true,
      render: (v: string | null) => (v ? <Typography.Text copyable={{ text: v }}>{v.slice(0, 8)}</Typography.Text> : t('common.none')),
    },
  ];

  const data = events.data;
  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <AuditOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('audit.title')}
        </Typography.Title>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="vertical" onFinish={onSearch} name="audit-filters">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('audit.actor')} name="actor">
                <Input allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('audit.action')} name="action">
                <Input allowClear maxLength={100} placeholder={t('audit.actionPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item label={t('audit.entityType')} name="entityType">
                <Select allowClear placeholder={t('common.all')} options={ENTITY_TYPES.map((e) => ({ value: e, label: t(`entityType.${e}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={3}>
              <Form.Item label={t('audit.result')} name="result">
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={(['ok', 'denied', 'failed'] as const).map((r) => ({ value: r, label: resultLabel(r) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={24} lg={5}>
              <Form.Item label={t('audit.dateRange')} name="range">
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} placeholder={[t('audit.startDate'), t('audit.endDate')]} />
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
                setQuery((q) => ({ page: 1, pageSize: q.pageSize }));
              }}
            >
              {t('common.reset')}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="audit-export">
              {t('audit.export')}
            </Button>
          </Space>
        </Form>
      </Card>
      {events.error ? <ErrorAlert error={events.error} onRetry={() => void events.refetch()} style={{ marginBottom: 16 }} /> : null}
      <Card size="small">
        <Table<AuditEventView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={events.isFetching}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('common.empty') }}
          expandable={{
            expandedRowRender: (r) => (
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Typography.Text strong>{t('audit.before')}</Typography.Text>
                  <Json value={r.before} />
                </Col>
                <Col xs={24} md={12}>
                  <Typography.Text strong>{t('audit.after')}</Typography.Text>
                  <Json value={r.after} />
                </Col>
                <Col xs={24} style={{ marginTop: 8 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('audit.requestId')}
                    {t('common.colon')}
                    {r.requestId ?? t('common.none')} · {t('audit.userAgent')}
                    {t('common.colon')}
                    {r.userAgent ?? t('common.none')}
                    {r.orgId ? ` · ${t('audit.orgId')}${t('common.colon')}${r.orgId}` : ''}
                  </Typography.Text>
                </Col>
              </Row>
            ),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page: pageSize === q.pageSize ? page : 1, pageSize })),
          }}
        />
      </Card>
    </div>
  );
}
