import { Alert, Card, Col, Descriptions, Progress, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from '../../i18n/dayjs.ts';
import { type ScorecardView, gradeOf } from './api.ts';
import { GradeTag, StatusTag } from './tags.tsx';

const when = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : null);

/** One scorecard at a glance: school, status, total and grade, and each category's share of the 100 points. */
export function ScorecardOverview({ card, extra }: { card: ScorecardView; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const projected = card.status !== 'finalized';
  const grade = card.grade ?? gradeOf(card.total, card.thresholds);
  const manual = card.scores.filter((s) => !s.auto);
  const filled = manual.filter((s) => s.selfPoints !== null).length;
  return (
    <Card size="small" className="tz-as-overview" data-testid="scorecard-overview">
      <div className="tz-as-overview-head">
        <div>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {card.orgName}
          </Typography.Title>
          <Typography.Text type="secondary">{t('assessment.yearOf', { year: card.year })}</Typography.Text> <StatusTag status={card.status} />
        </div>
        {extra}
      </div>
      {card.status === 'self_assessment' && card.returnReason ? (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '8px 0' }}
          title={t('assessment.returnedBanner', { at: when(card.returnedAt) ?? '' })}
          description={card.returnReason}
          data-testid="returned-banner"
        />
      ) : null}
      <Row gutter={[16, 12]} style={{ marginTop: 8 }}>
        <Col xs={12} sm={6}>
          <Statistic title={t('assessment.total')} value={card.total} precision={1} suffix="/ 100" />
        </Col>
        <Col xs={12} sm={6}>
          <div className="tz-as-stat-title">{projected ? t('assessment.gradeProjected') : t('assessment.grade')}</div>
          <GradeTag grade={grade} projected={projected} />
        </Col>
        <Col xs={24} sm={12}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'manual', label: t('assessment.selfProgress'), children: t('assessment.filledOf', { n: filled, total: manual.length }) },
              { key: 'sub', label: t('assessment.submittedAt'), children: when(card.submittedAt) ?? t('common.none') },
              { key: 'fin', label: t('assessment.finalizedAt'), children: when(card.finalizedAt) ?? t('common.none') },
            ]}
          />
        </Col>
      </Row>
      <Row gutter={[16, 4]} style={{ marginTop: 8 }}>
        {card.categories.map((c) => (
          <Col xs={24} sm={12} lg={8} key={c.code}>
            <div className="tz-as-cat-line">
              <span className="tz-as-cat-name" title={c.name}>
                {c.name}
              </span>
              <span>{t('assessment.catScore', { score: c.score, weight: c.weight })}</span>
            </div>
            <Progress
              percent={c.weight > 0 ? Math.round((c.score / c.weight) * 100) : 0}
              size="small"
              showInfo={false}
              aria-label={t('assessment.catScore', { score: c.score, weight: c.weight })}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
