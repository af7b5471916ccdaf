import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Segmented, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { SPOT_CHECK_LEVELS, type SpotCheck, type SpotCheckLevel, type SpotCheckQuery, safetyApi, safetyKeys } from './api.ts';
import { DateText, SectionHeader, type TabScope, today } from './parts.tsx';
import { RectifyModal } from './RectifyModal.tsx';
import { SpotCheckFormDrawer, type SpotCheckTarget } from './SpotCheckFormDrawer.tsx';
import { SpotCheckSummaryTable } from './SpotCheckSummaryTable.tsx';

type View = 'summary' | 'list';

/** Rectification state of a check, in words (the colour only repeats it). */
function RectifyState({ c }: { c: SpotCheck }) {
  const { t } = useTranslation();
  if (c.rectifiedOn) return <Tag color="success">{t('safety.spot.rectifiedOnDate', { date: c.rectifiedOn })}</Tag>;
  if (!c.rectifyBy) return <Typography.Text type="secondary">{c.findings.trim() ? t('safety.spot.noDeadline') : t('safety.spot.noFindings')}</Typography.Text>;
  if (c.rectifyBy < today()) return <Tag color="error">{t('safety.spot.overdueSince', { date: c.rectifyBy })}</Tag>;
  return <Tag color="warning">{t('safety.spot.dueBy', { date: c.rectifyBy })}</Tag>;
}

/** 抽查: the school and bureau levels side by side per school, and the checks themselves with their rectification. */
export function SpotChecksTab({ orgId, year }: TabScope) {
  const { t } = useTranslation();
  const can = useCan();
  const canManage = can('safety.manage');
  const [view, setView] = useState<View>('summary');
  const [school, setSchool] = useState<{ id: number; name: string } | null>(null);
  const [level, setLevel] = useState<SpotCheckLevel | undefined>(undefined);
  const [openOnly, setOpenOnly] = useState(false);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [create, setCreate] = useState<SpotCheckTarget | null>(null);
  const [rectify, setRectify] = useState<SpotCheck | null>(null);

  const query: SpotCheckQuery = { ...paging, orgId: school?.id ?? orgId, year, level, open: openOnly ? '1' : undefined };
  const list = useQuery({
    queryKey: safetyKeys.spotChecks(query),
    queryFn: ({ signal }) => safetyApi.spotChecks(query, signal),
    placeholderData: keepPreviousData,
    enabled: view === 'list',
  });

  const columns: TableColumnsType<SpotCheck> = [
    { title: t('safety.spot.checkedOn'), dataIndex: 'checkedOn', width: 110, render: (v: string) => <DateText value={v} /> },
    {
      title: t('safety.spot.levelLabel'),
      dataIndex: 'level',
      width: 130,
      render: (v: SpotCheckLevel) => <Tag color={v === 'bureau' ? 'purple' : 'blue'}>{t(`safety.spot.level.${v}`)}</Tag>,
    },
    { title: t('safety.school'), dataIndex: 'orgName', width: 170, ellipsis: true },
    { title: t('safety.spot.checker'), dataIndex: 'checker', width: 140, ellipsis: true, responsive: ['md'] },
    { title: t('safety.spot.place'), dataIndex: 'place', width: 130, ellipsis: true },
    {
      title: t('safety.spot.findings'),
      dataIndex: 'findings',
      width: 240,
      ellipsis: { showTitle: true },
      render: (v: string) => (v.trim() ? v : <Typography.Text type="secondary">{t('safety.spot.noFindings')}</Typography.Text>),
    },
    { title: t('safety.spot.rectification'), key: 'rect', width: 170, render: (_: unknown, c) => <RectifyState c={c} /> },
    { title: t('safety.spot.result'), dataIndex: 'result', width: 180, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? t('common.none') },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, c: SpotCheck) =>
              c.findings.trim() && !c.rectifiedOn ? (
                <Button size="small" type="link" onClick={() => setRectify(c)}>
                  {t('safety.spot.rectify')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card size="small">
      <SectionHeader
        title={t('safety.spot.title')}
        extra={
          <>
            <Segmented<View>
              value={view}
              onChange={setView}
              options={[
                { value: 'summary', label: t('safety.spot.viewSummary') },
                { value: 'list', label: t('safety.spot.viewList') },
              ]}
            />
            {canManage ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreate({ level: 'school', orgId: school?.id ?? null })}
                data-testid="spot-create"
              >
                {t('safety.spot.create')}
              </Button>
            ) : null}
          </>
        }
      />
      {view === 'summary' ? (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('safety.spot.summaryHint', { year })}
          </Typography.Paragraph>
          <SpotCheckSummaryTable
            orgId={orgId}
            year={year}
            onOpen={(id, name, lv) => {
              setSchool({ id, name });
              setLevel(lv);
              setOpenOnly(false);
              setPaging((p) => ({ ...p, page: 1 }));
              setView('list');
            }}
          />
        </>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {school ? (
              <Tag
                closable
                onClose={() => {
                  setSchool(null);
                  setPaging((p) => ({ ...p, page: 1 }));
                }}
                style={{ padding: '4px 8px' }}
              >
                {t('safety.spot.onlySchool', { name: school.name })}
              </Tag>
            ) : null}
            <Select<SpotCheckLevel>
              allowClear
              style={{ width: 170 }}
              placeholder={t('safety.spot.allLevels')}
              value={level}
              onChange={(v) => {
                setLevel(v);
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              options={SPOT_CHECK_LEVELS.map((l) => ({ value: l, label: t(`safety.spot.level.${l}`) }))}
              aria-label={t('safety.spot.levelLabel')}
            />
            <Checkbox
              checked={openOnly}
              onChange={(e) => {
                setOpenOnly(e.target.checked);
                setPaging((p) => ({ ...p, page: 1 }));
              }}
            >
              {t('safety.spot.openOnly')}
            </Checkbox>
          </Space>
          {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
          <Table<SpotCheck>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 1370 }}
            locale={{ emptyText: t('safety.spot.empty') }}
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
            }}
          />
        </>
      )}
      <SpotCheckFormDrawer target={create} onClose={() => setCreate(null)} />
      <RectifyModal check={rectify} onClose={() => setRectify(null)} />
    </Card>
  );
}
