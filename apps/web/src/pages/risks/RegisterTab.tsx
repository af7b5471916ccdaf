import { PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, Empty, Input, Progress, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ImportExportBar } from '../../components/ImportExportBar.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import {
  LEVELS,
  type RiskFilter,
  type RiskLevel,
  type RiskListQuery,
  type RiskSort,
  type RiskStatus,
  type RiskView,
  SORTS,
  STATUSES,
  risksApi,
  risksKeys,
} from './api.ts';
import { LEVEL_FILL_STRONG, LevelTag, RiskStatusTag, useEnumOptions, useLevelLabel, useUrlState } from './common.tsx';
import { type Cell, HeatGrid } from './HeatGrid.tsx';

interface Props {
  orgId: number | undefined;
  onCreate: () => void;
}

function oneOf<T extends string>(list: readonly T[], v: string | undefined): T | undefined {
  return v !== undefined && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** 风险台账: the heat grid and level distribution, the filtered register, import/export and registration. */
export function RegisterTab({ orgId, onCreate }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const label = useLevelLabel();
  const opts = useEnumOptions();
  const { str, num, set } = useUrlState();

  const filter: RiskFilter = {
    orgId,
    category: str('category'),
    level: oneOf<RiskLevel>(LEVELS, str('level')),
    status: oneOf<RiskStatus>(STATUSES, str('status')),
    overdueReview: str('overdue') === '1' ? '1' : undefined,
    q: str('q'),
  };
  const l = num('l');
  const i = num('i');
  const cell: Cell | null = l && i && l <= 5 && i <= 5 ? { likelihood: l, impact: i } : null;
  const query: RiskListQuery = {
    ...filter,
    page: num('page') ?? 1,
    pageSize: num('size') ?? 20,
    likelihood: cell?.likelihood,
    impact: cell?.impact,
    sort: oneOf<RiskSort>(SORTS, str('sort')),
  };
  const rating = str('rating') === 'residual' ? 'residual' : 'inherent';
  const [qText, setQText] = useState(filter.q ?? '');
  useEffect(() => setQText(filter.q ?? ''), [filter.q]);

  const matrix = useQuery({ queryKey: risksKeys.matrix, queryFn: ({ signal }) => risksApi.matrix(signal), staleTime: 10 * 60_000 });
  const list = useQuery({
    queryKey: risksKeys.list(query),
    queryFn: ({ signal }) => risksApi.list(query, signal),
    placeholderData: keepPreviousData,
  });
  const heat = useQuery({
    queryKey: risksKeys.heatmap(filter, rating),
    queryFn: ({ signal }) => risksApi.heatmap(filter, rating, signal),
    placeholderData: keepPreviousData,
  });
  const overdue = useQuery({
    queryKey: risksKeys.overdue(orgId),
    queryFn: ({ signal }) => risksApi.list({ page: 1, pageSize: 1, orgId, overdueReview: '1' }, signal),
  });

  // Any filter change starts again at page 1.
  const setFilter = (patch: Record<string, string | number | undefined>) => set({ ...patch, page: undefined });
  const filtered = !!(filter.category || filter.level || filter.status || filter.overdueReview || filter.q || cell);

  const sortOrder = (key: 'code' | 'score' | 'reviewDate'): SortOrder =>
    (query.sort ?? 'code') === key ? 'ascend' : query.sort === `-${key}` ? 'descend' : null;
  const columns: TableColumnsType<RiskView> = [
    { title: t('risks.code'), dataIndex: 'code', key: 'code', width: 140, sorter: true, sortOrder: sortOrder('code') },
    {
      title: t('risks.description'),
      dataIndex: 'description',
      key: 'description',
      width: 214,
      render: (v: string, r) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => set({ risk: r.id })}
          data-testid="risk-open"
        >
          {v}
        </Button>
      ),
    },
    { title: t('risks.org'), dataIndex: 'orgName', key: 'org', width: 130, ellipsis: true },
    { title: t('risks.category'), dataIndex: 'category', key: 'category', width: 90 },
    {
      title: t('risks.levelLabel'),
      key: 'score',
      width: 92,
      sorter: true,
      sortOrder: sortOrder('score'),
      render: (_: unknown, r) => <LevelTag level={r.level} rating={[r.likelihood, r.impact]} />,
    },
    {
      title: t('risks.residualLevel'),
      key: 'residual',
      width: 92,
      render: (_: unknown, r) => <LevelTag level={r.residualLevel} rating={[r.residualLikelihood, r.residualImpact]} />,
    },
    { title: t('risks.owner'), dataIndex: 'ownerName', key: 'owner', width: 72, render: (v: string | null) => v ?? t('common.none') },
    { title: t('risks.statusLabel'), dataIndex: 'status', key: 'status', width: 76, render: (v: string) => <RiskStatusTag status={v} /> },
    {
      title: t('risks.reviewDate'),
      dataIndex: 'reviewDate',
      key: 'reviewDate',
      width: 110,
      sorter: true,
      sortOrder: sortOrder('reviewDate'),
      render: (v: string | null, r) => (
        <Space size={2} orientation="vertical">
          <span>{v ?? t('common.none')}</span>
          {r.overdueReview ? (
            <Tag color="red" icon={<WarningOutlined />}>
              {t('risks.overdueReview')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('risks.measures'),
      key: 'measures',
      width: 96,
      render: (_: unknown, r) =>
        r.measures.length ? t('risks.measuresDone', { done: r.measures.filter((m) => m.done).length, total: r.measures.length }) : t('common.none'),
    },
  ];

  const levels = heat.data?.levels ?? [];
  const max = Math.max(1, ...levels.map((x) => x.count));
  const categories = useMemo(() => (matrix.data?.categories ?? []).map((c) => ({ value: c, label: c })), [matrix.data]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={11} xl={9}>
          <Card
            size="small"
            title={t('risks.matrixTitle')}
            extra={<Typography.Text type="secondary">{rating === 'inherent' ? t('risks.matrixHint') : t('risks.matrixResidualHint')}</Typography.Text>}
          >
            <HeatGrid
              data={heat.data}
              loading={heat.isLoading}
              rating={rating}
              onRating={(r) => set(r === 'residual' ? { rating: r, l: undefined, i: undefined, page: undefined } : { rating: undefined }, true)}
              selected={cell}
              onSelect={(c) => setFilter({ l: c?.likelihood, i: c?.impact })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={13} xl={15}>
          <Card size="small" title={t('risks.overviewTitle')} style={{ height: '100%' }}>
            {heat.error ? <ErrorAlert error={heat.error} onRetry={() => void heat.refetch()} /> : null}
            <Typography.Paragraph type="secondary">{t('risks.overviewTotal', { n: heat.data?.total ?? 0 })}</Typography.Paragraph>
            <div className="tz-risk-bars">
              {LEVELS.map((lv) => {
                const n = levels.find((x) => x.level === lv)?.count ?? 0;
                return (
                  <button
                    key={lv}
                    type="button"
                    className="tz-risk-bar"
                    onClick={() => setFilter({ level: filter.level === lv ? undefined : lv })}
                    aria-pressed={filter.level === lv}
                    aria-label={t('risks.filterLevel', { level: label(lv), n })}
                  >
                    <Tag color={filter.level === lv ? undefined : 'default'} style={{ margin: 0, fontWeight: filter.level === lv ? 600 : 400 }}>
                      {label(lv)}
                    </Tag>
                    <Progress percent={(n / max) * 100} showInfo={false} strokeColor={LEVEL_FILL_STRONG[lv]} />
                    <Typography.Text strong>{n}</Typography.Text>
                  </button>
                );
              })}
            </div>
            <Space wrap style={{ marginTop: 12 }}>
              <Button
                danger={(overdue.data?.total ?? 0) > 0}
                type={filter.overdueReview ? 'primary' : 'default'}
                icon={<WarningOutlined />}
                onClick={() => setFilter({ overdue: filter.overdueReview ? undefined : '1' })}
                data-testid="overdue-filter"
              >
                {t('risks.overdueCount', { n: overdue.data?.total ?? 0 })}
              </Button>
              <Typography.Text type="secondary">{t('risks.overdueHint')}</Typography.Text>
            </Space>
          </Card>
        </Col>
      </Row>

      <Card size="small">
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
          <Col xs={24} sm={12} md={6} lg={5}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('risks.category')}
              aria-label={t('risks.category')}
              value={filter.category}
              options={categories}
              onChange={(v?: string) => setFilter({ category: v })}
            />
          </Col>
          <Col xs={12} sm={6} md={4} lg={3}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('risks.levelLabel')}
              aria-label={t('risks.levelLabel')}
              value={filter.level}
              options={opts.levels}
              onChange={(v?: string) => setFilter({ level: v })}
            />
          </Col>
          <Col xs={12} sm={6} md={4} lg={3}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('risks.statusLabel')}
              aria-label={t('risks.statusLabel')}
              value={filter.status}
              options={opts.statuses}
              onChange={(v?: string) => setFilter({ status: v })}
            />
          </Col>
          <Col xs={24} sm={12} md={6} lg={6}>
            <Input.Search
              allowClear
              maxLength={100}
              placeholder={t('risks.searchPlaceholder')}
              aria-label={t('common.search')}
              value={qText}
              onChange={(e) => {
                setQText(e.target.value);
                if (!e.target.value) setFilter({ q: undefined });
              }}
              onSearch={(v) => setFilter({ q: v.trim() || undefined })}
            />
          </Col>
          <Col xs={24} sm={12} md={4} lg={7}>
            <Space wrap>
              <Checkbox checked={!!filter.overdueReview} onChange={(e) => setFilter({ overdue: e.target.checked ? '1' : undefined })}>
                {t('risks.overdueOnly')}
              </Checkbox>
              {cell ? (
                <Tag closable onClose={() => setFilter({ l: undefined, i: undefined })} color="geekblue">
                  {t('risks.cellFilter', { l: cell.likelihood, i: cell.impact })}
                </Tag>
              ) : null}
              {filtered ? (
                <Button
                  onClick={() => {
                    setQText('');
                    setFilter({ category: undefined, level: undefined, status: undefined, overdue: undefined, q: undefined, l: undefined, i: undefined });
                  }}
                >
                  {t('common.reset')}
                </Button>
              ) : null}
            </Space>
          </Col>
        </Row>
        <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
          <ImportExportBar
            kind="risks"
            title={t('risks.importTitle')}
            orgId={orgId}
            canImport={can('import.run') && can('risk.manage')}
            canExport={can('org.read')}
            onImported={() => void qc.invalidateQueries({ queryKey: risksKeys.all })}
          />
          <Space>
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void qc.invalidateQueries({ queryKey: risksKeys.all })} />
            {can('risk.manage') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="risk-create">
                {t('risks.create')}
              </Button>
            ) : null}
          </Space>
        </Space>
        {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
        <Table<RiskView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1110 }}
          rowClassName={(r) => (r.overdueReview ? 'tz-row-overdue' : '')}
          onRow={(r) => ({ onDoubleClick: () => set({ risk: r.id }) })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('risks.emptyFiltered') : t('risks.empty')} /> }}
          onChange={(pg, _f, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = s?.order ? String(s.columnKey) : 'code';
              const sort = s?.order === 'descend' ? `-${key}` : key;
              set({ sort: sort === 'code' ? undefined : sort, page: undefined });
            } else if (extra.action === 'paginate') {
              const size = pg.pageSize ?? query.pageSize;
              set({ page: size === query.pageSize && pg.current !== 1 ? pg.current : undefined, size: size === 20 ? undefined : size });
            }
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
          }}
          data-testid="risk-table"
        />
      </Card>
    </Space>
  );
}
