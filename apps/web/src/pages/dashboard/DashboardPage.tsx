import { DashboardOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Progress, Row, Select, Space, Spin, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import '../../i18n/ledger.ts';
import '../../layout/layout.css';
import { useScopeOrg } from '../ledger/useScopeOrg.ts';
import './dashboard.css';
import { ReactEChartsCore, echarts } from './echarts.ts';

interface Rate {
  orgId: number;
  orgName: string;
  total: number;
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  onTimeRate: number | null;
}
interface Stage {
  count: number;
  personIds: number[];
}
/** GET /api/v1/dashboard (apps/server/src/modules/report/dashboard.ts). */
export interface DashboardData {
  orgId: number;
  year: number;
  asOf: string;
  compliance: {
    percent: number | null;
    done: number;
    overdue: number;
    heatmap: { orgId: number; orgName: string; month: number; rate: number; done: number; overdue: number }[];
  };
  duties: Partial<Record<DutyStatus, number>>;
  tasks: { onTimeRate: number | null; overdueNow: number; bySchool: Rate[] };
  development: Record<Stage_, Stage>;
  risks: { level: string; status: string; count: number }[];
  openIncidents: {
    id: number;
    orgName: string;
    level: string;
    summary: string;
    occurredAt: string;
    escalationDueAt: string | null;
    reported: boolean;
    status: string;
  }[];
  screening: { schools: number; totalSchools: number; students: number; expected: number; issues: number; ids: number[] };
}

const DUTY_STATUSES = ['met', 'unmet', 'pending', 'vacant', 'misplaced', 'breached'] as const;
type DutyStatus = (typeof DUTY_STATUSES)[number];
const DUTY_COLORS: Record<DutyStatus, string> = {
  met: '#52c41a',
  unmet: '#f5222d',
  pending: '#1677ff',
  vacant: '#faad14',
  misplaced: '#722ed1',
  breached: '#8c0b0b',
};
const STAGES = ['applicants', 'activists', 'candidates', 'probationary', 'conversions'] as const;
type Stage_ = (typeof STAGES)[number];
const STAGE_CODES: Record<Stage_, string> = {
  applicants: 'applicant',
  activists: 'activist',
  candidates: 'candidate',
  probationary: 'probationary',
  conversions: 'full',
};
const RISK_LEVELS = ['低', '一般', '较大', '重大'];
const RISK_STATUSES = ['identified', 'treating', 'monitoring', 'closed'] as const;
const RISK_COLORS = ['#fa8c16', '#1677ff', '#13c2c2', '#bfbfbf'];

function pct(v: number | null | undefined, scale = 1): string {
  if (v === null || v === undefined) return '—';
  return `${Math.round(v * scale * 10) / 10}%`;
}

/** A countdown to the escalation deadline (or how long it is past). */
function Timer({ due, reported, now }: { due: string | null; reported: boolean; now: number }) {
  const { t } = useTranslation();
  if (reported) return <Tag color="green">{t('dashboard.reported')}</Tag>;
  if (!due) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const ms = Date.parse(due) - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const text = h >= 48 ? t('dashboard.days', { d: Math.floor(h / 24), h: h % 24 }) : t('dashboard.hours', { h, m });
  return ms < 0 ? (
    <Tag color="red">{t('dashboard.overdueBy', { text })}</Tag>
  ) : (
    <Tag color={ms < 3_600_000 ? 'orange' : 'blue'}>{t('dashboard.dueIn', { text })}</Tag>
  );
}

/** 数据看板: compliance, duties, tasks, development, risks, incidents and screening for an org subtree and year. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const scope = useScopeOrg();
  const thisYear = new Date().getFullYear();
  const orgId = Number(params.get('orgId')) || scope.orgId;
  const year = Number(params.get('year')) || thisYear;
  const orgDetail = useOrgDetail(orgId ?? null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  const q = useQuery({
    queryKey: ['dashboard', orgId, year],
    queryFn: ({ signal }) => api.get<DashboardData>('/api/v1/dashboard', { orgId: orgId ?? 0, year }, signal),
    enabled: orgId !== null,
    staleTime: 60_000,
  });
  const d = q.data;
  const set = (patch: Record<string, string | number | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };
  const go = (path: string, query: Record<string, string | number | undefined>) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') s.set(k, String(v));
    navigate(`${path}?${s}`);
  };

  const months = useMemo(() => Array.from({ length: 12 }, (_, i) => t('dashboard.month', { m: i + 1 })), [t]);
  const schools = useMemo(() => {
    const m = new Map<number, string>();
    for (const h of d?.compliance.heatmap ?? []) m.set(h.orgId, h.orgName);
    return [...m].sort((a, b) => b[1].localeCompare(a[1]));
  }, [d]);

  const heatmap: EChartsOption | null = d?.compliance.heatmap.length
    ? {
        tooltip: {
          formatter: (p: unknown) => {
            const v = (p as { data: [number, number, number, number, number] }).data;
            return `${schools[v[1]]?.[1] ?? ''}<br/>${months[v[0]]}：${v[2]}%（${t('dashboard.doneOverdue', { done: v[3], overdue: v[4] })}）`;
          },
        },
        grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
        xAxis: { type: 'category', data: months, splitArea: { show: true } },
        yAxis: { type: 'category', data: schools.map((s) => s[1]), splitArea: { show: true }, axisLabel: { width: 140, overflow: 'truncate' } },
        visualMap: {
          dimension: 2,
          min: 0,
          max: 100,
          calculable: true,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          itemHeight: 160,
          text: ['100%', '0%'],
          inRange: { color: ['#cf1322', '#faad14', '#fadb14', '#95de64', '#389e0d'] },
        },
        series: [
          {
            type: 'heatmap',
            data: d.compliance.heatmap.map((h) => [h.month - 1, schools.findIndex((s) => s[0] === h.orgId), h.rate, h.done, h.overdue]),
            label: { show: schools.length <= 20, formatter: (p: unknown) => String(Math.round((p as { data: number[] }).data[2])), fontSize: 10 },
            emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          },
        ],
      }
    : null;

  const dutyData = DUTY_STATUSES.map((s) => ({ status: s, value: d?.duties[s] ?? 0 })).filter((x) => x.value > 0);
  const duties: EChartsOption | null = dutyData.length
    ? {
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0, type: 'scroll' },
        series: [
          {
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '45%'],
            label: { formatter: '{b}\n{c}' },
            data: dutyData.map((x) => ({
              name: t(`dashboard.duty.${x.status}`),
              value: x.value,
              itemStyle: { color: DUTY_COLORS[x.status] },
              status: x.status,
            })),
          },
        ],
      }
    : null;

  const bySchool = (d?.tasks.bySchool ?? [])
    .filter((s) => s.onTimeRate !== null)
    .slice(0, 15)
    .reverse();
  const tasks: EChartsOption | null = bySchool.length
    ? {
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (p: unknown) => {
            const x = bySchool[(p as { dataIndex: number }[])[0]?.dataIndex ?? 0];
            return x ? `${x.orgName}<br/>${t('dashboard.onTimeTip', { rate: pct(x.onTimeRate, 100), onTime: x.onTime, due: x.due, overdue: x.overdue })}` : '';
          },
        },
        grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: bySchool.map((s) => s.orgName), axisLabel: { width: 120, overflow: 'truncate' } },
        series: [
          {
            type: 'bar',
            data: bySchool.map((s) => {
              const v = Math.round((s.onTimeRate ?? 0) * 1000) / 10;
              return { value: v, itemStyle: { color: v >= 90 ? '#389e0d' : v >= 60 ? '#faad14' : '#cf1322' } };
            }),
            label: { show: true, position: 'right', formatter: '{c}%' },
          },
        ],
      }
    : null;

  const stageData = STAGES.map((s) => ({ stage: s, value: d?.development[s]?.count ?? 0 }));
  const funnel: EChartsOption | null = stageData.some((x) => x.value > 0)
    ? {
        tooltip: { trigger: 'item', formatter: '{b}: {c}' },
        series: [
          {
            type: 'funnel',
            sort: 'none',
            left: '10%',
            width: '80%',
            top: 8,
            bottom: 8,
            minSize: '20%',
            label: { show: true, position: 'inside', formatter: '{b} {c}' },
            data: stageData.map((x) => ({ name: t(`dashboard.stage.${x.stage}`), value: x.value, stage: x.stage })),
          },
        ],
      }
    : null;

  const levels = [...new Set([...RISK_LEVELS, ...(d?.risks ?? []).map((r) => r.level)])].filter((l) => (d?.risks ?? []).some((r) => r.level === l));
  const risks: EChartsOption | null = levels.length
    ? {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { bottom: 0 },
        grid: { left: 8, right: 8, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: 'category', data: levels },
        yAxis: { type: 'value', minInterval: 1 },
        series: RISK_STATUSES.map((s, i) => ({
          type: 'bar',
          stack: 'risk',
          name: t(`dashboard.riskStatus.${s}`),
          itemStyle: { color: RISK_COLORS[i] },
          data: levels.map((l) => (d?.risks ?? []).filter((r) => r.level === l && r.status === s).reduce((n, r) => n + r.count, 0)),
        })),
      }
    : null;

  const incidentColumns: TableColumnsType<DashboardData['openIncidents'][number]> = [
    { title: t('dashboard.incidentOrg'), dataIndex: 'orgName', width: 160, ellipsis: true },
    {
      title: t('dashboard.incidentLevel'),
      dataIndex: 'level',
      width: 80,
      render: (v: string) => <Tag color={v === '重大' ? 'red' : v === '较大' ? 'orange' : 'gold'}>{v}</Tag>,
    },
    { title: t('dashboard.incidentSummary'), dataIndex: 'summary', ellipsis: true },
    { title: t('dashboard.occurredAt'), dataIndex: 'occurredAt', width: 140, render: (v: string) => dayjs(v).format('MM-DD HH:mm') },
    {
      title: t('dashboard.escalation'),
      key: 'timer',
      width: 150,
      render: (_: unknown, r) => <Timer due={r.escalationDueAt} reported={r.reported} now={now} />,
    },
  ];

  const chart = (option: EChartsOption | null, height: number, onClick: (p: Record<string, unknown>) => void, label: string) =>
    option ? (
      <div role="img" aria-label={label}>
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          style={{ height, width: '100%' }}
          onEvents={{ click: (p: Record<string, unknown>) => onClick(p) }}
        />
      </div>
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} style={{ height: height - 40, paddingTop: 24 }} />
    );

  const sc = d?.screening;
  return (
    <div className="tz-dashboard">
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <DashboardOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('dashboard.title')}
          {d ? (
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginInlineStart: 12 }}>
              {orgDetail.data?.unit.name} · {year} · {t('dashboard.asOf', { date: d.asOf })}
            </Typography.Text>
          ) : null}
        </Typography.Title>
        <Space wrap className="tz-no-print">
          <div style={{ width: 240 }}>
            <OrgPicker
              value={orgId}
              allowClear={false}
              onChange={(v) => set({ orgId: v })}
              initial={orgDetail.data ? { id: orgDetail.data.unit.id, name: orgDetail.data.unit.name, code: orgDetail.data.unit.code } : null}
            />
          </div>
          <Select
            style={{ width: 100 }}
            value={year}
            onChange={(v) => set({ year: v })}
            aria-label={t('compliance.year')}
            options={Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
          />
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('dashboard.print')}
          </Button>
        </Space>
      </div>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 16 }} /> : null}
      {q.isLoading || scope.loading ? (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin size="large" />
        </div>
      ) : null}
      {d ? (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Card size="small" hoverable onClick={() => go('/compliance', { orgId: d.orgId, year })}>
              <Statistic title={t('dashboard.kpiCompliance')} value={pct(d.compliance.percent)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dashboard.doneOverdue', { done: d.compliance.done, overdue: d.compliance.overdue })}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small" hoverable onClick={() => go('/tasks', { orgId: d.orgId, year })}>
              <Statistic title={t('dashboard.kpiOnTime')} value={pct(d.tasks.onTimeRate, 100)} />
              <Typography.Text type={d.tasks.overdueNow ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {t('dashboard.overdueNow', { n: d.tasks.overdueNow })}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small" hoverable onClick={() => go('/online-safety', { orgId: d.orgId, year })}>
              <Statistic title={t('dashboard.kpiScreening')} value={`${sc?.schools ?? 0}/${sc?.totalSchools ?? 0}`} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dashboard.studentsScreened', { n: sc?.students ?? 0, expected: sc?.expected ?? 0 })}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small" hoverable onClick={() => go('/risks', { tab: 'incidents', orgId: d.orgId })}>
              <Statistic
                title={t('dashboard.kpiIncidents')}
                value={d.openIncidents.length}
                styles={{ content: { color: d.openIncidents.length ? '#cf1322' : undefined } }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dashboard.unreported', { n: d.openIncidents.filter((i) => !i.reported).length })}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('dashboard.heatmapTitle')} extra={<Typography.Text type="secondary">{t('dashboard.clickHint')}</Typography.Text>}>
              {chart(
                heatmap,
                Math.max(240, schools.length * 22 + 100),
                (p) => {
                  const v = p.data as number[] | undefined;
                  const school = v ? schools[v[1]] : undefined;
                  if (school) go('/compliance', { orgId: school[0], year });
                },
                t('dashboard.heatmapTitle'),
              )}
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('dashboard.dutiesTitle')}>
              {chart(
                duties,
                300,
                (p) => {
                  const s = (p.data as { status?: string } | undefined)?.status;
                  go('/duties', { orgId: d.orgId, year, status: s });
                },
                t('dashboard.dutiesTitle'),
              )}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('dashboard.tasksTitle')} extra={<Typography.Text strong>{pct(d.tasks.onTimeRate, 100)}</Typography.Text>}>
              {chart(
                tasks,
                300,
                (p) => {
                  const x = bySchool[p.dataIndex as number];
                  if (x) go('/tasks', { orgId: x.orgId, year });
                },
                t('dashboard.tasksTitle'),
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('dashboard.developmentTitle')}>
              {chart(
                funnel,
                300,
                (p) => {
                  const s = (p.data as { stage?: Stage_ } | undefined)?.stage;
                  go('/development', { orgId: d.orgId, year, stage: s ? STAGE_CODES[s] : undefined });
                },
                t('dashboard.developmentTitle'),
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('dashboard.risksTitle')}>
              {chart(
                risks,
                300,
                (p) => {
                  const level = p.name as string | undefined;
                  const idx = p.seriesIndex as number | undefined;
                  go('/risks', { orgId: d.orgId, level, status: idx === undefined ? undefined : RISK_STATUSES[idx] });
                },
                t('dashboard.risksTitle'),
              )}
            </Card>
          </Col>
          <Col xs={24} lg={16}>
            <Card size="small" title={t('dashboard.incidentsTitle')}>
              <Table
                rowKey="id"
                size="small"
                columns={incidentColumns}
                dataSource={d.openIncidents}
                pagination={{ pageSize: 8, hideOnSinglePage: true }}
                scroll={{ x: 640 }}
                locale={{ emptyText: t('dashboard.noIncidents') }}
                onRow={(r) => ({ onClick: () => go('/risks', { tab: 'incidents', incident: r.id }), style: { cursor: 'pointer' } })}
              />
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title={t('dashboard.screeningTitle')} hoverable onClick={() => go('/online-safety', { orgId: d.orgId, year })}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text>{t('dashboard.schoolsCovered', { n: sc?.schools ?? 0, total: sc?.totalSchools ?? 0 })}</Typography.Text>
                <Progress percent={sc?.totalSchools ? Math.round((sc.schools / sc.totalSchools) * 100) : 0} />
                <Typography.Text>{t('dashboard.studentsScreened', { n: sc?.students ?? 0, expected: sc?.expected ?? 0 })}</Typography.Text>
                <Progress percent={sc?.expected ? Math.round((sc.students / sc.expected) * 100) : 0} strokeColor="#13c2c2" />
                <Typography.Text type="secondary">{t('dashboard.issuesFound', { n: sc?.issues ?? 0 })}</Typography.Text>
              </Space>
            </Card>
          </Col>
        </Row>
      ) : null}
    </div>
  );
}
