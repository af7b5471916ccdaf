import { AlertOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import '../../i18n/risks.ts';
import '../../layout/layout.css';
import { risksApi, risksKeys } from './api.ts';
import { useScopeOrg, useUrlState } from './common.tsx';
import { IncidentDetailDrawer } from './IncidentDetailDrawer.tsx';
import { IncidentFormDrawer, type IncidentFormTarget } from './IncidentFormDrawer.tsx';
import { IncidentsTab } from './IncidentsTab.tsx';
import { RegisterTab } from './RegisterTab.tsx';
import { ReviewDetailDrawer } from './ReviewDetailDrawer.tsx';
import { ReviewFormDrawer, type ReviewFormTarget } from './ReviewFormDrawer.tsx';
import { ReviewsTab } from './ReviewsTab.tsx';
import { RiskDetailDrawer } from './RiskDetailDrawer.tsx';
import { RiskFormDrawer, type RiskFormTarget } from './RiskFormDrawer.tsx';
import './risks.css';

const TABS = ['register', 'reviews', 'incidents'] as const;
type Tab = (typeof TABS)[number];

/**
 * 风险防范: the risk register with its heat grid, 研判 meetings with sign-off, and incidents with escalation timers.
 * Tab, org, filters and the open record live in the URL (the dashboard links here with orgId/level/status).
 */
export default function RisksPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { str, num, set } = useUrlState();
  const tab: Tab = (TABS as readonly string[]).includes(str('tab') ?? '') ? (str('tab') as Tab) : 'register';
  const orgId = num('orgId');
  const scopeOrg = useScopeOrg();
  const orgDetail = useOrgDetail(orgId ?? null);
  const statsOrgId = orgId ?? scopeOrg;
  const statsOrg = useOrgDetail(statsOrgId);
  const [riskForm, setRiskForm] = useState<RiskFormTarget | null>(null);
  const [reviewForm, setReviewForm] = useState<ReviewFormTarget | null>(null);
  const [incidentForm, setIncidentForm] = useState<IncidentFormTarget | null>(null);
  const defaultOrg = orgId ?? scopeOrg;

  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <AlertOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('risks.title')}
        </Typography.Title>
        <Space wrap>
          <Typography.Text type="secondary">{t('risks.scope')}</Typography.Text>
          <div style={{ width: 260, maxWidth: '70vw' }}>
            <OrgPicker
              value={orgId ?? null}
              placeholder={t('risks.scopeAll')}
              initial={orgDetail.data ? { id: orgDetail.data.unit.id, name: orgDetail.data.unit.name, code: orgDetail.data.unit.code } : null}
              // A new scope restarts every list at its first page.
              onChange={(v) => set({ orgId: v, page: undefined, rpage: undefined, ipage: undefined, l: undefined, i: undefined })}
            />
          </div>
        </Space>
      </div>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k === 'register' ? undefined : k })}
          destroyOnHidden
          items={[
            {
              key: 'register',
              label: t('risks.tabRegister'),
              children: <RegisterTab orgId={orgId} onCreate={() => setRiskForm({ mode: 'create', orgId: defaultOrg })} />,
            },
            {
              key: 'reviews',
              label: t('risks.tabReviews'),
              children: <ReviewsTab orgId={orgId} onCreate={() => setReviewForm({ mode: 'create', orgId: defaultOrg })} />,
            },
            {
              key: 'incidents',
              label: t('risks.tabIncidents'),
              children: (
                <IncidentsTab
                  orgId={orgId}
                  statsOrgId={statsOrgId}
                  statsOrg={statsOrg.data ? { id: statsOrg.data.unit.id, name: statsOrg.data.unit.name, code: statsOrg.data.unit.code } : null}
                  onCreate={() => setIncidentForm({ mode: 'create', orgId: defaultOrg })}
                />
              ),
            },
          ]}
        />
      </Card>

      <RiskDetailDrawer
        id={num('risk') ?? null}
        onClose={() => set({ risk: undefined })}
        onEdit={(r) => setRiskForm({ mode: 'edit', risk: r })}
        onOpenReview={(id) => set({ review: id })}
      />
      <RiskFormDrawer
        target={riskForm}
        onClose={() => setRiskForm(null)}
        onSaved={(r) => {
          setRiskForm(null);
          set({ risk: r.id });
        }}
        onReload={async (id) => {
          const fresh = await qc.fetchQuery({ queryKey: risksKeys.detail(id), queryFn: () => risksApi.get(id), staleTime: 0 });
          setRiskForm({ mode: 'edit', risk: fresh });
        }}
      />
      <ReviewDetailDrawer
        id={num('review') ?? null}
        onClose={() => set({ review: undefined })}
        onEdit={(r) => setReviewForm({ mode: 'edit', review: r })}
        onOpenRisk={(id) => set({ risk: id })}
      />
      <ReviewFormDrawer
        target={reviewForm}
        onClose={() => setReviewForm(null)}
        onSaved={(r) => {
          setReviewForm(null);
          set({ review: r.id });
        }}
        onReload={async (id) => {
          const fresh = await qc.fetchQuery({ queryKey: risksKeys.review(id), queryFn: () => risksApi.review(id), staleTime: 0 });
          setReviewForm({ mode: 'edit', review: fresh });
        }}
      />
      <IncidentDetailDrawer
        id={num('incident') ?? null}
        onClose={() => set({ incident: undefined })}
        onEdit={(i) => setIncidentForm({ mode: 'edit', incident: i })}
        onOpenRisk={(id) => set({ risk: id })}
      />
      <IncidentFormDrawer
        target={incidentForm}
        onClose={() => setIncidentForm(null)}
        onSaved={(i) => {
          setIncidentForm(null);
          set({ incident: i.id });
        }}
        onReload={async (id) => {
          const fresh = await qc.fetchQuery({ queryKey: risksKeys.incident(id), queryFn: () => risksApi.incident(id), staleTime: 0 });
          setIncidentForm({ mode: 'edit', incident: fresh });
        }}
      />
    </div>
  );
}
