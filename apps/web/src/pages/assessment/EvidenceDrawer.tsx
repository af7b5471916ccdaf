import { ExportOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Empty, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type ScoreView, type ScorecardView, assessmentApi, assessmentKeys } from './api.ts';
import { IndicatorHeader, ScoreFacts } from './ScoreFacts.tsx';
import { drawerWidth } from '../../components/sizing.ts';

/** One record behind an automatic score, whatever module it comes from. */
interface SourceRow {
  id: number;
  date: string;
  title: string;
  org: string;
  status: string;
  /** A page of the app that shows the record. */
  href?: string;
}

type Kind = 'activity' | 'assignment' | 'duty' | 'incident';

function kindOf(score: ScoreView): Kind | null {
  switch (score.measure.source) {
    case 'ledger':
    case 'compliance_rate':
      return 'activity';
    case 'tasks_on_time':
      return 'assignment';
    case 'duties_met':
      return 'duty';
    case 'incidents':
      return 'incident';
    default:
      return null;
  }
}

/** Loads the records a score names from the module that owns them (only what the caller may read). */
async function loadSources(card: ScorecardView, score: ScoreView, t: TFunction, signal?: AbortSignal): Promise<SourceRow[]> {
  const ids = new Set(score.sourceIds);
  const from = `${card.year}-01-01`;
  const to = `${card.year}-12-31`;
  const m = score.measure;
  if (m.source === 'ledger' || m.source === 'compliance_rate') {
    // Records a school's people attended may be held elsewhere (e.g. committee training): search by type, not org.
    const attendee = m.source === 'ledger' && m.who === 'attendee';
    const codes = m.source === 'ledger' ? (Array.isArray(m.type_code) ? m.type_code : [m.type_code]) : [undefined];
    const pages = await Promise.all(
      codes.map((typeCode) => assessmentApi.activities({ orgId: attendee ? undefined : card.orgId, typeCode, from, to }, signal)),
    );
    return pages
      .flatMap((p) => p.items)
      .filter((a) => ids.has(a.id))
      .map((a) => ({
        id: a.id,
        date: a.date,
        title: t('assessment.activityTitle', { type: a.typeName, topic: a.topic }),
        org: a.orgName,
        status: t(`assessment.recordStatus.activity.${a.status}`),
        href: `/activities?view=${a.id}`,
      }));
  }
  if (m.source === 'tasks_on_time') {
    const p = await assessmentApi.assignments(card.orgId, signal);
    return p.items
      .filter((a) => ids.has(a.id))
      .map((a) => ({
        id: a.id,
        date: a.deadline,
        title: a.taskTitle,
        org: a.orgName,
        status: a.firstSubmittedAt
          ? t('assessment.submittedOn', { date: dayjs(a.firstSubmittedAt).format('YYYY-MM-DD'), status: t(`assessment.recordStatus.assignment.${a.status}`) })
          : t(`assessment.recordStatus.assignment.${a.status}`),
      }));
  }
  if (m.source === 'duties_met') {
    const p = await assessmentApi.duties(card.orgId, card.year, signal);
    return p.items
      .filter((d) => ids.has(d.id))
      .map((d) => ({
        id: d.id,
        date: d.evaluatedAt ? dayjs(d.evaluatedAt).format('YYYY-MM-DD') : '',
        title: d.personName ? t('assessment.dutyTitle', { text: d.text, person: d.personName }) : d.text,
        org: d.orgName,
        status: t(`assessment.recordStatus.duty.${d.status}`),
      }));
  }
  if (m.source === 'incidents') {
    const p = await assessmentApi.incidents(card.orgId, card.year, signal);
    return p.items
      .filter((i) => ids.has(i.id))
      .map((i) => ({
        id: i.id,
        date: dayjs(i.occurredAt).format('YYYY-MM-DD'),
        title: t('assessment.incidentTitle', { level: i.level, summary: i.summary }),
        org: i.orgName,
        status: t(`assessment.recordStatus.incident.${i.status}`, { defaultValue: i.status }),
      }));
  }
  return [];
}

interface Props {
  card: ScorecardView | null;
  code: string | null;
  onClose: () => void;
}

/** The evidence behind one indicator's points: the rule, the records it counted (with links to them), the school's notes. */
export function EvidenceDrawer({ card, code, onClose }: Props) {
  const { t } = useTranslation();
  const score = card?.scores.find((s) => s.code === code) ?? null;
  const kind = score ? kindOf(score) : null;
  const sources = useQuery({
    queryKey: assessmentKeys.evidence(card?.id ?? 0, code ?? ''),
    queryFn: ({ signal }) => (card && score ? loadSources(card, score, t, signal) : Promise.resolve([])),
    enabled: !!card && !!score && kind !== null && score.sourceIds.length > 0,
    staleTime: 60_000,
  });
  const rows = sources.data ?? [];
  const found = new Set(rows.map((r) => r.id));
  const unseen = (score?.sourceIds ?? []).filter((id) => !found.has(id));

  const columns: TableColumnsType<SourceRow> = [
    { title: t(`assessment.sourceDate.${kind ?? 'activity'}`), dataIndex: 'date', width: 110 },
    {
      title: t('assessment.sourceTitle'),
      dataIndex: 'title',
      render: (v: string, r) =>
        r.href ? (
          <a href={r.href} target="_blank" rel="noopener noreferrer">
            {v} <ExportOutlined />
          </a>
        ) : (
          v
        ),
    },
    { title: t('assessment.sourceOrg'), dataIndex: 'org', width: 170, ellipsis: true },
    { title: t('assessment.sourceStatus'), dataIndex: 'status', width: 130, render: (v: string) => <Tag>{v}</Tag> },
  ];

  return (
    <Drawer
      open={!!card && !!score}
      onClose={onClose}
      title={score ? t('assessment.evidenceTitle', { name: score.name }) : ''}
      size={drawerWidth(820)}
      destroyOnHidden
    >
      {card && score ? (
        <>
          <Typography.Text type="secondary">{card.orgName}</Typography.Text>
          <IndicatorHeader score={score} />
          <ScoreFacts score={score} />
          {score.auto ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('assessment.sourceRecords', { n: score.sourceIds.length })}
              </Typography.Title>
              {score.autoDetail && score.autoDetail.actual !== null ? (
                <Typography.Paragraph type="secondary">
                  {t('assessment.actualTarget', { actual: score.autoDetail.actual, target: score.autoDetail.target ?? t('common.none') })}
                </Typography.Paragraph>
              ) : null}
              {sources.error ? <ErrorAlert error={sources.error} onRetry={() => void sources.refetch()} style={{ marginBottom: 12 }} /> : null}
              {score.sourceIds.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assessment.noSources')} />
              ) : (
                <Table<SourceRow>
                  rowKey="id"
                  size="small"
                  columns={columns}
                  dataSource={rows}
                  loading={sources.isFetching}
                  pagination={rows.length > 20 ? { pageSize: 20, showTotal: (total) => t('common.total', { total }) } : false}
                  scroll={{ x: 620 }}
                  locale={{ emptyText: t('assessment.noSourcesVisible') }}
                />
              )}
              {!sources.isFetching && unseen.length ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={t('assessment.unseenSources', { n: unseen.length })}
                  description={t('assessment.unseenIds', { ids: unseen.slice(0, 60).join(t('assessment.listSep')) })}
                />
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
