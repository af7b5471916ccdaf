import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { BINDS, type BoardQuery, DUTY_STATUSES, type DutyStatus, LIST_KINDS, dutyApi, dutyKeys } from './api.ts';
import { DutyTable } from './DutyTable.tsx';
import { ExportButton } from './ExportDialog.tsx';
import { type TabProps, enumParam, numParam } from './params.ts';
import { type Stat, StatStrip } from './StatStrip.tsx';

const BAD: readonly DutyStatus[] = ['unmet', 'vacant', 'misplaced', 'breached'];

/** 责任看板: every duty of an org subtree for the year, filtered on the server, with the headline counts. */
export function BoardTab({ year, orgId, params, patch, openDuty }: TabProps) {
  const { t } = useTranslation();
  const status = enumParam(params, 'status', DUTY_STATUSES);
  const binds = enumParam(params, 'binds', BINDS);
  const listKind = enumParam(params, 'listKind', LIST_KINDS);
  const page = numParam(params, 'page') ?? 1;
  const pageSize = numParam(params, 'pageSize') ?? 20;
  const query: BoardQuery = { orgId: orgId ?? 0, year, status, binds, listKind, page, pageSize };

  const board = useQuery({
    queryKey: dutyKeys.board(query),
    queryFn: ({ signal }) => dutyApi.board(query, signal),
    enabled: orgId !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  // The counts come from the gap view of the same subtree (one call, the whole year, whatever the filters).
  const gaps = useQuery({
    queryKey: dutyKeys.gaps(orgId ?? 0, year),
    queryFn: ({ signal }) => dutyApi.gaps(orgId ?? 0, year, signal),
    enabled: orgId !== null,
    staleTime: 30_000,
  });

  if (orgId === null) return <Empty description={t('duties.pickOrg')} />;

  const totals = gaps.data?.totals;
  const setFilter = (changes: Record<string, string | null>) => patch({ ...changes, page: null });
  const stats: Stat[] = [
    { key: 'total', label: t('duties.board.total'), value: totals?.total ?? '…', active: !status, onClick: () => setFilter({ status: null }) },
    ...DUTY_STATUSES.map((s) => ({
      key: s,
      label: t(`duties.status.${s}`),
      value: totals ? totals[s] : '…',
      tone: s === 'met' ? ('good' as const) : BAD.includes(s) && (totals?.[s] ?? 0) > 0 ? ('bad' as const) : undefined,
      active: status === s,
      onClick: () => setFilter({ status: status === s ? null : s }),
      hint: t('duties.board.filterHint'),
    })),
  ];
  const filtered = !!(status || binds || listKind);

  return (
    <div>
      <StatStrip stats={stats} testId="duties-board-stats" />
      <div className="tz-duties-toolbar">
        <div className="tz-duties-filters">
          <Select
            allowClear
            placeholder={t('duties.f.list')}
            value={listKind}
            onChange={(v) => setFilter({ listKind: v ?? null })}
            options={LIST_KINDS.map((k) => ({ value: k, label: t(`duties.listKind.${k}`) }))}
            className="tz-duties-filter"
            aria-label={t('duties.f.list')}
          />
          <Select
            allowClear
            placeholder={t('duties.f.role')}
            value={binds}
            onChange={(v) => setFilter({ binds: v ?? null })}
            options={BINDS.map((b) => ({ value: b, label: t(`duties.binds.${b}`) }))}
            className="tz-duties-filter"
            aria-label={t('duties.f.role')}
          />
          <Select
            allowClear
            placeholder={t('duties.f.status')}
            value={status}
            onChange={(v) => setFilter({ status: v ?? null })}
            options={DUTY_STATUSES.map((s) => ({ value: s, label: t(`duties.status.${s}`) }))}
            className="tz-duties-filter"
            aria-label={t('duties.f.status')}
            data-testid="duties-status-filter"
          />
          {filtered ? <Button onClick={() => setFilter({ status: null, binds: null, listKind: null })}>{t('common.reset')}</Button> : null}
        </div>
        <Space wrap>
          <ExportButton year={year} orgId={orgId} />
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('common.refresh')}
            onClick={() => {
              void board.refetch();
              void gaps.refetch();
            }}
          />
        </Space>
      </div>
      {board.error ? <ErrorAlert error={board.error} onRetry={() => void board.refetch()} style={{ marginBottom: 12 }} /> : null}
      <DutyTable
        items={board.data?.items ?? []}
        year={year}
        loading={board.isFetching}
        onOpen={openDuty}
        testId="duties-board"
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('duties.board.emptyFiltered') : t('duties.board.empty', { year })} />}
        pagination={{
          current: page,
          pageSize,
          total: board.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        onChange={(p) => {
          const size = p.pageSize ?? pageSize;
          const current = size === pageSize ? (p.current ?? 1) : 1;
          patch({ page: current === 1 ? null : current, pageSize: size === 20 ? null : size });
        }}
      />
    </div>
  );
}
