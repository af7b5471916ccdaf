import { EditOutlined, FileAddOutlined, LinkOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Select, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { POSITION_KIND_LIST, type PositionKind, type PositionQuery, type PositionView, publicityApi, publicityKeys } from './api.ts';
import { ExtLink, useFixedRight } from './common.tsx';
import { PositionFormDrawer, type PositionTarget } from './PositionFormDrawer.tsx';

const KIND_COLORS: Record<PositionKind, string> = {
  wechat: 'green',
  website: 'blue',
  notice_board: 'orange',
  screen: 'purple',
  lecture_series: 'magenta',
  student_club: 'cyan',
};

interface Props {
  /** 投稿: start a content item for this position. */
  onNewContent: (position: PositionView) => void;
  /** Show this position's items in the review list. */
  onShowContent: (position: PositionView) => void;
}

/** 阵地: every channel in reach with its owner and review rule; reviewers register and edit them. */
export function PositionsTab({ onNewContent, onShowContent }: Props) {
  const { t } = useTranslation();
  const fixedRight = useFixedRight();
  const can = useCan();
  const qc = useQueryClient();
  const [query, setQuery] = useState<PositionQuery>({ page: 1, pageSize: 20 });
  const [target, setTarget] = useState<PositionTarget | null>(null);
  const list = useQuery({
    queryKey: publicityKeys.positions(query),
    queryFn: ({ signal }) => publicityApi.positions(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const set = (patch: Partial<PositionQuery>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  const filtered = query.orgId !== undefined || query.kind !== undefined;
  const canEdit = can('content.review');
  const canSubmit = can('content.submit');

  const columns: TableColumnsType<PositionView> = [
    {
      title: t('publicity.position.name'),
      dataIndex: 'name',
      width: 220,
      render: (name: string, p) => (
        <Space size={4} wrap>
          <Typography.Text strong>{name}</Typography.Text>
          {p.url ? (
            <ExtLink href={p.url}>
              <LinkOutlined aria-label={t('publicity.position.url')} />
            </ExtLink>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('publicity.position.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: PositionKind) => <Tag color={KIND_COLORS[k]}>{t(`publicity.kind.${k}`)}</Tag>,
    },
    { title: t('publicity.org'), dataIndex: 'orgName', width: 170, ellipsis: true },
    {
      title: t('publicity.position.owner'),
      dataIndex: 'ownerName',
      width: 100,
      render: (v: string | null) => v ?? <Typography.Text type="warning">{t('publicity.position.noOwner')}</Typography.Text>,
    },
    {
      title: t('publicity.position.reviewRule'),
      dataIndex: 'reviewRule',
      width: 160,
      render: (r: PositionView['reviewRule']) => (
        <Tooltip title={t(`publicity.ruleHint.${r}`)}>
          <Tag color={r === 'three_step_before_event' ? 'volcano' : 'geekblue'}>{t(`publicity.rule.${r}`)}</Tag>
        </Tooltip>
      ),
    },
    {
      title: t('publicity.position.counts'),
      key: 'counts',
      width: 130,
      render: (_: unknown, p) => (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => onShowContent(p)}>
          <Space size={8}>
            <span>{t('publicity.position.publishedN', { n: p.published })}</span>
            {p.inReview ? <Badge count={p.inReview} title={t('publicity.position.inReviewN', { n: p.inReview })} color="blue" /> : null}
          </Space>
        </Button>
      ),
    },
    {
      title: t('publicity.status'),
      dataIndex: 'active',
      width: 80,
      render: (a: boolean) => (a ? <Tag color="success">{t('publicity.position.inUse')}</Tag> : <Tag>{t('publicity.position.disabled')}</Tag>),
    },
    ...(canEdit || canSubmit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            fixed: fixedRight,
            render: (_: unknown, p: PositionView) => (
              <Space size={0} wrap>
                {canSubmit && p.active ? (
                  <Button type="link" size="small" icon={<FileAddOutlined />} onClick={() => onNewContent(p)}>
                    {t('publicity.position.newContent')}
                  </Button>
                ) : null}
                {canEdit ? (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', position: p })}>
                    {t('publicity.edit')}
                  </Button>
                ) : null}
              </Space>
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
            <OrgPicker value={query.orgId ?? null} onChange={(v) => set({ orgId: v ?? undefined })} placeholder={t('publicity.allOrgs')} />
          </div>
          <Select<PositionKind>
            allowClear
            placeholder={t('publicity.position.allKinds')}
            value={query.kind}
            onChange={(kind) => set({ kind: kind ?? undefined })}
            options={POSITION_KIND_LIST.map((k) => ({ value: k, label: t(`publicity.kind.${k}`) }))}
            style={{ width: 150 }}
            aria-label={t('publicity.position.kind')}
          />
          {filtered ? <Button onClick={() => setQuery({ page: 1, pageSize: query.pageSize })}>{t('common.reset')}</Button> : null}
        </div>
        <Space wrap size={8}>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
          {canEdit ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setTarget({ mode: 'create', orgId: query.orgId ?? null })}
              data-testid="position-create"
            >
              {t('publicity.position.create')}
            </Button>
          ) : null}
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<PositionView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('publicity.emptyFiltered') : t('publicity.position.empty')} />,
        }}
        onChange={(pg) => {
          const pageSize = pg.pageSize ?? query.pageSize;
          setQuery((q) => ({ ...q, page: pageSize === q.pageSize ? (pg.current ?? 1) : 1, pageSize }));
        }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        data-testid="positions-table"
      />
      <PositionFormDrawer
        target={target}
        onClose={() => setTarget(null)}
        onReload={async (id) => {
          const fresh = await qc.fetchQuery({ queryKey: publicityKeys.position(id), queryFn: () => publicityApi.position(id), staleTime: 0 });
          setTarget({ mode: 'edit', position: fresh });
        }}
      />
    </>
  );
}
