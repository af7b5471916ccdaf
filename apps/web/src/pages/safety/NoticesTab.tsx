import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Row, Table, type TableColumnsType, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type NoticeQuery, type ParentNotice, safetyApi, safetyKeys } from './api.ts';
import { DATE, DateText, Rate, SaveError, SectionHeader, type TabScope, applyServerErrors } from './parts.tsx';

interface Values {
  orgId?: number | null;
  className?: string;
  date?: Dayjs;
  title?: string;
  noticesSent?: number | null;
  acksReceived?: number | null;
}

const FIELDS = ['orgId', 'className', 'date', 'title', 'noticesSent', 'acksReceived'];

function NoticeFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setExtra(undefined);
    form.setFieldsValue({ date: dayjs(), title: t('safety.notice.defaultTitle') });
  }, [open, form, t]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      safetyApi.createNotice({
        orgId: v.orgId ?? 0,
        className: v.className?.trim() ?? '',
        date: (v.date ?? dayjs()).format(DATE),
        title: v.title?.trim() ?? '',
        noticesSent: v.noticesSent ?? 0,
        acksReceived: v.acksReceived ?? 0,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [...safetyKeys.all, 'notices'] });
      message.success(t('safety.saved'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS)),
  });
  const required = { required: true, message: t('safety.required') };

  return (
    <Modal
      open={open}
      title={t('safety.notice.createTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      maskClosable={false}
      destroyOnHidden
      width={600}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => {})
      }
    >
      <SaveError error={save.error} extra={extra} />
      <Form<Values> form={form} layout="vertical" name="notice-form" disabled={save.isPending}>
        <Row gutter={12}>
          <Col xs={24}>
            <Form.Item label={t('safety.school')} name="orgId" tooltip={t('safety.schoolHint')} rules={[required]}>
              <OrgPicker allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.className')} name="className" rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={50} placeholder={t('safety.classPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.notice.date')} name="date" rules={[required]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('safety.notice.noticeTitle')} name="title">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.notice.sent')} name="noticesSent" rules={[required]}>
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              label={t('safety.notice.acks')}
              name="acksReceived"
              dependencies={['noticesSent']}
              rules={[
                required,
                ({ getFieldValue }) => ({
                  validator: (_, v: number | null | undefined) => {
                    const sent = getFieldValue('noticesSent') as number | null | undefined;
                    return v != null && sent != null && v > sent ? Promise.reject(new Error(t('safety.notice.acksTooMany'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 家长告知: notices to the parents of each class and the acknowledgements returned (counts only). */
export function NoticesTab({ orgId, year }: TabScope) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('safety.manage');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);

  const query: NoticeQuery = { ...paging, orgId, year };
  const list = useQuery({
    queryKey: safetyKeys.notices(query),
    queryFn: ({ signal }) => safetyApi.notices(query, signal),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (id: number) => safetyApi.removeNotice(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [...safetyKeys.all, 'notices'] });
      message.success(t('safety.notice.removed'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<ParentNotice> = [
    { title: t('safety.notice.date'), dataIndex: 'date', width: 110, render: (v: string) => <DateText value={v} /> },
    { title: t('safety.school'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('safety.className'), dataIndex: 'className', width: 120 },
    { title: t('safety.notice.noticeTitle'), dataIndex: 'title', ellipsis: { showTitle: true }, render: (v: string) => v || t('common.none') },
    { title: t('safety.notice.sent'), dataIndex: 'noticesSent', width: 90, align: 'right' },
    { title: t('safety.notice.acks'), dataIndex: 'acksReceived', width: 90, align: 'right' },
    { title: t('safety.notice.ackRate'), key: 'rate', width: 120, render: (_: unknown, r) => <Rate part={r.acksReceived} whole={r.noticesSent} /> },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, r: ParentNotice) => (
              <Popconfirm
                title={t('safety.notice.removeTitle')}
                description={t('safety.notice.removeConfirm', { name: r.className, date: r.date })}
                okText={t('safety.remove')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutateAsync(r.id).catch(() => {})}
              >
                <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('safety.remove')} />
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  const items = list.data?.items ?? [];
  const sent = items.reduce((n, r) => n + r.noticesSent, 0);
  const acks = items.reduce((n, r) => n + r.acksReceived, 0);
  return (
    <Card size="small">
      <SectionHeader
        title={t('safety.notice.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="notice-create">
              {t('safety.notice.create')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('safety.notice.hint')}
      </Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<ParentNotice>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('safety.notice.empty', { year }) }}
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
        summary={() =>
          items.length > 1 ? (
            <Table.Summary>
              <Table.Summary.Row className="tz-safety-total">
                <Table.Summary.Cell index={0} colSpan={4}>
                  {t('safety.pageTotal')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {sent}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {acks}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6}>
                  <Rate part={acks} whole={sent} compact />
                </Table.Summary.Cell>
                {canManage ? <Table.Summary.Cell index={7} /> : null}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <NoticeFormModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
