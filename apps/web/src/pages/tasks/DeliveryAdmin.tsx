import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { CHANNELS, type ChannelView, type DeliveryChannel, type DeliveryView, type JobView, tasksApi, tasksKeys } from './api.ts';
import { applyServerErrors } from './formErrors.ts';
import { fmtDateTime } from './ui.tsx';

const DELIVERY_STATUS_COLORS = { pending: 'processing', sent: 'success', failed: 'error' } as const;
type DeliveryStatus = keyof typeof DELIVERY_STATUS_COLORS;
const JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
type JobStatus = (typeof JOB_STATUSES)[number];
const JOB_STATUS_COLORS: Record<JobStatus, string> = { pending: 'default', running: 'processing', done: 'success', failed: 'error' };

function Deliveries() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState<DeliveryStatus | undefined>('failed');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: tasksKeys.deliveries(status, page),
    queryFn: ({ signal }) => tasksApi.deliveries(status, page, 20, signal),
    placeholderData: keepPreviousData,
  });
  const retry = useMutation({
    mutationFn: (d: DeliveryView) => tasksApi.retryDelivery(d.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['notifications', 'deliveries'] });
      message.success(t('tasks.admin.requeued'));
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const columns: TableColumnsType<DeliveryView> = [
    { title: t('tasks.admin.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
    { title: t('tasks.admin.channel'), dataIndex: 'channel', width: 90, render: (c: DeliveryChannel) => t(`tasks.channel.${c}`) },
    { title: t('tasks.admin.notification'), dataIndex: 'title', ellipsis: true },
    {
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: DeliveryStatus) => <Tag color={DELIVERY_STATUS_COLORS[s]}>{t(`tasks.admin.deliveryStatus.${s}`)}</Tag>,
    },
    { title: t('tasks.admin.attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
    { title: t('tasks.admin.lastError'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('common.actions'),
      key: 'a',
      width: 90,
      render: (_: unknown, d) =>
        d.status === 'sent' ? null : (
          <Button size="small" type="link" icon={<RedoOutlined />} loading={retry.isPending && retry.variables?.id === d.id} onClick={() => retry.mutate(d)}>
            {t('tasks.admin.retry')}
          </Button>
        ),
    },
  ];
  return (
    <>
      <div className="tz-task-toolbar">
        <Segmented<DeliveryStatus | 'all'>
          size="small"
          value={status ?? 'all'}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : v);
            setPage(1);
          }}
          options={[
            { value: 'failed', label: t('tasks.admin.deliveryStatus.failed') },
            { value: 'pending', label: t('tasks.admin.deliveryStatus.pending') },
            { value: 'sent', label: t('tasks.admin.deliveryStatus.sent') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Button size="small" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<DeliveryView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          size: 'small',
          onChange: setPage,
          showTotal: (total) => t('common.total', { total }),
        }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.admin.noDeliveries')} /> }}
      />
    </>
  );
}

interface ChannelValues {
  enabled: boolean;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from?: string;
  url?: string;
  secret?: string;
}

function ChannelForm({ view }: { view: ChannelView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<ChannelValues>();
  const [problems, setProblems] = useState<FieldProblem[] | undefined>(undefined);
  const email = view.channel === 'email';
  useEffect(() => {
    const c = view.config as Record<string, string | number | boolean | undefined>;
    form.setFieldsValue({ enabled: view.enabled, port: 25, secure: false, ...c } as ChannelValues);
  }, [view, form]);
  const save = useMutation({
    mutationFn: (v: ChannelValues) => {
      const config = email
        ? {
            host: v.host?.trim() ?? '',
            port: v.port ?? 25,
            secure: !!v.secure,
            user: v.user?.trim() || undefined,
            password: v.password || undefined,
            from: v.from?.trim() ?? '',
          }
        : { url: v.url?.trim() ?? '', secret: v.secret || undefined };
      return tasksApi.saveChannel(view.channel, { enabled: v.enabled, config });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tasksKeys.channels });
      setProblems(undefined);
      message.success(t('tasks.admin.channelSaved'));
    },
    onError: (err) => setProblems(applyServerErrors(form, err, (f) => (f.startsWith('config.') ? [f.slice('config.'.length)] : null))),
  });
  return (
    <Form<ChannelValues> form={form} layout="vertical" name={`channel-${view.channel}`} disabled={save.isPending} onFinish={(v) => save.mutate(v)}>
      {save.error ? <ErrorAlert error={save.error} extra={problems} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="enabled" valuePropName="checked" label={t('tasks.admin.enabled')}>
        <Switch checkedChildren={t('tasks.prefs.on')} unCheckedChildren={t('tasks.prefs.off')} />
      </Form.Item>
      {email ? (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="host" label={t('tasks.admin.smtpHost')} rules={[{ required: true, message: t('tasks.required') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="port" label={t('tasks.admin.smtpPort')} rules={[{ required: true, message: t('tasks.required') }]}>
              <InputNumber min={1} max={65535} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="secure" valuePropName="checked" label={t('tasks.admin.smtpSecure')}>
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="user" label={t('tasks.admin.smtpUser')}>
              <Input maxLength={200} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="password" label={t('tasks.admin.smtpPassword')} extra={t('tasks.admin.secretKept')}>
              <Input.Password maxLength={200} autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="from" label={t('tasks.admin.smtpFrom')} rules={[{ required: true, message: t('tasks.required') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <>
          <Form.Item name="url" label={t('tasks.admin.webhookUrl')} rules={[{ required: true, type: 'url', message: t('tasks.admin.webhookUrlInvalid') }]}>
            <Input maxLength={1000} />
          </Form.Item>
          {view.channel === 'dingtalk' ? (
            <Form.Item name="secret" label={t('tasks.admin.dingtalkSecret')} extra={t('tasks.admin.secretKept')}>
              <Input.Password maxLength={200} autoComplete="new-password" />
            </Form.Item>
          ) : null}
        </>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function Channels() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: tasksKeys.channels, queryFn: ({ signal }) => tasksApi.channels(signal) });
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data ?? [];
  return (
    <Tabs
      size="small"
      items={CHANNELS.map((c) => {
        const view = items.find((x) => x.channel === c) ?? { channel: c, enabled: false, config: {} };
        return {
          key: c,
          label: (
            <Space size={4}>
              {t(`tasks.channel.${c}`)}
              {view.enabled ? <Tag color="green">{t('tasks.prefs.on')}</Tag> : <Tag>{t('tasks.prefs.off')}</Tag>}
            </Space>
          ),
          children: <ChannelForm view={view} />,
        };
      })}
    />
  );
}

function Jobs() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<JobStatus | undefined>(undefined);
  const list = useQuery({ queryKey: tasksKeys.jobs(status), queryFn: ({ signal }) => tasksApi.jobs(status, signal) });
  const columns: TableColumnsType<JobView> = [
    { title: t('tasks.admin.jobName'), dataIndex: 'name', width: 200 },
    { title: t('tasks.admin.runAt'), dataIndex: 'runAt', width: 140, render: (v: string) => fmtDateTime(v) },
    {
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) =>
        (JOB_STATUSES as readonly string[]).includes(s) ? (
          <Tag color={JOB_STATUS_COLORS[s as JobStatus]}>{t(`tasks.admin.jobStatus.${s as JobStatus}`)}</Tag>
        ) : (
          <Tag>{s}</Tag>
        ),
    },
    { title: t('tasks.admin.attempts'), dataIndex: 'attempts', width: 70, align: 'right' },
    { title: t('tasks.admin.finishedAt'), dataIndex: 'finishedAt', width: 140, render: (v: string | null) => fmtDateTime(v) },
    { title: t('tasks.admin.lastError'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
  ];
  return (
    <>
      <div className="tz-task-toolbar">
        <Select
          allowClear
          size="small"
          value={status}
          onChange={setStatus}
          placeholder={t('tasks.list.statusPlaceholder')}
          options={JOB_STATUSES.map((s) => ({ value: s, label: t(`tasks.admin.jobStatus.${s}`) }))}
          style={{ width: 140 }}
        />
        <Button size="small" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<JobView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isFetching}
        pagination={{ pageSize: 20, size: 'small', showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}

/** For administrators (config.manage): outbound deliveries with failures to retry, channel settings, background jobs. */
export function DeliveryAdmin() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('tasks.admin.title')}>
      <Typography.Paragraph type="secondary">{t('tasks.admin.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'deliveries', label: t('tasks.admin.deliveries'), children: <Deliveries /> },
          { key: 'channels', label: t('tasks.admin.channels'), children: <Channels /> },
          { key: 'jobs', label: t('tasks.admin.jobs'), children: <Jobs /> },
        ]}
      />
    </Card>
  );
}
