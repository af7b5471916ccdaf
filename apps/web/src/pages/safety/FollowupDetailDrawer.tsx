import { EditOutlined, LockOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Result, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { type Followup, safetyApi, safetyKeys } from './api.ts';
import { DateText, isHidden } from './parts.tsx';
import { drawerWidth } from '../../components/sizing.ts';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (f: Followup) => void;
  onCloseCase: (f: Followup) => void;
}

export function FollowupState({ f }: { f: Pick<Followup, 'closedOn'> }) {
  const { t } = useTranslation();
  return f.closedOn ? <Tag>{t('safety.followup.stateClosed')}</Tag> : <Tag color="processing">{t('safety.followup.stateOpen')}</Tag>;
}

/** One follow-up (an audited read on the server); someone who may not see it gets a calm "no access" panel. */
export function FollowupDetailDrawer({ id, onClose, onEdit, onCloseCase }: Props) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: safetyKeys.followup(id ?? 0),
    queryFn: ({ signal }) => safetyApi.followup(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const f = detail.data;
  const none = t('common.none');

  return (
    <Drawer
      open={id !== null}
      title={t('safety.followup.detailTitle')}
      onClose={onClose}
      size={drawerWidth(620)}
      destroyOnHidden
      extra={
        f && !f.closedOn ? (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => onEdit(f)}>
              {t('safety.edit')}
            </Button>
            <Button danger onClick={() => onCloseCase(f)}>
              {t('safety.followup.close')}
            </Button>
          </Space>
        ) : null
      }
    >
      {detail.isLoading ? <Spin /> : null}
      {detail.error && isHidden(detail.error) ? (
        <Result
          icon={<LockOutlined style={{ color: '#8c8c8c' }} />}
          title={t('safety.followup.noAccessTitle')}
          subTitle={t('safety.followup.noAccessDetail')}
        />
      ) : detail.error ? (
        <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />
      ) : null}
      {f ? (
        <>
          <Alert type="warning" showIcon title={t('safety.followup.auditedRead')} style={{ marginBottom: 16 }} />
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('safety.followup.student')}>
              <Typography.Text strong>{f.studentName}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.school')}>{f.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('safety.className')}>{f.className}</Descriptions.Item>
            <Descriptions.Item label={t('safety.followup.headTeacher')}>{f.headTeacherName ?? none}</Descriptions.Item>
            <Descriptions.Item label={t('safety.followup.officer')}>{f.officerName ?? none}</Descriptions.Item>
            <Descriptions.Item label={t('safety.statusLabel')}>
              <FollowupState f={f} />
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.followup.openedOn')}>
              <DateText value={f.openedOn} />
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.followup.closedOn')}>
              <DateText value={f.closedOn} />
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.followup.retentionUntil')}>
              {f.retentionUntil ? t('safety.followup.retentionValue', { date: f.retentionUntil }) : t('safety.followup.retentionOpen')}
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.followup.details')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{f.details || none}</Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        </>
      ) : null}
    </Drawer>
  );
}
