import { TrophyOutlined } from '@ant-design/icons';
import { Select, Space, Spin, Tabs, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCan } from '../../auth/session.ts';
import '../../i18n/assessment.ts';
import '../../layout/layout.css';
import './assessment.css';
import { ResultsTab } from './ResultsTab.tsx';
import { ReviewTab } from './ReviewTab.tsx';
import { ScorecardWorkspace } from './ScorecardWorkspace.tsx';
import { SystemTab } from './SystemTab.tsx';
import { thisYear, useAssessmentScope } from './useAssessmentScope.ts';

type TabKey = 'system' | 'self' | 'review' | 'results';
const TABS: readonly TabKey[] = ['system', 'self', 'review', 'results'];

const num = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * 年度考核: the committee's indicator system, each school's self-assessment, the committee's review and the results.
 * Year, committee, tab and the open scorecard live in the URL, so a link opens the same view.
 */
export default function AssessmentPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const yearParam = num(params.get('year'));
  const scope = useAssessmentScope(yearParam);
  const year = yearParam ?? scope.latestYear;
  const committeeId = num(params.get('org')) ?? scope.latestCommitteeId;
  const committee = scope.committees.find((c) => c.id === committeeId) ?? null;

  const visible = useMemo(
    () => TABS.filter((k) => (k === 'system' ? scope.committees.length > 0 : k === 'review' ? can('assessment.review') : true)),
    [scope.committees.length, can],
  );
  const tabParam = params.get('tab') as TabKey | null;
  const tab: TabKey = tabParam && visible.includes(tabParam) ? tabParam : scope.committees.length ? 'results' : 'self';

  const set = useCallback(
    (patch: Record<string, string | number | null>) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: false },
      ),
    [setParams],
  );
  const onSelfCard = useCallback((id: number | null) => set({ card: id }), [set]);
  const onReviewCard = useCallback((id: number | null) => set({ review: id }), [set]);

  const now = thisYear();
  const years = useMemo(() => {
    const ys = new Set<number>(Array.from({ length: 10 }, (_, i) => now + 1 - i));
    ys.add(year);
    return [...ys].sort((a, b) => b - a);
  }, [now, year]);

  const header = (
    <div className="tz-page-title">
      <Typography.Title level={4}>
        <TrophyOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
        {t('assessment.title')}
      </Typography.Title>
      <Space wrap>
        <Select<number>
          value={year}
          onChange={(y) => set({ year: y, card: null, review: null, view: null })}
          options={years.map((y) => ({ value: y, label: t('assessment.yearOf', { year: y }) }))}
          style={{ width: 130 }}
          aria-label={t('assessment.year')}
          data-testid="year-select"
        />
        {scope.committees.length > 1 ? (
          <Select<number>
            value={committeeId ?? undefined}
            onChange={(id) => set({ org: id })}
            options={scope.committees.map((c) => ({ value: c.id, label: c.name }))}
            style={{ minWidth: 180 }}
            aria-label={t('assessment.committee')}
            data-testid="committee-select"
          />
        ) : null}
      </Space>
    </div>
  );

  if (scope.loading) {
    return (
      <div>
        {header}
        <Spin style={{ display: 'block', margin: '64px auto' }} />
      </div>
    );
  }

  const items = visible.map((key) => ({
    key,
    label: t(`assessment.tabs.${key}`),
    children:
      key === 'system' ? (
        committee ? (
          <SystemTab committeeId={committee.id} committeeName={committee.name} year={year} />
        ) : null
      ) : key === 'self' ? (
        <ScorecardWorkspace year={year} cardId={num(params.get('card'))} onCard={onSelfCard} mode="self" />
      ) : key === 'review' ? (
        <ReviewTab year={year} cardId={num(params.get('review'))} onCard={onReviewCard} />
      ) : (
        <ResultsTab
          year={year}
          committeeId={committee?.id ?? null}
          exportOrgId={committee?.id ?? scope.tops[0]?.id ?? null}
          viewId={num(params.get('view'))}
          onView={(id) => set({ view: id })}
        />
      ),
  }));

  return (
    <div className="tz-as-page">
      {header}
      <Tabs activeKey={tab} onChange={(k) => set({ tab: k })} items={items} data-testid="assessment-tabs" />
    </div>
  );
}
