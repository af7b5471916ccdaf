import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, List, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type NotificationView, pageLinkOf, tasksApi, tasksKeys } from './api.ts';
import { DeliveryAdmin } from './DeliveryAdmin.tsx';
import { PrefsCard } from './PrefsCard.tsx';
import { fmtDateTime } from './ui.tsx';

// Kinds the server sends (`task.assigned` …), as catalog keys; an unknown kind shows as a plain notification.
const KINDS = [
  'task_assigned',
  'task_submitted',
  'task_accepted',
  'task_returned',
  'task_urged',
  'task_supervision',
  'task_reminder',
  'document_published',
  'document_reminder',
  'incident_escalation',
] as const;
type Kind = (typeof KINDS)[number];
const KIND_COLORS: Partial<Record<Kind, string>> = {
  task_returned: 'warning',
  task_urged: 'orange',
  task_supervision: 'volcano',
  task_accepted: 'success',
  incident_escalation: 'red',
};

function KindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const key = kind.replace('.', '_');
  const known = (KINDS as readonly string[]).includes(key) ? (key as Kind) : null;
  return <Tag color={known ? KIND_COLORS[known] : undefined}>{known ? t(`tasks.notify.kind.${known}`) : t('tasks.notify.kindOther')}</Tag>;
}

/** 通知: the caller's notifications (unread first to see), mark read / all read, delivery preferences; admin views. */
export function NotificationsTab() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: tasksKeys.notifications(unreadOnly, paging.page, paging.pageSize),
    queryFn: ({ signal }) => tasksApi.notifications(unreadOnly, paging.page, paging.pageSize, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const changed = () => void qc.invalidateQueries({ queryKey: tasksKeys.notificationsAll });
  const markRead = useMutation({
    mutationFn: (n: NotificationView) => tasksApi.markRead(n.id),
    onSuccess: changed,
    onError: (e) => message.error(errorMessage(e)),
  });
  const markAll = useMutation({
    mutationFn: () => tasksApi.markAllRead(),
    onSuccess: (r) => {
      changed();
      message.success(t('tasks.notify.allMarked', { n: r.marked }));
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate(n);
    const to = pageLinkOf(n.link);
    if (to) navigate(to);
  };
  const unread = list.data?.unread ?? 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {modalHolder}
      <Card
        size="small"
        title={
          <Space>
            <span>{t('tasks.notify.title')}</span>
            <Badge count={unread} overflowCount={999} aria-label={t('tasks.notify.unreadN', { n: unread })} />
          </Space>
        }
        extra={
          <Space wrap>
            <Segmented<'all' | 'unread'>
              size="small"
              value={unreadOnly ? 'unread' : 'all'}
              onChange={(v) => {
                setUnreadOnly(v === 'unread');
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              options={[
                { value: 'all', label: t('common.all') },
                { value: 'unread', label: t('tasks.notify.unreadN', { n: unread }) },
              ]}
            />
            <Button
              size="small"
              icon={<CheckOutlined />}
              disabled={unread === 0}
              loading={markAll.isPending}
              onClick={() =>
                void modal.confirm({
                  title: t('tasks.notify.markAllTitle'),
                  content: t('tasks.notify.markAllBody', { n: unread }),
                  okText: t('tasks.notify.markAll'),
                  cancelText: t('common.cancel'),
                  onOk: () => markAll.mutateAsync().catch(() => undefined),
                })
              }
            >
              {t('tasks.notify.markAll')}
            </Button>
            <Button size="small" icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
          </Space>
        }
      >
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
        <List<NotificationView>
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items ?? []}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={unreadOnly ? t('tasks.notify.emptyUnread') : t('tasks.notify.empty')} />,
          }}
          pagination={
            (list.data?.total ?? 0) > paging.pageSize
              ? {
                  current: paging.page,
                  pageSize: paging.pageSize,
                  total: list.data?.total ?? 0,
                  size: 'small',
                  showTotal: (total) => t('common.total', { total }),
                  onChange: (page, pageSize) => setPaging({ page, pageSize }),
                }
              : undefined
          }
          renderItem={(n) => (
            <List.Item
              className={`tz-notification-item${n.readAt ? '' : ' tz-notification-unread'}`}
              onClick={() => open(n)}
              style={{ paddingInline: 8 }}
              data-testid="notification-item"
              actions={
                n.readAt
                  ? [
                      <Typography.Text key="r" type="secondary">
                        {t('tasks.notify.read')}
                      </Typography.Text>,
                    ]
                  : [
                      <Button
                        key="m"
                        size="small"
                        type="link"
                        onClick={(e) => {
                          e.stopPropagation();
                          markRead.mutate(n);
                        }}
                      >
                        {t('tasks.notify.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    {n.readAt ? null : <Tag color="red">{t('tasks.notify.unread')}</Tag>}
                    <KindTag kind={n.kind} />
                    <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                  </Space>
                }
                description={
                  <span>
                    {n.body ? `${n.body} · ` : ''}
                    {fmtDateTime(n.createdAt)}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      </Card>
      <PrefsCard />
      {can('config.manage') ? <DeliveryAdmin /> : null}
    </Space>
  );
}
