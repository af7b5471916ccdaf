import { AppstoreOutlined, DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Modal, Segmented, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../auth/session.ts';
import { ImportExportBar } from '../../../components/ImportExportBar.tsx';
import { ErrorAlert, useErrorMessage } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import { type HonourQuery, type HonourTarget, type HonourView, TARGETS, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, YearSelect, useDevParams, useOrgParam } from '../common.tsx';
import { CategoriesModal } from './CategoriesModal.tsx';
import { HonourFormModal, type HonourTargetState } from './HonourFormModal.tsx';
import { HonourStatsPanel } from './HonourStatsPanel.tsx';

interface Filters {
  allYears: boolean;
  category?: string;
  targetType?: HonourTarget;
}

function HonourList({ initialCategory }: { initialCategory?: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const [modal, modalHolder] = Modal.useModal();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('honour.manage');
  const { year, set } = useDevParams();
  const { orgId } = useOrgParam();
  const [filters, setFilters] = useState<Filters>({ allYears: false, category: initialCategory });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [target, setTarget] = useState<HonourTargetState | null>(null);
  const [catsOpen, setCatsOpen] = useState(false);
  const categories = useQuery({ queryKey: devKeys.honourCategories, queryFn: ({ signal }) => devApi.honourCategories(signal), staleTime: 5 * 60_000 });

  const query: HonourQuery = {
    ...paging,
    orgId: orgId ?? undefined,
    year: filters.allYears ? undefined : year,
    category: filters.category,
    targetType: filters.targetType,
  };
  const list = useQuery({
    queryKey: devKeys.honours(query),
    queryFn: ({ signal }) => devApi.honours(query, signal),
    placeholderData: keepPreviousData,
    enabled: orgId !== null,
  });
  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const remove = useMutation({
    mutationFn: (id: number) => devApi.deleteHonour(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.common.deleted'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const confirmDelete = (h: HonourView) =>
    modal.confirm({
      title: t('development.common.delete'),
      content: t('development.honours.deleteConfirm', { target: h.personName ?? h.orgName ?? '', category: h.categoryName }),
      okText: t('development.common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(h.id),
    });
  const reload = async (id: number) => {
    try {
      setTarget({ mode: 'edit', honour: await devApi.honour(id) });
    } catch (err) {
      message.error(errorMessage(err));
      setTarget(null);
    }
  };

  const columns: TableColumnsType<HonourView> = [
    { title: t('development.common.year'), dataIndex: 'year', width: 70 },
    { title: t('development.honours.category'), dataIndex: 'categoryName', width: 150 },
    {
      title: t('development.honours.target'),
      key: 'target',
      width: 250,
      render: (_: unknown, h) => (
        <Space size={4} wrap>
          {h.targetType === 'person' && h.personId ? (
            <Button type="link" style={{ padding: 0 }} onClick={() => set({ person: h.personId })}>
              {h.personName}
            </Button>
          ) : (
            <span>{h.orgName ?? h.personName ?? t('common.none')}</span>
          )}
          <Tag>{t(`development.target.${h.targetType}`)}</Tag>
          {h.isDemo ? <Tag color="gold">{t('development.common.demo')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('development.honours.awardedOn'), dataIndex: 'awardedOn', width: 110, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('development.honours.awardingBody'),
      dataIndex: 'awardingBody',
      width: 200,
      ellipsis: true,
      render: (v: string | null) => v ?? t('common.none'),
    },
    { title: t('development.honours.citation'), dataIndex: 'citation', ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
    ...(canManage
      ? [
          {
            title: t('development.common.actions'),
            key: 'actions',
            width: 110,
            fixed: 'right' as const,
            render: (_: unknown, h: HonourView) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', honour: h })}>
                  {t('development.common.edit')}
                </Button>
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => confirmDelete(h)}
                  aria-label={t('development.common.delete')}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  const filtered = !!filters.category || !!filters.targetType || filters.allYears;
  return (
    <div>
      {modalHolder}
      <div className="tz-dev-toolbar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={orgId} onChange={(v) => set({ org: v })} aria-label={t('development.common.org')} />
          <YearSelect
            value={filters.allYears ? null : year}
            allowClear
            onChange={(y) => {
              if (y) set({ year: y });
              setFilter({ allYears: y === null });
            }}
          />
          <Select<string>
            allowClear
            value={filters.category}
            onChange={(v) => setFilter({ category: v ?? undefined })}
            placeholder={t('development.honours.category')}
            aria-label={t('development.honours.category')}
            options={(categories.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
            style={{ width: 170 }}
          />
          <Select<HonourTarget>
            allowClear
            value={filters.targetType}
            onChange={(v) => setFilter({ targetType: v ?? undefined })}
            placeholder={t('development.honours.targetType')}
            aria-label={t('development.honours.targetType')}
            options={TARGETS.map((x) => ({ value: x, label: t(`development.target.${x}`) }))}
            style={{ width: 120 }}
          />
          {filtered ? <Button onClick={() => setFilter({ allYears: false, category: undefined, targetType: undefined })}>{t('common.reset')}</Button> : null}
        </Space>
        <Space wrap size={8}>
          <Button icon={<AppstoreOutlined />} onClick={() => setCatsOpen(true)}>
            {t('development.honours.categories')}
          </Button>
          <ImportExportBar
            kind="honours"
            title={t('development.honours.importTitle')}
            orgId={orgId}
            canImport={can('import.run')}
            canExport={can('org.read')}
            onImported={() => void qc.invalidateQueries({ queryKey: devKeys.all })}
          />
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', year })} data-testid="dev-honour-create">
              {t('development.honours.create')}
            </Button>
          ) : null}
          <Button icon={<ReloadOutlined />} aria-label={t('development.common.refresh')} onClick={() => void list.refetch()} />
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<HonourView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 1050 }}
          onChange={(pg) => setPaging({ page: pg.pageSize === paging.pageSize ? (pg.current ?? 1) : 1, pageSize: pg.pageSize ?? 20 })}
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            size: 'small',
          }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('development.honours.emptyFiltered') : t('development.honours.empty')} />
            ),
          }}
          data-testid="dev-honours"
        />
      </Card>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('development.honours.listHint')}
      </Typography.Paragraph>
      <HonourFormModal target={target} onClose={() => setTarget(null)} onReload={reload} />
      <CategoriesModal open={catsOpen} onClose={() => setCatsOpen(false)} />
    </div>
  );
}

/** 表彰: the honours list (filters, create, edit, delete, import/export), categories, and the stats by category. */
export function HonoursTab() {
  const { t } = useTranslation();
  const { sub, set } = useDevParams();
  const [category, setCategory] = useState<string | undefined>();
  const current = sub === 'stats' ? 'stats' : 'list';
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Segmented<'list' | 'stats'>
          value={current}
          onChange={(v) => set({ sub: v === 'stats' ? 'stats' : null }, true)}
          options={[
            { value: 'list', label: t('development.honours.list') },
            { value: 'stats', label: t('development.honours.byCategory') },
          ]}
        />
      </Space>
      {current === 'list' ? (
        <HonourList key={category ?? ''} initialCategory={category} />
      ) : (
        <HonourStatsPanel
          onPickCategory={(code) => {
            setCategory(code);
            set({ sub: null }, true);
          }}
        />
      )}
    </div>
  );
}
