import { ClockCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../auth/session.ts';
import { ErrorAlert } from '../../../components/errors.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { localizeServerText } from '../../../i18n/index.ts';
import { type TimelineView, devApi, devKeys } from '../api.ts';
import { StageTag, useDevParams } from '../common.tsx';
import { PersonHours } from '../trainings/PersonHours.tsx';
import { DualFlagsPanel } from './DualFlagsPanel.tsx';
import { ExtensionModal } from './ExtensionModal.tsx';
import { StepFormModal } from './StepFormModal.tsx';
import { StepTimeline } from './StepTimeline.tsx';

function NextStepBox({ tl, canManage, onRecord, onExtend }: { tl: TimelineView; canManage: boolean; onRecord: () => void; onExtend: () => void }) {
  const { t } = useTranslation();
  const probation = tl.steps.find((s) => s.stage === 'probationary');
  const canExtend = canManage && tl.stage === 'probationary' && probation?.extensionMonths == null;
  const actions = canManage ? (
    <Space wrap>
      {tl.stage !== 'full' ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={onRecord} data-testid="dev-record-next">
          {tl.steps.length ? t('development.person.recordNext') : t('development.person.recordStep')}
        </Button>
      ) : null}
      {canExtend ? (
        <Button icon={<ClockCircleOutlined />} onClick={onExtend} data-testid="dev-extend">
          {t('development.person.extend')}
        </Button>
      ) : null}
    </Space>
  ) : null;
  const actionRow = actions ? <div className="tz-dev-next-actions">{actions}</div> : null;
  if (tl.stage === 'full') return <Alert type="success" showIcon title={t('development.person.nextDone')} style={{ marginBottom: 16 }} />;
  if (!tl.next)
    return (
      <div className="tz-dev-next">
        <Alert type="info" showIcon title={t('development.person.nextNone')} />
        {actionRow}
      </div>
    );
  const n = tl.next;
  return (
    <div className="tz-dev-next">
      <Alert
        type={n.due ? 'warning' : 'info'}
        showIcon
        title={
          <Space size={6} wrap>
            <span>{t('development.person.nextLine', { action: t(`development.stageAction.${n.stage}`), from: n.from })}</span>
            {n.due ? (
              <Tag color={n.stage === 'full' ? 'orange' : 'green'}>
                {n.stage === 'full' ? t('development.board.dueConversion') : t('development.board.due')}
              </Tag>
            ) : null}
            {probation?.extensionMonths ? <Tag>{t('development.person.extended', { n: probation.extensionMonths })}</Tag> : null}
          </Space>
        }
        description={
          n.missing.length ? (
            <span>
              {t('development.person.missing')}
              {n.missing.map((m) => localizeServerText(m)).join(t('development.common.listSep'))}
            </span>
          ) : undefined
        }
      />
      {actionRow}
    </div>
  );
}

/** A person's development record (发展纪实): facts, what is due next, the timeline, 双培养 flags and training hours. */
export function PersonDrawer({ personId, onClose }: { personId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { year } = useDevParams();
  const canManage = can('development.manage');
  const [stepOpen, setStepOpen] = useState(false);
  const [extendOpen, setExtendOpen] = useState(false);
  const [tab, setTab] = useState('timeline');
  const q = useQuery({
    queryKey: devKeys.timeline(personId ?? 0),
    queryFn: ({ signal }) => devApi.timeline(personId ?? 0, signal),
    enabled: personId !== null,
    staleTime: 0,
  });
  const tl = q.data;
  const width = typeof window === 'undefined' ? 720 : Math.min(760, window.innerWidth);
  return (
    <Drawer
      open={personId !== null}
      onClose={onClose}
      size={width}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) setTab('timeline');
      }}
      title={
        tl ? (
          <Space size={8} wrap>
            <span>{tl.person.name}</span>
            <Typography.Text type="secondary" style={{ fontWeight: 400 }}>
              {t('development.person.title')}
            </Typography.Text>
          </Space>
        ) : (
          t('development.person.title')
        )
      }
      data-testid="dev-person-drawer"
    >
      {q.isLoading ? <Loading /> : null}
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {tl ? (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('development.person.code')}>{tl.person.code}</Descriptions.Item>
            <Descriptions.Item label={t('development.person.politicalStatus')}>{tl.person.politicalStatus}</Descriptions.Item>
            <Descriptions.Item label={t('development.person.birthDate')}>{tl.person.birthDate ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('development.person.currentStage')}>
              {tl.stage ? <StageTag stage={tl.stage} /> : t('development.person.notStarted')}
            </Descriptions.Item>
            <Descriptions.Item label={t('development.person.joinDate')}>{tl.person.joinDate ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('development.person.conversionDate')}>{tl.person.conversionDate ?? t('common.none')}</Descriptions.Item>
          </Descriptions>
          <NextStepBox tl={tl} canManage={canManage} onRecord={() => setStepOpen(true)} onExtend={() => setExtendOpen(true)} />
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'timeline', label: t('development.person.tabTimeline'), children: <StepTimeline timeline={tl} /> },
              {
                key: 'dual',
                label: t('development.person.tabDual'),
                children: <DualFlagsPanel personId={tl.person.id} flags={tl.dualFlags} />,
              },
              {
                key: 'training',
                label: t('development.person.tabTraining'),
                children: <PersonHours personId={tl.person.id} initialYear={year} />,
              },
            ]}
          />
          <StepFormModal timeline={tl} open={stepOpen} onClose={() => setStepOpen(false)} onSaved={() => setStepOpen(false)} />
          <ExtensionModal
            personId={tl.person.id}
            name={tl.person.name}
            probation={tl.steps.find((s) => s.stage === 'probationary') ?? null}
            open={extendOpen}
            onClose={() => setExtendOpen(false)}
          />
        </>
      ) : null}
    </Drawer>
  );
}
