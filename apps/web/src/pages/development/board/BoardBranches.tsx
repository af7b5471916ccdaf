import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type BoardItem, PIPELINE_STAGES } from '../api.ts';
import { PersonChip } from './NextStatus.tsx';

interface BranchRow {
  key: string;
  orgId: number | null;
  orgName: string | null;
  byStage: Record<(typeof PIPELINE_STAGES)[number], BoardItem[]>;
  total: number;
  due: number;
}

export function groupByBranch(items: BoardItem[]): BranchRow[] {
  const map = new Map<string, BranchRow>();
  for (const it of items) {
    const key = String(it.orgId ?? 'none');
    let row = map.get(key);
    if (!row) {
      row = { key, orgId: it.orgId, orgName: it.orgName, byStage: { applicant: [], activist: [], candidate: [], probationary: [] }, total: 0, due: 0 };
      map.set(key, row);
    }
    if (it.stage !== 'full') row.byStage[it.stage].push(it);
    row.total++;
    if (it.next?.due) row.due++;
  }
  return [...map.values()].sort((a, b) => b.due - a.due || (a.orgName ?? '\uffff').localeCompare(b.orgName ?? '\uffff', 'zh-CN') || a.key.localeCompare(b.key));
}

/** The board per branch: one row per party org, one column per stage, each person a chip marked when due. */
export function BoardBranches({ items, onOpen, loading }: { items: BoardItem[]; onOpen: (id: number) => void; loading: boolean }) {
  const { t } = useTranslation();
  const rows = useMemo(() => groupByBranch(items), [items]);
  const columns: TableColumnsType<BranchRow> = [
    {
      title: t('development.board.branch'),
      dataIndex: 'orgName',
      width: 190,
      fixed: 'left',
      render: (v: string | null, r) => (
        <div>
          <Typography.Text strong>{v ?? t('development.board.noBranch')}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('development.board.people', { n: r.total })}
            </Typography.Text>
            {r.due ? (
              <Tag color="green" style={{ marginInlineStart: 6 }}>
                {t('development.board.dueN', { n: r.due })}
              </Tag>
            ) : null}
          </div>
        </div>
      ),
    },
    ...PIPELINE_STAGES.map((s) => ({
      title: (
        <span>
          {t(`development.stage.${s}`)}
          <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 4 }}>
            {rows.reduce((n, r) => n + r.byStage[s].length, 0)}
          </Typography.Text>
        </span>
      ),
      key: s,
      width: 220,
      render: (_: unknown, r: BranchRow) =>
        r.byStage[s].length ? (
          <div className="tz-dev-chips">
            {r.byStage[s].map((it) => (
              <PersonChip key={it.personId} item={it} onOpen={onOpen} />
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    })),
  ];
  return (
    <Table<BranchRow>
      rowKey="key"
      size="small"
      bordered
      columns={columns}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 1070 }}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (total) => t('common.total', { total }), size: 'small' } : false}
      data-testid="dev-board-branches"
    />
  );
}
