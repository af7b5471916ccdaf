import { ArrowLeftOutlined, AuditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Segmented, Space, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { SCORECARD_STATUSES, type ScorecardStatus, type ScorecardSummary, assessmentApi, assessmentKeys } from './api.ts';
import { ScorecardWorkspace } from './ScorecardWorkspace.tsx';
import { StatusTag } from './tags.tsx';

type Filter = ScorecardStatus | 'all';

interface Props {
  year: number;
  cardId: number | null;
  onCard: (id: number | null) => void;
}

/** 工委审核: the scorecards waiting for the committee, then one school's review. */
export function ReviewTab({ year, cardId, onCard }: Props) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('submitted');
  const [q, setQ] = useState('');
  const list = useQuery({ queryKey: assessmentKeys.cards(year), queryFn: ({ signal }) => assessmentApi.cards(year, null, signal) });
  const all = list.data ?? [];
  const count = (s: Filter) => (s === 'all' ? all.length : all.filter((c) => c.status === s).length);
  const shown = useMemo(() => all.filter((c) => (filter === 'all' || c.status === filter) && (!q.trim() || c.orgName.includes(q.trim()))), [all, filter, q]);

  if (cardId !== null) {
    return (
      <div>
        <Button icon={<ArrowLeftOutlined />} onClick={() => onCard(null)} style={{ marginBottom: 12 }}>
          {t('assessment.backToQueue')}
        </Button>
        <ScorecardWorkspace year={year} cardId={cardId} onCard={onCard} mode="review" />
      </div>
    );
  }

  const columns: TableColumnsType<ScorecardSummary> = [
    {
      title: t('assessment.school'),
      dataIndex: 'orgName',
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onCard(r.id)}>
          {v}
        </Button>
      ),
    },
    { title: t('assessment.statusLabel'), dataIndex: 'status', width: 110, render: (v: ScorecardStatus) => <StatusTag status={v} /> },
    { title: t('assessment.currentTotal'), dataIndex: 'total', width: 100 },
    {
      title: t('assessment.submittedAt'),
      dataIndex: 'submittedAt',
      width: 150,
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : t('common.none')),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 110,
      render: (_: unknown, r) => (
        <Button size="small" icon={<AuditOutlined />} onClick={() => onCard(r.id)} data-testid={`review-open-${r.orgId}`}>
          {r.status === 'submitted' || r.status === 'reviewed' ? t('assessment.doReview') : t('assessment.view')}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[...SCORECARD_STATUSES.filter((s) => s !== 'self_assessment'), 'self_assessment' as const, 'all' as const].map((s) => ({
              value: s,
              label: t('assessment.filterCount', { label: s === 'all' ? t('common.all') : t(`assessment.queue.${s}`), n: count(s) }),
            }))}
          />
          <Input.Search
            allowClear
            placeholder={t('assessment.searchSchool')}
            onSearch={setQ}
            onChange={(e) => !e.target.value && setQ('')}
            style={{ width: 220 }}
          />
        </Space>
      </Card>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Table<ScorecardSummary>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={shown}
          loading={list.isFetching}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('assessment.queueEmpty') }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }) }}
          onRow={(r) => ({ onDoubleClick: () => onCard(r.id) })}
        />
      </Card>
    </div>
  );
}
