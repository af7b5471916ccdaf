import { IdcardOutlined, KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  type TablePaginationConfig,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { ImportExportBar } from '../../components/ImportExportBar.tsx';
import '../../layout/layout.css';
import { type AccountItem, MEMBER_STATUSES, POST_OPTIONS, type PeopleQuery, type PersonView, STATUSES, peopleApi, peopleKeys } from './api.ts';
import { GapsPanel } from './GapsPanel.tsx';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';
import { PersonDrawer } from './PersonDrawer.tsx';
import './people.css';
import { StatusTag } from './StatusTag.tsx';

/** The masked phone, with 显示号码 (an audited read) for users who may see it. */
function PhoneCell({ person, canReveal }: { person: PersonView; canReveal: boolean }) {
  const { t } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!person.phone) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  if (full) return <span data-testid="phone-full">{full}</span>;
  return (
    <Space size={4} wrap>
      <span>{person.phone}</span>
      {canReveal ? (
        <Button
          size="small"
          type="link"
          loading={busy}
          style={{ paddingInline: 0 }}
          onClick={async () => {
            setBusy(true);
            try {
              const r = await peopleApi.phone(person.id);
              setFull(r.phone ?? t('people.phoneNone'));
            } catch (err) {
              message.error(errorMessage(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('people.showPhone')}
        </Button>
      ) : null}
    </Space>
  );
}

function AccountsModal({ items, names, onClose }: { items: AccountItem[] | null; names: Map<number, string>; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const created = (items ?? []).filter((i) => i.password);
  const copy = async () => {
    const text = created.map((i) => `${names.get(i.personId) ?? i.personId}\t${i.username}\t${i.password}`).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('people.copied'));
    } catch {
      message.error(t('errors.internal_error'));
    }
  };
  return (
    <Modal
      open={items !== null}
      title={t('people.accountsTitle')}
      maskClosable={false}
      closable={false}
      onCancel={onClose}
      footer={[
        <Button key="copy" onClick={() => void copy()} disabled={!created.length}>
          {t('people.copyAll')}
        </Button>,
        <Button key="ok" type="primary" onClick={onClose}>
          {t('people.accountsDone')}
        </Button>,
      ]}
      width={640}
    >
      <Typography.Paragraph type="warning">{t('people.accountsOnce')}</Typography.Paragraph>
      <Table<AccountItem>
        size="small"
        rowKey="personId"
        pagination={false}
        scroll={{ x: 420, y: 400 }}
        dataSource={items ?? []}
        columns={[
          { title: t('people.name'), dataIndex: 'personId', render: (id: number) => names.get(id) ?? id },
          { title: t('people.username'), dataIndex: 'username' },
          {
            title: t('people.password'),
            dataIndex: 'password',
            render: (p: string | null, r) =>
              p ? (
                <Typography.Text code copyable>
                  {p}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {t('people.accountsSkipped')}
                  {r.skipped ? `：${r.skipped}` : ''}
                </Typography.Text>
              ),
          },
        ]}
        data-testid="accounts-table"
      />
    </Modal>
  );
}

interface Filters {
  q: string;
  orgId: number | null;
  status: PeopleQuery['status'] | null;
  members: boolean;
  post: string;
}

const EMPTY: Filters = { q: '', orgId: null, status: null, members: false, post: '' };

function PeopleList() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const can = useCan();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('people.manage');
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get('person')) || null;
  const openPerson = (id: number | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id === null) next.delete('person');
        else next.set('person', String(id));
        return next;
      },
      { replace: true },
    );

  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [qText, setQText] = useState('');
  const [paging, setPaging] = useState<{ page: number; pageSize: number; sort: PeopleQuery['sort'] }>({ page: 1, pageSize: 20, sort: 'code' });
  const [selected, setSelected] = useState<PersonView[]>([]);
  const [accounts, setAccounts] = useState<AccountItem[] | null>(null);
  const [creating, setCreating] = useState(false);

  const query: PeopleQuery = {
    ...paging,
    q: filters.q || undefined,
    orgId: filters.orgId ?? undefined,
    status: filters.status ?? undefined,
    members: filters.members ? '1' : undefined,
    post: filters.post.trim() || undefined,
  };
  const list = useQuery({
    queryKey: peopleKeys.list(query),
    queryFn: ({ signal }) => peopleApi.list(query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY);

  const createAccounts = () => {
    const people = selected;
    Modal.confirm({
      title: t('people.createAccounts'),
      content: t('people.createAccountsConfirm', { count: people.length }),
      okText: t('people.createAccounts'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setCreating(true);
        try {
          const r = await peopleApi.accounts(people.map((p) => p.id));
          setAccounts(r.items);
          setSelected([]);
        } catch (err) {
          message.error(errorMessage(err));
        } finally {
          setCreating(false);
        }
      },
    });
  };

  const columns: TableColumnsType<PersonView> = [
    { title: t('people.code'), dataIndex: 'code', key: 'code', sorter: true, sortOrder: sortOrder(paging.sort, 'code'), width: 110, responsive: ['sm'] },
    {
      title: t('people.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder(paging.sort, 'name'),
      width: 120,
      render: (name: string, p) => (
        <Space size={4} wrap>
          <Button type="link" style={{ paddingInline: 0 }} onClick={() => openPerson(p.id)} data-testid="person-name">
            {name}
          </Button>
          {p.active ? null : <Tag>{t('people.inactive')}</Tag>}
          {p.isDemo ? <Tag color="gold">{t('people.demo')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('people.gender'), dataIndex: 'gender', width: 64, responsive: ['md'], render: (g: string | null) => g ?? t('common.none') },
    { title: t('people.unit'), dataIndex: 'unitName', responsive: ['lg'], render: (v: string | null) => v ?? t('common.none') },
    { title: t('people.partyOrg'), dataIndex: 'partyOrgName', responsive: ['md'], render: (v: string | null) => v ?? t('common.none') },
    { title: t('people.status'), dataIndex: 'politicalStatus', width: 120, render: (s: string) => <StatusTag status={s} /> },
    {
      title: t('people.posts'),
      dataIndex: 'posts',
      responsive: ['lg'],
      render: (posts: PersonView['posts']) => {
        const current = posts.filter((p) => !p.endDate);
        return current.length ? current.map((p) => <Tag key={p.id}>{p.post}</Tag>) : t('common.none');
      },
    },
    {
      title: t('people.phone'),
      dataIndex: 'phone',
      width: 190,
      render: (_: unknown, p) => <PhoneCell person={p} canReveal={can('people.phone.read')} />,
    },
  ];

  const onTableChange = (pg: TablePaginationConfig, _f: unknown, sorter: SorterResult<PersonView> | SorterResult<PersonView>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.order ? (s.columnKey === 'name' ? 'name' : 'code') : 'code';
    const sort = (s?.order === 'descend' ? `-${key}` : key) as PeopleQuery['sort'];
    setPaging({ page: sort === paging.sort ? (pg.current ?? 1) : 1, pageSize: pg.pageSize ?? 20, sort });
  };

  const names = new Map((list.data?.items ?? []).map((p) => [p.id, p.name]));
  for (const p of selected) names.set(p.id, p.name);

  return (
    <>
      <div className="tz-people-filters">
        <Input.Search
          placeholder={t('people.searchPlaceholder')}
          allowClear
          value={qText}
          onChange={(e) => {
            setQText(e.target.value);
            if (!e.target.value) setFilter({ q: '' });
          }}
          onSearch={(v) => setFilter({ q: v.trim() })}
          maxLength={50}
          style={{ width: 240 }}
          aria-label={t('common.search')}
          data-testid="people-search"
        />
        <OrgTreeSelect value={filters.orgId} onChange={(orgId) => setFilter({ orgId })} placeholder={t('people.orgPlaceholder')} style={{ width: 220 }} />
        <Select
          allowClear
          placeholder={t('people.status')}
          value={filters.status ?? undefined}
          onChange={(status) => setFilter({ status: status ?? null, members: status ? false : filters.members })}
          options={STATUSES.map((s) => ({ value: s, label: s }))}
          style={{ width: 150 }}
          aria-label={t('people.status')}
        />
        <AutoComplete
          allowClear
          placeholder={t('people.postPlaceholder')}
          value={filters.post}
          onChange={(post: string) => setFilter({ post: post ?? '' })}
          options={POST_OPTIONS.map((p) => ({ value: p }))}
          style={{ width: 150 }}
          aria-label={t('people.post')}
        />
        <Checkbox
          checked={filters.members}
          disabled={!!filters.status && !MEMBER_STATUSES.includes(filters.status)}
          onChange={(e) => setFilter({ members: e.target.checked })}
        >
          {t('people.membersOnly')}
        </Checkbox>
        {filtered ? (
          <Button
            onClick={() => {
              setQText('');
              setFilters(EMPTY);
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
      </div>
      <div className="tz-people-toolbar">
        <Space wrap size={8}>
          <ImportExportBar
            kind="people"
            title={t('people.title')}
            orgId={filters.orgId}
            canImport={can('import.run')}
            canExport={can('org.read')}
            onImported={() => void qc.invalidateQueries({ queryKey: peopleKeys.all })}
          />
          {canManage && selected.length ? (
            <Button type="primary" icon={<KeyOutlined />} loading={creating} onClick={createAccounts} data-testid="create-accounts">
              {t('people.createAccounts')}（{selected.length}）
            </Button>
          ) : null}
        </Space>
        <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void list.refetch()} />
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<PersonView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        onChange={onTableChange}
        rowSelection={
          canManage
            ? {
                selectedRowKeys: selected.map((p) => p.id),
                preserveSelectedRowKeys: true,
                onChange: (_keys, rows) =>
                  setSelected((prev) => {
                    const byId = new Map(prev.map((p) => [p.id, p]));
                    for (const r of rows) if (r) byId.set(r.id, r);
                    const keep = new Set(_keys.map(Number));
                    return [...byId.values()].filter((p) => keep.has(p.id));
                  }),
              }
            : undefined
        }
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          size: 'small',
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('people.emptyFiltered') : t('people.empty')} /> }}
        scroll={{ x: 'max-content' }}
        data-testid="people-table"
      />
      <PersonDrawer personId={openId} onClose={() => openPerson(null)} onChanged={() => void qc.invalidateQueries({ queryKey: ['people', 'list'] })} />
      <AccountsModal items={accounts} names={names} onClose={() => setAccounts(null)} />
    </>
  );
}

function sortOrder(sort: PeopleQuery['sort'], key: 'code' | 'name'): 'ascend' | 'descend' | null {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}

/** 人员名册: the roster (server-side paging, sorting, filters, pinyin search) and the 缺位 list of duty roles. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('list');
  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <IdcardOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('people.title')}
        </Typography.Title>
      </div>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'list', label: t('people.tabList'), children: <PeopleList /> },
            { key: 'gaps', label: t('people.tabGaps'), children: <GapsPanel /> },
          ]}
        />
      </Card>
    </div>
  );
}
