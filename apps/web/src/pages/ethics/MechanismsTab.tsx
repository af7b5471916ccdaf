import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Input, Popconfirm, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ImportExportBar } from '../../components/ImportExportBar.tsx';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type EthicsMechanismView, MECHANISM_IMPORT_KIND, type MechanismQuery, ethicsApi, ethicsKeys } from './api.ts';
import { CoverageCard } from './CoverageCard.tsx';
import { MechanismFormDrawer, type MechanismTarget } from './MechanismFormDrawer.tsx';

type InForce = 'current' | 'ended' | 'future';

function inForce(m: EthicsMechanismView, today: string): InForce {
  if (m.effectiveFrom > today) return 'future';
  if (m.effectiveTo !== null && m.effectiveTo < today) return 'ended';
  return 'current';
}

const FORCE_COLORS: Record<InForce, string> = { current: 'success', ended: 'default', future: 'processing' };

/** 学习制度: coverage of the year, then every mechanism under the unit, with import/export and CRUD. */
export function MechanismsTab({ orgId, year }: { orgId: number; year: number }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('ethics.manage');
  const [onlyYear, setOnlyYear] = useState(false);
  const [qText, setQText] = useState('');
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [target, setTarget] = useState<MechanismTarget | null>(null);
  const today = dayjs().format('YYYY-MM-DD');

  const query: MechanismQuery = { ...paging, orgId, year: onlyYear ? year : undefined, q: q || undefined };
  const list = useQuery({
    queryKey: ethicsKeys.mechanismList(query),
    queryFn: ({ signal }) => ethicsApi.mechanisms(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const remove = useMutation({
    mutationFn: (m: EthicsMechanismView) => ethicsApi.removeMechanism(m.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ethicsKeys.mechanisms });
      message.success(t('ethics.mech.deleted'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<EthicsMechanismView> = [
    {
      title: t('ethics.mech.name'),
      dataIndex: 'name',
      width: 260,
      render: (v: string, m) => (
        <Space size={4} wrap>
          <Typography.Text strong>{v}</Typography.Text>
          {m.isDemo ? <Tag color="gold">{t('ethics.demo')}</Tag> : null}
          {m.importBatch ? <Tag>{t('ethics.mech.imported')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('ethics.mech.org'), dataIndex: 'orgName', width: 180, ellipsis: true },
    { title: t('ethics.mech.from'), dataIndex: 'effectiveFrom', width: 110 },
    {
      title: t('ethics.mech.to'),
      dataIndex: 'effectiveTo',
      width: 110,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('ethics.mech.openEnded')}</Typography.Text>,
    },
    {
      title: t('ethics.mech.status'),
      key: 'status',
      width: 90,
      render: (_: unknown, m) => {
        const s = inForce(m, today);
        return <Tag color={FORCE_COLORS[s]}>{t(`ethics.mech.force.${s}`)}</Tag>;
      },
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, m: EthicsMechanismView) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', mechanism: m })}>
                  {t('ethics.edit')}
                </Button>
                <Popconfirm
                  title={t('ethics.mech.deleteTitle')}
                  description={t('ethics.mech.deleteConfirm', { name: m.name })}
                  okText={t('ethics.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutateAsync(m).catch(() => {})}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    {t('ethics.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const filtered = onlyYear || !!q;
  return (
    <div>
      <CoverageCard orgId={orgId} year={year} onCreateFor={canManage ? (id) => setTarget({ mode: 'create', orgId: id }) : undefined} />
      <div className="tz-ethics-toolbar">
        <Space wrap size={8} className="tz-ethics-filters">
          <Input.Search
            allowClear
            maxLength={100}
            value={qText}
            placeholder={t('ethics.mech.searchPlaceholder')}
            aria-label={t('ethics.mech.searchPlaceholder')}
            onChange={(e) => {
              setQText(e.target.value);
              if (!e.target.value) {
                setQ('');
                setPaging((p) => ({ ...p, page: 1 }));
              }
            }}
            onSearch={(v) => {
              setQ(v.trim());
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            className="tz-ethics-filter"
          />
          <Segmented<'all' | 'year'>
            value={onlyYear ? 'year' : 'all'}
            onChange={(v) => {
              setOnlyYear(v === 'year');
              setPaging((p) => ({ ...p, page: 1 }));
            }}
            options={[
              { value: 'all', label: t('ethics.mech.showAll') },
              { value: 'year', label: t('ethics.mech.showYear', { year }) },
            ]}
          />
        </Space>
        <Space wrap size={8}>
          <ImportExportBar
            kind={MECHANISM_IMPORT_KIND}
            title={t('ethics.mech.importTitle')}
            orgId={orgId}
            canImport={can('import.run') && canManage}
            canExport={can('org.read')}
            onImported={() => void qc.invalidateQueries({ queryKey: ethicsKeys.mechanisms })}
          />
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create', orgId: null })} data-testid="mechanism-create">
              {t('ethics.mech.create')}
            </Button>
          ) : null}
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} title={t('common.refresh')} onClick={() => void list.refetch()} />
        </Space>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<EthicsMechanismView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        expandable={{
          rowExpandable: (m) => !!m.content,
          expandedRowRender: (m) => <Typography.Paragraph className="tz-ethics-content">{m.content}</Typography.Paragraph>,
        }}
        onChange={(pg) => setPaging({ page: pg.pageSize !== paging.pageSize ? 1 : (pg.current ?? 1), pageSize: pg.pageSize ?? 20 })}
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
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('ethics.mech.emptyFiltered') : t('ethics.mech.empty')} />,
        }}
        data-testid="mechanism-table"
      />
      <MechanismFormDrawer target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
