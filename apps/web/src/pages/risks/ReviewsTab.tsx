import { CheckCircleOutlined, ClockCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { type ReviewListQuery, type ReviewSummary, risksApi, risksKeys } from './api.ts';
import { fmtDateTime, useUrlState, yearOptions } from './common.tsx';

interface Props {
  orgId: number | undefined;
  onCreate: () => void;
}

/** 研判会: assessment meetings in reach by year and sign-off state, newest first. */
export function ReviewsTab({ orgId, onCreate }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const { str, num, set } = useUrlState();
  const signed = str('signed');
  const query: ReviewListQuery = {
    page: num('rpage') ?? 1,
    pageSize: num('rsize') ?? 20,
    orgId,
    year: num('ryear'),
    signed: signed === '0' || signed === '1' ? signed : undefined,
  };
  const list = useQuery({
    queryKey: risksKeys.reviews(query),
    queryFn: ({ signal }) => risksApi.reviews(query, signal),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<ReviewSummary> = [
    { title: t('risks.meetingDate'), dataIndex: 'date', width: 110 },
    {
      title: t('risks.meetingTitle'),
      dataIndex: 'title',
      width: 320,
      render: (v: string | null, r) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => set({ review: r.id })}
          data-testid="review-open"
        >
          {v || t('risks.meetingUntitled', { date: r.date })}
        </Button>
      ),
    },
    { title: t('risks.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('risks.riskCount'), dataIndex: 'riskCount', width: 100, align: 'right' },
    {
      title: t('risks.signOffLabel'),
      key: 'signed',
      width: 220,
      render: (_: unknown, r) =>
        r.signed ? (
          <Space size={4} wrap>
            <Tag color="success" icon={<CheckCircleOutlined />}>
              {t('risks.signed')}
            </Tag>
            <Typography.Text type="secondary">
              {r.signedOffByName ?? ''} {fmtDateTime(r.signedOffAt)}
            </Typography.Text>
          </Space>
        ) : (
          <Tag color="warning" icon={<ClockCircleOutlined />}>
            {t('risks.unsigned')}
          </Tag>
        ),
    },
  ];
  const filtered = query.year !== undefined || query.signed !== undefined;

  return (
    <Card size="small">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
        <Space wrap>
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('risks.year')}
            aria-label={t('risks.year')}
            value={query.year}
            options={yearOptions()}
            onChange={(v?: number) => set({ ryear: v, rpage: undefined })}
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('risks.signOffLabel')}
            aria-label={t('risks.signOffLabel')}
            value={query.signed}
            options={[
              { value: '0', label: t('risks.unsigned') },
              { value: '1', label: t('risks.signed') },
            ]}
            onChange={(v?: string) => set({ signed: v, rpage: undefined })}
          />
        </Space>
        {can('risk.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="review-create">
            {t('risks.reviewCreate')}
          </Button>
        ) : null}
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<ReviewSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 930 }}
        onRow={(r) => ({ onDoubleClick: () => set({ review: r.id }) })}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('risks.reviewsEmptyFiltered') : t('risks.reviewsEmpty')} />,
        }}
        onChange={(pg, _f, _s, extra) => {
          if (extra.action !== 'paginate') return;
          const size = pg.pageSize ?? query.pageSize;
          set({ rpage: size === query.pageSize && pg.current !== 1 ? pg.current : undefined, rsize: size === 20 ? undefined : size });
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
        }}
        data-testid="review-table"
      />
    </Card>
  );
}
