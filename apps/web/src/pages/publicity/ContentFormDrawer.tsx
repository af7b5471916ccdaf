import { DeleteOutlined, PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { ErrorAlert, applyFieldErrors, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type Attachment, type ContentDetail, chinaToday, publicityApi, publicityKeys } from './api.ts';
import { ConflictAlert, stageConflict } from './common.tsx';
import { isConflict } from '../../api/client.ts';
import { drawerWidth } from '../../components/sizing.ts';

export type ContentTarget = { mode: 'create'; positionId?: number | null } | { mode: 'edit'; item: ContentDetail };

interface Values {
  positionId?: number;
  title?: string;
  body?: string;
  eventDate?: Dayjs | null;
  attachments?: { name?: string; url?: string }[];
}

const FIELDS = ['positionId', 'title', 'body', 'eventDate', 'attachments'] as const;

interface Props {
  target: ContentTarget | null;
  onClose: () => void;
  /** Saved (and submitted, when asked): the drawer closes and the item opens. */
  onSaved: (item: ContentDetail) => void;
  /** Created, but the submit was refused: the drawer stays open on the saved draft. */
  onDraftKept: (item: ContentDetail) => void;
  onReload: (id: number) => Promise<void>;
}

function toAttachments(v: Values): Attachment[] {
  return (v.attachments ?? []).filter((a) => a.name?.trim()).map((a) => ({ name: a.name?.trim() ?? '', ...(a.url?.trim() ? { url: a.url.trim() } : {}) }));
}

/** Drafts or edits a piece of content for a position and sends it to 初审. */
export function ContentFormDrawer({ target, onClose, onSaved, onDraftKept, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const [draftKept, setDraftKept] = useState(false);
  const errorMessage = useErrorMessage();
  const item = target?.mode === 'edit' ? target.item : null;
  const open = target !== null;
  const positions = useQuery({
    queryKey: publicityKeys.positionOptions(null),
    queryFn: ({ signal }) => publicityApi.positionOptions(null, signal),
    enabled: open,
    staleTime: 60_000,
  });
  const positionId = (Form.useWatch('positionId', form) as number | undefined) ?? item?.positionId;
  const eventDate = Form.useWatch('eventDate', form) as Dayjs | null | undefined;
  const position = positions.data?.find((p) => p.id === positionId);
  const beforeEvent = position?.reviewRule === 'three_step_before_event';

  const save = useMutation({
    mutationFn: async ({ v, submit }: { v: Values; submit: boolean }) => {
      setDraftKept(false);
      const fields = {
        title: v.title?.trim() ?? '',
        body: v.body ?? '',
        attachments: toAttachments(v),
        eventDate: v.eventDate ? v.eventDate.format('YYYY-MM-DD') : null,
      };
      const saved = item
        ? await publicityApi.updateContent(item.id, { version: item.version, ...fields })
        : await publicityApi.createContent({ positionId: v.positionId ?? 0, ...fields });
      if (!submit) return saved;
      try {
        return await publicityApi.submitContent(saved.id, saved.version);
      } catch (err) {
        // The draft is stored: further saves must edit it, not create another one.
        setDraftKept(true);
        onDraftKept(saved);
        void qc.invalidateQueries({ queryKey: publicityKeys.all });
        throw err;
      }
    },
    onSuccess: (saved, { submit }) => {
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(submit ? t('publicity.content.submitted') : t('publicity.content.draftSaved'));
      onSaved(saved);
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new opening starts clean; refills below keep errors
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setExtra(undefined);
    setDraftKept(false);
    save.reset();
  }, [open]);
  const fillKey = target ? (item ? `edit:${item.id}:${item.version}` : `create:${target.mode === 'create' ? target.positionId : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per record version (fillKey)
  useEffect(() => {
    if (!target) return;
    if (target.mode === 'create') form.setFieldsValue({ positionId: target.positionId ?? undefined, attachments: [] });
    else {
      const x = target.item;
      form.setFieldsValue({
        title: x.title,
        body: x.body,
        eventDate: x.eventDate ? dayjs(x.eventDate) : null,
        attachments: x.attachments.map((a) => ({ name: a.name, url: a.url ?? '' })),
      });
    }
  }, [fillKey]);

  const finish = (submit: boolean) =>
    form
      .validateFields()
      .then((v) => save.mutate({ v, submit }))
      .catch(() => {});

  const lastReturn = item?.stage === 'returned' ? [...item.reviews].reverse().find((r) => r.decision === 'return') : undefined;
  const err = save.error;
  const eventPassed = beforeEvent && eventDate && eventDate.format('YYYY-MM-DD') <= chinaToday();

  return (
    <Drawer
      open={open}
      title={item ? t('publicity.content.editTitle') : t('publicity.content.createTitle')}
      onClose={onClose}
      size={drawerWidth(760)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button loading={save.isPending} onClick={() => finish(false)} data-testid="content-save-draft">
            {t('publicity.content.saveDraft')}
          </Button>
          <Button type="primary" loading={save.isPending} onClick={() => finish(true)} data-testid="content-save-submit">
            {t('publicity.content.saveAndSubmit')}
          </Button>
        </Space>
      }
    >
      {isConflict(err) && item ? (
        <ConflictAlert stage={stageConflict(err)} onReload={() => void onReload(item.id).then(() => save.reset())} />
      ) : err ? (
        <ErrorAlert
          error={err}
          title={draftKept ? t('publicity.content.submitRefused', { reason: errorMessage(err) }) : undefined}
          extra={extra}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {lastReturn ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('publicity.content.returnedBy', { name: lastReturn.reviewerName, step: t(`publicity.step.${lastReturn.step}`) })}
          description={lastReturn.comment}
        />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="content-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={beforeEvent ? 14 : 24}>
            {item ? (
              <Form.Item label={t('publicity.content.position')}>
                <Typography.Text strong>{t('common.withParen', { text: item.positionName, inner: item.orgName })}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('publicity.content.position')} name="positionId" rules={[{ required: true, message: t('publicity.required') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={positions.isLoading}
                  placeholder={t('publicity.content.pickPosition')}
                  options={(positions.data ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.name} · ${p.orgName}` }))}
                  data-testid="content-position"
                />
              </Form.Item>
            )}
          </Col>
          {beforeEvent || item?.eventDate ? (
            <Col xs={24} sm={10}>
              <Form.Item
                label={t('publicity.content.eventDate')}
                name="eventDate"
                rules={beforeEvent ? [{ required: true, message: t('publicity.content.eventDateRequired') }] : []}
                extra={eventPassed ? <Typography.Text type="warning">{t('publicity.content.eventPassed')}</Typography.Text> : undefined}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        {beforeEvent ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('publicity.content.eventRuleHint')} /> : null}
        <Form.Item label={t('publicity.content.title')} name="title" rules={[{ required: true, whitespace: true, message: t('publicity.required') }]}>
          <Input maxLength={200} showCount data-testid="content-title" />
        </Form.Item>
        <Form.Item label={t('publicity.content.body')} name="body">
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} maxLength={100000} placeholder={t('publicity.content.bodyPlaceholder')} />
        </Form.Item>
        <Typography.Text strong>
          <PaperClipOutlined /> {t('publicity.content.attachments')}
        </Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('publicity.content.attachmentsHint')}
        </Typography.Paragraph>
        <Form.List name="attachments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="top">
                  <Col xs={24} sm={9}>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: t('publicity.content.attachmentName') }]}>
                      <Input maxLength={200} placeholder={t('publicity.content.attachmentName')} />
                    </Form.Item>
                  </Col>
                  <Col xs={20} sm={13}>
                    <Form.Item name={[f.name, 'url']}>
                      <Input maxLength={500} placeholder={t('publicity.content.attachmentUrl')} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={2}>
                    <Button icon={<DeleteOutlined />} aria-label={t('publicity.delete')} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', url: '' })} disabled={fields.length >= 50}>
                {t('publicity.content.addAttachment')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
