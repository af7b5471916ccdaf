import { FileSearchOutlined, LinkOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from '../../i18n/dayjs.ts';
import type { ScoreView } from './api.ts';
import { MeasureText, SourceTag } from './tags.tsx';

const pts = (v: number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** Name, code, scoring kind, criteria and the points it counts with (x / max). */
export function IndicatorHeader({ score, extra }: { score: ScoreView; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="tz-as-ind-head">
      <div className="tz-as-ind-title">
        <Typography.Text strong>{score.name}</Typography.Text>
        <Typography.Text type="secondary" className="tz-as-code">
          {score.code}
        </Typography.Text>
        <SourceTag auto={score.auto} />
        {extra}
      </div>
      <div className="tz-as-ind-points" title={t('assessment.pointsOf', { points: score.points, max: score.maxPoints })}>
        <span className="tz-as-points">{score.points}</span>
        <span className="tz-as-max"> / {score.maxPoints}</span>
      </div>
    </div>
  );
}

/** The committee's adjustments of one indicator, oldest first (the history is never rewritten). */
export function AdjustmentHistory({ score }: { score: ScoreView }) {
  const { t } = useTranslation();
  if (!score.adjustments.length) return null;
  return (
    <div className="tz-as-history">
      <Typography.Text type="secondary">{t('assessment.adjustHistory')}</Typography.Text>
      <Timeline
        className="tz-as-timeline"
        items={score.adjustments.map((a, i) => ({
          key: `${a.at}-${i}`,
          color: 'orange',
          content: (
            <span>
              {t('assessment.adjustLine', {
                at: dayjs(a.at).format('YYYY-MM-DD HH:mm'),
                by: a.by,
                from: a.fromPoints ?? t('common.none'),
                to: a.toPoints,
              })}
              <br />
              <Typography.Text type="secondary">{t('assessment.reasonIs', { reason: a.reason })}</Typography.Text>
            </span>
          ),
        }))}
      />
    </div>
  );
}

interface FactsProps {
  score: ScoreView;
  /** Opens the records behind the points (auto indicators). */
  onEvidence?: () => void;
  /** The self score and evidence are edited next to these facts; do not repeat them. */
  editing?: boolean;
}

/** What an indicator's points rest on: the criteria, the automatic score and its rule, the self score, evidence, review. */
export function ScoreFacts({ score, onEvidence, editing }: FactsProps) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {score.criteria ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('assessment.criteriaIs', { criteria: score.criteria })}
        </Typography.Paragraph>
      ) : null}
      <Typography.Text type="secondary">
        {t('assessment.measureIs')}
        <MeasureText measure={score.measure} />
      </Typography.Text>
      {score.auto ? (
        <div>
          <Typography.Text>
            {t('assessment.autoPointsIs', { points: pts(score.autoPoints) ?? t('assessment.notScored'), max: score.maxPoints })}
          </Typography.Text>
          {score.autoDetail?.rule ? <Typography.Text type="secondary">{t('assessment.ruleParen', { rule: score.autoDetail.rule })}</Typography.Text> : null}
          {onEvidence ? (
            <Button type="link" size="small" icon={<FileSearchOutlined />} onClick={onEvidence} data-testid={`evidence-${score.code}`}>
              {t('assessment.viewEvidence', { n: score.sourceIds.length })}
            </Button>
          ) : null}
        </div>
      ) : !editing ? (
        <Typography.Text>{t('assessment.selfPointsIs', { points: pts(score.selfPoints) ?? t('assessment.notFilled'), max: score.maxPoints })}</Typography.Text>
      ) : null}
      {!editing && score.evidence ? (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{t('assessment.evidenceIs', { evidence: score.evidence })}</Typography.Paragraph>
      ) : null}
      {!editing && score.links.length ? (
        <Space size={[4, 4]} wrap>
          {score.links.map((l) => (
            <a key={l} href={l} target="_blank" rel="noopener noreferrer">
              <LinkOutlined /> {shortUrl(l)}
            </a>
          ))}
        </Space>
      ) : null}
      {score.reviewPoints !== null ? (
        <div>
          <Tag color="orange">{t('assessment.reviewPointsIs', { points: score.reviewPoints })}</Tag>
          {score.reviewReason ? <Typography.Text type="secondary">{t('assessment.reasonIs', { reason: score.reviewReason })}</Typography.Text> : null}
        </div>
      ) : null}
      <AdjustmentHistory score={score} />
    </Space>
  );
}

/** A link as host + path, short enough for a phone line. */
export function shortUrl(u: string): string {
  try {
    const x = new URL(u);
    const path = x.pathname.length > 24 ? `${x.pathname.slice(0, 24)}…` : x.pathname;
    return `${x.host}${path === '/' ? '' : path}`;
  } catch {
    return u;
  }
}
