import { FileTextOutlined, WarningOutlined } from '@ant-design/icons';
import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { RULES, STAGE_COLORS, type TimelineView } from '../api.ts';

type Refs = TimelineView['refs'];

function names(ids: number[], refs: Refs, sep: string): string {
  return ids.map((id) => refs.people.find((p) => p.id === id)?.name ?? `#${id}`).join(sep);
}

/** The recorded steps, oldest first, each with what was decided, by whom, with which helpers and documents. */
export function StepTimeline({ timeline }: { timeline: TimelineView }) {
  const { t } = useTranslation();
  const { steps, refs } = timeline;
  if (!steps.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.person.timelineEmpty')} />;
  const line = (label: string, value: React.ReactNode) => (
    <div className="tz-dev-line">
      <Typography.Text type="secondary">
        {label}
        {t('common.colon')}
      </Typography.Text>
      {value}
    </div>
  );
  return (
    <Timeline
      className="tz-dev-timeline"
      items={steps.map((s) => ({
        key: s.id,
        color: s.overriddenRules.length ? 'red' : STAGE_COLORS[s.stage] === 'default' ? 'gray' : STAGE_COLORS[s.stage],
        content: (
          <div className="tz-dev-step" data-testid={`dev-step-${s.stage}`}>
            <Space size={6} wrap className="tz-dev-step-head">
              <Typography.Text strong>{t(`development.stageAction.${s.stage}`)}</Typography.Text>
              <Typography.Text>{s.date}</Typography.Text>
              {s.isDemo ? <Tag color="gold">{t('development.person.demo')}</Tag> : null}
            </Space>
            {s.decisionBody ? line(t('development.person.decisionBody'), s.decisionBody) : null}
            {s.orgId ? line(t('development.person.orgInCharge'), refs.orgs.find((o) => o.id === s.orgId)?.name ?? `#${s.orgId}`) : null}
            {s.liaisonPersonIds.length ? line(t('development.person.liaisons'), names(s.liaisonPersonIds, refs, t('development.common.listSep'))) : null}
            {s.introducerPersonIds.length
              ? line(t('development.person.introducers'), names(s.introducerPersonIds, refs, t('development.common.listSep')))
              : null}
            {s.trainingDays != null || s.trainingHours != null
              ? line(t('development.person.training'), t('development.person.trainingValue', { days: s.trainingDays ?? 0, hours: s.trainingHours ?? 0 }))
              : null}
            {s.noticeStart || s.noticeEnd
              ? line(t('development.person.notice'), t('development.person.noticeRange', { start: s.noticeStart ?? '', end: s.noticeEnd ?? '' }))
              : null}
            {s.extensionMonths ? line(t('development.person.extension'), t('development.common.monthsN', { n: s.extensionMonths })) : null}
            {s.documents.length
              ? line(
                  t('development.person.documents'),
                  <Space size={4} wrap>
                    {s.documents.map((d) => (
                      <Tag key={`${d.name}:${d.fileId ?? ''}`} icon={<FileTextOutlined />}>
                        {d.name}
                      </Tag>
                    ))}
                  </Space>,
                )
              : null}
            {s.notes ? <Typography.Paragraph className="tz-dev-notes">{s.notes}</Typography.Paragraph> : null}
            {s.overriddenRules.length ? (
              <div className="tz-dev-override">
                <Space size={4} wrap>
                  <Tag color="error" icon={<WarningOutlined />}>
                    {t('development.person.overridden')}
                  </Tag>
                  {s.overriddenRules.map((r) => (
                    <Tag key={r}>{(RULES as readonly string[]).includes(r) ? t(`development.rule.${r as (typeof RULES)[number]}`) : r}</Tag>
                  ))}
                </Space>
                {s.overrideReason ? <div>{t('development.person.overrideReason', { reason: s.overrideReason })}</div> : null}
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
