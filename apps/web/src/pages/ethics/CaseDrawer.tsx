import { ArrowRightOutlined, EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, type DescriptionsProps, Drawer, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { AdvanceCaseModal } from './AdvanceCaseModal.tsx';
import { CASE_STAGES, type EthicsCaseView, STAGE_COLORS, STAGE_DATE, ethicsApi, ethicsKeys, isNoAccess, nextStage } from './api.ts';
import { drawerWidth } from '../../components/sizing.ts';
import { NoAccess } from './NoAccess.tsx';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (c: EthicsCaseView) => void;
}

/** One breach case: its stages with dates, the people involved and the outcome; each opening is an audited read. */
export function CaseDrawer({ id, onClose, onEdit }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [advancing, setAdvancing] = useState<EthicsCaseView | null>(null);
  const detail = useQuery({
    queryKey: ethicsKeys.caseDetail(id ?? 0),
    queryFn: ({ signal }) => ethicsApi.case(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
    // A refused read is an answer, not a glitch to retry.
    retry: (n, err) => !isNoAccess(err) && n < 2,
  });
  const c = detail.data;
  const next = c ? nextStage(c.stage) : null;
  const none = t('common.none');

  const items: DescriptionsProps['items'] = c
    ? [
        { key: 'org', label: t('ethics.case.org'), children: c.orgName },
        { key: 'person', label: t('ethics.case.person'), children: c.personName },
        { key: 'code', label: t('ethics.case.code'), span: 'filled' as const, children: c.codeName },
        { key: 'summary', label: t('ethics.case.summary'), span: 'filled' as const, children: <span className="tz-ethics-content">{c.summary}</span> },
        {
          key: 'handlers',
          label: t('ethics.case.handlers'),
          span: 'filled' as const,
          children: [...c.handlerPersons, ...c.handlerUsers].map((h) => h.name).join(t('ethics.sep')) || none,
        },
        { key: 'outcome', label: t('ethics.case.outcome'), span: 'filled' as const, children: <span className="tz-ethics-content">{c.outcome ?? none}</span> },
      ]
    : [];

  const current = c ? CASE_STAGES.indexOf(c.stage) : 0;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(720)}
      title={
        c ? (
          <Space wrap size={8}>
            <span>{t('ethics.case.detailTitle', { id: c.id })}</span>
            <Tag color={STAGE_COLORS[c.stage]}>{t(`ethics.stage.${c.stage}`)}</Tag>
          </Space>
        ) : (
          t('ethics.case.detail')
        )
      }
      destroyOnHidden
      footer={
        c ? (
          <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button icon={<EditOutlined />} onClick={() => onEdit(c)}>
              {t('ethics.edit')}
            </Button>
            {next ? (
              <Button type="primary" icon={<ArrowRightOutlined />} onClick={() => setAdvancing(c)} data-testid="case-advance">
                {t('ethics.case.advanceTo', { stage: t(`ethics.stage.${next}`) })}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {detail.isLoading ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {detail.error ? isNoAccess(detail.error) ? <NoAccess /> : <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {c ? (
        <>
          <Typography.Paragraph type="secondary" className="tz-ethics-audit-note">
            <EyeOutlined /> {t('ethics.case.readAudited')}
          </Typography.Paragraph>
          <Steps
            size="small"
            current={current}
            status={c.stage === 'closed' ? 'finish' : 'process'}
            style={{ marginBottom: 20 }}
            items={CASE_STAGES.map((s) => ({ title: t(`ethics.stage.${s}`), content: c[STAGE_DATE[s]] ?? none }))}
          />
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} items={items} />
        </>
      ) : null}
      <AdvanceCaseModal
        target={advancing}
        onClose={() => setAdvancing(null)}
        onDone={(fresh) => {
          qc.setQueryData(ethicsKeys.caseDetail(fresh.id), fresh);
          setAdvancing(null);
        }}
        onReload={async () => {
          const r = await detail.refetch();
          if (r.data) setAdvancing(r.data);
        }}
      />
    </Drawer>
  );
}
