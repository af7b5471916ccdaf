import { NotificationOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Card, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../auth/session.ts';
import '../../i18n/publicity.ts';
import '../../layout/layout.css';
import { type ContentDetail, publicityApi, publicityKeys } from './api.ts';
import { ContentDetailDrawer } from './ContentDetailDrawer.tsx';
import { ContentFormDrawer, type ContentTarget } from './ContentFormDrawer.tsx';
import { type ContentFilters, ContentTab, type ContentView } from './ContentTab.tsx';
import { DisclosuresTab } from './DisclosuresTab.tsx';
import { PositionsTab } from './PositionsTab.tsx';
import './publicity.css';

const TABS = ['positions', 'content', 'disclosures'] as const;
type Tab = (typeof TABS)[number];
const VIEWS: readonly ContentView[] = ['review', 'all', 'log'];

/** 阵地与公开: publicity positions, the three-step content review (三审三校) with its publish log, and the disclosure register. */
export default function PublicityPage() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'positions';
  const asked = params.get('view') as ContentView | null;
  // Reviewers land on what waits for them; others on the full list.
  const view: ContentView = asked && VIEWS.includes(asked) && (asked !== 'review' || can('content.review')) ? asked : can('content.review') ? 'review' : 'all';
  const itemId = Number(params.get('item')) || null;
  const [filters, setFilters] = useState<ContentFilters>({});
  const [formTarget, setFormTarget] = useState<ContentTarget | null>(null);

  const go = (patch: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  const openItem = (id: number | null) => go({ item: id === null ? null : String(id) });

  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <NotificationOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('publicity.title')}
        </Typography.Title>
      </div>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k, view: null })}
          destroyOnHidden
          items={[
            {
              key: 'positions',
              label: t('publicity.tabs.positions'),
              children: (
                <PositionsTab
                  onNewContent={(p) => setFormTarget({ mode: 'create', positionId: p.id })}
                  onShowContent={(p) => {
                    setFilters({ positionId: p.id });
                    go({ tab: 'content', view: 'all' });
                  }}
                />
              ),
            },
            {
              key: 'content',
              label: t('publicity.tabs.content'),
              children: (
                <ContentTab
                  view={view}
                  onView={(v) => go({ view: v })}
                  filters={filters}
                  onFilters={setFilters}
                  onOpen={openItem}
                  onCreate={() => setFormTarget({ mode: 'create', positionId: filters.positionId ?? null })}
                />
              ),
            },
            { key: 'disclosures', label: t('publicity.tabs.disclosures'), children: <DisclosuresTab /> },
          ]}
        />
      </Card>
      <ContentDetailDrawer id={itemId} onClose={() => openItem(null)} onEdit={(item) => setFormTarget({ mode: 'edit', item })} />
      <ContentFormDrawer
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(item: ContentDetail) => {
          setFormTarget(null);
          openItem(item.id);
        }}
        onDraftKept={(item) => setFormTarget({ mode: 'edit', item })}
        onReload={async (id) => {
          const fresh = await qc.fetchQuery({ queryKey: publicityKeys.contentDetail(id), queryFn: () => publicityApi.contentDetail(id), staleTime: 0 });
          setFormTarget({ mode: 'edit', item: fresh });
        }}
      />
    </div>
  );
}
