import { CheckOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Empty, Input, Popconfirm, Segmented, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type PledgeView, ethicsApi, ethicsKeys } from './api.ts';
import { drawerWidth } from '../../components/sizing.ts';
import { SignPledgeModal, type SignTarget } from './SignPledgeModal.tsx';

interface RosterRow {
  personId: number;
  code: string;
  name: string;
  pledge: PledgeView | null;
  /** Signed, but no longer on the school's active roster (left, moved). */
  offRoster: boolean;
}

type Show = 'all' | 'unsigned' | 'signed';

interface Props {
  school: { id: number; name: string } | null;
  year: number;
  onClose: () => void;
}

/** One school's staff for the year: who signed (and when), who has not; recording and correcting signatures. */
export function PledgeSchoolDrawer({ school, year, onClose }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('ethics.manage');
  const canRoster = can('people.read');
  const orgId = school?.id ?? 0;
  const [show, setShow] = useState<Show>('all');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [sign, setSign] = useState<SignTarget | null>(null);

  const pledges = useQuery({
    queryKey: ethicsKeys.schoolPledges(orgId, year),
    queryFn: ({ signal }) => ethicsApi.schoolPledges(orgId, year, signal),
    enabled: school !== null,
    staleTime: 0,
  });
  const roster = useQuery({
    queryKey: ethicsKeys.roster(orgId),
    queryFn: ({ signal }) => ethicsApi.roster(orgId, signal),
    enabled: school !== null && canRoster,
    staleTime: 60_000,
  });

  const rows = useMemo<RosterRow[]>(() => {
    const byPerson = new Map((pledges.data ?? []).map((p) => [p.personId, p]));
    const out: RosterRow[] = (roster.data ?? []).map((p) => ({
      personId: p.id,
      code: p.code,
      name: p.name,
      pledge: byPerson.get(p.id) ?? null,
      offRoster: false,
    }));
    const listed = new Set(out.map((r) => r.personId));
    for (const p of pledges.data ?? [])
      if (!listed.has(p.personId)) out.push({ personId: p.personId, code: '', name: p.personName, pledge: p, offRoster: canRoster });
    return out;
  }, [pledges.data, roster.data, canRoster]);

  const counts = { all: rows.length, signed: rows.filter((r) => r.pledge).length, unsigned: rows.filter((r) => !r.pledge).length };
  const needle = text.trim();
  const shown = rows.filter(
    (r) =>
      (show === 'all' || (show === 'signed') === !!r.pledge) && (!needle || r.name.includes(needle) || r.code.toLowerCase().includes(needle.toLowerCase())),
  );

  const refresh = () => void qc.invalidateQueries({ queryKey: ethicsKeys.pledges });
  const remove = useMutation({
    mutationFn: (p: PledgeView) => ethicsApi.removePledge(p.id),
    onSuccess: () => {
      refresh();
      message.success(t('ethics.pledge.removed'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<RosterRow> = [
    { title: t('ethics.pledge.code'), dataIndex: 'code', width: 100, render: (v: string) => v || t('common.none') },
    {
      title: t('ethics.pledge.name'),
      dataIndex: 'name',
      width: 120,
      render: (v: string, r) => (
        <Space size={4} wrap>
          {v}
          {r.offRoster ? <Tag>{t('ethics.pledge.offRoster')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('ethics.pledge.statusCol'),
      key: 'status',
      width: 100,
      render: (_: unknown, r) =>
        r.pledge ? <Tag color="success">{t('ethics.pledge.isSigned')}</Tag> : <Tag color="warning">{t('ethics.pledge.notSigned')}</Tag>,
    },
    { title: t('ethics.pledge.signedAt'), key: 'signedAt', width: 110, render: (_: unknown, r) => r.pledge?.signedAt ?? t('common.none') },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, r: RosterRow) =>
              r.pledge ? (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setSign({ people: [{ personId: r.personId, name: r.name }], signedAt: r.pledge?.signedAt })}
                  >
                    {t('ethics.pledge.correct')}
                  </Button>
                  <Popconfirm
                    title={t('ethics.pledge.removeTitle')}
                    description={t('ethics.pledge.removeConfirm', { name: r.name, year })}
                    okText={t('ethics.pledge.remove')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => (r.pledge ? remove.mutateAsync(r.pledge).catch(() => {}) : undefined)}
                  >
                    <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                      {t('ethics.pledge.remove')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : (
                <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setSign({ people: [{ personId: r.personId, name: r.name }] })}>
                  {t('ethics.pledge.sign')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  const picked = rows.filter((r) => selected.includes(r.personId) && !r.pledge);
  const error = pledges.error ?? roster.error;
  return (
    <Drawer
      open={school !== null}
      title={t('ethics.pledge.drawerTitle', { school: school?.name ?? '', year })}
      onClose={() => {
        setSelected([]);
        setText('');
        setShow('all');
        onClose();
      }}
      size={drawerWidth(760)}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} onRetry={() => void (pledges.error ? pledges.refetch() : roster.refetch())} style={{ marginBottom: 12 }} /> : null}
      {canRoster ? null : <Alert type="info" showIcon title={t('ethics.pledge.noRoster')} style={{ marginBottom: 12 }} />}
      <div className="tz-ethics-toolbar">
        <Space wrap size={8} className="tz-ethics-filters">
          <Segmented<Show>
            value={show}
            onChange={setShow}
            options={(['all', 'unsigned', 'signed'] as const).map((s) => ({ value: s, label: t(`ethics.pledge.filter.${s}`, { count: counts[s] }) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('ethics.pledge.searchPlaceholder')}
            onSearch={setText}
            onChange={(e) => setText(e.target.value)}
            className="tz-ethics-filter narrow"
          />
        </Space>
        {canManage && canRoster ? (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={!picked.length}
            onClick={() => setSign({ people: picked.map((r) => ({ personId: r.personId, name: r.name })) })}
          >
            {t('ethics.pledge.signSelected', { count: picked.length })}
          </Button>
        ) : null}
      </div>
      <Table<RosterRow>
        rowKey="personId"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={pledges.isFetching || roster.isFetching}
        scroll={{ x: 'max-content' }}
        rowSelection={
          canManage && canRoster
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)), getCheckboxProps: (r) => ({ disabled: !!r.pledge }) }
            : undefined
        }
        pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small', showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ethics.pledge.rosterEmpty')} /> }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('ethics.pledge.rosterHint')}
      </Typography.Paragraph>
      <SignPledgeModal
        target={sign}
        year={year}
        onClose={() => setSign(null)}
        onDone={(n) => {
          refresh();
          setSelected([]);
          if (n) message.success(t('ethics.pledge.recorded', { count: n }));
        }}
      />
    </Drawer>
  );
}
