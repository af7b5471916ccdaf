import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Table, type TableColumnsType, type TablePaginationConfig, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { type DocumentView, tasksApi, tasksKeys } from './api.ts';
import { RateBar, daysUntil, fmtDate } from './ui.tsx';

interface Props {
  onOpen: (id: number) => void;
  onCreate: () => void;
}

/** 文件传达: documents conveyed in reach or to the caller, with read progress and the caller's own receipt. */
export function DocumentsTab({ onOpen, onCreate }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: tasksKeys.documents(paging.page, paging.pageSize),
    queryFn: ({ signal }) => tasksApi.documents(paging.page, paging.pageSize, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const columns: TableColumnsType<DocumentView> = [
    {
      title: t('tasks.doc.title'),
      dataIndex: 'title',
      render: (v: string, d) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => onOpen(d.id)}
          data-testid="doc-title"
        >
          {v}
        </Button>
      ),
    },
    { title: t('tasks.col.issuer'), dataIndex: 'issuingOrgName', width: 160, ellipsis: true, responsive: ['lg'] },
    { title: t('tasks.doc.publishedAt'), dataIndex: 'publishedAt', width: 110, render: (v: string) => fmtDate(v) },
    {
      title: t('tasks.doc.dueDate'),
      dataIndex: 'dueDate',
      width: 140,
      render: (v: string) => {
        const d = daysUntil(v);
        return (
          <Space size={4} wrap>
            <span>{v}</span>
            {d >= 0 && d <= 2 ? <Tag color="orange">{d === 0 ? t('tasks.dueToday') : t('tasks.dueInDays', { n: d })}</Tag> : null}
          </Space>
        );
      },
    },
    {
      title: t('tasks.doc.readProgress'),
      key: 'progress',
      width: 230,
      render: (_: unknown, d) => (
        <div>
          <RateBar rate={d.receipts.total ? d.receipts.read / d.receipts.total : null} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tasks.doc.readOf', { read: d.receipts.read, total: d.receipts.total })}
            {d.receipts.overdue ? ` · ${t('tasks.doc.overdueN', { n: d.receipts.overdue })}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('tasks.doc.mine'),
      key: 'mine',
      width: 110,
      render: (_: unknown, d) =>
        d.mine === null ? (
          <Typography.Text type="secondary">{t('tasks.doc.notForMe')}</Typography.Text>
        ) : d.mine.readAt ? (
          <Tag color="success">{t('tasks.doc.read')}</Tag>
        ) : (
          <Button size="small" type="primary" ghost onClick={() => onOpen(d.id)}>
            {t('tasks.doc.toRead')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <div className="tz-task-toolbar">
        <Space wrap>
          {can('document.publish') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="create-doc">
              {t('tasks.doc.create')}
            </Button>
          ) : null}
        </Space>
        <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<DocumentView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onRow={(d) => ({ onDoubleClick: () => onOpen(d.id) })}
        onChange={(pg: TablePaginationConfig) =>
          setPaging((p) => ({ page: (pg.pageSize ?? 20) === p.pageSize ? (pg.current ?? 1) : 1, pageSize: pg.pageSize ?? 20 }))
        }
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.doc.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
