import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined, SyncOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Modal, Popconfirm, Space, Table, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isConflict } from '../../api/client.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { Loading } from '../../components/Loading.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type DutyItemView, LIST_KINDS, type ListKind, dutyApi, dutyKeys } from './api.ts';
import { ExportButton } from './ExportDialog.tsx';
import { useActivityTypeNames } from './hooks.ts';
import { ItemFormDrawer, type ItemTarget } from './ItemFormDrawer.tsx';
import { asMeasure, describeMeasure, orgKindLabel } from './labels.tsx';
import { PublishModal, RefreshModal } from './ListModals.tsx';

interface Props {
  listId: number;
  manage: boolean;
  orgId: number | null;
  onDeleted: () => void;
}

/** One list: its items by list kind, and what may be done with it (items only while a draft). */
export function ListDetail({ listId, manage, orgId, onDeleted }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const typeNames = useActivityTypeNames();
  const [kind, setKind] = useState<ListKind>('responsibilities');
  const [itemTarget, setItemTarget] = useState<ItemTarget | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const list = useQuery({ queryKey: dutyKeys.list(listId), queryFn: ({ signal }) => dutyApi.list(listId, signal), staleTime: 0 });
  const l = list.data;
  const draft = l?.status === 'draft';
  const editable = manage && draft;

  const onFail = (err: unknown) => {
    if (isConflict(err)) {
      message.error(t('duties.conflict'));
      void list.refetch();
    } else message.error(errorMessage(err));
  };
  const rename = useMutation({
    mutationFn: (title: string) => dutyApi.renameList(listId, { version: l?.version ?? 0, title }),
    onSuccess: (x) => {
      qc.setQueryData(dutyKeys.list(listId), x);
      void qc.invalidateQueries({ queryKey: dutyKeys.lists });
      message.success(t('duties.lists.renamed'));
    },
    onError: onFail,
  });
  const removeItem = useMutation({
    mutationFn: (it: DutyItemView) => dutyApi.deleteItem(listId, it.id),
    onSuccess: () => {
      message.success(t('duties.item.deleted'));
      void list.refetch();
    },
    onError: onFail,
  });
  const removeList = () =>
    Modal.confirm({
      title: t('duties.lists.deleteTitle'),
      content: t('duties.lists.deleteConfirm', { title: l?.title ?? '' }),
      okText: t('duties.lists.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await dutyApi.deleteList(listId);
          message.success(t('duties.lists.deleted'));
          qc.removeQueries({ queryKey: dutyKeys.list(listId) });
          onDeleted();
        } catch (err) {
          onFail(err);
        }
      },
    });

  if (list.isPending) return <Loading minHeight={160} />;
  if (list.error || !l) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;

  const items = l.items ?? [];
  const weight = items.reduce((n, i) => n + i.weight, 0);
  const columns: TableColumnsType<DutyItemView> = [
    { title: t('duties.f.sortOrder'), dataIndex: 'sortOrder', width: 70, responsive: ['md'] },
    { title: t('duties.f.item'), dataIndex: 'text', width: 320, render: (v: string) => <span style={{ whiteSpace: 'normal' }}>{v}</span> },
    { title: t('duties.item.binds'), dataIndex: 'binds', width: 110, render: (b: DutyItemView['binds']) => t(`duties.binds.${b}`) },
    {
      title: t('duties.f.appliesTo'),
      dataIndex: 'appliesToKinds',
      width: 150,
      render: (ks: string[]) => (
        <Space size={[2, 4]} wrap>
          {ks.map((k) => (
            <Tag key={k}>{orgKindLabel(t, k)}</Tag>
          ))}
        </Space>
      ),
    },
    { title: t('duties.f.target'), dataIndex: 'target', width: 150, render: (v: string) => v || t('common.none') },
    { title: t('duties.f.measure'), key: 'measure', width: 260, render: (_: unknown, it) => describeMeasure(t, asMeasure(it.measure), typeNames) },
    { title: t('duties.f.weight'), dataIndex: 'weight', width: 70, align: 'right' },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'act',
            width: 110,
            fixed: 'right' as const,
            render: (_: unknown, it: DutyItemView) => (
              <Space size={4}>
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('duties.item.edit')}
                  onClick={() => setItemTarget({ mode: 'edit', list: l, item: it })}
                />
                <Popconfirm
                  title={t('duties.item.deleteConfirm')}
                  description={it.text.length > 40 ? `${it.text.slice(0, 40)}…` : it.text}
                  okText={t('duties.item.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => removeItem.mutate(it)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('duties.item.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div className="tz-duties-toolbar">
        <Space wrap align="center">
          <Typography.Title
            level={5}
            style={{ margin: 0 }}
            editable={
              manage
                ? {
                    onChange: (v) => v.trim().length >= 2 && v.trim() !== l.title && rename.mutate(v.trim()),
                    maxLength: 200,
                    tooltip: t('duties.lists.rename'),
                  }
                : false
            }
          >
            {l.title}
          </Typography.Title>
          <Tag color={l.status === 'published' ? 'success' : 'default'}>{t(`duties.lists.status.${l.status}`)}</Tag>
        </Space>
        <Space wrap>
          {editable ? (
            <>
              <Button icon={<PlusOutlined />} onClick={() => setItemTarget({ mode: 'create', list: l, listKind: kind })} data-testid="item-add">
                {t('duties.item.add')}
              </Button>
              <Button type="primary" icon={<SendOutlined />} onClick={() => setPublishing(true)} disabled={!items.length} data-testid="duty-list-publish">
                {t('duties.lists.publish')}
              </Button>
              <Button danger icon={<DeleteOutlined />} onClick={removeList}>
                {t('duties.lists.delete')}
              </Button>
            </>
          ) : null}
          {manage && !draft ? (
            <Button icon={<SyncOutlined />} onClick={() => setRefreshing(true)}>
              {t('duties.lists.refresh')}
            </Button>
          ) : null}
          {!draft ? <ExportButton year={l.year} orgId={orgId} /> : null}
        </Space>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'org', label: t('duties.lists.committee'), children: l.orgName },
          { key: 'year', label: t('duties.year'), children: t('duties.yearN', { year: l.year }) },
          {
            key: 'pub',
            label: t('duties.lists.publishedAt'),
            children: l.publishedAt ? dayjs(l.publishedAt).format('YYYY-MM-DD') : t('duties.lists.notPublished'),
          },
          { key: 'weight', label: t('duties.lists.weightTotal'), children: t('duties.lists.weightTotalIs', { weight, n: items.length }) },
        ]}
      />
      {draft ? (
        <Alert type="info" showIcon title={manage ? t('duties.lists.draftHint') : t('duties.lists.draftReadonly')} />
      ) : (
        <Alert type="success" showIcon title={t('duties.lists.publishedHint')} />
      )}
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as ListKind)}
        items={LIST_KINDS.map((k) => {
          const rows = items.filter((i) => i.listKind === k);
          return {
            key: k,
            label: t('duties.lists.kindTab', { name: t(`duties.listKind.${k}`), n: rows.length }),
            children: (
              <>
                <Typography.Paragraph type="secondary">{t(`duties.listKindHint.${k}`)}</Typography.Paragraph>
                <Table<DutyItemView>
                  rowKey="id"
                  size="small"
                  columns={columns}
                  dataSource={rows}
                  pagination={false}
                  scroll={{ x: 1100 }}
                  locale={{ emptyText: t('duties.lists.noItems') }}
                  data-testid={`duty-items-${k}`}
                />
              </>
            ),
          };
        })}
      />
      <ItemFormDrawer
        target={itemTarget}
        onClose={() => setItemTarget(null)}
        onReload={async () => {
          const fresh = await list.refetch();
          const cur = itemTarget;
          if (cur?.mode === 'edit' && fresh.data) {
            const it = fresh.data.items?.find((x) => x.id === cur.item.id);
            setItemTarget(it ? { mode: 'edit', list: fresh.data, item: it } : null);
          }
        }}
      />
      <PublishModal list={publishing ? l : null} onClose={() => setPublishing(false)} onReload={() => list.refetch()} />
      <RefreshModal list={refreshing ? l : null} onClose={() => setRefreshing(false)} />
    </Space>
  );
}
