import { CloudUploadOutlined, EditOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, type DescriptionsProps, Drawer, Empty, List, Popconfirm, Space, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type ContentDetail, REVIEW_STEPS, STAGE_STEP, chinaDate, chinaDateTime, chinaToday, publicityApi, publicityKeys } from './api.ts';
import { ConflictAlert, EventTag, ExtLink, StageTag, stageConflict } from './common.tsx';
import { isConflict } from '../../api/client.ts';
import { PublishModal } from './PublishModal.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { drawerWidth } from '../../components/sizing.ts';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (item: ContentDetail) => void;
}

const ORDER = ['draft', 'first_review', 'second_review', 'final_review', 'approved', 'published'] as const;

/** The pipeline 提交 → 初审 → 复审 → 终审 → 发布 of the current round, with who acted when. */
function Pipeline({ item }: { item: ContentDetail }) {
  const { t } = useTranslation();
  const round = item.reviews.filter((r) => r.round === item.round);
  const returned = item.stage === 'returned' ? round.find((r) => r.decision === 'return') : undefined;
  const reached = returned ? returned.step : ORDER.indexOf(item.stage as (typeof ORDER)[number]);
  const stepItems = REVIEW_STEPS.map((s) => {
    const done = round.find((r) => r.step === s);
    const status: 'wait' | 'process' | 'finish' | 'error' = returned?.step === s ? 'error' : done ? 'finish' : reached === s && !returned ? 'process' : 'wait';
    return {
      title: t(`publicity.step.${s}`),
      status,
      content: done ? (
        <span>
          {done.reviewerName}
          <br />
          {chinaDateTime(done.at)}
        </span>
      ) : status === 'process' ? (
        t('publicity.content.waiting')
      ) : undefined,
    };
  });
  return (
    <Steps
      size="small"
      responsive
      items={[
        { title: t('publicity.content.submit'), status: item.stage === 'draft' ? 'process' : 'finish' },
        ...stepItems,
        {
          title: t('publicity.content.publish'),
          status: item.stage === 'published' ? 'finish' : item.stage === 'approved' ? 'process' : 'wait',
          content: item.publishedAt ? chinaDate(item.publishedAt) : undefined,
        },
      ]}
    />
  );
}

/** One content item: body, attachments, the review pipeline and history, with the step the user may take. */
export function ContentDetailDrawer({ id, onClose, onEdit }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const [publishing, setPublishing] = useState<ContentDetail | null>(null);
  const detail = useQuery({
    queryKey: publicityKeys.contentDetail(id ?? 0),
    queryFn: ({ signal }) => publicityApi.contentDetail(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const item = detail.data;
  const submit = useMutation({
    mutationFn: (x: ContentDetail) => publicityApi.submitContent(x.id, x.version),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(t('publicity.content.submitted'));
    },
  });
  const reload = () => {
    submit.reset();
    void detail.refetch();
  };

  const editable = item && (item.stage === 'draft' || item.stage === 'returned') && can('content.submit');
  const reviewing = item && STAGE_STEP[item.stage] !== undefined && can('content.review');
  const publishable = item?.stage === 'approved' && can('content.submit');
  const eventGone = item?.eventDate && item.eventDate <= chinaToday() && item.stage !== 'published' && item.stage !== 'approved';

  const info: DescriptionsProps['items'] = item
    ? [
        { key: 'position', label: t('publicity.content.position'), children: item.positionName },
        { key: 'kind', label: t('publicity.position.kind'), children: t(`publicity.kind.${item.positionKind}`) },
        { key: 'org', label: t('publicity.org'), children: item.orgName },
        { key: 'round', label: t('publicity.content.round'), children: t('publicity.content.roundN', { n: item.round }) },
        ...(item.eventDate
          ? [
              {
                key: 'event',
                label: t('publicity.content.eventDate'),
                children: (
                  <Space size={4} wrap>
                    {item.eventDate}
                    <EventTag item={item} />
                  </Space>
                ),
              },
            ]
          : []),
        { key: 'approved', label: t('publicity.content.approvedAt'), children: chinaDateTime(item.approvedAt) || t('common.none') },
        { key: 'published', label: t('publicity.content.publishedAt'), children: chinaDateTime(item.publishedAt) || t('common.none') },
        {
          key: 'link',
          label: t('publicity.content.link'),
          children: item.link ? <ExtLink href={item.link} /> : t('common.none'),
        },
      ]
    : [];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(820)}
      title={
        item ? (
          <Space wrap size={8}>
            <span>{item.title}</span>
            <StageTag stage={item.stage} round={item.round} />
          </Space>
        ) : (
          t('publicity.content.detail')
        )
      }
      destroyOnHidden
      footer={
        item && (editable || publishable) ? (
          <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
            {editable ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => onEdit(item)} data-testid="content-edit">
                  {t('publicity.edit')}
                </Button>
                <Popconfirm
                  title={t('publicity.content.submitConfirm')}
                  okText={t('publicity.content.submit')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => submit.mutate(item)}
                >
                  <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} data-testid="content-submit">
                    {item.stage === 'returned' ? t('publicity.content.resubmit') : t('publicity.content.submit')}
                  </Button>
                </Popconfirm>
              </>
            ) : null}
            {publishable ? (
              <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setPublishing(item)} data-testid="content-publish">
                {t('publicity.publish.action')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {detail.isLoading ? <Spin /> : null}
      {item ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {isConflict(submit.error) ? (
            <ConflictAlert stage={stageConflict(submit.error)} onReload={reload} />
          ) : submit.error ? (
            <ErrorAlert error={submit.error} title={t('publicity.content.submitFailed')} />
          ) : null}
          {eventGone && editable ? <Alert type="warning" showIcon title={t('publicity.content.eventPassed')} /> : null}
          <Pipeline item={item} />
          {reviewing ? <ReviewPanel item={item} onReload={reload} /> : null}
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }} items={info} />
          <div>
            <Typography.Title level={5}>{t('publicity.content.body')}</Typography.Title>
            {item.body ? <div className="tz-pub-body">{item.body}</div> : <Typography.Text type="secondary">{t('publicity.content.noBody')}</Typography.Text>}
          </div>
          {item.attachments.length ? (
            <List
              size="small"
              header={
                <Typography.Text strong>
                  <PaperClipOutlined /> {t('publicity.content.attachments')}
                </Typography.Text>
              }
              bordered
              dataSource={item.attachments}
              renderItem={(a) => <List.Item>{a.url ? <ExtLink href={a.url}>{a.name}</ExtLink> : a.name}</List.Item>}
            />
          ) : null}
          <div>
            <Typography.Title level={5}>{t('publicity.content.history')}</Typography.Title>
            {item.reviews.length ? (
              <Timeline
                items={item.reviews.map((r, i) => ({
                  key: `${r.round}-${r.step}-${i}`,
                  color: r.decision === 'approve' ? 'green' : 'red',
                  content: (
                    <div>
                      <Space size={6} wrap>
                        <Typography.Text strong>{chinaDateTime(r.at)}</Typography.Text>
                        <Tag>{t('publicity.content.roundN', { n: r.round })}</Tag>
                        <span>{t(`publicity.step.${r.step}`)}</span>
                        <Tag color={r.decision === 'approve' ? 'success' : 'error'}>{t(`publicity.decision.${r.decision}`)}</Tag>
                        <Typography.Text type="secondary">{r.reviewerName || t('common.none')}</Typography.Text>
                      </Space>
                      {r.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{r.comment}</div> : null}
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('publicity.content.noHistory')} />
            )}
          </div>
        </Space>
      ) : null}
      <PublishModal
        item={publishing}
        onClose={() => setPublishing(null)}
        onReload={() => {
          setPublishing(null);
          void detail.refetch();
        }}
      />
    </Drawer>
  );
}
