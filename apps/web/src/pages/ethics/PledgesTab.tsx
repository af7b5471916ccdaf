import { ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Progress, Row, Segmented, Space, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { type PledgeStatus, ethicsApi, ethicsKeys } from './api.ts';
import { PledgeSchoolDrawer } from './PledgeSchoolDrawer.tsx';

type StatusRow = PledgeStatus & { unsigned: number; rate: number };
type Done = 'done' | 'partial' | 'none' | 'noStaff';

function doneOf(r: StatusRow): Done {
  if (r.teachers === 0) return 'noStaff';
  if (r.unsigned === 0) return 'done';
  return r.signed === 0 ? 'none' : 'partial';
}

const DONE_COLORS: Record<Done, string> = { done: 'success', partial: 'warning', none: 'error', noStaff: 'default' };

/** 师德承诺: per school, its active staff against the pledges signed for the year; a school opens its roster. */
export function PledgesTab({ orgId, year }: { orgId: number; year: number }) {
  const { t } = useTranslation();
  const [show, setShow] = useState<'all' | 'open'>('all');
  const [school, setSchool] = useState<{ id: number; name: string } | null>(null);
  const status = useQuery({
    queryKey: ethicsKeys.pledgeStatus(orgId, year),
    queryFn: ({ signal }) => ethicsApi.pledgeStatus(orgId, year, signal),
    staleTime: 0,
  });

  const rows: StatusRow[] = useMemo(
    () =>
      (status.data ?? []).map((s) => ({
        ...s,
        unsigned: Math.max(0, s.teachers - s.signed),
        rate: s.teachers ? Math.min(100, Math.round((s.signed / s.teachers) * 100)) : 0,
      })),
    [status.data],
  );
  const totals = useMemo(() => {
    const teachers = rows.reduce((a, r) => a + r.teachers, 0);
    const signed = rows.reduce((a, r) => a + Math.min(r.signed, r.teachers), 0);
    return {
      schools: rows.length,
      done: rows.filter((r) => doneOf(r) === 'done').length,
      teachers,
      signed,
      rate: teachers ? Math.round((signed / teachers) * 100) : 0,
    };
  }, [rows]);
  const shown = show === 'open' ? rows.filter((r) => r.unsigned > 0) : rows;

  const columns: TableColumnsType<StatusRow> = [
    {
      title: t('ethics.pledge.school'),
      dataIndex: 'orgName',
      width: 220,
      sorter: (a, b) => a.orgName.localeCompare(b.orgName, 'zh-CN'),
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setSchool({ id: r.orgId, name: v })}>
          {v}
        </Button>
      ),
    },
    { title: t('ethics.pledge.teachers'), dataIndex: 'teachers', width: 90, align: 'right', sorter: (a, b) => a.teachers - b.teachers },
    { title: t('ethics.pledge.signed'), dataIndex: 'signed', width: 90, align: 'right', sorter: (a, b) => a.signed - b.signed },
    {
      title: t('ethics.pledge.unsigned'),
      dataIndex: 'unsigned',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.unsigned - b.unsigned,
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    {
      title: t('ethics.pledge.rate'),
      dataIndex: 'rate',
      width: 180,
      sorter: (a, b) => a.rate - b.rate,
      render: (v: number, r) => (r.teachers ? <Progress percent={v} size="small" status={v === 100 ? 'success' : 'normal'} /> : t('common.none')),
    },
    {
      title: t('ethics.pledge.statusCol'),
      key: 'done',
      width: 110,
      render: (_: unknown, r) => {
        const d = doneOf(r);
        return <Tag color={DONE_COLORS[d]}>{t(`ethics.pledge.done.${d}`)}</Tag>;
      },
    },
    {
      title: t('common.actions'),
      key: 'open',
      width: 100,
      render: (_: unknown, r) => (
        <Button size="small" icon={<TeamOutlined />} onClick={() => setSchool({ id: r.orgId, name: r.orgName })}>
          {t('ethics.pledge.roster')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <Card size="small" className="tz-ethics-card" title={t('ethics.pledge.summaryTitle', { year })}>
        <Row gutter={[24, 12]} align="middle">
          <Col xs={12} sm={6}>
            <Statistic title={t('ethics.pledge.schoolsDone')} value={totals.done} suffix={`/ ${totals.schools}`} loading={status.isLoading} />
          </Col>
          <Col xs={12} sm={6}>
            <Statistic title={t('ethics.pledge.teachersSigned')} value={totals.signed} suffix={`/ ${totals.teachers}`} loading={status.isLoading} />
          </Col>
          <Col xs={24} sm={12}>
            <Typography.Text type="secondary">{t('ethics.pledge.rate')}</Typography.Text>
            <Progress percent={totals.rate} status={totals.rate === 100 ? 'success' : 'normal'} />
          </Col>
        </Row>
      </Card>
      <div className="tz-ethics-toolbar">
        <Segmented<'all' | 'open'>
          value={show}
          onChange={setShow}
          options={[
            { value: 'all', label: t('ethics.pledge.showAll') },
            { value: 'open', label: t('ethics.pledge.showOpen') },
          ]}
        />
        <Space wrap>
          <Typography.Text type="secondary">{t('ethics.pledge.hint')}</Typography.Text>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} title={t('common.refresh')} onClick={() => void status.refetch()} />
        </Space>
      </div>
      {status.error ? <ErrorAlert error={status.error} onRetry={() => void status.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<StatusRow>
        rowKey="orgId"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={status.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }), size: 'small' }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={show === 'open' && rows.length ? t('ethics.pledge.allDone') : t('ethics.pledge.noSchools')}
            />
          ),
        }}
        data-testid="pledge-status-table"
      />
      <PledgeSchoolDrawer school={school} year={year} onClose={() => setSchool(null)} />
    </div>
  );
}
