import { useQuery } from '@tanstack/react-query';
import { Card, Drawer, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { assessmentApi, assessmentKeys } from './api.ts';
import { EvidenceDrawer } from './EvidenceDrawer.tsx';
import { IndicatorHeader, ScoreFacts } from './ScoreFacts.tsx';
import { ScorecardOverview } from './ScorecardOverview.tsx';
import { drawerWidth } from '../../components/sizing.ts';

/** A school's result, read-only: every indicator's points and what each rests on, with the records behind them. */
export function ScorecardDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [evidence, setEvidence] = useState<string | null>(null);
  const card = useQuery({
    queryKey: assessmentKeys.card(id ?? 0),
    queryFn: ({ signal }) => assessmentApi.card(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const c = card.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={c ? t('assessment.detailTitle', { org: c.orgName, year: c.year }) : t('assessment.detail')}
      size={drawerWidth(900)}
      destroyOnHidden
    >
      {card.isLoading ? <Spin style={{ display: 'block', margin: '48px auto' }} /> : null}
      {card.error ? <ErrorAlert error={card.error} onRetry={() => void card.refetch()} /> : null}
      {c ? (
        <div data-testid="result-detail">
          <ScorecardOverview card={c} />
          {c.categories.map((cat) => (
            <Card
              key={cat.code}
              size="small"
              className="tz-as-cat"
              title={t('assessment.catTitle', { name: cat.name, weight: cat.weight })}
              extra={<span>{t('assessment.catScore', { score: cat.score, weight: cat.weight })}</span>}
            >
              {c.scores
                .filter((s) => s.categoryCode === cat.code)
                .map((s) => (
                  <div key={s.code} className="tz-as-ind">
                    <IndicatorHeader score={s} />
                    <ScoreFacts score={s} onEvidence={s.auto ? () => setEvidence(s.code) : undefined} />
                  </div>
                ))}
            </Card>
          ))}
          <EvidenceDrawer card={c} code={evidence} onClose={() => setEvidence(null)} />
        </div>
      ) : null}
    </Drawer>
  );
}
