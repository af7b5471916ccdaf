import { HistoryOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Empty,
  Grid,
  Input,
  Progress,
  Select,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { type TaskListQuery, type TaskSort, type TaskView, tasksApi, tasksKeys } from './api.ts';
import { RecurringDrawer } from './RecurringDrawer.tsx';
import type { TaskFormMode } from './TaskFormDrawer.tsx';
import { Deadline, TaskStatusTag, fmtDate } from './ui.tsx';

interface Filters {
  issuingOrgId: number | null;
  year: Dayjs | null;
  q: string;
  status: 'open' | 'closed' | null;
}

const EMPTY: Filters = { issuingOrgId: null, year: null, q: '', status: null };

interface Props {
  onOpenTask: (id: number) => void;
  onCreate: (mode: TaskFormMode) => void;
}

function sortOrder(sort: TaskSort, key: 'deadline' | 'createdAt'): 'ascend' | 'descend' | null {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}

/** 任务: tasks issued in reach (or assigned to orgs in reach), with their progress; filter, sort, issue. */
export function TaskListTab({ onOpenTask, onCreate }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  // On a phone the deadline goes under the title, so status and progress stay in view.
  const narrow = Grid.useBreakpoint().sm === false;
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [qText, setQText] = useState('');
  const [paging, setPaging] = useState<{ page: number; pageSize: number; sort: TaskSort }>({ page: 1, pageSize: 20, sort: '-deadline' });
  const [recurringOpen, setRecurringOpen] = useState(false);

  const query: TaskListQuery = {
    ...paging,
    issuingOrgId: filters.issuingOrgId ?? undefined,
    year: filters.year ? filters.year.year() : undefined,
    q: filters.q || undefined,
    status: filters.status ?? undefined,
  };
  const list = useQuery({
    queryKey: tasksKeys.list(query),
    queryFn: ({ signal }) => tasksApi.list(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY);

  const columns: TableColumnsType<TaskView> = [
    {
      title: t('tasks.col.title'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Space size={4} wrap>
          <Button
            type="link"
            style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
            onClick={() => onOpenTask(r.id)}
            data-testid="task-title"
          >
            {v}
          </Button>
          {r.recurringTemplateId ? <Tag icon={<HistoryOutlined />}>{t('tasks.detail.fromRecurring')}</Tag> : null}
          {narrow ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('tasks.col.deadline')}
              {t('common.colon')}
              {r.deadline}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('tasks.col.issuer'), dataIndex: 'issuingOrgName', width: 160, ellipsis: true, responsive: ['lg'] },
    {
      title: t('tasks.col.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 150,
      sorter: true,
      sortOrder: sortOrder(paging.sort, 'deadline'),
      responsive: ['sm'],
      render: (v: string, r) => <Deadline date={v} done={r.status === 'closed' || r.counts.accepted === r.counts.total} />,
    },
    {
      title: t('tasks.col.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 110,
      sorter: true,
      sortOrder: sortOrder(paging.sort, 'createdAt'),
      responsive: ['xl'],
      render: (v: string) => fmtDate(v),
    },
    {
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 130,
      render: (s: string, r) => (
        <Space size={4} wrap>
          <TaskStatusTag status={s} />
          {r.counts.overdue ? <Tag color="error">{t('tasks.overdueN', { n: r.counts.overdue })}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('tasks.col.progress'),
      key: 'progress',
      width: 260,
      render: (_: unknown, r) => {
        const c = r.counts;
        const pct = c.total ? Math.round((c.accepted / c.total) * 100) : 0;
        return (
          <div>
            <Tooltip title={t('tasks.detail.acceptedOf', { n: c.accepted, total: c.total })}>
              <Progress percent={pct} size="small" format={() => `${c.accepted}/${c.total}`} style={{ margin: 0 }} />
            </Tooltip>
            <div className="tz-task-counts">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tasks.countsLine', { notStarted: c.notStarted, submitted: c.submitted, returned: c.returned })}
              </Typography.Text>
            </div>
          </div>
        );
      },
    },
  ];

  const onTableChange = (pg: TablePaginationConfig, _f: unknown, sorter: SorterResult<TaskView> | SorterResult<TaskView>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.columnKey === 'createdAt' ? 'createdAt' : 'deadline';
    const sort: TaskSort = !s?.order ? '-deadline' : s.order === 'ascend' ? key : `-${key}`;
    setPaging({ page: sort === paging.sort ? (pg.current ?? 1) : 1, pageSize: pg.pageSize ?? 20, sort });
  };

  return (
    <>
      <div className="tz-task-filters">
        <Input.Search
          allowClear
          placeholder={t('tasks.list.searchPlaceholder')}
          value={qText}
          maxLength={50}
          onChange={(e) => {
            setQText(e.target.value);
            if (!e.target.value) setFilter({ q: '' });
          }}
          onSearch={(v) => setFilter({ q: v.trim() })}
          className="tz-f-lg"
          aria-label={t('tasks.list.searchPlaceholder')}
        />
        <div className="tz-f-md">
          <OrgPicker value={filters.issuingOrgId} onChange={(v) => setFilter({ issuingOrgId: v })} placeholder={t('tasks.list.issuerPlaceholder')} />
        </div>
        <DatePicker
          picker="year"
          value={filters.year}
          onChange={(v) => setFilter({ year: v })}
          placeholder={t('tasks.list.yearPlaceholder')}
          className="tz-f-sm"
        />
        <Select
          allowClear
          value={filters.status ?? undefined}
          onChange={(v) => setFilter({ status: v ?? null })}
          placeholder={t('tasks.list.statusPlaceholder')}
          options={[
            { value: 'open', label: t('tasks.taskStatus.open') },
            { value: 'closed', label: t('tasks.taskStatus.closed') },
          ]}
          className="tz-f-sm"
          aria-label={t('tasks.list.statusPlaceholder')}
        />
        {filtered ? (
          <Button
            onClick={() => {
              setQText('');
              setFilters(EMPTY);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
      </div>
      <div className="tz-task-toolbar">
        <Space wrap>
          {can('task.issue') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => onCreate('task')} data-testid="create-task">
              {t('tasks.list.create')}
            </Button>
          ) : null}
          <Button icon={<HistoryOutlined />} onClick={() => setRecurringOpen(true)}>
            {t('tasks.recurring.title')}
          </Button>
        </Space>
        <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<TaskView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onChange={onTableChange}
        onRow={(r) => ({ onDoubleClick: () => onOpenTask(r.id) })}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('tasks.list.emptyFiltered') : t('tasks.list.empty')} /> }}
        scroll={{ x: 'max-content' }}
      />
      <RecurringDrawer
        open={recurringOpen}
        onClose={() => setRecurringOpen(false)}
        onCreate={() => {
          setRecurringOpen(false);
          onCreate('recurring');
        }}
      />
    </>
  );
}
