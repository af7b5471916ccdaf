import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ImportExportBar } from '../../components/ImportExportBar.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import {
  CATEGORY_COLORS,
  DISCLOSURE_CATEGORY_LIST,
  type DisclosureCategory,
  type DisclosureQuery,
  type DisclosureView,
  chinaToday,
  publicityApi,
  publicityKeys,
  yearOptions,
} from './api.ts';
import { ExtLink, useDefaultOrg, useFixedRight, usePaging } from './common.tsx';
import { DisclosureFormDrawer, type DisclosureTarget } from './DisclosureFormDrawer.tsx';
import { MissingPanel } from './MissingPanel.tsx';

interface Filters {
  orgId?: number;
  year?: number;
  category?: DisclosureCategory;
}

/** 党务政务公开: the disclosure register, the yearly required items still missing, import and export. */
export function DisclosuresTab() {
  const { t } = useTranslation();
  const fixedRight = useFixedRight();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const def = useDefaultOrg();
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = usePaging(JSON.stringify(filters));
  const [target, setTarget] = useState<DisclosureTarget | null>(null);
  const query: DisclosureQuery = { ...paging, ...filters };
  const list = useQuery({
    queryKey: publicityKeys.disclosures(query),
    queryFn: ({ signal }) => publicityApi.disclosures(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const remove = useMutation({
    mutationFn: (d: DisclosureView) => publicityApi.deleteDisclosure(d.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(t('publicity.disclosure.deleted'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const canManage = can('disclosure.manage');
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const checkYear = filters.year ?? Number(chinaToday().slice(0, 4));
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  const columns: TableColumnsType<DisclosureView> = [
    { title: t('publicity.disclosure.date'), dataIndex: 'disclosedOn', width: 110 },
    {
      title: t('publicity.disclosure.category'),
      dataIndex: 'category',
      width: 110,
      render: (c: DisclosureCategory) => <Tag color={CATEGORY_COLORS[c]}>{t(`publicity.category.${c}`)}</Tag>,
    },
    {
      title: t('publicity.disclosure.title'),
      dataIndex: 'title',
      width: 340,
      render: (v: string, r) => (r.link ? <ExtLink href={r.link}>{v}</ExtLink> : v),
    },
    { title: t('publicity.disclosure.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('publicity.disclosure.channel'), dataIndex: 'channel', width: 150, ellipsis: true },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 140,
            fixed: fixedRight,
            render: (_: unknown, d: DisclosureView) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', disclosure: d })}>
                  {t('publicity.edit')}
                </Button>
                <Popconfirm
                  title={t('publicity.disclosure.deleteConfirm')}
                  description={<Typography.Text style={{ maxWidth: 260, display: 'block' }}>{d.title}</Typography.Text>}
                  okText={t('publicity.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutateAsync(d).catch(() => {})}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={remove.isPending && remove.variables?.id === d.id}>
                    {t('publicity.delete')}
                  </Button>
                </Popconfirm>
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
            <OrgPicker value={filters.orgId ?? null} onChange={(v) => set({ orgId: v ?? undefined })} placeholder={t('publicity.allOrgs')} />
          </div>
          <Select<number>
            allowClear
            placeholder={t('publicity.allYears')}
            value={filters.year}
            onChange={(year) => set({ year: year ?? undefined })}
            options={yearOptions().map((y) => ({ value: y, label: t('publicity.yearN', { year: y }) }))}
            style={{ width: 120 }}
            aria-label={t('publicity.year')}
            data-testid="disclosure-year"
          />
          <Select<DisclosureCategory>
            allowClear
            placeholder={t('publicity.disclosure.allCategories')}
            value={filters.category}
            onChange={(category) => set({ category: category ?? undefined })}
            options={DISCLOSURE_CATEGORY_LIST.map((c) => ({ value: c, label: t(`publicity.category.${c}`) }))}
            style={{ width: 140 }}
            aria-label={t('publicity.disclosure.category')}
          />
          {filtered ? <Button onClick={() => setFilters({})}>{t('common.reset')}</Button> : null}
        </div>
        <Space wrap size={8}>
          <ImportExportBar
            kind="disclosures"
            title={t('publicity.disclosure.importTitle')}
            orgId={filters.orgId}
            canImport={can('import.run')}
            canExport={can('org.read')}
            onImported={() => void qc.invalidateQueries({ queryKey: publicityKeys.all })}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
          {canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setTarget({ mode: 'create', orgId: filters.orgId ?? null })}
              data-testid="disclosure-create"
            >
              {t('publicity.disclosure.create')}
            </Button>
          ) : null}
        </Space>
      </div>
      <MissingPanel orgId={filters.orgId ?? def.orgId} year={checkYear} onRecord={(orgId, category) => setTarget({ mode: 'create', orgId, category })} />
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<DisclosureView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('publicity.emptyFiltered') : t('publicity.disclosure.empty')} />,
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
        data-testid="disclosures-table"
      />
      <DisclosureFormDrawer
        target={target}
        onClose={() => setTarget(null)}
        onReload={async (id) => {
          const fresh = await qc.fetchQuery({ queryKey: publicityKeys.disclosures(query), queryFn: () => publicityApi.disclosures(query), staleTime: 0 });
          const d = fresh.items.find((x) => x.id === id);
          if (d) setTarget({ mode: 'edit', disclosure: d });
          else {
            message.warning(t('publicity.disclosure.gone'));
            setTarget(null);
          }
        }}
      />
    </>
  );
}
