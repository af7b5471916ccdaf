import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Select, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { type PublishLogItem, type ReviewStep, REVIEW_STEPS, chinaDate, chinaToday, publicityApi, publicityKeys, yearOptions } from './api.ts';
import { EventTag, ExtLink, useDefaultOrg } from './common.tsx';

/** 发布记录: what an org subtree published in a year, with the date, the link and the three reviewers. */
export function PublishLogView({ onOpen }: { onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const def = useDefaultOrg();
  const [picked, setPicked] = useState<number | null>(null);
  const [year, setYear] = useState(() => Number(chinaToday().slice(0, 4)));
  const orgId = picked ?? def.orgId;
  const log = useQuery({
    queryKey: publicityKeys.publishLog(orgId ?? 0, year),
    queryFn: ({ signal }) => publicityApi.publishLog(orgId ?? 0, year, signal),
    enabled: orgId !== null,
    staleTime: 0,
  });

  const reviewer = (s: ReviewStep) => ({
    title: t(`publicity.step.${s}`),
    key: `r${s}`,
    width: 90,
    render: (_: unknown, r: PublishLogItem) => r.reviewers.find((v) => v.step === s)?.name ?? t('common.none'),
  });
  const columns: TableColumnsType<PublishLogItem> = [
    {
      title: t('publicity.content.publishedAt'),
      dataIndex: 'publishedAt',
      key: 'publishedAt',
      width: 110,
      sorter: (a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''),
      defaultSortOrder: 'descend',
      render: (v: string | null) => chinaDate(v),
    },
    {
      title: t('publicity.content.title'),
      dataIndex: 'title',
      width: 280,
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpen(r.id)}>
          {v}
        </Button>
      ),
    },
    { title: t('publicity.content.position'), dataIndex: 'positionName', width: 170, ellipsis: true },
    { title: t('publicity.org'), dataIndex: 'orgName', width: 160, ellipsis: true },
    ...REVIEW_STEPS.map(reviewer),
    {
      title: t('publicity.content.eventRule'),
      key: 'event',
      width: 110,
      render: (_: unknown, r) => (r.eventDate ? <EventTag item={r} /> : t('common.none')),
    },
    {
      title: t('publicity.content.link'),
      dataIndex: 'link',
      width: 90,
      render: (v: string | null) => (v ? <ExtLink href={v}>{t('publicity.open')}</ExtLink> : t('common.none')),
    },
  ];

  return (
    <>
      <div className="tz-pub-toolbar">
        <div className="tz-pub-filters">
          <div className="tz-pub-org">
            <OrgPicker value={orgId} allowClear={false} onChange={(v) => setPicked(v)} placeholder={t('publicity.pickOrg')} />
          </div>
          <Select<number>
            value={year}
            onChange={setYear}
            options={yearOptions().map((y) => ({ value: y, label: t('publicity.yearN', { year: y }) }))}
            style={{ width: 120 }}
            aria-label={t('publicity.year')}
            data-testid="log-year"
          />
        </div>
        <Space wrap size={8}>
          {log.data ? <Typography.Text type="secondary">{t('publicity.content.logCount', { n: log.data.length, year })}</Typography.Text> : null}
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void log.refetch()} />
        </Space>
      </div>
      {log.error ? <ErrorAlert error={log.error} onRetry={() => void log.refetch()} style={{ marginBottom: 12 }} /> : null}
      {def.loading && orgId === null ? <Spin /> : null}
      <Table<PublishLogItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={log.data ?? []}
        loading={log.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('publicity.content.emptyLog', { year })} /> }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        data-testid="publish-log-table"
      />
    </>
  );
}
