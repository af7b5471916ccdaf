import { CheckOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type ContentDetail, STAGE_STEP, publicityApi, publicityKeys } from './api.ts';
import { ConflictAlert, sameReviewerStep, stageConflict } from './common.tsx';
import { isConflict } from '../../api/client.ts';

interface Props {
  item: ContentDetail;
  onReload: () => void;
}

/** The reviewer's step (初审/复审/终审): approve, or return to the author with a comment. */
export function ReviewPanel({ item, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [comment, setComment] = useState('');
  const [needComment, setNeedComment] = useState(false);
  const step = STAGE_STEP[item.stage];
  const review = useMutation({
    mutationFn: (decision: 'approve' | 'return') =>
      publicityApi.reviewContent(item.id, { version: item.version, step: step ?? 1, decision, comment: comment.trim() || undefined }),
    onSuccess: (_x, decision) => {
      setComment('');
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(decision === 'approve' ? t('publicity.review.approved') : t('publicity.review.returned'));
    },
  });
  if (!step) return null;
  const stepLabel = t(`publicity.step.${step}`);
  const already = sameReviewerStep(review.error);
  const returnIt = () => {
    if (!comment.trim()) {
      setNeedComment(true);
      return;
    }
    review.mutate('return');
  };

  return (
    <Card
      size="small"
      title={t('publicity.review.panelTitle', { step: stepLabel, n: step })}
      style={{ borderColor: '#91caff', background: '#f5faff' }}
      data-testid="review-panel"
    >
      {already ? (
        <Alert
          type="error"
          showIcon
          icon={<StopOutlined />}
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('publicity.review.sameReviewer', { done: t(`publicity.step.${already}`), step: stepLabel })}
          description={t('publicity.review.sameReviewerHint')}
          data-testid="same-reviewer"
        />
      ) : isConflict(review.error) ? (
        <ConflictAlert
          stage={stageConflict(review.error)}
          onReload={() => {
            review.reset();
            onReload();
          }}
        />
      ) : review.error ? (
        <ErrorAlert error={review.error} style={{ marginBottom: 12 }} />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('publicity.review.rule')}
      </Typography.Paragraph>
      <Input.TextArea
        value={comment}
        onChange={(e) => {
          setComment(e.target.value);
          if (e.target.value.trim()) setNeedComment(false);
        }}
        rows={3}
        maxLength={2000}
        showCount
        status={needComment ? 'error' : undefined}
        placeholder={t('publicity.review.commentPlaceholder')}
        aria-label={t('publicity.review.comment')}
        disabled={review.isPending}
      />
      {needComment ? (
        <Typography.Text type="danger" role="alert">
          {t('publicity.review.commentRequired')}
        </Typography.Text>
      ) : null}
      <Space wrap style={{ marginTop: 12 }}>
        <Popconfirm
          title={step === 3 ? t('publicity.review.finalConfirm') : t('publicity.review.approveConfirm', { step: stepLabel })}
          okText={t('publicity.review.approve')}
          cancelText={t('common.cancel')}
          onConfirm={() => review.mutate('approve')}
        >
          <Button type="primary" icon={<CheckOutlined />} loading={review.isPending && review.variables === 'approve'} data-testid="review-approve">
            {t('publicity.review.approveStep', { step: stepLabel })}
          </Button>
        </Popconfirm>
        <Button danger icon={<RollbackOutlined />} loading={review.isPending && review.variables === 'return'} onClick={returnIt} data-testid="review-return">
          {t('publicity.review.return')}
        </Button>
      </Space>
    </Card>
  );
}
