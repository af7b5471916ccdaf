import { AuditOutlined, DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Popconfirm, Progress, Segmented, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { PLEDGE_ROLES, PLEDGE_STATUSES, type PledgeStatus, type PledgeView, dutyApi, dutyKeys } from './api.ts';
import { useMyDuties, useMyPersonId } from './hooks.ts';
import { PledgeStatusTag, roleLabel } from './labels.tsx';
import { MyPledges } from './MyPledges.tsx';
import { PledgeDrawer, type PledgeTarget, usePledgeDownload } from './PledgeDrawer.tsx';
import { type TabProps, enumParam } from './params.ts';
import { type Stat, StatStrip } from './StatStrip.tsx';

const VIEWS = ['people', 'orgs'] as const;
type View = (typeof VIEWS)[number];

interface OrgRow {
  orgId: number;
  orgName: string;
  total: number;
  signed: number;
  countersigned: number;
  unsigned: number;
}

const day = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : null);

/** 责任书: my own pledges to read and sign, and the signing status of every responsible person under the org. */
export function PledgesTab({ year, orgId, params, patch }: TabProps) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const view: View = enumParam(params, 'pledgeView', VIEWS) ?? 'people';
  const status = enumParam(params, 'pledgeStatus', PLEDGE_STATUSES);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<PledgeTarget | null>(null);
  const download = usePledgeDownload();
  const mine = useMyDuties(year);
  const me = useMyPersonId(year);
  const pledges = useQuery({
    queryKey: dutyKeys.pledges(orgId ?? 0, year),
    queryFn: ({ signal }) => dutyApi.pledges(orgId ?? 0, year, signal),
    enabled: orgId !== null,
    staleTime: 0,
  });
  const countersign = useMutation({
    mutationFn: (id: number) => dutyApi.countersign(id),
    onSuccess: () => {
      message.success(t('duties.pledges.countersigned'));
      void qc.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const all = pledges.data ?? [];
  const counts = useMemo(() => {
    const c: Record<PledgeStatus, number> = { unsigned: 0, signed: 0, countersigned: 0 };
    for (const p of all) c[p.status]++;
    return c;
  }, [all]);
  const orgRows = useMemo(() => {
    const m = new Map<number, OrgRow>();
    for (const p of all) {
      const r = m.get(p.orgId) ?? { orgId: p.orgId, orgName: p.orgName, total: 0, signed: 0, countersigned: 0, unsigned: 0 };
      r.total++;
      r[p.status]++;
      m.set(p.orgId, r);
    }
    return [...m.values()].sort((a, b) => b.unsigned + b.signed - (a.unsigned + a.signed) || a.orgName.localeCompare(b.orgName));
  }, [all]);
  const text = q.trim();
  const rows = all.filter((p) => (!status || p.status === status) && (!text || p.personName.includes(text) || p.orgName.includes(text)));
  const myOrgs = [...new Set((mine.data ?? []).filter((d) => PLEDGE_ROLES.includes(d.role)).map((d) => d.orgId))];

  const total = all.length;
  const rate = (n: number) => (total ? `${Math.round((n / total) * 100)}%` : t('common.none'));
  const stats: Stat[] = [
    { key: 'total', label: t('duties.pledges.total'), value: total, active: !status, onClick: () => patch({ pledgeStatus: null }, true) },
    ...PLEDGE_STATUSES.map((s) => ({
      key: s,
      label: t(`duties.pledgeStatus.${s}`),
      value: counts[s],
      tone: s === 'unsigned' && counts[s] > 0 ? ('bad' as const) : s === 'countersigned' ? ('good' as const) : undefined,
      active: status === s,
      onClick: () => patch({ pledgeStatus: status === s ? null : s, pledgeView: null }, true),
    })),
    { key: 'rate', label: t('duties.pledges.signRate'), value: rate(counts.signed + counts.countersigned) },
  ];

  const columns: TableColumnsType<PledgeView> = [
    { title: t('duties.f.org'), dataIndex: 'orgName', width: 160, ellipsis: true, sorter: (a, b) => a.orgName.localeCompare(b.orgName, 'zh-CN') },
    { title: t('duties.f.owner'), dataIndex: 'personName', width: 100, sorter: (a, b) => a.personName.localeCompare(b.personName, 'zh-CN') },
    {
      title: t('duties.f.role'),
      dataIndex: 'roles',
      width: 170,
      responsive: ['sm'],
      render: (rs: string[]) => rs.map((r) => <Tag key={r}>{roleLabel(t, r)}</Tag>),
    },
    {
      title: t('duties.f.status'),
      dataIndex: 'status',
      width: 100,
      sorter: (a, b) => PLEDGE_STATUSES.indexOf(a.status) - PLEDGE_STATUSES.indexOf(b.status),
      render: (s: PledgeStatus) => <PledgeStatusTag status={s} />,
    },
    {
      title: t('duties.pledges.signedAt'),
      dataIndex: 'signedAt',
      width: 110,
      responsive: ['md'],
      sorter: (a, b) => (a.signedAt ?? '').localeCompare(b.signedAt ?? ''),
      render: (v: string | null) => day(v) ?? t('common.none'),
    },
    {
      title: t('duties.pledges.countersignedAt'),
      dataIndex: 'countersignedAt',
      width: 110,
      responsive: ['md'],
      render: (v: string | null) => day(v) ?? t('common.none'),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 220,
      render: (_: unknown, p) => (
        <Space size={4} wrap>
          <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen({ personId: p.personId, orgId: p.orgId, year })} data-testid="pledge-preview">
            {t('duties.pledges.preview')}
          </Button>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            aria-label={t('duties.pledges.download')}
            loading={download.busy === `${p.personId}:${p.orgId}`}
            onClick={() => void download.run({ personId: p.personId, orgId: p.orgId, year }, p.personName)}
          />
          {can('duty.review') && p.status === 'signed' && p.id !== null ? (
            <Popconfirm
              title={t('duties.pledges.countersignTitle')}
              description={t('duties.pledges.countersignConfirm', { name: p.personName, org: p.orgName })}
              okText={t('duties.pledges.countersign')}
              cancelText={t('common.cancel')}
              onConfirm={() => countersign.mutateAsync(p.id as number).catch(() => undefined)}
            >
              <Button size="small" type="primary" icon={<AuditOutlined />} data-testid="pledge-countersign">
                {t('duties.pledges.countersign')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];
  const orgColumns: TableColumnsType<OrgRow> = [
    { title: t('duties.f.org'), dataIndex: 'orgName', width: 200 },
    { title: t('duties.pledges.total'), dataIndex: 'total', width: 80, align: 'right' },
    { title: t('duties.pledgeStatus.countersigned'), dataIndex: 'countersigned', width: 90, align: 'right' },
    { title: t('duties.pledgeStatus.signed'), dataIndex: 'signed', width: 100, align: 'right' },
    {
      title: t('duties.pledgeStatus.unsigned'),
      dataIndex: 'unsigned',
      width: 80,
      align: 'right',
      render: (v: number) => (v ? <span className="tz-duties-count-bad">{v}</span> : 0),
    },
    {
      title: t('duties.pledges.signRate'),
      key: 'rate',
      width: 180,
      render: (_: unknown, r) => (
        <Progress percent={Math.round(((r.signed + r.countersigned) / r.total) * 100)} size="small" status={r.unsigned ? 'normal' : 'success'} />
      ),
    },
    {
      title: t('common.actions'),
      key: 'act',
      width: 90,
      render: (_: unknown, r) => (
        <Button size="small" type="link" onClick={() => patch({ org: r.orgId, pledgeView: null }, false)}>
          {t('duties.pledges.openOrg')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {myOrgs.length ? <MyPledges year={year} orgIds={myOrgs} personId={me} onOpen={setOpen} /> : null}
      <Card size="small" title={t('duties.pledges.statusTitle')}>
        {orgId === null ? (
          <Empty description={t('duties.pickOrg')} />
        ) : (
          <>
            <StatStrip stats={stats} testId="duties-pledge-stats" />
            <div className="tz-duties-toolbar">
              <div className="tz-duties-filters">
                <Segmented<View>
                  value={view}
                  onChange={(v) => patch({ pledgeView: v === 'people' ? null : v }, true)}
                  options={VIEWS.map((v) => ({ value: v, label: t(`duties.pledges.view_${v}`) }))}
                />
                {view === 'people' ? (
                  <>
                    <Select
                      allowClear
                      placeholder={t('duties.f.status')}
                      value={status}
                      onChange={(v) => patch({ pledgeStatus: v ?? null }, true)}
                      options={PLEDGE_STATUSES.map((s) => ({ value: s, label: t(`duties.pledgeStatus.${s}`) }))}
                      className="tz-duties-filter"
                      aria-label={t('duties.f.status')}
                    />
                    <Input.Search
                      allowClear
                      placeholder={t('duties.pledges.search')}
                      onSearch={setQ}
                      onChange={(e) => !e.target.value && setQ('')}
                      style={{ width: 220 }}
                    />
                  </>
                ) : null}
              </div>
            </div>
            {pledges.error ? <ErrorAlert error={pledges.error} onRetry={() => void pledges.refetch()} style={{ marginBottom: 12 }} /> : null}
            {view === 'people' ? (
              <Table<PledgeView>
                rowKey={(p) => `${p.personId}:${p.orgId}`}
                size="small"
                columns={columns}
                dataSource={rows}
                loading={pledges.isFetching}
                scroll={{ x: 'max-content' }}
                pagination={{
                  pageSize: 20,
                  showSizeChanger: true,
                  pageSizeOptions: [20, 50, 100],
                  size: 'small',
                  showTotal: (n) => t('common.total', { total: n }),
                }}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.pledges.empty', { year })} /> }}
                data-testid="duties-pledges"
              />
            ) : (
              <Table<OrgRow>
                rowKey="orgId"
                size="small"
                columns={orgColumns}
                dataSource={orgRows}
                loading={pledges.isFetching}
                scroll={{ x: 820 }}
                pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.pledges.empty', { year })} /> }}
              />
            )}
          </>
        )}
      </Card>
      <PledgeDrawer target={open} myPersonId={me} onClose={() => setOpen(null)} />
    </Space>
  );
}
