import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading } from '../../components/Loading.tsx';
import { type Involvement, dutyApi, dutyKeys } from './api.ts';
import { useMyDuties, useOrgNames } from './hooks.ts';
import { type TabProps, numParam } from './params.ts';
import { StatStrip } from './StatStrip.tsx';

interface Holder {
  personId: number;
  name: string;
  orgName: string;
}

/** 亲自抓: what a first responsible person deployed, looked into and handled personally in the year, from the records. */
export function InvolvementTab({ year, orgId, params, patch }: TabProps) {
  const { t } = useTranslation();
  const mine = useMyDuties(year);
  // Everyone holding a first-responsible duty under the org, to choose from.
  const holders = useQuery({
    queryKey: dutyKeys.holders(orgId ?? 0, year),
    queryFn: ({ signal }) => dutyApi.board({ orgId: orgId ?? 0, year, binds: 'first_responsible', page: 1, pageSize: 500 }, signal),
    enabled: orgId !== null,
    staleTime: 60_000,
  });
  const people = useMemo(() => {
    const m = new Map<number, Holder>();
    const add = (d: { personId: number | null; personName: string | null; orgName: string; role: string }) => {
      if (d.personId !== null && d.role === 'first_responsible' && !m.has(d.personId))
        m.set(d.personId, { personId: d.personId, name: d.personName ?? '', orgName: d.orgName });
    };
    for (const d of mine.data ?? []) add(d);
    for (const d of holders.data?.items ?? []) add(d);
    return [...m.values()];
  }, [mine.data, holders.data]);
  const personId = numParam(params, 'person') ?? people[0]?.personId ?? null;

  const inv = useQuery({
    queryKey: dutyKeys.involvement(personId ?? 0, year),
    queryFn: ({ signal }) => dutyApi.involvement(personId ?? 0, year, signal),
    enabled: personId !== null,
    staleTime: 30_000,
  });
  const d = inv.data;
  const orgNames = useOrgNames(d ? [...d.deployed.map((x) => x.orgId), ...d.lookedInto.map((x) => x.orgId), ...d.handled.map((x) => x.orgId)] : []);
  const orgCell = (id: number) => orgNames.get(id) ?? t('common.none');

  if (orgId !== null && holders.isPending) return <Loading minHeight={160} />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('duties.involvement.hint')} />
      <div className="tz-duties-filters">
        <Typography.Text>{t('duties.involvement.person')}</Typography.Text>
        <Select<number>
          value={personId ?? undefined}
          onChange={(v) => patch({ person: v }, true)}
          showSearch={{ optionFilterProp: 'label' }}
          loading={holders.isFetching}
          placeholder={t('duties.involvement.pickPerson')}
          options={people.map((p) => ({ value: p.personId, label: t('common.withParen', { text: p.name, inner: p.orgName }) }))}
          style={{ width: 320, maxWidth: '100%' }}
          notFoundContent={t('duties.involvement.noHolders')}
          aria-label={t('duties.involvement.person')}
          data-testid="involvement-person"
        />
      </div>
      {holders.error ? <ErrorAlert error={holders.error} onRetry={() => void holders.refetch()} /> : null}
      {personId === null ? (
        <Empty description={t('duties.involvement.noHolders')} />
      ) : inv.isPending ? (
        <Loading minHeight={160} />
      ) : inv.error ? (
        <ErrorAlert error={inv.error} onRetry={() => void inv.refetch()} />
      ) : d ? (
        <InvolvementView d={d} orgCell={orgCell} />
      ) : null}
    </Space>
  );
}

function InvolvementView({ d, orgCell }: { d: Involvement; orgCell: (id: number) => string }) {
  const { t } = useTranslation();
  return (
    <>
      <StatStrip
        stats={[
          { key: 'deployed', label: t('duties.involvement.deployed'), value: d.counts.deployed, tone: d.counts.deployed ? 'good' : 'bad' },
          { key: 'lookedInto', label: t('duties.involvement.lookedInto'), value: d.counts.lookedInto, tone: d.counts.lookedInto ? 'good' : 'bad' },
          { key: 'handled', label: t('duties.involvement.handled'), value: d.counts.handled },
        ]}
        testId="involvement-stats"
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('duties.involvement.deployedTitle', { n: d.counts.deployed })}>
            <Table
              rowKey="id"
              size="small"
              dataSource={d.deployed}
              pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
              scroll={{ x: 520 }}
              locale={{ emptyText: t('duties.involvement.noneDeployed') }}
              columns={[
                { title: t('duties.records.date'), dataIndex: 'date', width: 104 },
                { title: t('duties.records.type'), dataIndex: 'typeName', width: 130, render: (v: string) => <Tag>{v}</Tag> },
                { title: t('duties.records.title'), dataIndex: 'topic', render: (v: string, r) => <Link to={`/activities?view=${r.id}`}>{v}</Link> },
                { title: t('duties.f.org'), dataIndex: 'orgId', width: 140, ellipsis: true, render: orgCell },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('duties.involvement.lookedIntoTitle', { n: d.counts.lookedInto })}>
            <Table
              rowKey="id"
              size="small"
              dataSource={d.lookedInto}
              pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
              scroll={{ x: 420 }}
              locale={{ emptyText: t('duties.involvement.noneLookedInto') }}
              columns={[
                { title: t('duties.records.date'), dataIndex: 'date', width: 104 },
                { title: t('duties.records.title'), dataIndex: 'title' },
                { title: t('duties.f.org'), dataIndex: 'orgId', width: 140, ellipsis: true, render: orgCell },
              ]}
            />
          </Card>
          <Card size="small" title={t('duties.involvement.handledTitle', { n: d.counts.handled })} style={{ marginTop: 16 }}>
            <Table
              rowKey="id"
              size="small"
              dataSource={d.handled}
              pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
              scroll={{ x: 420 }}
              locale={{ emptyText: t('duties.involvement.noneHandled') }}
              columns={[
                { title: t('duties.records.date'), dataIndex: 'date', width: 104 },
                { title: t('duties.records.level'), dataIndex: 'level', width: 80 },
                { title: t('duties.records.title'), dataIndex: 'summary' },
                { title: t('duties.f.org'), dataIndex: 'orgId', width: 140, ellipsis: true, render: orgCell },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
