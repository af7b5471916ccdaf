import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading } from '../../components/Loading.tsx';
import { dutyKeys } from './api.ts';
import { useDutyLists } from './hooks.ts';
import { ListDetail } from './ListDetail.tsx';
import { CreateListModal } from './ListModals.tsx';
import { type TabProps, numParam } from './params.ts';

/** 清单管理: the committee's yearly lists — create, edit items while a draft, publish, refresh owners, export. */
export function ListsTab({ year, orgId, params, patch }: TabProps) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const lists = useDutyLists();
  const [creating, setCreating] = useState(false);
  const all = lists.data ?? [];
  const chosen = numParam(params, 'list');
  const current = all.find((l) => l.id === chosen) ?? all.find((l) => l.year === year) ?? all[0] ?? null;
  const manage = can('duty.manage');

  if (lists.isPending) return <Loading minHeight={160} />;
  if (lists.error) return <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />;

  const nextYear = Math.max(year, ...all.map((l) => l.year + 1));
  // A new list is authored by the committee that authored the last one (else the unit in view).
  const committee = all[0]?.orgId ?? orgId;

  return (
    <div>
      <div className="tz-duties-toolbar">
        <Space wrap>
          <Typography.Text>{t('duties.lists.pick')}</Typography.Text>
          <Select<number>
            value={current?.id}
            onChange={(id) => {
              const l = all.find((x) => x.id === id);
              patch({ list: id, year: l?.year ?? null });
            }}
            placeholder={t('duties.lists.none')}
            style={{ minWidth: 280, maxWidth: '100%' }}
            options={all.map((l) => ({
              value: l.id,
              label: (
                <Space size={4}>
                  {/* The year only when the title does not already say it. */}
                  {l.title.includes(String(l.year)) ? null : <span>{t('duties.yearN', { year: l.year })}</span>}
                  <span>{l.title}</span>
                  <Tag color={l.status === 'published' ? 'success' : 'default'}>{t(`duties.lists.status.${l.status}`)}</Tag>
                </Space>
              ),
            }))}
            aria-label={t('duties.lists.pick')}
            data-testid="duty-list-select"
          />
        </Space>
        {manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="duty-list-create">
            {t('duties.lists.create')}
          </Button>
        ) : null}
      </div>
      {current ? (
        <ListDetail
          key={current.id}
          listId={current.id}
          manage={manage}
          orgId={orgId}
          onDeleted={() => {
            patch({ list: null });
            void qc.invalidateQueries({ queryKey: dutyKeys.lists });
          }}
        />
      ) : (
        <Empty description={manage ? t('duties.lists.emptyManage') : t('duties.lists.empty')} />
      )}
      <CreateListModal
        open={creating}
        defaults={{ year: nextYear, orgId: committee }}
        onClose={() => setCreating(false)}
        onCreated={(id, y) => {
          setCreating(false);
          patch({ list: id, year: y });
        }}
      />
    </div>
  );
}
