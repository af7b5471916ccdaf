import { Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localizeServerText } from '../../../i18n/index.ts';
import { type BoardItem, type DualFlagKind, STAGES } from '../api.ts';
import { StageTag } from '../common.tsx';
import { NextStatus } from './NextStatus.tsx';

/** Everybody on the board as one list, sortable, the due ones first (the server's order). */
export function BoardList({ items, onOpen, loading }: { items: BoardItem[]; onOpen: (id: number) => void; loading: boolean }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<BoardItem> = [
    {
      title: t('development.common.name'),
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => onOpen(r.personId)} data-testid="dev-board-person">
          {v}
        </Button>
      ),
    },
    { title: t('development.common.code'), dataIndex: 'code', width: 90, responsive: ['md'], sorter: (a, b) => a.code.localeCompare(b.code) },
    {
      title: t('development.board.branch'),
      dataIndex: 'orgName',
      width: 170,
      ellipsis: true,
      sorter: (a, b) => (a.orgName ?? '').localeCompare(b.orgName ?? '', 'zh-CN'),
      render: (v: string | null) => v ?? t('development.board.noBranch'),
    },
    {
      title: t('development.board.stageFilter'),
      dataIndex: 'stage',
      width: 120,
      sorter: (a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage),
      render: (s: BoardItem['stage']) => <StageTag stage={s} />,
    },
    { title: t('development.board.since'), dataIndex: 'since', width: 110, sorter: (a, b) => a.since.localeCompare(b.since) },
    {
      title: t('development.board.next'),
      key: 'next',
      width: 150,
      render: (_: unknown, r) => (r.next ? t(`development.stageAction.${r.next.stage}`) : t('development.board.noNext')),
    },
    {
      title: t('development.board.nextFrom'),
      key: 'from',
      width: 110,
      sorter: (a, b) => (a.next?.from ?? '9999').localeCompare(b.next?.from ?? '9999'),
      render: (_: unknown, r) => r.next?.from ?? t('common.none'),
    },
    { title: t('development.board.status'), key: 'status', width: 150, render: (_: unknown, r) => <NextStatus next={r.next} /> },
    {
      title: t('development.board.missing'),
      key: 'missing',
      width: 200,
      render: (_: unknown, r) =>
        r.next?.missing.length ? (
          <Space size={[4, 4]} wrap>
            {r.next.missing.map((m) => (
              <Tag key={m}>{localizeServerText(m)}</Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      title: t('development.board.dualFilter'),
      dataIndex: 'dualFlags',
      width: 140,
      render: (flags: DualFlagKind[]) =>
        flags.length ? (
          <Space size={[4, 4]} wrap>
            {flags.map((f) => (
              <Tag key={f} color="gold">
                {t(`development.dualFlagShort.${f}`)}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];
  return (
    <Table<BoardItem>
      rowKey="personId"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1250 }}
      onRow={(r) => ({ onDoubleClick: () => onOpen(r.personId) })}
      pagination={{
        defaultPageSize: 20,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (total) => t('common.total', { total }),
        size: 'small',
      }}
      data-testid="dev-board-list"
    />
  );
}
