import { CheckOutlined, CloseOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type DutyDetail, type EvidenceView, dutyApi, dutyKeys } from './api.ts';

const EVIDENCE_COLORS: Record<string, string> = { submitted: 'processing', accepted: 'success', rejected: 'error' };
const FIELDS = ['description', 'fileRef'] as const;

interface SubmitValues {
  description: string;
  fileRef?: string;
}

const at = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : null);

/** 佐证材料: the owner submits what they did; the level above accepts (the duty is then met) or rejects it. */
export function EvidenceSection({ duty, canSubmit, canReview }: { duty: DutyDetail; canSubmit: boolean; canReview: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<SubmitValues>();
  const [extra, setExtra] = useState<{ field: string; message: string }[] | undefined>(undefined);
  const [deciding, setDeciding] = useState<{ e: EvidenceView; accept: boolean } | null>(null);
  const [comment, setComment] = useState('');

  const changed = () => void qc.invalidateQueries({ queryKey: dutyKeys.all });
  const submit = useMutation({
    mutationFn: (v: SubmitValues) => dutyApi.submitEvidence(duty.id, { description: v.description.trim(), fileRef: v.fileRef?.trim() || null }),
    onSuccess: () => {
      message.success(t('duties.evidence.submitted'));
      form.resetFields();
      changed();
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });
  const decide = useMutation({
    mutationFn: (x: { id: number; accept: boolean; comment: string }) =>
      dutyApi.decideEvidence(x.id, { accept: x.accept, comment: x.comment.trim() || undefined }),
    onSuccess: (_r, x) => {
      message.success(x.accept ? t('duties.evidence.accepted') : t('duties.evidence.rejected'));
      setDeciding(null);
      setComment('');
      changed();
    },
  });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {duty.evidence.length ? (
        <Table<EvidenceView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={duty.evidence}
          scroll={{ x: 640 }}
          columns={[
            { title: t('duties.evidence.submittedAt'), dataIndex: 'submittedAt', width: 140, render: (v: string) => at(v) },
            {
              title: t('duties.evidence.description'),
              dataIndex: 'description',
              render: (v: string, e) => (
                <div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{v}</div>
                  {e.fileRef ? <div className="tz-duties-sub">{t('duties.evidence.fileRefIs', { ref: e.fileRef })}</div> : null}
                </div>
              ),
            },
            {
              title: t('duties.f.status'),
              dataIndex: 'status',
              width: 200,
              render: (s: string, e) => (
                <div>
                  <Tag color={EVIDENCE_COLORS[s] ?? 'default'}>{t(`duties.evidenceStatus.${s as 'submitted'}`, { defaultValue: s })}</Tag>
                  {e.acceptedAt ? <div className="tz-duties-sub">{at(e.acceptedAt)}</div> : null}
                  {e.comment ? <div className="tz-duties-sub">{t('duties.evidence.commentIs', { comment: e.comment })}</div> : null}
                </div>
              ),
            },
            ...(canReview
              ? [
                  {
                    title: t('common.actions'),
                    key: 'act',
                    width: 150,
                    render: (_: unknown, e: EvidenceView) =>
                      e.status === 'submitted' ? (
                        <Space size={4} wrap>
                          <Button
                            size="small"
                            type="primary"
                            icon={<CheckOutlined />}
                            onClick={() => setDeciding({ e, accept: true })}
                            data-testid="evidence-accept"
                          >
                            {t('duties.evidence.accept')}
                          </Button>
                          <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeciding({ e, accept: false })}>
                            {t('duties.evidence.reject')}
                          </Button>
                        </Space>
                      ) : null,
                  },
                ]
              : []),
          ]}
          data-testid="duty-evidence"
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.evidence.none')} />
      )}
      {canSubmit ? (
        <Card size="small" title={t('duties.evidence.submitTitle')}>
          {submit.error ? <ErrorAlert error={submit.error} extra={extra} style={{ marginBottom: 12 }} /> : null}
          <Form<SubmitValues> form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} disabled={submit.isPending} name="duty-evidence">
            <Form.Item
              label={t('duties.evidence.description')}
              name="description"
              rules={[
                { required: true, whitespace: true, message: t('duties.evidence.descriptionRequired') },
                { min: 2, message: t('duties.evidence.descriptionRequired') },
              ]}
              extra={t('duties.evidence.descriptionHint')}
            >
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item label={t('duties.evidence.fileRef')} name="fileRef" extra={t('duties.evidence.fileRefHint')}>
              <Input maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={submit.isPending}>
              {t('duties.evidence.submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Modal
        open={deciding !== null}
        title={deciding?.accept ? t('duties.evidence.acceptTitle') : t('duties.evidence.rejectTitle')}
        okText={deciding?.accept ? t('duties.evidence.accept') : t('duties.evidence.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: deciding?.accept === false, disabled: deciding?.accept === false && comment.trim() === '' }}
        confirmLoading={decide.isPending}
        onCancel={() => {
          setDeciding(null);
          decide.reset();
        }}
        onOk={() => deciding && decide.mutate({ id: deciding.e.id, accept: deciding.accept, comment })}
      >
        {decide.error ? <ErrorAlert error={decide.error} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">{deciding?.accept ? t('duties.evidence.acceptHint') : t('duties.evidence.rejectHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={t('duties.evidence.comment')}
          aria-label={t('duties.evidence.comment')}
        />
      </Modal>
    </Space>
  );
}
