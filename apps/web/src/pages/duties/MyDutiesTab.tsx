import { FileProtectOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading } from '../../components/Loading.tsx';
import { type DutyView, LIST_KINDS, PLEDGE_ROLES } from './api.ts';
import { DutyTable } from './DutyTable.tsx';
import { isOverdue, useMyDuties } from './hooks.ts';
import { ListKindTag } from './labels.tsx';
import type { TabProps } from './params.ts';
import { type Stat, StatStrip } from './StatStrip.tsx';

/** What is due next first (overdue on top), then by date. */
function upcoming(items: readonly DutyView[]): DutyView[] {
  return items
    .filter((d) => d.next && d.status !== 'met')
    .sort((a, b) => {
      const ao = isOverdue(a) ? 0 : 1;
      const bo = isOverdue(b) ? 0 : 1;
      if (ao !== bo) return ao - bo;
      return (a.next?.dueDate ?? '9999') < (b.next?.dueDate ?? '9999') ? -1 : 1;
    })
    .slice(0, 5);
}

/** 我的责任: the caller's own items of the year, what the numbers are made of, what is due next; evidence for manual items. */
export function MyDutiesTab({ year, patch, openDuty }: TabProps) {
  const { t } = useTranslation();
  const mine = useMyDuties(year);
  const items = mine.data ?? [];
  const next = useMemo(() => upcoming(items), [items]);

  if (mine.isPending) return <Loading minHeight={160} />;
  if (mine.error) return <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!items.length)
    return (
      <Empty description={t('duties.mine.empty', { year })} data-testid="duties-mine-empty">
        <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto' }}>
          {t('duties.mine.emptyHint')}
        </Typography.Paragraph>
      </Empty>
    );

  const count = (pred: (d: DutyView) => boolean) => items.filter(pred).length;
  const stats: Stat[] = [
    { key: 'total', label: t('duties.mine.total'), value: items.length },
    { key: 'met', label: t('duties.status.met'), value: count((d) => d.status === 'met'), tone: 'good' },
    { key: 'pending', label: t('duties.status.pending'), value: count((d) => d.status === 'pending') },
    { key: 'unmet', label: t('duties.status.unmet'), value: count((d) => d.status === 'unmet'), tone: count((d) => d.status === 'unmet') ? 'bad' : undefined },
    { key: 'overdue', label: t('duties.overdue'), value: count((d) => isOverdue(d)), tone: count((d) => isOverdue(d)) ? 'bad' : undefined },
    {
      key: 'breached',
      label: t('duties.status.breached'),
      value: count((d) => d.status === 'breached'),
      tone: count((d) => d.status === 'breached') ? 'bad' : undefined,
    },
  ];
  const signs = items.some((d) => PLEDGE_ROLES.includes(d.role));
  const needsEvidence = items.filter((d) => d.sources.kind === 'evidence' && d.status !== 'met');

  const evidenceAction = (d: DutyView) =>
    d.sources.kind === 'evidence' && d.status !== 'met' ? (
      <Button size="small" icon={<UploadOutlined />} onClick={() => openDuty(d.id)}>
        {t('duties.mine.addEvidence')}
      </Button>
    ) : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <StatStrip stats={stats} />
      {signs ? (
        <Alert
          type="info"
          showIcon
          icon={<FileProtectOutlined />}
          title={t('duties.mine.pledgeHint')}
          action={
            <Button size="small" onClick={() => patch({ tab: 'pledges' })}>
              {t('duties.mine.toPledges')}
            </Button>
          }
        />
      ) : null}
      {needsEvidence.length ? <Alert type="warning" showIcon title={t('duties.mine.evidenceHint', { n: needsEvidence.length })} /> : null}
      {next.length ? (
        <Card size="small" title={t('duties.mine.nextTitle')}>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            {next.map((d) => (
              <div key={d.id} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'baseline' }}>
                {isOverdue(d) ? <Tag color="red">{t('duties.overdue')}</Tag> : <Tag>{d.next?.dueDate ?? t('common.none')}</Tag>}
                <Button type="link" className="tz-duties-item-text" onClick={() => openDuty(d.id)}>
                  {d.next?.text}
                </Button>
                <Typography.Text type="secondary">{d.text}</Typography.Text>
              </div>
            ))}
          </Space>
        </Card>
      ) : null}
      {LIST_KINDS.map((k) => {
        const rows = items.filter((d) => d.listKind === k);
        if (!rows.length) return null;
        return (
          <Card
            key={k}
            size="small"
            title={
              <Space>
                <ListKindTag kind={k} />
                <span>{t('duties.mine.countIn', { n: rows.length })}</span>
              </Space>
            }
          >
            <DutyTable
              items={rows}
              year={year}
              onOpen={openDuty}
              show={['org', 'role', 'next']}
              pagination={false}
              action={rows.some((d) => evidenceAction(d) !== null) ? evidenceAction : undefined}
              scrollX={900}
            />
          </Card>
        );
      })}
    </Space>
  );
}
