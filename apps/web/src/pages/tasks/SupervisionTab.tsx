import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Input, Modal, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { localizeServerText } from '../../i18n/index.ts';
import { type SupervisionNotice, tasksApi, tasksKeys } from './api.ts';
import { MutationError, fmtDateTime } from './ui.tsx';

type StatusFilter = 'open' | 'closed' | 'all';

/** 督办: supervision notices on overdue assignments (open first), addressed to the school's first responsible person. */
export function SupervisionTab({ onOpenAssignment }: { onOpenAssignment: (id: number) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [closing, setClosing] = useState<SupervisionNotice | null>(null);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const q = status === 'all' ? undefined : status;
  const list = useQuery({ queryKey: tasksKeys.notices(q), queryFn: ({ signal }) => tasksApi.notices(q, signal), staleTime: 0 });
  const close = useMutation({
    mutationFn: (x: { n: SupervisionNotice; note: string }) => tasksApi.closeNotice(x.n.id, x.note.trim()),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tasksKeys.all });
      setClosing(null);
      setConfirming(false);
      setNote('');
      message.success(t('tasks.notice.closed'));
    },
    onError: () => setConfirming(false),
  });

  const columns: TableColumnsType<SupervisionNotice> = [
    {
      title: t('tasks.col.task'),
      dataIndex: 'taskTitle',
      render: (v: string, n) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpenAssignment(n.assignmentId)}>
          {v}
        </Button>
      ),
    },
    { title: t('tasks.col.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    {
      title: t('tasks.notice.escalatedTo'),
      dataIndex: 'escalatedToName',
      width: 120,
      render: (v: string | null) => v ?? <Typography.Text type="warning">{t('tasks.notice.noFirstResponsible')}</Typography.Text>,
    },
    { title: t('tasks.notice.openedAt'), dataIndex: 'openedAt', width: 140, render: (v: string) => fmtDateTime(v) },
    {
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: SupervisionNotice['status']) =>
        s === 'open' ? <Tag color="volcano">{t('tasks.notice.statusOpen')}</Tag> : <Tag>{t('tasks.notice.statusClosed')}</Tag>,
    },
    { title: t('tasks.notice.closedAt'), dataIndex: 'closedAt', width: 140, responsive: ['lg'], render: (v: string | null) => fmtDateTime(v) },
    {
      title: t('tasks.notice.note'),
      dataIndex: 'note',
      responsive: ['md'],
      ellipsis: true,
      render: (v: string | null) => (v ? localizeServerText(v) : t('common.none')),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 150,
      render: (_: unknown, n) => (
        <Space size={0} wrap>
          <Button size="small" type="link" onClick={() => onOpenAssignment(n.assignmentId)}>
            {t('tasks.detail.view')}
          </Button>
          {n.status === 'open' && can('task.issue') ? (
            <Button size="small" type="link" danger onClick={() => setClosing(n)} data-testid="close-notice">
              {t('tasks.notice.close')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const items = list.data ?? [];
  return (
    <>
      <div className="tz-task-toolbar">
        <Segmented<StatusFilter>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: t('tasks.notice.statusOpen') },
            { value: 'closed', label: t('tasks.notice.statusClosed') },
            { value: 'all', label: t('common.all') },
          ]}
        />
        <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
      </div>
      <Typography.Paragraph type="secondary">{t('tasks.notice.intro')}</Typography.Paragraph>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<SupervisionNotice>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        pagination={items.length > 20 ? { pageSize: 20, size: 'small', showTotal: (total) => t('common.total', { total }) } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.notice.empty')} /> }}
      />
      <Modal
        open={closing !== null}
        title={t('tasks.notice.closeTitle', { org: closing?.orgName ?? '' })}
        okText={confirming ? t('tasks.notice.closeConfirm') : t('tasks.notice.close')}
        okButtonProps={{ danger: true, disabled: note.trim().length < 2 }}
        cancelText={t('common.cancel')}
        confirmLoading={close.isPending}
        onCancel={() => {
          setClosing(null);
          setConfirming(false);
          close.reset();
        }}
        onOk={() => {
          // Two steps: closing ends the supervision for good, so the second click confirms it.
          if (!confirming) setConfirming(true);
          else if (closing) close.mutate({ n: closing, note });
        }}
      >
        <MutationError error={close.error} onReload={() => void list.refetch()} style={{ marginBottom: 12 }} />
        <Typography.Paragraph type="secondary">{t('tasks.notice.closeHint', { task: closing?.taskTitle ?? '' })}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={2000}
          showCount
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
            setConfirming(false);
          }}
          placeholder={t('tasks.notice.closeNotePlaceholder')}
        />
        {confirming ? (
          <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('tasks.notice.closeWarning')}
          </Typography.Paragraph>
        ) : null}
      </Modal>
    </>
  );
}
