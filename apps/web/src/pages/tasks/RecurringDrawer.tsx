import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Empty, Modal, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type RecurringView, tasksApi, tasksKeys } from './api.ts';
import { useDrawerSize } from './ui.tsx';
import { isConflict } from '../../api/client.ts';

interface Props {
  open: boolean;
  onClose: () => void;
  onCreate: () => void;
}

/** Recurring task templates (monthly / quarterly / per semester / yearly): the scheduler issues a task each period. */
export function RecurringDrawer({ open, onClose, onCreate }: Props) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(760);
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [modal, modalHolder] = Modal.useModal();
  const list = useQuery({ queryKey: tasksKeys.recurring, queryFn: ({ signal }) => tasksApi.recurring(signal), enabled: open });
  const stop = useMutation({
    mutationFn: (r: RecurringView) => tasksApi.deactivateRecurring(r.id, r.version),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tasksKeys.recurring });
      message.success(t('tasks.recurring.stopped'));
    },
    onError: (err) => {
      if (isConflict(err)) {
        message.error(t('tasks.conflict'));
        void list.refetch();
      } else message.error(errorMessage(err));
    },
  });

  const columns: TableColumnsType<RecurringView> = [
    { title: t('tasks.form.title'), dataIndex: 'title', ellipsis: true },
    { title: t('tasks.recurring.period'), dataIndex: 'period', width: 100, render: (p: RecurringView['period']) => t(`tasks.recurring.periods.${p}`) },
    { title: t('tasks.recurring.nextRunOn'), dataIndex: 'nextRunOn', width: 120 },
    {
      title: t('tasks.col.status'),
      dataIndex: 'active',
      width: 90,
      render: (a: boolean) => (a ? <Tag color="green">{t('tasks.recurring.active')}</Tag> : <Tag>{t('tasks.recurring.inactive')}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 100,
      render: (_: unknown, r) =>
        r.active && can('task.issue') ? (
          <Button
            size="small"
            type="link"
            danger
            icon={<StopOutlined />}
            onClick={() =>
              void modal.confirm({
                title: t('tasks.recurring.stopTitle', { title: r.title }),
                content: t('tasks.recurring.stopBody'),
                okText: t('tasks.recurring.stop'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: () => stop.mutateAsync(r).catch(() => undefined),
              })
            }
          >
            {t('tasks.recurring.stop')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('tasks.recurring.title')}
      size={drawerSize}
      extra={
        can('task.issue') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
            {t('tasks.recurring.create')}
          </Button>
        ) : null
      }
    >
      {modalHolder}
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('tasks.recurring.intro')}</Typography.Paragraph>
        <Table<RecurringView>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.recurring.empty')} /> }}
        />
      </Space>
    </Drawer>
  );
}
