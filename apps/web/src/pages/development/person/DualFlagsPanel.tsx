import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Row, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../../api/client.ts';
import { useCan } from '../../../auth/session.ts';
import { ErrorAlert, applyFieldErrors } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import dayjs from '../../../i18n/dayjs.ts';
import { DUAL_FLAGS, type DualFlagKind, type DualFlagView, devApi, devKeys } from '../api.ts';
import { day } from '../common.tsx';

interface AddValues {
  kind?: DualFlagKind;
  since?: Dayjs;
  notes?: string;
}

/** End a flag on a date (history is kept, so it asks first). */
function EndFlagModal({ flag, onClose }: { flag: DualFlagView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<{ until?: Dayjs }>();
  const end = useMutation({
    mutationFn: (until: string) => devApi.endFlag(flag?.id ?? 0, until),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.dual.endedOk'));
      onClose();
    },
    onError: (err) => applyFieldErrors(form, err, ['until']),
  });
  return (
    <Modal
      open={flag !== null}
      title={t('development.dual.endTitle')}
      onCancel={onClose}
      okText={t('development.dual.end')}
      okButtonProps={{ danger: true, loading: end.isPending }}
      cancelText={t('common.cancel')}
      destroyOnHidden
      onOk={() =>
        form
          .validateFields()
          .then((v) => end.mutate(day(v.until) ?? ''))
          .catch(() => {})
      }
    >
      <Typography.Paragraph>
        {flag ? t(`development.dualFlag.${flag.kind}`) : null} · {t('development.dual.since')} {flag?.since}
      </Typography.Paragraph>
      <Typography.Paragraph type="warning">{t('development.dual.endConfirm')}</Typography.Paragraph>
      {end.error && !(end.error instanceof ApiError && end.error.code === 'validation_failed') ? (
        <ErrorAlert error={end.error} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ until: dayjs() }}>
        <Form.Item name="until" label={t('development.dual.until')} rules={[{ required: true, message: t('development.common.required') }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 双培养 flags of one person: the history, adding a flag, ending one. */
export function DualFlagsPanel({ personId, flags }: { personId: number; flags: DualFlagView[] }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const canManage = can('development.manage');
  const [form] = Form.useForm<AddValues>();
  const [ending, setEnding] = useState<DualFlagView | null>(null);
  const open = new Set(flags.filter((f) => f.until === null).map((f) => f.kind));

  const add = useMutation({
    mutationFn: (v: AddValues) => devApi.addFlag({ personId, kind: v.kind ?? 'teacher_to_member', since: day(v.since) ?? '', notes: v.notes?.trim() || null }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.dual.added'));
      form.resetFields();
    },
    onError: (err) => applyFieldErrors(form, err, ['kind', 'since', 'notes']),
  });

  const columns: TableColumnsType<DualFlagView> = [
    { title: t('development.dual.kind'), dataIndex: 'kind', render: (k: DualFlagKind) => t(`development.dualFlag.${k}`) },
    { title: t('development.dual.since'), dataIndex: 'since', width: 110 },
    { title: t('development.dual.until'), dataIndex: 'until', width: 110, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('development.dual.status'),
      key: 'status',
      width: 90,
      render: (_: unknown, f) => (f.until ? <Tag>{t('development.dual.ended')}</Tag> : <Tag color="green">{t('development.dual.active')}</Tag>),
    },
    { title: t('development.dual.notes'), dataIndex: 'notes', render: (v: string | null) => v ?? t('common.none') },
    ...(canManage
      ? [
          {
            title: t('development.common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, f: DualFlagView) =>
              f.until ? null : (
                <Button size="small" type="link" danger onClick={() => setEnding(f)}>
                  {t('development.dual.end')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  const conflict = isConflict(add.error);
  return (
    <>
      {flags.length ? (
        <Table<DualFlagView> rowKey="id" size="small" columns={columns} dataSource={flags} pagination={false} scroll={{ x: 560 }} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.dual.empty')} />
      )}
      {canManage ? (
        <Card size="small" title={t('development.dual.add')} style={{ marginTop: 16 }}>
          {add.error && conflict ? (
            <Typography.Paragraph type="danger">{t('development.dual.exists')}</Typography.Paragraph>
          ) : add.error && !(add.error instanceof ApiError && add.error.code === 'validation_failed') ? (
            <ErrorAlert error={add.error} style={{ marginBottom: 12 }} />
          ) : null}
          <Form<AddValues> form={form} layout="vertical" name="dev-dual-add" onFinish={(v) => add.mutate(v)} initialValues={{ since: dayjs() }}>
            <Row gutter={12}>
              <Col xs={24} sm={10}>
                <Form.Item name="kind" label={t('development.dual.kind')} rules={[{ required: true, message: t('development.common.required') }]}>
                  <Select options={DUAL_FLAGS.map((k) => ({ value: k, label: t(`development.dualFlag.${k}`), disabled: open.has(k) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={7}>
                <Form.Item name="since" label={t('development.dual.since')} rules={[{ required: true, message: t('development.common.required') }]}>
                  <DatePicker style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={7}>
                <Form.Item name="notes" label={t('development.dual.notes')}>
                  <Input maxLength={1000} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
              {t('development.dual.add')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <EndFlagModal flag={ending} onClose={() => setEnding(null)} />
    </>
  );
}
