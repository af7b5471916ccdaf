import { useQuery } from '@tanstack/react-query';
import { Button, Table, type TableColumnsType, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { type LevelSummary, type SpotCheckLevel, type SpotCheckSummary, safetyApi, safetyKeys } from './api.ts';

interface Props {
  orgId: number;
  year: number;
  /** Open the list of one school's checks (of one level). */
  onOpen: (orgId: number, orgName: string, level?: SpotCheckLevel) => void;
}

/** The committee's view: each school's own work-group checks (晨午检) and the bureau's checks, side by side. */
export function SpotCheckSummaryTable({ orgId, year, onOpen }: Props) {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: safetyKeys.spotSummary(orgId, year), queryFn: ({ signal }) => safetyApi.spotSummary(orgId, year, signal) });

  const group = (level: SpotCheckLevel): TableColumnsType<SpotCheckSummary>[number] => ({
    title: t(`safety.spot.level.${level}`),
    className: level === 'bureau' ? 'tz-safety-bureau' : undefined,
    children: [
      {
        title: t('safety.spot.checks'),
        key: `${level}.checks`,
        width: 70,
        align: 'right',
        render: (_: unknown, r) =>
          r[level].checks ? (
            <Button size="small" type="link" style={{ padding: 0 }} onClick={() => onOpen(r.orgId, r.orgName, level)}>
              {r[level].checks}
            </Button>
          ) : (
            0
          ),
      },
      { title: t('safety.spot.withFindings'), key: `${level}.findings`, width: 80, align: 'right', render: (_: unknown, r) => r[level].withFindings },
      { title: t('safety.spot.rectified'), key: `${level}.rectified`, width: 70, align: 'right', render: (_: unknown, r) => r[level].rectified },
      {
        title: t('safety.spot.open'),
        key: `${level}.open`,
        width: 110,
        align: 'right',
        render: (_: unknown, r) => <OpenCell s={r[level]} />,
      },
    ],
  });

  const columns: TableColumnsType<SpotCheckSummary> = [
    {
      title: t('safety.school'),
      dataIndex: 'orgName',
      fixed: 'left',
      width: 180,
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpen(r.orgId, r.orgName)}>
          {v}
        </Button>
      ),
    },
    group('school'),
    group('bureau'),
    {
      title: t('safety.spot.linked'),
      key: 'linked',
      width: 110,
      render: (_: unknown, r) =>
        r.school.checks > 0 && r.bureau.checks > 0 ? (
          <Tag color="success">{t('safety.spot.bothLevels')}</Tag>
        ) : r.school.checks > 0 ? (
          <Tag>{t('safety.spot.schoolOnly')}</Tag>
        ) : r.bureau.checks > 0 ? (
          <Tag>{t('safety.spot.bureauOnly')}</Tag>
        ) : (
          <Tag color="warning">{t('safety.spot.none')}</Tag>
        ),
    },
  ];

  return (
    <>
      {summary.error ? <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<SpotCheckSummary>
        rowKey="orgId"
        size="small"
        bordered
        columns={columns}
        dataSource={summary.data ?? []}
        loading={summary.isFetching}
        scroll={{ x: 1000 }}
        pagination={(summary.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: t('safety.spot.noSchools') }}
        data-testid="spot-summary"
      />
    </>
  );
}

function OpenCell({ s }: { s: LevelSummary }) {
  const { t } = useTranslation();
  if (!s.open) return <span>0</span>;
  return (
    <span>
      {s.open}
      {s.overdue ? (
        <Tag color="error" style={{ marginInlineStart: 6 }}>
          {t('safety.spot.overdueN', { n: s.overdue })}
        </Tag>
      ) : null}
    </span>
  );
}
