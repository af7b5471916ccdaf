import { DownloadOutlined, TrophyOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Input, Row, Segmented, Select, Space, Statistic, Table, type TableColumnsType, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { download } from '../../components/files.ts';
import dayjs from '../../i18n/dayjs.ts';
import { FAIL_GRADE, type RankingResponse, SCORECARD_STATUSES, type ScorecardStatus, type ScorecardSummary, assessmentApi, assessmentKeys } from './api.ts';
import { ScorecardDrawer } from './ScorecardDrawer.tsx';
import { GradeTag, StatusTag } from './tags.tsx';

type RankItem = RankingResponse['items'][number];

interface Props {
  year: number;
  /** The committee whose ranking a reviewer may see; null for school staff. */
  committeeId: number | null;
  /** Where an unfiltered export starts (the committee, else the caller's own unit). */
  exportOrgId: number | null;
  viewId: number | null;
  onView: (id: number | null) => void;
}

/** 结果: every school's result for the year with drill-down to the evidence; a ranking only if the server grants it. */
export function ResultsTab({ year, committeeId, exportOrgId, viewId, onView }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [orgId, setOrgId] = useState<number | null>(null);
  const [status, setStatus] = useState<ScorecardStatus | undefined>(undefined);
  const [grade, setGrade] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [mode, setMode] = useState<'list' | 'ranking'>('list');
  const [exporting, setExporting] = useState(false);

  const list = useQuery({ queryKey: assessmentKeys.cards(year, orgId), queryFn: ({ signal }) => assessmentApi.cards(year, orgId, signal) });
  // The server decides who sees a ranking (reviewers at the committee); without it, no league table is shown at all.
  const ranking = useQuery({
    queryKey: assessmentKeys.ranking(committeeId ?? 0, year),
    queryFn: ({ signal }) => assessmentApi.ranking(committeeId ?? 0, year, signal),
    enabled: committeeId !== null && can('assessment.review'),
    retry: (n, err) => !(err instanceof ApiError && (err.code === 'forbidden' || err.code === 'not_found')) && n < 2,
  });
  const mayRank = ranking.isSuccess;
  const showRanking = mayRank && mode === 'ranking';

  const all = list.data ?? [];
  const grades = useMemo(() => [...new Set(all.map((c) => c.grade).filter((g): g is string => !!g))], [all]);
  const shown = useMemo(
    () => all.filter((c) => (!status || c.status === status) && (!grade || c.grade === grade) && (!q.trim() || c.orgName.includes(q.trim()))),
    [all, status, grade, q],
  );
  const stats = useMemo(() => {
    const by = (s: ScorecardStatus) => all.filter((c) => c.status === s).length;
    const gradeCounts = new Map<string, number>();
    for (const c of all) if (c.status === 'finalized' && c.grade) gradeCounts.set(c.grade, (gradeCounts.get(c.grade) ?? 0) + 1);
    return { total: all.length, by, gradeCounts };
  }, [all]);

  const onExport = async () => {
    const target = orgId ?? exportOrgId;
    if (target === null) return;
    setExporting(true);
    try {
      await download(assessmentApi.exportPath, { query: { orgId: target, year }, fallback: t('assessment.exportFile', { year }) });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  const schoolLink = (name: string, id: number) => (
    <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onView(id)}>
      {name}
    </Button>
  );
  const gradeCell = (v: string | null, r: { status: ScorecardStatus }) => (r.status === 'finalized' ? <GradeTag grade={v} /> : t('assessment.notFinal'));

  const columns: TableColumnsType<ScorecardSummary> = [
    { title: t('assessment.school'), dataIndex: 'orgName', render: (v: string, r) => schoolLink(v, r.id) },
    { title: t('assessment.statusLabel'), dataIndex: 'status', width: 110, render: (v: ScorecardStatus) => <StatusTag status={v} /> },
    { title: t('assessment.total'), dataIndex: 'total', width: 90 },
    { title: t('assessment.grade'), dataIndex: 'grade', width: 100, render: gradeCell },
    {
      title: t('assessment.finalizedAt'),
      dataIndex: 'finalizedAt',
      width: 120,
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD') : t('common.none')),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 100,
      render: (_: unknown, r) => (
        <Button size="small" onClick={() => onView(r.id)} data-testid={`result-open-${r.orgId}`}>
          {t('assessment.drillDown')}
        </Button>
      ),
    },
  ];
  const rankColumns: TableColumnsType<RankItem> = [
    { title: t('assessment.rank'), dataIndex: 'rank', width: 70 },
    { title: t('assessment.school'), dataIndex: 'orgName', render: (v: string, r) => schoolLink(v, r.scorecardId) },
    { title: t('assessment.statusLabel'), dataIndex: 'status', width: 110, render: (v: ScorecardStatus) => <StatusTag status={v} /> },
    { title: t('assessment.total'), dataIndex: 'total', width: 90 },
    { title: t('assessment.grade'), dataIndex: 'grade', width: 100, render: gradeCell },
  ];

  return (
    <div>
      <Card size="small" style={{ marginBottom: 12 }} className="tz-as-stats">
        <Row gutter={[12, 12]}>
          <Col xs={8} sm={3}>
            <Statistic title={t('assessment.statSchools')} value={stats.total} />
          </Col>
          {SCORECARD_STATUSES.map((s) => (
            <Col xs={8} sm={3} key={s}>
              <Statistic title={t(`assessment.status.${s}`)} value={stats.by(s)} />
            </Col>
          ))}
          <Col xs={16} sm={9}>
            <div className="tz-as-stat-title">{t('assessment.gradeSpread')}</div>
            <Space size={[4, 4]} wrap>
              {stats.gradeCounts.size === 0 ? t('common.none') : null}
              {[...stats.gradeCounts].map(([g, n]) => (
                <Tag key={g} color={g === FAIL_GRADE ? 'default' : undefined}>
                  {t('assessment.gradeCount', { grade: g, n })}
                </Tag>
              ))}
            </Space>
          </Col>
        </Row>
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} lg={5}>
            <OrgPicker value={orgId} onChange={setOrgId} placeholder={t('assessment.orgFilter')} />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Select
              allowClear
              value={status}
              onChange={setStatus}
              placeholder={t('assessment.statusLabel')}
              style={{ width: '100%' }}
              options={SCORECARD_STATUSES.map((s) => ({ value: s, label: t(`assessment.status.${s}`) }))}
              aria-label={t('assessment.statusLabel')}
            />
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Select
              allowClear
              value={grade}
              onChange={setGrade}
              placeholder={t('assessment.grade')}
              style={{ width: '100%' }}
              options={grades.map((g) => ({ value: g, label: g }))}
              aria-label={t('assessment.grade')}
            />
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Input.Search allowClear placeholder={t('assessment.searchSchool')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} />
          </Col>
          <Col xs={24} lg={8} style={{ textAlign: 'right' }}>
            <Space wrap>
              {mayRank ? (
                <Segmented
                  value={mode}
                  onChange={(v) => setMode(v as 'list' | 'ranking')}
                  options={[
                    { value: 'list', label: t('assessment.bySchool'), icon: <UnorderedListOutlined /> },
                    { value: 'ranking', label: t('assessment.ranking'), icon: <TrophyOutlined /> },
                  ]}
                />
              ) : null}
              <Button
                icon={<DownloadOutlined />}
                loading={exporting}
                onClick={() => void onExport()}
                disabled={exportOrgId === null && orgId === null}
                data-testid="results-export"
              >
                {t('assessment.export')}
              </Button>
            </Space>
          </Col>
        </Row>
      </Card>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      {showRanking ? (
        <Card size="small" title={t('assessment.rankingTitle', { year })}>
          <Alert type="info" showIcon title={t('assessment.rankingNote')} style={{ marginBottom: 12 }} />
          <Table<RankItem>
            rowKey="scorecardId"
            size="small"
            columns={rankColumns}
            dataSource={ranking.data?.items ?? []}
            loading={ranking.isFetching}
            scroll={{ x: 560 }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            data-testid="ranking-table"
          />
        </Card>
      ) : (
        <Card size="small">
          <Table<ScorecardSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={shown}
            loading={list.isFetching}
            scroll={{ x: 700 }}
            locale={{ emptyText: all.length ? t('assessment.noMatch') : t('assessment.noCardsYear', { year }) }}
            pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (total) => t('common.total', { total }) }}
            data-testid="results-table"
          />
        </Card>
      )}
      <ScorecardDrawer id={viewId} onClose={() => onView(null)} />
    </div>
  );
}
