import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type TaskStats, tasksApi, tasksKeys } from './api.ts';
import { RateBar } from './ui.tsx';

type SchoolRow = TaskStats['bySchool'][number];
type TaskRow = TaskStats['byTask'][number];
type OverdueRow = TaskStats['overdueNow'][number];

interface Props {
  defaultOrgId: number | null;
  onOpenAssignment: (id: number) => void;
  onOpenTask: (id: number) => void;
}

const byRate = (a: { onTimeRate: number | null }, b: { onTimeRate: number | null }) => (a.onTimeRate ?? -1) - (b.onTimeRate ?? -1);

/** 统计: on-time rate per school and per task for a year under a unit, and what is overdue right now. */
export function StatsTab({ defaultOrgId, onOpenAssignment, onOpenTask }: Props) {
  const { t } = useTranslation();
  const [orgId, setOrgId] = useState<number | null>(defaultOrgId);
  const [year, setYear] = useState<Dayjs | null>(null);
  const org = useOrgDetail(orgId);
  // Start on the year of the newest task, so a district whose work is in a past year opens on it.
  const newest = useQuery({
    queryKey: tasksKeys.list({ page: 1, pageSize: 1, sort: '-deadline' }),
    queryFn: ({ signal }) => tasksApi.list({ page: 1, pageSize: 1, sort: '-deadline' }, signal),
    enabled: year === null,
  });
  useEffect(() => {
    if (year !== null || !newest.isFetched) return;
    const d = newest.data?.items[0]?.deadline;
    setYear(d ? dayjs(d) : dayjs());
  }, [year, newest.isFetched, newest.data]);
  useEffect(() => {
    if (orgId === null && defaultOrgId !== null) setOrgId(defaultOrgId);
  }, [defaultOrgId, orgId]);

  const y = year?.year() ?? null;
  const stats = useQuery({
    queryKey: tasksKeys.stats(orgId ?? 0, y ?? 0),
    queryFn: ({ signal }) => tasksApi.stats(orgId ?? 0, y ?? 0, signal),
    enabled: orgId !== null && y !== null,
    placeholderData: keepPreviousData,
  });
  const s = stats.data;

  const rateCols = <T extends { due: number; onTime: number; late: number; overdue: number; onTimeRate: number | null }>(): TableColumnsType<T> => [
    { title: t('tasks.stats.onTimeRate'), dataIndex: 'onTimeRate', width: 170, sorter: byRate, render: (r: number | null) => <RateBar rate={r} /> },
    { title: t('tasks.stats.due'), dataIndex: 'due', width: 70, align: 'right' },
    { title: t('tasks.stats.onTime'), dataIndex: 'onTime', width: 70, align: 'right' },
    { title: t('tasks.stats.late'), dataIndex: 'late', width: 70, align: 'right', sorter: (a, b) => a.late - b.late },
    {
      title: t('tasks.overdue'),
      dataIndex: 'overdue',
      width: 70,
      align: 'right',
      sorter: (a, b) => a.overdue - b.overdue,
      render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
  ];
  const schoolCols: TableColumnsType<SchoolRow> = [
    { title: t('tasks.stats.school'), dataIndex: 'orgName', fixed: 'left', width: 180, ellipsis: true },
    ...rateCols<SchoolRow>(),
  ];
  const taskCols: TableColumnsType<TaskRow> = [
    {
      title: t('tasks.col.task'),
      dataIndex: 'title',
      width: 240,
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpenTask(r.taskId)}>
          {v}
        </Button>
      ),
    },
    { title: t('tasks.col.deadline'), dataIndex: 'deadline', width: 110, sorter: (a, b) => a.deadline.localeCompare(b.deadline) },
    ...rateCols<TaskRow>(),
  ];
  const overdueCols: TableColumnsType<OverdueRow> = [
    { title: t('tasks.col.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('tasks.col.task'), dataIndex: 'title', ellipsis: true },
    { title: t('tasks.col.deadline'), dataIndex: 'deadline', width: 110 },
    {
      title: t('tasks.stats.daysOverdue'),
      dataIndex: 'daysOverdue',
      width: 100,
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.daysOverdue - b.daysOverdue,
      render: (n: number) => <Tag color="error">{t('tasks.stats.daysN', { n })}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 80,
      render: (_: unknown, r) => (
        <Button size="small" type="link" onClick={() => onOpenAssignment(r.assignmentId)}>
          {t('tasks.detail.view')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="tz-task-filters" style={{ marginBottom: 0 }}>
        <div className="tz-f-lg">
          <OrgPicker
            value={orgId}
            onChange={setOrgId}
            allowClear={false}
            placeholder={t('tasks.stats.orgPlaceholder')}
            initial={org.data ? { id: org.data.unit.id, name: org.data.unit.name, code: org.data.unit.code } : null}
          />
        </div>
        <DatePicker picker="year" value={year} onChange={(v) => v && setYear(v)} allowClear={false} className="tz-f-sm" aria-label={t('tasks.stats.year')} />
        <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void stats.refetch()} />
      </div>
      {stats.error ? <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {orgId === null ? <Empty description={t('tasks.stats.pickOrg')} /> : null}
      {s ? (
        <>
          <Row gutter={[12, 12]} className="tz-task-stat-cards">
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('tasks.stats.assignments')} value={s.overall.total} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('tasks.stats.onTimeRate')}
                  value={s.overall.onTimeRate === null ? t('common.none') : Math.round(s.overall.onTimeRate * 1000) / 10}
                  suffix={s.overall.onTimeRate === null ? undefined : '%'}
                  styles={{ content: { color: '#389e0d' } }}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t('tasks.stats.late')} value={s.overall.late} styles={{ content: { color: '#d46b08' } }} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t('tasks.stats.overdueNow')}
                  value={s.overdueNow.length}
                  styles={{ content: { color: s.overdueNow.length ? '#cf1322' : undefined } }}
                />
              </Card>
            </Col>
          </Row>
          <Typography.Text type="secondary">{t('tasks.stats.rule')}</Typography.Text>
          <Card size="small" title={t('tasks.stats.bySchool')}>
            <Table<SchoolRow>
              rowKey="orgId"
              size="small"
              columns={schoolCols}
              dataSource={s.bySchool}
              loading={stats.isFetching}
              pagination={s.bySchool.length > 15 ? { pageSize: 15, size: 'small', showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.stats.empty')} /> }}
            />
          </Card>
          <Card size="small" title={t('tasks.stats.byTask')}>
            <Table<TaskRow>
              rowKey="taskId"
              size="small"
              columns={taskCols}
              dataSource={s.byTask}
              loading={stats.isFetching}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.stats.empty')} /> }}
            />
          </Card>
          <Card size="small" title={t('tasks.stats.overdueNowTitle', { n: s.overdueNow.length })}>
            <Table<OverdueRow>
              rowKey="assignmentId"
              size="small"
              columns={overdueCols}
              dataSource={s.overdueNow}
              pagination={s.overdueNow.length > 10 ? { pageSize: 10, size: 'small' } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.stats.noOverdue')} /> }}
            />
          </Card>
        </>
      ) : null}
    </Space>
  );
}
