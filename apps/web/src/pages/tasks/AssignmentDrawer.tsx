import { CheckOutlined, ReloadOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, Form, Input, Modal, Space, Spin, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type AssignmentDetail, tasksApi, tasksKeys } from './api.ts';
import { FeedbackFields, type FeedbackValues, FeedbackView, initialFeedback, toAnswers } from './FeedbackForm.tsx';
import { applyServerErrors, splitPath } from './formErrors.ts';
import { AssignmentStatusTag, Deadline, HtmlView, MutationError, fmtDateTime, useDrawerSize } from './ui.tsx';
import { isConflict } from '../../api/client.ts';

interface Props {
  id: number | null;
  onClose: () => void;
  onOpenTask?: (taskId: number) => void;
}

type Review = 'accept' | 'return';

/** Where a server field problem shows on the feedback form. */
function fieldName(field: string): (string | number)[] | null {
  if (field.startsWith('answers.') || field === 'evidence') return splitPath(field);
  return null;
}

/** One target org's work on a task: fill and submit the feedback form, or (reviewers) accept or return it; history. */
export function AssignmentDrawer({ id, onClose, onOpenTask }: Props) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(760);
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [form] = Form.useForm<FeedbackValues>();
  const [problems, setProblems] = useState<FieldProblem[] | undefined>(undefined);
  const [review, setReview] = useState<Review | null>(null);
  const [text, setText] = useState('');

  const detail = useQuery({
    queryKey: tasksKeys.assignment(id ?? 0),
    queryFn: ({ signal }) => tasksApi.assignment(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const a = detail.data;
  const editable = !!a && (a.status === 'not_started' || a.status === 'returned') && can('task.submit');
  const reviewable = !!a && a.status === 'submitted' && can('task.review');

  // A new assignment starts with fresh problems; the form itself is keyed by the assignment (see below).
  useEffect(() => {
    if (id !== null) setProblems(undefined);
  }, [id]);

  const done = (text: string) => {
    void qc.invalidateQueries({ queryKey: tasksKeys.all });
    message.success(text);
  };
  const submit = useMutation({
    mutationFn: ({ x, v }: { x: AssignmentDetail; v: FeedbackValues }) =>
      tasksApi.submit(x.id, {
        version: x.version,
        answers: toAnswers(x.fields, v),
        evidence: (v.evidence ?? []).map((e) => e.trim()).filter(Boolean),
      }),
    onSuccess: () => done(t('tasks.fill.submitted')),
    onError: (err) => setProblems(applyServerErrors(form, err, fieldName)),
  });
  const decide = useMutation({
    mutationFn: ({ x, kind, note }: { x: AssignmentDetail; kind: Review; note: string }) =>
      kind === 'accept' ? tasksApi.accept(x.id, x.version, note.trim() || undefined) : tasksApi.giveBack(x.id, x.version, note.trim()),
    onSuccess: (_r, { kind }) => {
      setReview(null);
      setText('');
      done(kind === 'accept' ? t('tasks.review.accepted') : t('tasks.review.returned'));
    },
  });

  const onSubmit = () => {
    if (!a) return;
    form
      .validateFields()
      .then((v) => {
        submit.reset();
        void modal.confirm({
          title: a.status === 'returned' ? t('tasks.fill.resubmitTitle') : t('tasks.fill.submitTitle'),
          content: t('tasks.fill.submitBody', { org: a.orgName }),
          okText: t('common.submit'),
          cancelText: t('common.cancel'),
          onOk: () => submit.mutateAsync({ x: a, v }).catch(() => undefined),
        });
      })
      .catch(() => undefined);
  };

  const reload = () => {
    void detail.refetch().then(() => {
      submit.reset();
      decide.reset();
    });
  };

  const events = a
    ? [...a.history.map((h) => ({ at: h.at, kind: 'h' as const, h })), ...a.urges.map((u) => ({ at: u.at, kind: 'u' as const, by: u.by }))].sort((x, y) =>
        x.at.localeCompare(y.at),
      )
    : [];
  // The period a bound figure counts over lives on the task; fetched only when a field is bound.
  const task = useQuery({
    queryKey: tasksKeys.detail(a?.taskId ?? 0),
    queryFn: ({ signal }) => tasksApi.get(a?.taskId ?? 0, signal),
    enabled: !!a && editable && a.fields.some((f) => f.figureKey),
  });
  const periodLabel = task.data ? `${task.data.periodStart} ~ ${task.data.periodEnd}` : t('tasks.fill.taskPeriod');

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerSize}
      mask={{ closable: !editable }}
      title={
        a ? (
          <Space wrap>
            <span>{a.orgName}</span>
            <AssignmentStatusTag status={a.status} overdue={a.overdue} />
          </Space>
        ) : (
          t('tasks.fill.title')
        )
      }
      extra={<Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void detail.refetch()} />}
      footer={
        a && (editable || reviewable) ? (
          <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={onClose}>{t('common.close')}</Button>
            {editable ? (
              <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} onClick={onSubmit} data-testid="assignment-submit">
                {a.status === 'returned' ? t('tasks.fill.resubmit') : t('tasks.fill.submit')}
              </Button>
            ) : null}
            {reviewable ? (
              <>
                <Button danger icon={<RollbackOutlined />} onClick={() => setReview('return')} data-testid="assignment-return">
                  {t('tasks.review.return')}
                </Button>
                <Button type="primary" icon={<CheckOutlined />} onClick={() => setReview('accept')} data-testid="assignment-accept">
                  {t('tasks.review.accept')}
                </Button>
              </>
            ) : null}
          </Space>
        ) : null
      }
    >
      {modalHolder}
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {submit.error ? (
        isConflict(submit.error) ? (
          <MutationError error={submit.error} onReload={reload} style={{ marginBottom: 12 }} />
        ) : (
          <ErrorAlert error={submit.error} extra={problems} style={{ marginBottom: 12 }} />
        )
      ) : null}
      {a ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {a.status === 'returned' && a.returnReason ? (
            <Alert type="warning" showIcon title={t('tasks.fill.returnedWith', { reason: a.returnReason })} />
          ) : null}
          {a.overdue ? <Alert type="error" showIcon title={t('tasks.fill.overdueHint', { deadline: a.deadline })} /> : null}
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              {
                key: 'task',
                label: t('tasks.col.task'),
                span: 'filled',
                children: onOpenTask ? (
                  <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpenTask(a.taskId)}>
                    {a.taskTitle}
                  </Button>
                ) : (
                  a.taskTitle
                ),
              },
              { key: 'deadline', label: t('tasks.col.deadline'), children: <Deadline date={a.deadline} done={a.status === 'accepted'} /> },
              { key: 'first', label: t('tasks.fill.firstSubmittedAt'), children: fmtDateTime(a.firstSubmittedAt) },
              { key: 'last', label: t('tasks.col.submittedAt'), children: fmtDateTime(a.submittedAt) },
              { key: 'accepted', label: t('tasks.col.acceptedAt'), children: fmtDateTime(a.acceptedAt) },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('tasks.form.requirements')}</Typography.Title>
            <HtmlView html={a.requirementsHtml} empty={t('tasks.detail.noRequirements')} />
          </div>
          <div>
            <Typography.Title level={5}>{t('tasks.form.feedbackSection')}</Typography.Title>
            {editable ? (
              // Keyed by the assignment and filled from initialValues once: a reload after a conflict brings a new version but
              // keeps what the user typed.
              <Form<FeedbackValues>
                key={a.id}
                form={form}
                initialValues={initialFeedback(a)}
                layout="vertical"
                name="feedback-form"
                disabled={submit.isPending}
                scrollToFirstError
              >
                {a.fields.length === 0 ? <Typography.Paragraph type="secondary">{t('tasks.fill.noFields')}</Typography.Paragraph> : null}
                <FeedbackFields detail={a} periodLabel={periodLabel} />
              </Form>
            ) : a.status === 'not_started' ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.fill.notYet')} />
            ) : (
              <FeedbackView detail={a} />
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('tasks.fill.history')}</Typography.Title>
            {events.length ? (
              <Timeline
                items={events.map((e, i) =>
                  e.kind === 'u'
                    ? {
                        key: `u${i}`,
                        color: 'orange',
                        content: (
                          <span>
                            <Typography.Text strong>{fmtDateTime(e.at)}</Typography.Text> {t('tasks.fill.urgedBy', { by: e.by ?? t('common.none') })}
                          </span>
                        ),
                      }
                    : {
                        key: `h${i}`,
                        color: e.h.action === 'return' ? 'red' : e.h.action === 'accept' ? 'green' : 'blue',
                        content: (
                          <div>
                            <Typography.Text strong>{fmtDateTime(e.h.at)}</Typography.Text>{' '}
                            {t(
                              `tasks.historyAction.${e.h.action === 'resubmit' || e.h.action === 'return' || e.h.action === 'accept' ? e.h.action : 'submit'}`,
                            )}
                            <Typography.Text type="secondary"> · {e.h.by ?? t('common.none')}</Typography.Text>
                            {e.h.note ? <div>{e.h.note}</div> : null}
                          </div>
                        ),
                      },
                )}
              />
            ) : (
              <Typography.Text type="secondary">{t('tasks.fill.noHistory')}</Typography.Text>
            )}
          </div>
        </Space>
      ) : null}
      <Modal
        open={review !== null}
        title={review === 'accept' ? t('tasks.review.acceptTitle') : t('tasks.review.returnTitle')}
        okText={review === 'accept' ? t('tasks.review.accept') : t('tasks.review.return')}
        okButtonProps={{ danger: review === 'return', disabled: review === 'return' && text.trim().length < 2 }}
        cancelText={t('common.cancel')}
        confirmLoading={decide.isPending}
        onCancel={() => {
          setReview(null);
          decide.reset();
        }}
        onOk={() => a && review && decide.mutate({ x: a, kind: review, note: text })}
      >
        <MutationError error={decide.error} onReload={reload} style={{ marginBottom: 12 }} />
        <Typography.Paragraph type="secondary">{review === 'accept' ? t('tasks.review.acceptHint') : t('tasks.review.returnHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={2000}
          showCount
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={review === 'accept' ? t('tasks.review.commentPlaceholder') : t('tasks.review.reasonPlaceholder')}
          status={review === 'return' && text.length > 0 && text.trim().length < 2 ? 'error' : undefined}
          data-testid="review-text"
        />
      </Modal>
    </Drawer>
  );
}
