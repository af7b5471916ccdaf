import { DownloadOutlined, EyeOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Input, Popconfirm, Select, Space, Spin, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { download } from '../../components/files.ts';
import { CASE_STAGES, type CaseQuery, type CaseStage, type EthicsCaseView, STAGE_COLORS, ethicsApi, ethicsKeys, isNoAccess, lastStageDate } from './api.ts';
import { CaseCounts } from './CaseCounts.tsx';
import { CaseDrawer } from './CaseDrawer.tsx';
import { CaseFormDrawer, type CaseFormTarget } from './CaseFormDrawer.tsx';
import { NoAccess } from './NoAccess.tsx';

function ExportCases() {
  const { t } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  return (
    <Popconfirm
      title={t('ethics.cases.exportTitle')}
      description={t('ethics.cases.exportConfirm')}
      okText={t('ethics.cases.export')}
      cancelText={t('common.cancel')}
      onConfirm={async () => {
        setBusy(true);
        try {
          await download('/api/v1/ethics/cases/export', { fallback: 'ethics-cases.csv' });
        } catch (err) {
          message.error(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy}>
        {t('ethics.cases.export')}
      </Button>
    </Popconfirm>
  );
}

/**
 * 问题线索: everyone with ethics.read sees the year's numbers; the list itself only for ethics.case holders and for
 * the handlers of a case (the server answers everyone else with nothing), and then every row shown is an audited read.
 */
export function CasesTab({ orgId, year }: { orgId: number; year: number }) {
  const { t } = useTranslation();
  const can = useCan();
  const canCase = can('ethics.case');
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('case')) || null;
  const openCase = (id: number | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id === null) next.delete('case');
        else next.set('case', String(id));
        return next;
      },
      { replace: true },
    );
  const [filters, setFilters] = useState<{ orgId: number | null; stage: CaseStage | null; q: string }>({ orgId: null, stage: null, q: '' });
  const [qText, setQText] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [form, setForm] = useState<CaseFormTarget | null>(null);
  // A handler without ethics.case learns that they may see cases from the first answer that has any.
  const [seenAny, setSeenAny] = useState(false);

  const query: CaseQuery = { ...paging, orgId: filters.orgId ?? undefined, stage: filters.stage ?? undefined, q: filters.q || undefined };
  const list = useQuery({
    queryKey: ethicsKeys.caseList(query),
    queryFn: ({ signal }) => ethicsApi.cases(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    retry: (n, err) => !isNoAccess(err) && n < 2,
  });
  useEffect(() => {
    if (list.data && list.data.total > 0) setSeenAny(true);
  }, [list.data]);
  const setFilter = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const showList = (canCase || seenAny) && !isNoAccess(list.error);
  const columns: TableColumnsType<EthicsCaseView> = [
    { title: t('ethics.case.clueOn'), dataIndex: 'clueOn', width: 110 },
    {
      title: t('ethics.case.person'),
      dataIndex: 'personName',
      width: 110,
      render: (v: string, c) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => openCase(c.id)}>
          {v}
        </Button>
      ),
    },
    { title: t('ethics.case.org'), dataIndex: 'orgName', width: 170, ellipsis: true },
    { title: t('ethics.case.code'), dataIndex: 'codeName', width: 150, ellipsis: true },
    {
      title: t('ethics.case.stage'),
      dataIndex: 'stage',
      width: 100,
      render: (s: CaseStage) => <Tag color={STAGE_COLORS[s]}>{t(`ethics.stage.${s}`)}</Tag>,
    },
    { title: t('ethics.case.lastDate'), key: 'last', width: 110, render: (_: unknown, c) => lastStageDate(c) },
    {
      title: t('ethics.case.handlers'),
      key: 'handlers',
      width: 150,
      ellipsis: true,
      render: (_: unknown, c) => [...c.handlerPersons, ...c.handlerUsers].map((h) => h.name).join(t('ethics.sep')) || t('common.none'),
    },
    {
      title: t('common.actions'),
      key: 'open',
      width: 90,
      fixed: 'right',
      render: (_: unknown, c) => (
        <Button size="small" icon={<EyeOutlined />} onClick={() => openCase(c.id)}>
          {t('ethics.case.open')}
        </Button>
      ),
    },
  ];

  const filtered = !!(filters.orgId || filters.stage || filters.q);
  return (
    <div>
      <CaseCounts orgId={orgId} year={year} />
      {list.isPending && !canCase ? <Spin style={{ display: 'block', margin: '24px auto' }} /> : null}
      {!showList && (list.isSuccess || isNoAccess(list.error)) ? <NoAccess /> : null}
      {list.error && !isNoAccess(list.error) ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      {showList ? (
        <>
          <div className="tz-ethics-toolbar">
            <Space wrap size={8} className="tz-ethics-filters">
              <div className="tz-ethics-filter">
                <OrgPicker value={filters.orgId} onChange={(v) => setFilter({ orgId: v })} placeholder={t('ethics.cases.allOrgs')} />
              </div>
              <Select<CaseStage>
                allowClear
                placeholder={t('ethics.cases.allStages')}
                value={filters.stage ?? undefined}
                onChange={(v) => setFilter({ stage: v ?? null })}
                options={CASE_STAGES.map((s) => ({ value: s, label: t(`ethics.stage.${s}`) }))}
                className="tz-ethics-filter narrow"
                aria-label={t('ethics.case.stage')}
              />
              <Input.Search
                allowClear
                maxLength={100}
                value={qText}
                placeholder={t('ethics.cases.searchPlaceholder')}
                aria-label={t('ethics.cases.searchPlaceholder')}
                onChange={(e) => {
                  setQText(e.target.value);
                  if (!e.target.value) setFilter({ q: '' });
                }}
                onSearch={(v) => setFilter({ q: v.trim() })}
                className="tz-ethics-filter"
              />
            </Space>
            <Space wrap size={8}>
              <ExportCases />
              {canCase ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create', orgId: null })}>
                  {t('ethics.case.create')}
                </Button>
              ) : null}
              <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} title={t('common.refresh')} onClick={() => void list.refetch()} />
            </Space>
          </div>
          <Typography.Paragraph type="secondary" className="tz-ethics-audit-note">
            <EyeOutlined /> {t('ethics.cases.auditNote')}
          </Typography.Paragraph>
          <Table<EthicsCaseView>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(c) => ({ onDoubleClick: () => openCase(c.id) })}
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
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('ethics.cases.emptyFiltered') : t('ethics.cases.empty')} />,
            }}
            data-testid="case-table"
          />
        </>
      ) : null}
      <CaseDrawer id={openId} onClose={() => openCase(null)} onEdit={(c) => setForm({ mode: 'edit', case: c })} />
      <CaseFormDrawer
        target={form}
        onClose={() => setForm(null)}
        onSaved={(c) => {
          setForm(null);
          openCase(c.id);
        }}
      />
    </div>
  );
}
