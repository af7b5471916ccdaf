import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Input, Row, Segmented, Select, Space, Statistic, Switch, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../auth/session.ts';
import { ImportExportBar } from '../../../components/ImportExportBar.tsx';
import { ErrorAlert } from '../../../components/errors.tsx';
import dayjs from '../../../i18n/dayjs.ts';
import { DUAL_FLAGS, type DevelopmentStage, type DualFlagKind, PIPELINE_STAGES, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, day, useDevParams, useOrgParam } from '../common.tsx';
import { BoardBranches } from './BoardBranches.tsx';
import { BoardList } from './BoardList.tsx';

type PipelineStage = Exclude<DevelopmentStage, 'full'>;
type DualFilter = DualFlagKind | 'any';

/** 发展看板: everybody on the way to full membership under an org, per branch or as a list, with what is due next. */
export function BoardTab() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const { date, sub, set } = useDevParams();
  const { orgId, loading: orgLoading } = useOrgParam();
  const view = sub === 'list' ? 'list' : 'branches';
  const [stage, setStage] = useState<PipelineStage | null>(null);
  const [dueOnly, setDueOnly] = useState(false);
  const [dual, setDual] = useState<DualFilter | null>(null);
  const [text, setText] = useState('');

  const board = useQuery({
    queryKey: devKeys.board(orgId ?? 0, date ?? undefined),
    queryFn: ({ signal }) => devApi.board(orgId ?? 0, date ?? undefined, signal),
    enabled: orgId !== null,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const all = board.data?.items ?? [];
  const items = useMemo(() => {
    const q = text.trim().toLowerCase();
    return all.filter(
      (it) =>
        (!stage || it.stage === stage) &&
        (!dueOnly || it.next?.due) &&
        (!dual || (dual === 'any' ? it.dualFlags.length > 0 : it.dualFlags.includes(dual))) &&
        (!q || it.name.toLowerCase().includes(q) || it.code.toLowerCase().includes(q)),
    );
  }, [all, stage, dueOnly, dual, text]);
  const dueCount = all.filter((it) => it.next?.due).length;
  const filtered = !!stage || dueOnly || !!dual || !!text.trim();
  const openPerson = (id: number) => set({ person: id });

  return (
    <div>
      <div className="tz-dev-toolbar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect
            value={orgId}
            onChange={(v) => set({ org: v })}
            placeholder={t('development.board.orgPlaceholder')}
            aria-label={t('development.common.org')}
          />
          <Tooltip title={t('development.board.asOfHint')}>
            <DatePicker
              value={date ? dayjs(date) : null}
              onChange={(d) => set({ date: day(d) })}
              placeholder={t('development.board.asOf')}
              aria-label={t('development.board.asOf')}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              style={{ width: 150 }}
            />
          </Tooltip>
          <Segmented<'branches' | 'list'>
            value={view}
            onChange={(v) => set({ sub: v === 'list' ? 'list' : null }, true)}
            options={[
              { value: 'branches', label: t('development.board.viewBranches') },
              { value: 'list', label: t('development.board.viewList') },
            ]}
          />
        </Space>
        <Space wrap size={8}>
          <ImportExportBar
            kind="development"
            title={t('development.board.importTitle')}
            orgId={orgId}
            canImport={can('import.run')}
            canExport={can('org.read')}
            onImported={() => void qc.invalidateQueries({ queryKey: devKeys.all })}
          />
          <Button icon={<ReloadOutlined />} aria-label={t('development.common.refresh')} onClick={() => void board.refetch()} />
        </Space>
      </div>

      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {PIPELINE_STAGES.map((s) => (
          <Col key={s} xs={12} sm={8} md={6} lg={4}>
            <button
              type="button"
              className={`tz-dev-count${stage === s ? ' is-active' : ''}`}
              onClick={() => setStage(stage === s ? null : s)}
              aria-pressed={stage === s}
              title={t('development.board.countsHint')}
            >
              <Statistic title={t(`development.stage.${s}`)} value={board.data?.counts[s] ?? 0} loading={board.isLoading || orgLoading} />
            </button>
          </Col>
        ))}
        <Col xs={24} sm={8} md={6} lg={4}>
          <button type="button" className={`tz-dev-count is-due${dueOnly ? ' is-active' : ''}`} onClick={() => setDueOnly(!dueOnly)} aria-pressed={dueOnly}>
            <Statistic title={t('development.board.dueCount')} value={dueCount} loading={board.isLoading || orgLoading} />
          </button>
        </Col>
      </Row>

      <div className="tz-dev-filters">
        <Select<PipelineStage>
          allowClear
          value={stage ?? undefined}
          onChange={(v) => setStage(v ?? null)}
          placeholder={t('development.board.stageFilter')}
          aria-label={t('development.board.stageFilter')}
          options={PIPELINE_STAGES.map((s) => ({ value: s, label: t(`development.stage.${s}`) }))}
          className="tz-dev-f-stage"
        />
        <Select<DualFilter>
          allowClear
          value={dual ?? undefined}
          onChange={(v) => setDual(v ?? null)}
          placeholder={t('development.board.dualFilter')}
          aria-label={t('development.board.dualFilter')}
          options={[{ value: 'any', label: t('development.board.dualAny') }, ...DUAL_FLAGS.map((k) => ({ value: k, label: t(`development.dualFlag.${k}`) }))]}
          className="tz-dev-f-dual"
        />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('development.board.searchName')}
          aria-label={t('development.board.searchName')}
          maxLength={50}
          className="tz-dev-f-text"
        />
        <Space size={6}>
          <Switch checked={dueOnly} onChange={setDueOnly} size="small" aria-label={t('development.board.dueOnly')} />
          <Typography.Text>{t('development.board.dueOnly')}</Typography.Text>
        </Space>
        {filtered ? (
          <Button
            size="small"
            onClick={() => {
              setStage(null);
              setDueOnly(false);
              setDual(null);
              setText('');
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
        {board.data ? (
          <Typography.Text type="secondary" className="tz-dev-asof">
            {t('development.board.asOfValue', { date: board.data.date })}
          </Typography.Text>
        ) : null}
      </div>

      {board.error ? <ErrorAlert error={board.error} onRetry={() => void board.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {orgId === null && !orgLoading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.common.pickOrg')} style={{ padding: 24 }} />
        ) : !board.isLoading && items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={filtered ? t('development.board.emptyFiltered') : t('development.board.empty')}
            style={{ padding: 24 }}
          />
        ) : view === 'list' ? (
          <BoardList items={items} onOpen={openPerson} loading={board.isFetching} />
        ) : (
          <BoardBranches items={items} onOpen={openPerson} loading={board.isFetching} />
        )}
      </Card>
    </div>
  );
}
