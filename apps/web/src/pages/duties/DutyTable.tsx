import { Button, Empty, Grid, Table, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DutyView } from './api.ts';
import { DutyCards } from './DutyCards.tsx';
import { useYearItems } from './hooks.ts';
import { DutyProgress, DutyStatusCell, ListKindTag, NextDue, OwnerCell, asMeasure, roleLabel } from './labels.tsx';

type Col = 'org' | 'list' | 'role' | 'owner' | 'next';

interface Props {
  items: readonly DutyView[];
  year: number;
  loading?: boolean;
  onOpen: (id: number) => void;
  /** Optional columns (the item, progress and status are always there). */
  show?: readonly Col[];
  pagination?: TablePaginationConfig | false;
  onChange?: (p: TablePaginationConfig) => void;
  empty?: ReactNode;
  /** Extra last column (e.g. the owner's actions). */
  action?: (d: DutyView) => ReactNode;
  testId?: string;
  /** Table width before it scrolls sideways (phones). */
  scrollX?: number;
}

/** Duties as a table: item (opens the drawer), target vs actual, status and what is due next. */
export function DutyTable({
  items,
  year,
  loading,
  onOpen,
  show = ['org', 'list', 'role', 'owner', 'next'],
  pagination,
  onChange,
  empty,
  action,
  testId,
  scrollX = 1000,
}: Props) {
  const { t } = useTranslation();
  const itemsById = useYearItems(year);
  const screens = Grid.useBreakpoint();
  const has = (c: Col) => show.includes(c);
  const columns: TableColumnsType<DutyView> = [
    ...(has('org') ? [{ title: t('duties.f.org'), dataIndex: 'orgName', key: 'org', width: 150, ellipsis: true }] : []),
    ...(has('list')
      ? [{ title: t('duties.f.list'), dataIndex: 'listKind', key: 'list', width: 96, render: (k: DutyView['listKind']) => <ListKindTag kind={k} /> }]
      : []),
    {
      title: t('duties.f.item'),
      key: 'item',
      width: 300,
      render: (_: unknown, d) => (
        <div>
          <Button type="link" className="tz-duties-item-text" onClick={() => onOpen(d.id)} data-testid="duty-open">
            {d.text}
          </Button>
          {d.target ? <div className="tz-duties-sub">{t('duties.targetIs', { target: d.target })}</div> : null}
        </div>
      ),
    },
    ...(has('role') ? [{ title: t('duties.f.role'), dataIndex: 'role', key: 'role', width: 100, render: (r: string) => roleLabel(t, r) }] : []),
    ...(has('owner') ? [{ title: t('duties.f.owner'), key: 'owner', width: 110, render: (_: unknown, d: DutyView) => <OwnerCell duty={d} /> }] : []),
    {
      title: t('duties.f.progress'),
      key: 'progress',
      width: 150,
      render: (_: unknown, d) => <DutyProgress duty={d} measure={asMeasure(itemsById.get(d.itemId)?.measure)} />,
    },
    { title: t('duties.f.status'), key: 'status', width: 110, render: (_: unknown, d) => <DutyStatusCell duty={d} /> },
    ...(has('next') ? [{ title: t('duties.f.next'), key: 'next', width: 180, render: (_: unknown, d: DutyView) => <NextDue next={d.next} /> }] : []),
    ...(action ? [{ title: t('common.actions'), key: 'action', width: 120, render: (_: unknown, d: DutyView) => action(d) }] : []),
  ];
  if (screens.md === false)
    return (
      <DutyCards
        items={items}
        itemsById={itemsById}
        loading={loading}
        onOpen={onOpen}
        pagination={pagination}
        onChange={onChange}
        empty={empty}
        action={action}
        testId={testId}
      />
    );
  return (
    <Table<DutyView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items as DutyView[]}
      loading={loading}
      pagination={pagination}
      onChange={(p) => onChange?.(p)}
      scroll={{ x: scrollX }}
      locale={{ emptyText: empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.empty')} /> }}
      onRow={(d) => ({ onDoubleClick: () => onOpen(d.id) })}
      data-testid={testId}
    />
  );
}
