import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Row, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { type CoverageFigures, percent, safetyApi, safetyKeys } from './api.ts';
import { CountTag, Rate, type TabScope } from './parts.tsx';

type ChildRow = CoverageFigures & { orgId: number; orgName: string };

function Figure({ title, value, suffix, note }: { title: string; value: number | string; suffix?: string; note?: string }) {
  return (
    <Card size="small" className="tz-safety-figure">
      <Statistic title={title} value={value} suffix={suffix} />
      {note ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** 覆盖情况: screening coverage of the chosen unit's subtree for the year, in total and per child unit (drill down). */
export function CoverageTab({ orgId, year, onPickOrg }: TabScope) {
  const { t } = useTranslation();
  const coverage = useQuery({ queryKey: safetyKeys.coverage(orgId, year), queryFn: ({ signal }) => safetyApi.coverage(orgId, year, signal) });
  const counts = useQuery({ queryKey: safetyKeys.followupCounts(orgId), queryFn: ({ signal }) => safetyApi.followupCounts(orgId, signal) });
  const org = useOrgDetail(orgId);
  const dash = t('common.none');
  const pct = (a: number, b: number) => {
    const p = percent(a, b);
    return p === null ? dash : t('safety.percent', { value: p });
  };

  const columns: TableColumnsType<ChildRow> = [
    {
      title: t('safety.coverage.unit'),
      dataIndex: 'orgName',
      fixed: 'left',
      width: 200,
      render: (v: string, r) =>
        r.schools > 0 ? (
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onPickOrg(r.orgId)}>
            {v}
          </Button>
        ) : (
          v
        ),
    },
    { title: t('safety.coverage.schools'), dataIndex: 'schools', width: 90, align: 'right' },
    { title: t('safety.coverage.schoolsScreened'), dataIndex: 'schoolsScreened', width: 100, align: 'right' },
    { title: t('safety.coverage.schoolRate'), key: 'schoolRate', width: 140, render: (_: unknown, r) => <Rate part={r.schoolsScreened} whole={r.schools} /> },
    { title: t('safety.coverage.studentsExpected'), dataIndex: 'studentsExpected', width: 110, align: 'right' },
    { title: t('safety.coverage.studentsScreened'), dataIndex: 'studentsScreened', width: 110, align: 'right' },
    {
      title: t('safety.coverage.studentRate'),
      key: 'studentRate',
      width: 140,
      render: (_: unknown, r) => <Rate part={r.studentsScreened} whole={r.studentsExpected} />,
    },
    { title: t('safety.coverage.issuesFound'), dataIndex: 'issuesFound', width: 90, align: 'right', render: (n: number) => <CountTag n={n} /> },
    { title: t('safety.coverage.issuesResolved'), dataIndex: 'issuesResolved', width: 90, align: 'right' },
    {
      title: t('safety.coverage.resolvedRate'),
      key: 'resolvedRate',
      width: 100,
      render: (_: unknown, r) => <Rate part={r.issuesResolved} whole={r.issuesFound} compact />,
    },
  ];

  const c = coverage.data;
  const tot = c?.totals;
  // Party branches under a school hold no schools of their own: only units that roll up schools are rows.
  const rows = (c?.children ?? []).filter((r) => r.schools > 0 || r.studentsExpected > 0);
  const path = org.data?.path ?? [];
  return (
    <div>
      {path.length > 1 ? (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={path.map((p, i) => ({
            key: p.id,
            title:
              i === path.length - 1 ? (
                p.name
              ) : (
                <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onPickOrg(p.id)}>
                  {p.name}
                </Button>
              ),
          }))}
        />
      ) : null}
      {coverage.error ? <ErrorAlert error={coverage.error} onRetry={() => void coverage.refetch()} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="safety-coverage-figures">
        <Col xs={12} md={8} xl={4}>
          <Figure
            title={t('safety.coverage.schoolsScreened')}
            value={tot ? `${tot.schoolsScreened} / ${tot.schools}` : dash}
            note={tot ? t('safety.coverage.rateNote', { rate: pct(tot.schoolsScreened, tot.schools) }) : undefined}
          />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Figure
            title={t('safety.coverage.studentsScreened')}
            value={tot?.studentsScreened ?? dash}
            note={tot ? t('safety.coverage.ofExpected', { n: tot.studentsExpected, rate: pct(tot.studentsScreened, tot.studentsExpected) }) : undefined}
          />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Figure title={t('safety.coverage.issuesFound')} value={tot?.issuesFound ?? dash} />
        </Col>
        <Col xs={12} md={8} xl={5}>
          <Figure
            title={t('safety.coverage.issuesResolved')}
            value={tot?.issuesResolved ?? dash}
            note={tot ? t('safety.coverage.rateNote', { rate: pct(tot.issuesResolved, tot.issuesFound) }) : undefined}
          />
        </Col>
        <Col xs={24} md={16} xl={5}>
          <Figure
            title={t('safety.coverage.followups')}
            value={counts.data ? t('safety.coverage.followupsValue', { open: counts.data.open, closed: counts.data.closed }) : dash}
            note={t('safety.coverage.followupsNote')}
          />
        </Col>
      </Row>
      <Card size="small" title={t('safety.coverage.byUnit', { name: c?.orgName ?? '', year })}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('safety.coverage.rule')}
        </Typography.Paragraph>
        <Table<ChildRow>
          rowKey="orgId"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={coverage.isFetching}
          pagination={false}
          scroll={{ x: 1170 }}
          locale={{ emptyText: t('safety.coverage.noChildren') }}
          summary={() =>
            tot && rows.length > 0 ? (
              <Table.Summary fixed>
                <Table.Summary.Row className="tz-safety-total">
                  <Table.Summary.Cell index={0}>{t('safety.total')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {tot.schools}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {tot.schoolsScreened}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3}>{pct(tot.schoolsScreened, tot.schools)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {tot.studentsExpected}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} align="right">
                    {tot.studentsScreened}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={6}>{pct(tot.studentsScreened, tot.studentsExpected)}</Table.Summary.Cell>
                  <Table.Summary.Cell index={7} align="right">
                    {tot.issuesFound}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={8} align="right">
                    {tot.issuesResolved}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={9}>{pct(tot.issuesResolved, tot.issuesFound)}</Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </Card>
    </div>
  );
}
