import { EditOutlined, FileSearchOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Empty, Grid, Select, Space, Table, type TableColumnsType, type TablePaginationConfig, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { ASSIGNMENT_STATUSES, type AssignmentListQuery, type AssignmentStatus, type AssignmentView, tasksApi, tasksKeys } from './api.ts';
import { AssignmentStatusTag, Deadline, fmtDateTime } from './ui.tsx';

interface Props {
  /** Narrow the list to one task (a notification "new task" lands here). */
  taskId: number | null;
  onClearTask: () => void;
  onOpenAssignment: (id: number) => void;
  defaultOrgId: number | null;
}

interface Filters {
  orgId: number | null;
  status: AssignmentStatus | null;
  overdue: boolean;
}

/** 我的任务: the assignments of the caller's orgs (what to fill in, what waits for review), newest deadline first. */
export function AssignmentsTab({ taskId, onClearTask, onOpenAssignment, defaultOrgId }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  // On a phone the organisation and deadline go under the title, so the status and the action stay in view.
  const narrow = Grid.useBreakpoint().sm === false;
  const empty: Filters = { orgId: defaultOrgId, status: null, overdue: false };
  const [filters, setFilters] = useState<Filters>(empty);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query: AssignmentListQuery = {
    ...paging,
    taskId: taskId ?? undefined,
    orgId: filters.orgId ?? undefined,
    status: filters.status ?? undefined,
    overdue: filters.overdue ? '1' : undefined,
  };
  const list = useQuery({
    queryKey: tasksKeys.assignments(query),
    queryFn: ({ signal }) => tasksApi.assignments(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(empty) || taskId !== null;
  const taskTitle = taskId !== null ? list.data?.items.find((x) => x.taskId === taskId)?.taskTitle : undefined;

  const fillable = (a: AssignmentView) => (a.status === 'not_started' || a.status === 'returned') && can('task.submit');
  const columns: TableColumnsType<AssignmentView> = [
    {
      title: t('tasks.col.task'),
      dataIndex: 'taskTitle',
      render: (v: string, a) => (
        <div>
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpenAssignment(a.id)}>
            {v}
          </Button>
          {narrow ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.orgName} · {a.deadline}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    { title: t('tasks.col.org'), dataIndex: 'orgName', width: 180, ellipsis: true, responsive: ['sm'] },
    {
      title: t('tasks.col.deadline'),
      dataIndex: 'deadline',
      width: 150,
      responsive: ['sm'],
      render: (v: string, a) => <Deadline date={v} done={a.status === 'submitted' || a.status === 'accepted'} />,
    },
    {
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 140,
      render: (s: AssignmentStatus, a) => <AssignmentStatusTag status={s} overdue={a.overdue} />,
    },
    { title: t('tasks.col.submittedAt'), dataIndex: 'submittedAt', width: 140, responsive: ['lg'], render: (v: string | null) => fmtDateTime(v) },
    {
      title: t('common.actions'),
      key: 'a',
      width: 110,
      render: (_: unknown, a) =>
        fillable(a) ? (
          <Button size="small" type="primary" ghost icon={<EditOutlined />} onClick={() => onOpenAssignment(a.id)} data-testid="fill">
            {a.status === 'returned' ? t('tasks.fill.resubmit') : t('tasks.fill.fill')}
          </Button>
        ) : a.status === 'submitted' && can('task.review') ? (
          <Button size="small" icon={<FileSearchOutlined />} onClick={() => onOpenAssignment(a.id)}>
            {t('tasks.review.review')}
          </Button>
        ) : (
          <Button size="small" type="link" onClick={() => onOpenAssignment(a.id)}>
            {t('tasks.detail.view')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <div className="tz-task-filters">
        {taskId !== null ? (
          <Tag closable onClose={onClearTask} color="blue" style={{ paddingBlock: 4 }}>
            {t('tasks.mine.onlyTask', { title: taskTitle ?? `#${taskId}` })}
          </Tag>
        ) : null}
        <div className="tz-f-lg">
          <OrgPicker value={filters.orgId} onChange={(v) => setFilter({ orgId: v })} placeholder={t('tasks.mine.orgPlaceholder')} />
        </div>
        <Select
          allowClear
          value={filters.status ?? undefined}
          onChange={(v) => setFilter({ status: v ?? null })}
          placeholder={t('tasks.list.statusPlaceholder')}
          options={ASSIGNMENT_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
          className="tz-f-sm"
          aria-label={t('tasks.list.statusPlaceholder')}
        />
        <Checkbox checked={filters.overdue} onChange={(e) => setFilter({ overdue: e.target.checked })}>
          {t('tasks.mine.overdueOnly')}
        </Checkbox>
        {filtered ? (
          <Button
            onClick={() => {
              setFilters({ orgId: null, status: null, overdue: false });
              setPaging((p) => ({ ...p, page: 1 }));
              onClearTask();
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
        <Space style={{ marginInlineStart: 'auto' }}>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<AssignmentView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onRow={(a) => ({ onDoubleClick: () => onOpenAssignment(a.id) })}
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
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('tasks.mine.emptyFiltered') : t('tasks.mine.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
