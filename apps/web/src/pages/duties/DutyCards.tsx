import { Button, Empty, Pagination, Spin, type TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DutyItemView, DutyView } from './api.ts';
import { DutyProgress, DutyStatusCell, ListKindTag, NextDue, asMeasure, roleLabel } from './labels.tsx';

interface Props {
  items: readonly DutyView[];
  itemsById: ReadonlyMap<number, DutyItemView>;
  loading?: boolean;
  onOpen: (id: number) => void;
  pagination?: TablePaginationConfig | false;
  onChange?: (p: TablePaginationConfig) => void;
  empty?: ReactNode;
  action?: (d: DutyView) => ReactNode;
  testId?: string;
}

const LOCAL_PAGE = 10;

/** The duty table on a phone: one card per duty, so the item's text stays readable at 375 px. */
export function DutyCards({ items, itemsById, loading, onOpen, pagination, onChange, empty, action, testId }: Props) {
  const { t } = useTranslation();
  const [localPage, setLocalPage] = useState(1);
  // Server-paged lists pass `current`; client-side ones are paged here.
  const server = pagination !== false && pagination?.total !== undefined && pagination.current !== undefined;
  const rows = server || pagination === false ? items : items.slice((localPage - 1) * LOCAL_PAGE, localPage * LOCAL_PAGE);

  return (
    <Spin spinning={!!loading}>
      <div className="tz-duties-cards" data-testid={testId}>
        {rows.length === 0 ? (
          <div style={{ padding: 24 }}>{empty ?? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.empty')} />}</div>
        ) : (
          rows.map((d) => (
            <div key={d.id} className="tz-duties-card">
              <div className="tz-duties-card-head">
                <ListKindTag kind={d.listKind} />
                <DutyStatusCell duty={d} />
              </div>
              <Button type="link" className="tz-duties-item-text" onClick={() => onOpen(d.id)} data-testid="duty-open">
                {d.text}
              </Button>
              <div className="tz-duties-sub">
                {[d.orgName, roleLabel(t, d.role), d.personName ?? t('duties.noOwner')].join(' · ')}
                {d.target ? ` · ${t('duties.targetIs', { target: d.target })}` : ''}
              </div>
              <DutyProgress duty={d} measure={asMeasure(itemsById.get(d.itemId)?.measure)} />
              {d.next ? <NextDue next={d.next} /> : null}
              {action ? <div>{action(d)}</div> : null}
            </div>
          ))
        )}
      </div>
      {server && pagination ? (
        <Pagination
          size="small"
          simple
          current={pagination.current}
          pageSize={pagination.pageSize}
          total={pagination.total}
          onChange={(current, pageSize) => onChange?.({ current, pageSize })}
          style={{ marginTop: 12, textAlign: 'center' }}
        />
      ) : pagination !== false && items.length > LOCAL_PAGE ? (
        <Pagination size="small" simple current={localPage} pageSize={LOCAL_PAGE} total={items.length} onChange={setLocalPage} style={{ marginTop: 12 }} />
      ) : null}
    </Spin>
  );
}
