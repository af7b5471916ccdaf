import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  InputNumber,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { useCan } from '../../../auth/session.ts';
import { ErrorAlert, applyFieldErrors, useErrorMessage } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import { useDebounced } from '../../../hooks/useDebounced.ts';
import dayjs from '../../../i18n/dayjs.ts';
import { SECRETARY_MIN_ROTATIONS, type TrainingHoursView, devApi, devKeys } from '../api.ts';
import { YearSelect, day, thisYear } from '../common.tsx';

interface HoursValues {
  source: 'programme' | 'activity';
  programmeId?: number;
  activityId?: number;
  hours?: number | null;
  date?: Dayjs;
}

function ActivitySelect({ value, onChange, id }: { value?: number; onChange?: (v: number | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({ queryKey: devKeys.activitySearch(q), queryFn: ({ signal }) => devApi.searchActivities(q, signal), staleTime: 60_000 });
  return (
    <Select<number>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder={t('development.trainings.activityPlaceholder')}
      notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
      options={(found.data ?? []).map((a) => ({
        value: a.id,
        label: t('common.withParen', { text: `${a.date} ${a.topic}`, inner: `${a.orgName} · ${a.typeName}` }),
      }))}
      style={{ width: '100%' }}
    />
  );
}

/** One person's training year: hours against the rule, rotation trainings, the records; managers add and delete. */
export function PersonHours({ personId, initialYear, minHours }: { personId: number; initialYear: number; minHours?: number }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('development.manage');
  const [year, setYear] = useState(initialYear);
  const [form] = Form.useForm<HoursValues>();
  const source = Form.useWatch('source', form) ?? 'programme';
  const data = useQuery({ queryKey: devKeys.personTraining(personId, year), queryFn: ({ signal }) => devApi.personTraining(personId, year, signal) });
  const settings = useQuery({
    queryKey: devKeys.settings,
    queryFn: ({ signal }) => devApi.settings(signal),
    enabled: minHours === undefined,
    staleTime: 60_000,
  });
  // Every programme in reach (newest year first): hours are often recorded for a programme of the previous year.
  const programmes = useQuery({ queryKey: devKeys.programmes(undefined, undefined), queryFn: ({ signal }) => devApi.programmes(undefined, undefined, signal) });
  const need = minHours ?? settings.data?.memberMinHours ?? 0;
  // A new record defaults into the year being looked at (today in the current year, else that year's last day).
  useEffect(() => {
    if (canManage) form.setFieldsValue({ date: year === thisYear() ? dayjs() : dayjs(`${year}-12-31`) });
  }, [year, form, canManage]);

  const add = useMutation({
    mutationFn: (v: HoursValues) =>
      devApi.addHours({
        personId,
        date: day(v.date) ?? '',
        ...(v.source === 'programme' ? { programmeId: v.programmeId ?? null } : { activityId: v.activityId ?? null }),
        ...(v.hours ? { hours: v.hours } : {}),
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.common.saved'));
      form.resetFields(['programmeId', 'activityId', 'hours']);
    },
    onError: (err) => applyFieldErrors(form, err, ['programmeId', 'activityId', 'hours', 'date']),
  });
  const remove = useMutation({
    mutationFn: (id: number) => devApi.deleteHours(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.common.deleted'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<TrainingHoursView> = [
    { title: t('development.common.date'), dataIndex: 'date', width: 110 },
    {
      title: t('development.trainings.hoursItem'),
      key: 'what',
      render: (_: unknown, r) => r.programmeName ?? (r.activityId ? t('development.trainings.activityN', { id: r.activityId }) : t('common.none')),
    },
    { title: t('development.trainings.programmeHours'), dataIndex: 'hours', width: 80, align: 'right' },
    ...(canManage
      ? [
          {
            title: t('development.common.actions'),
            key: 'actions',
            width: 70,
            render: (_: unknown, r: TrainingHoursView) => (
              <Popconfirm
                title={t('development.trainings.deleteHours')}
                okText={t('development.common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutateAsync(r.id)}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('development.common.delete')} />
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  const total = data.data?.totalHours ?? 0;
  const pct = need > 0 ? Math.min(100, Math.round((total / need) * 100)) : 100;
  const otherError = add.error && !(add.error instanceof ApiError && add.error.code === 'validation_failed') ? add.error : null;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <YearSelect value={year} onChange={(y) => setYear(y ?? initialYear)} />
      </Space>
      {data.error ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col xs={12} sm={8}>
          <Statistic title={t('development.trainings.totalHours')} value={total} suffix={need ? `/ ${need}` : undefined} loading={data.isLoading} />
          {need ? <Progress percent={pct} size="small" status={total >= need ? 'success' : 'active'} showInfo={false} /> : null}
        </Col>
        <Col xs={12} sm={8}>
          <Statistic title={t('development.trainings.rotationTrainings')} value={data.data?.rotationTrainings ?? 0} loading={data.isLoading} />
        </Col>
      </Row>
      <Table<TrainingHoursView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data.data?.items ?? []}
        loading={data.isFetching}
        pagination={false}
        scroll={{ x: 420 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.trainings.hoursEmpty')} /> }}
      />
      {canManage ? (
        <Card size="small" title={t('development.trainings.recordHours')} style={{ marginTop: 16 }}>
          {otherError ? <ErrorAlert error={otherError} style={{ marginBottom: 12 }} /> : null}
          <Form<HoursValues>
            form={form}
            layout="vertical"
            name={`dev-hours-${personId}`}
            initialValues={{ source: 'programme' }}
            onFinish={(v) => add.mutate(v)}
          >
            <Form.Item name="source" label={t('development.trainings.source')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'programme', label: t('development.trainings.sourceProgramme') },
                  { value: 'activity', label: t('development.trainings.sourceActivity') },
                ]}
              />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                {source === 'programme' ? (
                  <Form.Item
                    name="programmeId"
                    label={t('development.trainings.programme')}
                    rules={[{ required: true, message: t('development.common.required') }]}
                  >
                    <Select
                      loading={programmes.isLoading}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={(programmes.data ?? []).map((p) => ({
                        value: p.id,
                        label: t('common.withParen', { text: `${p.year} · ${p.name}`, inner: t('development.common.hoursN', { n: p.hours }) }),
                      }))}
                      notFoundContent={t('development.trainings.programmesEmpty')}
                    />
                  </Form.Item>
                ) : (
                  <Form.Item
                    name="activityId"
                    label={t('development.trainings.activity')}
                    rules={[{ required: true, message: t('development.common.required') }]}
                  >
                    <ActivitySelect />
                  </Form.Item>
                )}
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name="hours"
                  label={t('development.trainings.hoursValue')}
                  extra={source === 'programme' ? t('development.trainings.hoursHint') : undefined}
                  rules={source === 'activity' ? [{ required: true, message: t('development.common.required') }] : []}
                >
                  <InputNumber min={0.5} max={500} step={0.5} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="date" label={t('development.trainings.hoursDate')} rules={[{ required: true, message: t('development.common.required') }]}>
                  <DatePicker style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('development.trainings.rotationRule')}
              {t('common.colon')}
              {t('development.trainings.rotationRuleValue', { n: SECRETARY_MIN_ROTATIONS })}
            </Typography.Paragraph>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="dev-hours-save">
              {t('development.trainings.recordHours')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </div>
  );
}
