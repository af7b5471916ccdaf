import { CheckCircleOutlined, EditOutlined, RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { localizeServerText } from '../../i18n/index.ts';
import { type ScorecardView, assessmentApi, assessmentKeys, gradeOf } from './api.ts';
import { ReturnDialog } from './ReturnDialog.tsx';
import { IndicatorHeader, ScoreFacts } from './ScoreFacts.tsx';

interface Adjust {
  points: number | null;
  reason: string;
}

interface Props {
  card: ScorecardView;
  canReview: boolean;
  onEvidence: (code: string) => void;
  onReload: () => Promise<unknown>;
  onDirtyChange?: (dirty: boolean) => void;
}

/** The committee's review of one school: adjust points (a reason each), save, return to the school, or finalize. */
export function ReviewPanel({ card, canReview, onEvidence, onReload, onDirtyChange }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const open = canReview && (card.status === 'submitted' || card.status === 'reviewed');
  const [adjust, setAdjust] = useState<Record<string, Adjust>>({});
  const [problems, setProblems] = useState<Record<string, { points?: string; reason?: string }>>({});
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [returning, setReturning] = useState(false);

  const openKey = `${card.id}:${card.version}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: pending adjustments restart once per scorecard version
  useEffect(() => {
    setAdjust({});
    setProblems({});
    setExtra(undefined);
  }, [openKey]);

  const pending = Object.entries(adjust);
  const dirty = pending.length > 0;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  const setRow = (code: string, patch: Partial<Adjust> | null) => {
    setAdjust((a) => {
      if (patch === null) {
        const { [code]: _drop, ...rest } = a;
        return rest;
      }
      return { ...a, [code]: { ...(a[code] ?? { points: null, reason: '' }), ...patch } };
    });
    setProblems((p) => (p[code] ? { ...p, [code]: {} } : p));
  };

  const store = (fresh: ScorecardView, text: string) => {
    qc.setQueryData(assessmentKeys.card(fresh.id), fresh);
    void qc.invalidateQueries({ queryKey: ['assessment', 'cards'] });
    void qc.invalidateQueries({ queryKey: ['assessment', 'ranking'] });
    message.success(text);
  };

  const body = () => pending.map(([code, a]) => ({ code, points: a.points ?? 0, reason: a.reason.trim() }));

  const review = useMutation({
    mutationFn: (adjustments: { code: string; points: number; reason: string }[]) => assessmentApi.review(card.id, { version: card.version, adjustments }),
    onSuccess: (fresh) => store(fresh, t('assessment.reviewSaved')),
    onError: (err, sent) => {
      if (!(err instanceof ApiError)) return;
      const found: Record<string, { points?: string; reason?: string }> = {};
      const rest: FieldProblem[] = [];
      for (const f of err.fields) {
        const m = /^adjustments\.(\d+)\.(points|reason)$/.exec(f.field);
        const code = m ? sent[Number(m[1])]?.code : undefined;
        if (m && code) found[code] = { ...found[code], [m[2] as 'points' | 'reason']: localizeServerText(f.message) };
        else rest.push({ field: f.field, message: localizeServerText(f.message) });
      }
      setProblems(found);
      setExtra(rest);
    },
  });

  const finalize = useMutation({
    mutationFn: () => assessmentApi.finalize(card.id, card.version),
    onSuccess: (fresh) => store(fresh, t('assessment.finalized', { grade: fresh.grade ?? '' })),
  });

  const saveReview = () => {
    const found: Record<string, { points?: string; reason?: string }> = {};
    for (const [code, a] of pending) {
      const p: { points?: string; reason?: string } = {};
      if (a.points === null) p.points = t('assessment.adjustPointsRequired');
      if (a.reason.trim().length < 2) p.reason = t('assessment.reasonRequired');
      if (p.points || p.reason) found[code] = p;
    }
    setProblems(found);
    if (Object.keys(found).length) {
      message.warning(t('assessment.fixRows', { n: Object.keys(found).length }));
      return;
    }
    review.mutate(body());
  };

  const confirmFinalize = () => {
    if (dirty) {
      message.warning(t('assessment.saveAdjustFirst'));
      return;
    }
    const grade = gradeOf(card.total, card.thresholds);
    void modal.confirm({
      title: t('assessment.finalizeTitle', { org: card.orgName }),
      content: t('assessment.finalizeConfirm', { total: card.total, grade }),
      okText: t('assessment.finalize'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => finalize.mutateAsync().catch(() => undefined),
    });
  };

  const error = review.error ?? finalize.error;
  const conflict = isConflict(error);
  const busy = review.isPending || finalize.isPending;

  return (
    <div>
      {modalHolder}
      {card.status === 'self_assessment' ? <Alert type="info" showIcon title={t('assessment.notSubmittedYet')} style={{ marginBottom: 12 }} /> : null}
      {card.status === 'finalized' ? <Alert type="success" showIcon title={t('assessment.lockedAs.finalized')} style={{ marginBottom: 12 }} /> : null}
      {card.status !== 'self_assessment' && card.returnReason ? (
        <Alert type="info" showIcon title={t('assessment.wasReturned', { reason: card.returnReason })} style={{ marginBottom: 12 }} />
      ) : null}
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('assessment.conflict')}
          style={{ marginBottom: 12 }}
          action={
            <Button
              size="small"
              onClick={() =>
                void onReload().then(() => {
                  review.reset();
                  finalize.reset();
                })
              }
            >
              {t('assessment.reload')}
            </Button>
          }
        />
      ) : error ? (
        <ErrorAlert error={error} extra={extra} style={{ marginBottom: 12 }} />
      ) : null}
      {card.categories.map((c) => (
        <Card
          key={c.code}
          size="small"
          className="tz-as-cat"
          title={t('assessment.catTitle', { name: c.name, weight: c.weight })}
          extra={<span>{t('assessment.catScore', { score: c.score, weight: c.weight })}</span>}
        >
          {card.scores
            .filter((s) => s.categoryCode === c.code)
            .map((s) => {
              const a = adjust[s.code];
              const p = problems[s.code] ?? {};
              return (
                <div key={s.code} className={`tz-as-ind${p.points || p.reason ? ' tz-as-ind-error' : ''}`} data-testid={`review-${s.code}`}>
                  <IndicatorHeader
                    score={s}
                    extra={
                      open && !a ? (
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setRow(s.code, { points: s.points, reason: '' })}
                          data-testid={`adjust-${s.code}`}
                        >
                          {t('assessment.adjust')}
                        </Button>
                      ) : null
                    }
                  />
                  <Row gutter={[16, 8]}>
                    <Col xs={24} md={a ? 12 : 24}>
                      <ScoreFacts score={s} onEvidence={s.auto ? () => onEvidence(s.code) : undefined} />
                    </Col>
                    {a ? (
                      <Col xs={24} md={12}>
                        <Form layout="vertical" component="div" disabled={busy} className="tz-as-adjust">
                          <Form.Item
                            label={t('assessment.adjustTo', { max: s.maxPoints })}
                            required
                            validateStatus={p.points ? 'error' : undefined}
                            help={p.points}
                            style={{ marginBottom: 8 }}
                          >
                            <InputNumber
                              min={0}
                              max={s.maxPoints}
                              step={0.5}
                              precision={1}
                              value={a.points}
                              onChange={(v) => setRow(s.code, { points: typeof v === 'number' ? v : null })}
                              style={{ width: 160 }}
                              aria-label={t('assessment.adjustTo', { max: s.maxPoints })}
                            />
                          </Form.Item>
                          <Form.Item
                            label={t('assessment.adjustReason')}
                            required
                            validateStatus={p.reason ? 'error' : undefined}
                            help={p.reason}
                            style={{ marginBottom: 8 }}
                          >
                            <Input.TextArea
                              value={a.reason}
                              onChange={(e) => setRow(s.code, { reason: e.target.value })}
                              autoSize={{ minRows: 2, maxRows: 6 }}
                              maxLength={1000}
                              showCount
                              placeholder={t('assessment.adjustReasonPlaceholder')}
                              aria-label={t('assessment.adjustReason')}
                            />
                          </Form.Item>
                          <Button size="small" onClick={() => setRow(s.code, null)}>
                            {t('assessment.cancelAdjust')}
                          </Button>
                        </Form>
                      </Col>
                    ) : null}
                  </Row>
                </div>
              );
            })}
        </Card>
      ))}
      {open ? (
        <div className="tz-as-actionbar" data-testid="review-actions">
          <Typography.Text type="secondary">
            {dirty ? t('assessment.pendingAdjust', { n: pending.length }) : t('assessment.noPendingAdjust')}
            {' · '}
            {t('assessment.projectedLine', { total: card.total, grade: gradeOf(card.total, card.thresholds) })}
          </Typography.Text>
          <Space wrap>
            <Button icon={<RollbackOutlined />} onClick={() => setReturning(true)} disabled={busy} data-testid="review-return">
              {t('assessment.returnToSchool')}
            </Button>
            <Button icon={<SaveOutlined />} loading={review.isPending} onClick={saveReview} data-testid="review-save">
              {dirty ? t('assessment.saveReview') : t('assessment.markReviewed')}
            </Button>
            <Button type="primary" icon={<CheckCircleOutlined />} loading={finalize.isPending} onClick={confirmFinalize} data-testid="review-finalize">
              {t('assessment.finalize')}
            </Button>
          </Space>
        </div>
      ) : null}
      <ReturnDialog
        card={returning ? card : null}
        onClose={() => setReturning(false)}
        onDone={(fresh) => {
          setReturning(false);
          store(fresh, t('assessment.returned'));
        }}
        onReload={onReload}
      />
    </div>
  );
}
