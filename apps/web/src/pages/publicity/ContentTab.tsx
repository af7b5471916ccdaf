import { AuditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Empty, Segmented, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { CONTENT_STAGE_LIST, type ContentQuery, type ContentStage, type ContentSummary, STAGE_STEP, chinaDate, publicityApi, publicityKeys } from './api.ts';
import { EventTag, ExtLink, StageTag, useFixedRight, usePaging } from './common.tsx';
import { PublishLogView } from './PublishLogView.tsx';

export type ContentView = 'review' | 'all' | 'log';

export interface ContentFilters {
  orgId?: number;
  positionId?: number;
  stage?: ContentStage;
}

interface Props {
  view: ContentView;
  onView: (v: ContentView) => void;
  filters: ContentFilters;
  onFilters: (f: ContentFilters) => void;
  onOpen: (id: number) => void;
  onCreate: () => void;
}

/** 内容审核: what awaits the user's review step, every item with its stage, and the publish log. */
export function ContentTab({ view, onView, filters, onFilters, onOpen, onCreate }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const canReview = can('content.review');
  // The waiting count for the switcher, so reviewers see work without opening the list.
  const waiting = useQuery({
    queryKey: publicityKeys.content({ page: 1, pageSize: 1, mine: '1' }),
    queryFn: ({ signal }) => publicityApi.content({ page: 1, pageSize: 1, mine: '1' }, signal),
    enabled: canReview,
    staleTime: 0,
  });
  return (
    <>
      <Segmented<ContentView>
        value={view}
        onChange={onView}
        style={{ marginBottom: 12 }}
        options={[
          ...(canReview
            ? [
                {
                  value: 'review' as const,
                  label: (
                    <Space size={6}>
                      {t('publicity.content.viewReview')}
                      <Badge count={waiting.data?.total ?? 0} size="small" showZero={false} />
                    </Space>
                  ),
                },
              ]
            : []),
          { value: 'all', label: t('publicity.content.viewAll') },
          { value: 'log', label: t('publicity.content.viewLog') },
        ]}
        data-testid="content-views"
      />
      {view === 'log' ? (
        <PublishLogView onOpen={onOpen} />
      ) : (
        <ContentList mine={view === 'review'} filters={filters} onFilters={onFilters} onOpen={onOpen} onCreate={onCreate} />
      )}
    </>
  );
}

interface ListProps {
  mine: boolean;
  filters: ContentFilters;
  onFilters: (f: ContentFilters) => void;
  onOpen: (id: number) => void;
  onCreate: () => void;
}

function ContentList({ mine, filters, onFilters, onOpen, onCreate }: ListProps) {
  const { t } = useTranslation();
  const fixedRight = useFixedRight();
  const can = useCan();
  const [paging, setPaging] = usePaging(`${mine}:${JSON.stringify(filters)}`);
  const query: ContentQuery = { ...paging, ...filters, ...(mine ? { mine: '1' as const, stage: undefined } : {}) };
  const list = useQuery({
    queryKey: publicityKeys.content(query),
    queryFn: ({ signal }) => publicityApi.content(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const positions = useQuery({
    queryKey: publicityKeys.positionOptions(filters.orgId ?? null),
    queryFn: ({ signal }) => publicityApi.positionOptions(filters.orgId ?? null, signal),
    staleTime: 60_000,
  });
  const filtered = filters.orgId !== undefined || filters.positionId !== undefined || (!mine && filters.stage !== undefined);

  const columns: TableColumnsType<ContentSummary> = [
    {
      title: t('publicity.content.title'),
      dataIndex: 'title',
      width: 280,
      render: (v: string, r) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
          onClick={() => onOpen(r.id)}
          data-testid="content-title-link"
        >
          {v}
        </Button>
      ),
    },
    { title: t('publicity.content.position'), dataIndex: 'positionName', width: 180, ellipsis: true },
    { title: t('publicity.org'), dataIndex: 'orgName', width: 170, ellipsis: true },
    {
      title: mine ? t('publicity.content.yourStep') : t('publicity.status'),
      dataIndex: 'stage',
      width: 130,
      render: (s: ContentStage, r) => <StageTag stage={s} round={r.round} />,
    },
    {
      title: t('publicity.content.eventDate'),
      dataIndex: 'eventDate',
      width: 170,
      render: (d: string | null, r) =>
        d ? (
          <Space size={4} wrap>
            {d}
            <EventTag item={r} />
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      title: t('publicity.content.publishedAt'),
      dataIndex: 'publishedAt',
      width: 120,
      render: (v: string | null, r) => {
        if (!v) return t('common.none');
        return r.link ? <ExtLink href={r.link}>{chinaDate(v)}</ExtLink> : chinaDate(v);
      },
    },
    ...(mine
      ? [
          {
            title: t('common.actions'),
            key: 'act',
            width: 100,
            fixed: fixedRight,
            render: (_: unknown, r: ContentSummary) => (
              <Button size="small" type="primary" ghost icon={<AuditOutlined />} onClick={() => onOpen(r.id)} data-testid="content-review-open">
                {t(`publicity.step.${STAGE_STEP[r.stage] ?? 1}`)}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="tz-pub-toolbar">
        <div className="tz-pub-filters">
          <div className="tz-pub-org">
            <OrgPicker
              value={filters.orgId ?? null}
              onChange={(v) => onFilters({ ...filters, orgId: v ?? undefined, positionId: undefined })}
              placeholder={t('publicity.allOrgs')}
            />
          </div>
          <Select<number>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('publicity.content.allPositions')}
            value={filters.positionId}
            onChange={(positionId) => onFilters({ ...filters, positionId: positionId ?? undefined })}
            loading={positions.isLoading}
            options={(positions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
            aria-label={t('publicity.content.position')}
          />
          {mine ? null : (
            <Select<ContentStage>
              allowClear
              placeholder={t('publicity.content.allStages')}
              value={filters.stage}
              onChange={(stage) => onFilters({ ...filters, stage: stage ?? undefined })}
              options={CONTENT_STAGE_LIST.map((s) => ({ value: s, label: t(`publicity.stage.${s}`) }))}
              style={{ width: 140 }}
              aria-label={t('publicity.status')}
            />
          )}
          {filtered ? <Button onClick={() => onFilters({})}>{t('common.reset')}</Button> : null}
        </div>
        <Space wrap size={8}>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
          {can('content.submit') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid="content-create">
              {t('publicity.content.create')}
            </Button>
          ) : null}
        </Space>
      </div>
      {mine ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('publicity.content.reviewIntro')}
        </Typography.Paragraph>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<ContentSummary>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onDoubleClick: () => onOpen(r.id) })}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={mine ? t('publicity.content.emptyReview') : filtered ? t('publicity.emptyFiltered') : t('publicity.content.empty')}
            />
          ),
        }}
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
          size: 'small',
        }}
        data-testid="content-table"
      />
    </>
  );
}
