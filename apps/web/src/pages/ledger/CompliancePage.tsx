import {
  CalendarOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Pagination, Progress, Row, Segmented, Select, Space, Spin, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import '../../layout/layout.css';
import { type ComplianceCell, type ComplianceResponse, type ComplianceStatus, type ComplianceView, ledgerApi, ledgerKeys } from './api.ts';
import './ledger.css';
import { useScopeOrg } from './useScopeOrg.ts';

export const COMPLIANCE_ICONS: Record<ComplianceStatus, ReactNode> = {
  done: <CheckCircleOutlined />,
  due_soon: <ExclamationCircleOutlined />,
  overdue: <CloseCircleOutlined />,
  not_yet_due: <ClockCircleOutlined />,
  not_applicable: <MinusCircleOutlined />,
};
const VIEWS: ComplianceView[] = ['full', 'children'];
const STATUS_ORDER: ComplianceStatus[] = ['done', 'due_soon', 'overdue', 'not_yet_due', 'not_applicable'];

type Org = ComplianceResponse['orgs'][number];

/** The subtree's orgs in tree order, each with its depth. */
function treeOrder(orgs: Org[], rootId: number): { org: Org; depth: number; parent: boolean }[] {
  const kids = new Map<number | null, Org[]>();
  for (const o of orgs) kids.set(o.parentId, [...(kids.get(o.parentId) ?? []), o]);
  const out: { org: Org; depth: number; parent: boolean }[] = [];
  const seen = new Set<number>();
  const walk = (o: Org, depth: number) => {
    if (seen.has(o.id)) return;
    seen.add(o.id);
    const children = (kids.get(o.id) ?? []).sort((a, b) => a.code.localeCompare(b.code));
    out.push({ org: o, depth, parent: children.length > 0 });
    for (const c of children) walk(c, depth + 1);
  };
  const root = orgs.find((o) => o.id === rootId);
  if (root) walk(root, 0);
  for (const o of orgs) if (!seen.has(o.id)) walk(o, 0);
  return out;
}

function periodLabel(period: string): string {
  // "2024-03" → "3月", "2024-Q1" → "Q1", "2024-S1"/"2024-H1" → "S1", "2024" → "2024"
  const m = period.match(/^\d{4}-(\d{2})$/);
  if (m) return `${Number(m[1])}`;
  const q = period.match(/^\d{4}-([A-Z]\d)$/);
  if (q) return q[1];
  return period;
}

/** 合规日历: org × period per cadence rule, colour plus icon and text; a cell opens the records behind it. */
export default function CompliancePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const scope = useScopeOrg();
  const thisYear = new Date().getFullYear();
  const orgId = Number(params.get('orgId')) || scope.orgId;
  const year = Number(params.get('year')) || thisYear;
  const orgDetail = useOrgDetail(orgId ?? null);

  const viewParam = params.get('view');
  const view: ComplianceView | undefined = viewParam === 'full' || viewParam === 'children' ? viewParam : undefined;
  const page = Number(params.get('page')) || 1;
  const data = useQuery({
    queryKey: ledgerKeys.compliance(orgId ?? 0, year, view, page),
    queryFn: ({ signal }) => ledgerApi.compliance(orgId ?? 0, year, view, page, signal),
    placeholderData: keepPreviousData,
    enabled: orgId !== null,
    staleTime: 0,
  });
  const c = data.data;
  const ruleCode = params.get('rule') && c?.rules.some((r) => r.code === params.get('rule')) ? (params.get('rule') as string) : c?.rules[0]?.code;
  const rule = c?.rules.find((r) => r.code === ruleCode);

  const hrefWith = (patch: Record<string, string | number | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    return next;
  };
  const set = (patch: Record<string, string | number | null>) => setParams(hrefWith(patch));

  const statusLabel = (s: ComplianceStatus) => t(`compliance.status.${s}`);
  const rows = useMemo(() => (c && orgId ? treeOrder(c.orgs, orgId) : []), [c, orgId]);
  const cellsOf = useMemo(() => {
    const m = new Map<string, ComplianceCell>();
    for (const x of c?.cells ?? []) if (x.ruleCode === ruleCode) m.set(`${x.orgId}:${x.period}`, x);
    return m;
  }, [c, ruleCode]);
  const periods = useMemo(() => {
    const seen = new Map<string, string>();
    for (const x of c?.cells ?? []) if (x.ruleCode === ruleCode) seen.set(x.period, x.start);
    return [...seen].sort((a, b) => a[1].localeCompare(b[1])).map(([p]) => p);
  }, [c, ruleCode]);
  const rollup = useMemo(() => new Map((c?.rollup ?? []).map((r) => [r.orgId, r])), [c]);
  const orgName = useMemo(() => new Map((c?.orgs ?? []).map((o) => [o.id, o.name])), [c]);
  const visibleRows = rows.filter((r) => r.parent || periods.some((p) => cellsOf.has(`${r.org.id}:${p}`)));

  // A big scope comes rolled up to its children: a child's cell opens that child's own breakdown.
  const rolledUp = c?.view === 'children';
  const drill = (cell: ComplianceCell) => {
    if (!rule || cell.status === 'not_applicable') return;
    if (rolledUp && cell.orgId !== orgId) {
      set({ orgId: cell.orgId, page: null });
      return;
    }
    navigate(`/activities?${new URLSearchParams({ orgId: String(cell.orgId), typeCode: rule.typeCode, from: cell.start, to: cell.end })}`);
  };

  const quarterly = useMemo(() => {
    const by = new Map<number, Record<number, { required: number; done: number }>>();
    for (const q of c?.quarterly ?? []) {
      const r = by.get(q.orgId) ?? {};
      r[q.quarter] = { required: q.required, done: q.done };
      by.set(q.orgId, r);
    }
    return [...by].map(([id, qs]) => ({ orgId: id, name: orgName.get(id) ?? `#${id}`, qs }));
  }, [c, orgName]);

  const qColumns: TableColumnsType<(typeof quarterly)[number]> = [
    { title: t('compliance.branch'), dataIndex: 'name', fixed: 'left', width: 180, ellipsis: true, sorter: (a, b) => a.name.localeCompare(b.name) },
    ...[1, 2, 3, 4].map((q) => ({
      title: t('compliance.quarter', { q }),
      key: `q${q}`,
      width: 130,
      render: (_: unknown, r: (typeof quarterly)[number]) => {
        const v = r.qs[q];
        if (!v || v.required === 0) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
        const ok = v.done >= v.required;
        return (
          <Space size={4}>
            {ok ? <CheckCircleOutlined style={{ color: '#389e0d' }} /> : <CloseCircleOutlined style={{ color: '#cf1322' }} />}
            <span>{t('compliance.doneOfRequired', { done: v.done, required: v.required })}</span>
          </Space>
        );
      },
    })),
  ];

  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <CalendarOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('compliance.title')}
        </Typography.Title>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={[16, 8]} align="middle">
          <Col xs={24} sm={12} lg={8}>
            <Typography.Text type="secondary">{t('ledger.orgSubtree')}</Typography.Text>
            <OrgPicker
              value={orgId}
              allowClear={false}
              onChange={(v) => set({ orgId: v, page: null })}
              initial={orgDetail.data ? { id: orgDetail.data.unit.id, name: orgDetail.data.unit.name, code: orgDetail.data.unit.code } : null}
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <Typography.Text type="secondary">{t('compliance.year')}</Typography.Text>
            <Select
              style={{ width: '100%' }}
              value={year}
              onChange={(v) => set({ year: v })}
              options={Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
            />
          </Col>
          <Col xs={24} lg={12}>
            <ul className="tz-cal-legend" aria-label={t('compliance.legend')}>
              {STATUS_ORDER.map((s) => (
                <li key={s} className={`tz-cell s-${s}`}>
                  {COMPLIANCE_ICONS[s]} {statusLabel(s)}
                </li>
              ))}
            </ul>
          </Col>
        </Row>
      </Card>
      {data.error ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} style={{ marginBottom: 16 }} /> : null}
      {data.isLoading || scope.loading ? <Spin /> : null}
      {c && !c.rules.length ? <Empty description={t('compliance.noRules')} /> : null}
      {c && rule ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card
            size="small"
            title={
              <Space wrap>
                <span>{t('compliance.grid')}</span>
                <Segmented
                  size="small"
                  value={c.view}
                  onChange={(v) => set({ view: String(v), page: null })}
                  options={VIEWS.map((v) => ({ value: v, label: t(`compliance.view.${v}`) }))}
                  data-testid="compliance-view"
                />
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {t('compliance.asOf', { date: c.asOf })}
                </Typography.Text>
              </Space>
            }
          >
            <div style={{ overflowX: 'auto', marginBottom: 12 }}>
              <Segmented
                value={rule.code}
                onChange={(v) => set({ rule: String(v) })}
                options={c.rules.map((r) => ({
                  value: r.code,
                  label: t('compliance.ruleLabel', { name: r.typeName, n: r.minCount, period: t(`compliance.period.${r.period}`) }),
                }))}
              />
            </div>
            {rolledUp ? (
              <Alert type="info" showIcon title={t('compliance.childrenNote')} style={{ marginBottom: 12 }} data-testid="compliance-rolled-up" />
            ) : null}
            {visibleRows.length && periods.length ? (
              <div className="tz-cal">
                <table>
                  <thead>
                    <tr>
                      <th className="tz-cal-org">{t('compliance.org')}</th>
                      <th>{t('compliance.rollup')}</th>
                      {periods.map((p) => (
                        <th key={p}>{rule.period === 'month' ? t('compliance.month', { m: periodLabel(p) }) : periodLabel(p)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {visibleRows.map(({ org, depth, parent }) => {
                      const ru = rollup.get(org.id);
                      return (
                        <tr key={org.id}>
                          <td className={`tz-cal-org${parent ? ' tz-cal-parent' : ''}`} style={{ paddingInlineStart: 4 + depth * 14 }} title={org.name}>
                            {rolledUp && org.id !== orgId ? (
                              <Typography.Link
                                href={`?${hrefWith({ orgId: org.id, page: null })}`}
                                onClick={(e) => {
                                  e.preventDefault();
                                  set({ orgId: org.id, page: null });
                                }}
                                aria-label={t('compliance.zoomIn', { org: org.name })}
                              >
                                {org.name}
                              </Typography.Link>
                            ) : (
                              org.name
                            )}
                          </td>
                          <td style={{ minWidth: 90 }}>
                            {ru && ru.percent !== null ? (
                              <Tooltip title={t('compliance.rollupTip', { done: ru.done, overdue: ru.overdue, dueSoon: ru.dueSoon })}>
                                <Progress
                                  percent={Math.round(ru.percent)}
                                  size="small"
                                  status={ru.percent >= 90 ? 'success' : ru.percent >= 60 ? 'normal' : 'exception'}
                                  format={(p) => `${p}%`}
                                />
                              </Tooltip>
                            ) : (
                              <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
                            )}
                          </td>
                          {periods.map((p) => {
                            const cell = cellsOf.get(`${org.id}:${p}`);
                            if (!cell) return <td key={p} />;
                            return (
                              <td key={p}>
                                <Tooltip
                                  title={
                                    rolledUp
                                      ? t('compliance.childrenCellTip', {
                                          org: org.name,
                                          period: p,
                                          status: statusLabel(cell.status),
                                          done: cell.count,
                                          required: cell.required,
                                        })
                                      : `${org.name} · ${p} · ${statusLabel(cell.status)} · ${cell.count}/${cell.required}`
                                  }
                                >
                                  <button
                                    type="button"
                                    className={`tz-cell s-${cell.status}`}
                                    onClick={() => drill(cell)}
                                    aria-label={`${org.name} ${p} ${statusLabel(cell.status)} ${cell.count}/${cell.required}`}
                                    data-testid={`cell-${org.id}-${p}`}
                                  >
                                    <span>{COMPLIANCE_ICONS[cell.status]}</span>
                                    <span>{cell.status === 'not_applicable' ? statusLabel(cell.status) : `${cell.count}/${cell.required}`}</span>
                                  </button>
                                </Tooltip>
                              </td>
                            );
                          })}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compliance.noCells')} />
            )}
            {c.children && c.children.total > c.children.pageSize ? (
              <Pagination
                style={{ marginTop: 12 }}
                align="end"
                current={c.children.page}
                pageSize={c.children.pageSize}
                total={c.children.total}
                showSizeChanger={false}
                showTotal={(n) => t('compliance.childrenTotal', { n })}
                onChange={(p) => set({ page: p === 1 ? null : p })}
                data-testid="compliance-children-pages"
              />
            ) : null}
          </Card>
          <Card size="small" title={t('compliance.quarterlyTitle')}>
            <Table
              rowKey="orgId"
              size="small"
              columns={qColumns}
              dataSource={quarterly}
              scroll={{ x: 720 }}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              locale={{ emptyText: t('common.empty') }}
            />
          </Card>
        </Space>
      ) : null}
    </div>
  );
}
