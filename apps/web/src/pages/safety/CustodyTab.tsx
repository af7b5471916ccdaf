import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type Custody, type CustodyQuery, safetyApi, safetyKeys } from './api.ts';
import { CustodyFormModal, type CustodyTarget } from './CustodyFormModal.tsx';
import { DATE, DateText, Rate, SectionHeader, type TabScope } from './parts.tsx';

/** 手机代管: the class-level register of boarders' phones held by head teachers and returned, by day. */
export function CustodyTab({ orgId, year }: TabScope) {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('safety.manage');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null]>([dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)]);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [target, setTarget] = useState<CustodyTarget>(null);

  const query: CustodyQuery = {
    ...paging,
    orgId,
    from: range[0] ? range[0].format(DATE) : undefined,
    to: range[1] ? range[1].format(DATE) : undefined,
  };
  const list = useQuery({
    queryKey: safetyKeys.custody(query),
    queryFn: ({ signal }) => safetyApi.custody(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Custody> = [
    { title: t('safety.custody.date'), dataIndex: 'date', width: 110, render: (v: string) => <DateText value={v} /> },
    { title: t('safety.school'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('safety.className'), dataIndex: 'className', width: 120 },
    { title: t('safety.custody.students'), dataIndex: 'students', width: 90, align: 'right' },
    { title: t('safety.custody.phonesHeld'), dataIndex: 'phonesHeld', width: 90, align: 'right' },
    { title: t('safety.custody.heldRate'), key: 'heldRate', width: 110, render: (_: unknown, r) => <Rate part={r.phonesHeld} whole={r.students} /> },
    { title: t('safety.custody.phonesReturned'), dataIndex: 'phonesReturned', width: 90, align: 'right' },
    {
      title: t('safety.custody.outstanding'),
      key: 'outstanding',
      width: 110,
      render: (_: unknown, r) => {
        const n = r.phonesHeld - r.phonesReturned;
        return n > 0 ? <Tag color="orange">{t('safety.custody.outstandingN', { n })}</Tag> : <Tag color="success">{t('safety.custody.allReturned')}</Tag>;
      },
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, r: Custody) => (
              <Button size="small" type="link" onClick={() => setTarget(r)}>
                {t('safety.correct')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const items = list.data?.items ?? [];
  return (
    <Card size="small">
      <SectionHeader
        title={t('safety.custody.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget('new')} data-testid="custody-create">
              {t('safety.custody.create')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('safety.custody.hint')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={range}
          allowEmpty={[true, true]}
          onChange={(v) => {
            setRange([v?.[0] ?? null, v?.[1] ?? null]);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
          aria-label={t('safety.dateRange')}
        />
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<Custody>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={list.isFetching}
        scroll={{ x: 980 }}
        locale={{ emptyText: t('safety.custody.empty') }}
        onChange={(pg) => {
          const pageSize = pg.pageSize ?? paging.pageSize;
          setPaging({ page: pageSize === paging.pageSize ? (pg.current ?? 1) : 1, pageSize });
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
        }}
        summary={() =>
          items.length > 1 ? (
            <Table.Summary>
              <Table.Summary.Row className="tz-safety-total">
                <Table.Summary.Cell index={0} colSpan={3}>
                  {t('safety.pageTotal')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {items.reduce((n, r) => n + r.students, 0)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {items.reduce((n, r) => n + r.phonesHeld, 0)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} />
                <Table.Summary.Cell index={6} align="right">
                  {items.reduce((n, r) => n + r.phonesReturned, 0)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} colSpan={canManage ? 2 : 1} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <CustodyFormModal target={target} onClose={() => setTarget(null)} />
    </Card>
  );
}
