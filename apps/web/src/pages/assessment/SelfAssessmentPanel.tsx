import { PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { localizeServerText } from '../../i18n/index.ts';
import { type ScoreView, type ScorecardView, assessmentApi, assessmentKeys, gradeOf } from './api.ts';
import { IndicatorHeader, ScoreFacts } from './ScoreFacts.tsx';

interface Draft {
  points: number | null;
  evidence: string;
  links: string[];
}

type Drafts = Record<string, Draft>;

const draftOf = (s: ScoreView): Draft => ({ points: s.auto ? null : s.selfPoints, evidence: s.evidence, links: s.links });
const sameLinks = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const isUrl = (v: string) => /^https?:\/\/\S+$/i.test(v);

/** Only what changed, in the shape PATCH /scores takes. */
function changesOf(card: ScorecardView, drafts: Drafts) {
  const out: { code: string; points?: number | null; evidence?: string; links?: string[] }[] = [];
  for (const s of card.scores) {
    const d = drafts[s.code];
    if (!d) continue;
    const c: (typeof out)[number] = { code: s.code };
    if (!s.auto && d.points !== s.selfPoints) c.points = d.points;
    if (d.evidence.trim() !== s.evidence) c.evidence = d.evidence.trim();
    if (!sameLinks(d.links, s.links)) c.links = d.links;
    if (Object.keys(c).length > 1) out.push(c);
  }
  return out;
}

interface Props {
  card: ScorecardView;
  canEdit: boolean;
  onEvidence: (code: string) => void;
  onReload: () => Promise<unknown>;
  onDirtyChange?: (dirty: boolean) => void;
}

/** A school's self-assessment: automatic points with their evidence, self scores and notes for the manual ones, submit. */
export function SelfAssessmentPanel({ card, canEdit, onEvidence, onReload, onDirtyChange }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const editable = canEdit && card.status === 'self_assessment';
  const [drafts, setDrafts] = useState<Drafts>({});
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  // Automatic indicators rarely need a note: their inputs stay folded until asked for (or already filled).
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());

  const openKey = `${card.id}:${card.version}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: drafts restart from the server once per scorecard version
  useEffect(() => {
    setDrafts(Object.fromEntries(card.scores.map((s) => [s.code, draftOf(s)])));
    setProblems({});
    setExtra(undefined);
  }, [openKey]);

  const changes = useMemo(() => changesOf(card, drafts), [card, drafts]);
  const dirty = changes.length > 0;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  const setDraft = (code: string, patch: Partial<Draft>) => {
    setDrafts((d) => ({ ...d, [code]: { ...(d[code] ?? { points: null, evidence: '', links: [] }), ...patch } }));
    setProblems((p) => (p[code] ? { ...p, [code]: [] } : p));
  };

  const store = (fresh: ScorecardView) => {
    qc.setQueryData(assessmentKeys.card(fresh.id), fresh);
    void qc.invalidateQueries({ queryKey: ['assessment', 'cards'] });
  };

  /** Puts server field problems on their indicator rows; the rest go to the alert. */
  const showProblems = (err: unknown, sent: { code: string }[]) => {
    if (!(err instanceof ApiError)) return;
    const byCode: Record<string, string[]> = {};
    const rest: FieldProblem[] = [];
    for (const f of err.fields) {
      // "scores.3.points" (the 4th row sent) or "scores.duty.pledge" (an indicator code, which may contain dots)
      const tail = f.field.startsWith('scores.') ? f.field.slice(7) : null;
      const index = tail === null ? null : /^(\d+)(?:\.|$)/.exec(tail);
      const code = tail === null ? undefined : index ? sent[Number(index[1])]?.code : tail;
      const msg = localizeServerText(f.message);
      if (code && card.scores.some((s) => s.code === code)) byCode[code] = [...(byCode[code] ?? []), msg];
      else rest.push({ field: f.field, message: msg });
    }
    setProblems(byCode);
    setExtra(rest);
  };

  const localCheck = (forSubmit: boolean): boolean => {
    const found: Record<string, string[]> = {};
    for (const s of card.scores) {
      const d = drafts[s.code];
      const bad = (d?.links ?? []).filter((l) => !isUrl(l));
      if (bad.length) found[s.code] = [t('assessment.badLinks', { links: bad.join(' ') })];
      if (forSubmit && !s.auto && (d?.points ?? null) === null) found[s.code] = [...(found[s.code] ?? []), t('assessment.selfRequired')];
    }
    setProblems(found);
    const n = Object.keys(found).length;
    if (n) {
      message.warning(t('assessment.fixRows', { n }));
      document.getElementById(`ind-${Object.keys(found)[0]}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }
    return n === 0;
  };

  const save = useMutation({
    mutationFn: () => assessmentApi.saveScores(card.id, { version: card.version, scores: changes }),
    onSuccess: (fresh) => {
      store(fresh);
      message.success(t('assessment.selfSaved'));
    },
    onError: (err) => showProblems(err, changes),
  });

  const submit = useMutation({
    mutationFn: async () => {
      let version = card.version;
      if (changes.length) version = (await assessmentApi.saveScores(card.id, { version, scores: changes })).version;
      return assessmentApi.submit(card.id, version);
    },
    onSuccess: (fresh) => {
      store(fresh);
      message.success(t('assessment.submitted'));
    },
    onError: (err) => showProblems(err, changes),
  });

  const confirmSubmit = () => {
    if (!localCheck(true)) return;
    void modal.confirm({
      title: t('assessment.submitConfirmTitle'),
      content: t('assessment.submitConfirm', { org: card.orgName, year: card.year }),
      okText: t('assessment.submit'),
      cancelText: t('common.cancel'),
      onOk: () => submit.mutateAsync().catch(() => undefined),
    });
  };

  const error = save.error ?? submit.error;
  const conflict = isConflict(error);
  const busy = save.isPending || submit.isPending;
  const filled = card.scores.filter((s) => !s.auto && (drafts[s.code]?.points ?? null) !== null).length;
  const manualCount = card.scores.filter((s) => !s.auto).length;

  return (
    <div>
      {modalHolder}
      {!editable && card.status === 'self_assessment' ? <Alert type="info" showIcon title={t('assessment.readOnlySelf')} style={{ marginBottom: 12 }} /> : null}
      {card.status !== 'self_assessment' ? (
        <Alert type="success" showIcon title={t(`assessment.lockedAs.${card.status}`)} style={{ marginBottom: 12 }} />
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
                  save.reset();
                  submit.reset();
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
              const d = drafts[s.code] ?? draftOf(s);
              const errs = problems[s.code] ?? [];
              const inputs = editable && (!s.auto || unfolded.has(s.code) || !!s.evidence || s.links.length > 0 || errs.length > 0);
              return (
                <div key={s.code} id={`ind-${s.code}`} className={`tz-as-ind${errs.length ? ' tz-as-ind-error' : ''}`} data-testid={`ind-${s.code}`}>
                  <IndicatorHeader score={s} />
                  <Row gutter={[16, 8]}>
                    <Col xs={24} md={inputs ? 12 : 24}>
                      <ScoreFacts score={s} editing={inputs} onEvidence={s.auto ? () => onEvidence(s.code) : undefined} />
                      {editable && !inputs ? (
                        <Button
                          type="link"
                          size="small"
                          icon={<PlusOutlined />}
                          style={{ paddingInline: 0 }}
                          onClick={() => setUnfolded((u) => new Set(u).add(s.code))}
                        >
                          {t('assessment.addNote')}
                        </Button>
                      ) : null}
                    </Col>
                    {inputs ? (
                      <Col xs={24} md={12}>
                        <Form layout="vertical" component="div" disabled={busy}>
                          {s.auto ? null : (
                            <Form.Item
                              label={t('assessment.selfPoints', { max: s.maxPoints })}
                              required
                              style={{ marginBottom: 8 }}
                              validateStatus={errs.length ? 'error' : undefined}
                            >
                              <InputNumber
                                min={0}
                                max={s.maxPoints}
                                step={0.5}
                                precision={1}
                                value={d.points}
                                onChange={(v) => setDraft(s.code, { points: typeof v === 'number' ? v : null })}
                                style={{ width: 160 }}
                                aria-label={t('assessment.selfPoints', { max: s.maxPoints })}
                                data-testid={`self-${s.code}`}
                              />
                            </Form.Item>
                          )}
                          <Form.Item label={s.auto ? t('assessment.noteAuto') : t('assessment.evidence')} style={{ marginBottom: 8 }}>
                            <Input.TextArea
                              value={d.evidence}
                              onChange={(e) => setDraft(s.code, { evidence: e.target.value })}
                              autoSize={{ minRows: 2, maxRows: 8 }}
                              maxLength={4000}
                              showCount
                              placeholder={s.auto ? t('assessment.noteAutoPlaceholder') : t('assessment.evidencePlaceholder')}
                              data-testid={`evidence-text-${s.code}`}
                            />
                          </Form.Item>
                          <Form.Item label={t('assessment.links')} extra={t('assessment.linksHint')} style={{ marginBottom: 0 }}>
                            <Select
                              mode="tags"
                              value={d.links}
                              onChange={(v: string[]) =>
                                setDraft(s.code, {
                                  links: v
                                    .map((x) => x.trim())
                                    .filter(Boolean)
                                    .slice(0, 20),
                                })
                              }
                              tokenSeparators={[' ', '\n']}
                              open={false}
                              suffixIcon={null}
                              placeholder={t('assessment.linksPlaceholder')}
                              aria-label={t('assessment.links')}
                            />
                          </Form.Item>
                        </Form>
                      </Col>
                    ) : null}
                  </Row>
                  {errs.map((e) => (
                    <Typography.Text key={e} type="danger" className="tz-as-row-error" role="alert">
                      {e}
                    </Typography.Text>
                  ))}
                </div>
              );
            })}
        </Card>
      ))}
      {editable ? (
        <div className="tz-as-actionbar" data-testid="self-actions">
          <Typography.Text type="secondary">
            {dirty ? t('assessment.unsaved', { n: changes.length }) : t('assessment.allSaved')}
            {' · '}
            {t('assessment.filledOf', { n: filled, total: manualCount })}
            {' · '}
            {t('assessment.projectedLine', { total: card.total, grade: gradeOf(card.total, card.thresholds) })}
          </Typography.Text>
          <Space wrap>
            <Button
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={save.isPending}
              onClick={() => localCheck(false) && save.mutate()}
              data-testid="self-save"
            >
              {t('assessment.saveSelf')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} onClick={confirmSubmit} data-testid="self-submit">
              {t('assessment.submit')}
            </Button>
          </Space>
        </div>
      ) : null}
    </div>
  );
}
