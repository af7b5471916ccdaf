import { useQueries } from '@tanstack/react-query';
import { Alert, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type SourceRecord, dutyApi, dutyKeys } from './api.ts';

const PAGE = 8;

interface Row {
  id: number;
  rec: SourceRecord | null;
  failed: boolean;
}

/**
 * The records behind a measured number (下钻): the ids the measure counted, each loaded from the module that owns
 * it — one page at a time, so a long list costs only what is on screen.
 */
export function SourceRecords({ kind, ids, restricted, count }: { kind: string; ids: readonly number[]; restricted: boolean; count: number | null }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const visible = ids.slice((page - 1) * PAGE, page * PAGE);
  const results = useQueries({
    queries: visible.map((id) => ({
      queryKey: dutyKeys.source(kind, id),
      queryFn: ({ signal }: { signal: AbortSignal }) => dutyApi.source(kind, id, signal),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });

  if (restricted) return <Alert type="warning" showIcon title={t('duties.records.restricted', { n: count ?? 0 })} />;
  if (kind === 'none') return <Typography.Text type="secondary">{t('duties.records.notMeasured')}</Typography.Text>;
  if (!ids.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.records.none')} />;

  const rows: Row[] = visible.map((id, i) => ({ id, rec: results[i]?.data ?? null, failed: !!results[i]?.error }));
  const loading = results.some((r) => r.isPending);
  const title = (r: Row) => {
    if (r.failed) return <Typography.Text type="secondary">{t('duties.records.unavailable', { id: r.id })}</Typography.Text>;
    if (!r.rec) return null;
    return r.rec.href ? <Link to={r.rec.href}>{r.rec.title}</Link> : r.rec.title;
  };
  const detailLabel =
    kind === 'tasks_on_time' ? t('duties.records.firstSubmitted') : kind === 'incidents' ? t('duties.records.level') : t('duties.records.type');
  const dateLabel = kind === 'tasks_on_time' ? t('duties.records.deadline') : t('duties.records.date');

  return (
    <Table<Row>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 560 }}
      pagination={
        ids.length > PAGE
          ? { current: page, pageSize: PAGE, total: ids.length, onChange: setPage, size: 'small', showTotal: (total) => t('common.total', { total }) }
          : false
      }
      columns={[
        { title: dateLabel, key: 'date', width: 110, render: (_: unknown, r) => r.rec?.date ?? t('common.none') },
        { title: t('duties.records.title'), key: 'title', render: (_: unknown, r) => title(r) },
        {
          title: detailLabel,
          key: 'detail',
          width: 130,
          render: (_: unknown, r) =>
            r.rec?.detail ??
            (r.rec && kind === 'tasks_on_time' ? <Typography.Text type="warning">{t('duties.records.notSubmitted')}</Typography.Text> : t('common.none')),
        },
        { title: t('duties.f.org'), key: 'org', width: 150, ellipsis: true, render: (_: unknown, r) => r.rec?.orgName ?? t('common.none') },
      ]}
      data-testid="duty-records"
    />
  );
}
