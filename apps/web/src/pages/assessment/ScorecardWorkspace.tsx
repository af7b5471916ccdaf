import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Modal, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { type ScorecardSummary, assessmentApi, assessmentKeys } from './api.ts';
import { EvidenceDrawer } from './EvidenceDrawer.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { ScorecardOverview } from './ScorecardOverview.tsx';
import { SelfAssessmentPanel } from './SelfAssessmentPanel.tsx';

interface PickerProps {
  cards: ScorecardSummary[];
  value: number | null;
  onChange: (id: number | null) => void;
  loading?: boolean;
}

/** Picks a school's scorecard by name (status in the label, so the list reads as a to-do list). */
export function CardPicker({ cards, value, onChange, loading }: PickerProps) {
  const { t } = useTranslation();
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      value={value ?? undefined}
      onChange={(v) => onChange(v ?? null)}
      allowClear
      loading={loading}
      placeholder={t('assessment.pickSchool')}
      style={{ width: '100%', maxWidth: 420 }}
      options={cards.map((c) => ({ value: c.id, label: `${c.orgName} · ${t(`assessment.status.${c.status}`)}` }))}
      notFoundContent={t('assessment.noCards')}
      aria-label={t('assessment.pickSchool')}
      data-testid="card-picker"
    />
  );
}

interface Props {
  year: number;
  cardId: number | null;
  onCard: (id: number | null) => void;
  mode: 'self' | 'review';
}

/**
 * One school's scorecard: the picker, the overview and either the self-assessment (学校自评) or the committee
 * review (工委审核). Switching away with unsaved edits asks first.
 */
export function ScorecardWorkspace({ year, cardId, onCard, mode }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [modal, modalHolder] = Modal.useModal();
  const [evidence, setEvidence] = useState<string | null>(null);
  const dirtyRef = useRef(false);
  const onDirtyChange = useCallback((d: boolean) => {
    dirtyRef.current = d;
  }, []);

  const list = useQuery({ queryKey: assessmentKeys.cards(year), queryFn: ({ signal }) => assessmentApi.cards(year, null, signal) });
  const cards = list.data ?? [];
  const card = useQuery({
    queryKey: assessmentKeys.card(cardId ?? 0),
    queryFn: ({ signal }) => assessmentApi.card(cardId ?? 0, signal),
    enabled: cardId !== null,
    staleTime: 0,
  });

  // A school's own staff have one scorecard: open it.
  const only = cards.length === 1 ? cards[0] : undefined;
  useEffect(() => {
    if (cardId === null && only && mode === 'self') onCard(only.id);
  }, [cardId, only, mode, onCard]);

  const pick = (id: number | null) => {
    if (id === cardId) return;
    if (!dirtyRef.current) return onCard(id);
    void modal.confirm({
      title: t('assessment.leaveTitle'),
      content: t('assessment.leaveConfirm'),
      okText: t('assessment.leave'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => {
        dirtyRef.current = false;
        onCard(id);
      },
    });
  };

  const c = card.data;
  const inYear = c && c.year === year;
  return (
    <div>
      {modalHolder}
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        <Typography.Text>{t('assessment.school')}</Typography.Text>
        <div style={{ minWidth: 260 }}>
          <CardPicker cards={cards} value={cardId} onChange={pick} loading={list.isLoading} />
        </div>
      </Space>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      {cardId === null ? (
        <Card>
          <Empty description={list.isLoading ? t('common.loading') : cards.length ? t('assessment.pickSchoolHint') : t('assessment.noCardsYear', { year })} />
        </Card>
      ) : card.isLoading ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : card.error ? (
        <ErrorAlert error={card.error} onRetry={() => void card.refetch()} />
      ) : c && inYear ? (
        <>
          <ScorecardOverview card={c} />
          {mode === 'self' ? (
            <SelfAssessmentPanel
              card={c}
              canEdit={can('assessment.manage')}
              onEvidence={setEvidence}
              onReload={() => card.refetch()}
              onDirtyChange={onDirtyChange}
            />
          ) : (
            <ReviewPanel card={c} canReview={can('assessment.review')} onEvidence={setEvidence} onReload={() => card.refetch()} onDirtyChange={onDirtyChange} />
          )}
          <EvidenceDrawer card={c} code={evidence} onClose={() => setEvidence(null)} />
        </>
      ) : (
        <Card>
          <Empty description={t('assessment.cardOtherYear')} />
        </Card>
      )}
    </div>
  );
}
