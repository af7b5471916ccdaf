import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblem, isConflict } from '../../api/client.ts';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { applyFieldErrors, ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type DutyListView, type RefreshResult, dutyApi, dutyKeys, existingListId } from './api.ts';

interface CreateValues {
  year: number;
  orgId: number | null;
  title?: string;
  withDefaults: boolean;
}

/** 新建年度清单: a committee's list for a year, empty or from the default items of the seed's §四. */
export function CreateListModal({
  open,
  defaults,
  onClose,
  onCreated,
}: {
  open: boolean;
  defaults: { year: number; orgId: number | null };
  onClose: () => void;
  onCreated: (id: number, year: number) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<CreateValues>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const org = useOrgDetail(defaults.orgId);
  const year = Form.useWatch('year', form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setExtra(undefined);
    form.setFieldsValue({ year: defaults.year, orgId: defaults.orgId, withDefaults: true, title: '' });
  }, [open]);

  const save = useMutation({
    mutationFn: (v: CreateValues) =>
      dutyApi.createList({ year: v.year, orgId: v.orgId ?? 0, title: v.title?.trim() || undefined, withDefaults: v.withDefaults }),
    onSuccess: (l) => {
      message.success(t('duties.lists.created', { title: l.title }));
      void qc.invalidateQueries({ queryKey: dutyKeys.lists });
      onCreated(l.id, l.year);
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, ['year', 'orgId', 'title'])),
  });
  const existing = isConflict(save.error) ? existingListId(save.error.details) : null;

  return (
    <Modal
      open={open}
      title={t('duties.lists.createTitle')}
      okText={t('duties.lists.create')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onCancel={() => {
        save.reset();
        onClose();
      }}
      onOk={() => form.submit()}
      mask={{ closable: false }}
      forceRender
    >
      {existing !== null ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('duties.lists.exists')}
          action={
            <Button size="small" onClick={() => onCreated(existing, form.getFieldValue('year') as number)}>
              {t('duties.lists.openExisting')}
            </Button>
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={save.isPending} name="duty-list-create">
        <Form.Item label={t('duties.year')} name="year" rules={[{ required: true, message: t('duties.required') }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          label={t('duties.lists.committee')}
          name="orgId"
          rules={[{ required: true, message: t('duties.required') }]}
          extra={t('duties.lists.committeeHint')}
        >
          <OrgPicker allowClear={false} initial={org.data ? { id: org.data.unit.id, name: org.data.unit.name, code: org.data.unit.code } : null} />
        </Form.Item>
        <Form.Item label={t('duties.lists.listTitle')} name="title" rules={[{ min: 2, message: t('duties.lists.titleRule') }]}>
          <Input maxLength={200} placeholder={t('duties.lists.titlePlaceholder', { year: year ?? defaults.year })} />
        </Form.Item>
        <Form.Item name="withDefaults" valuePropName="checked" extra={t('duties.lists.withDefaultsHint')}>
          <Checkbox>{t('duties.lists.withDefaults')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 发布: freezes the list and creates every duty for every applicable org and its role holder at the date. */
export function PublishModal({ list, onClose, onReload }: { list: DutyListView | null; onClose: () => void; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [date, setDate] = useState<Dayjs | null>(null);
  const publish = useMutation({
    mutationFn: () => {
      if (!list) throw new Error('no list');
      return dutyApi.publish(list.id, { version: list.version, date: date ? date.format('YYYY-MM-DD') : undefined });
    },
    onSuccess: (r) => {
      message.success(t('duties.lists.published', { created: r.created, evaluated: r.evaluated, date: r.date }));
      void qc.invalidateQueries({ queryKey: dutyKeys.all });
      setDate(null);
      onClose();
    },
  });
  const conflict = isConflict(publish.error);
  return (
    <Modal
      open={list !== null}
      title={t('duties.lists.publishTitle', { title: list?.title ?? '' })}
      okText={t('duties.lists.publish')}
      cancelText={t('common.cancel')}
      confirmLoading={publish.isPending}
      onCancel={() => {
        publish.reset();
        onClose();
      }}
      onOk={() => publish.mutate()}
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('duties.lists.publishConflict')}
          action={
            <Button size="small" onClick={() => void onReload().then(() => publish.reset())}>
              {t('duties.reload')}
            </Button>
          }
        />
      ) : publish.error ? (
        <ErrorAlert error={publish.error} style={{ marginBottom: 12 }} />
      ) : null}
      <Alert type="warning" showIcon title={t('duties.lists.publishWarn')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('duties.lists.publishDate')}</Typography.Paragraph>
      <DatePicker
        value={date}
        onChange={setDate}
        style={{ width: 200 }}
        placeholder={t('duties.lists.publishDatePlaceholder')}
        disabledDate={(d) => (list ? d.year() !== list.year : false)}
        aria-label={t('duties.lists.publishDate')}
      />
    </Modal>
  );
}

/** 刷新责任人: re-derives owners from posts at a date (handovers, vacancies, mismatches) and re-measures the list. */
export function RefreshModal({ list, onClose }: { list: DutyListView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [date, setDate] = useState<Dayjs | null>(null);
  const [result, setResult] = useState<RefreshResult | null>(null);
  const refresh = useMutation({
    mutationFn: () => {
      if (!list) throw new Error('no list');
      return dutyApi.refresh(list.id, { date: date ? date.format('YYYY-MM-DD') : undefined });
    },
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: dutyKeys.all });
    },
  });
  const close = () => {
    refresh.reset();
    setResult(null);
    setDate(null);
    onClose();
  };
  return (
    <Modal
      open={list !== null}
      title={t('duties.lists.refreshTitle')}
      okText={result ? t('common.close') : t('duties.lists.refresh')}
      cancelText={t('common.cancel')}
      cancelButtonProps={result ? { style: { display: 'none' } } : undefined}
      confirmLoading={refresh.isPending}
      onCancel={close}
      onOk={() => (result ? close() : refresh.mutate())}
    >
      {refresh.error ? <ErrorAlert error={refresh.error} style={{ marginBottom: 12 }} /> : null}
      {result ? (
        <>
          <Alert type="success" showIcon title={t('duties.lists.refreshed')} style={{ marginBottom: 12 }} />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={(['handovers', 'created', 'vacant', 'misplaced', 'removed', 'evaluated', 'changed'] as const).map((k) => ({
              key: k,
              label: t(`duties.lists.refreshResult.${k}`),
              children: result[k],
            }))}
          />
        </>
      ) : (
        <>
          <Typography.Paragraph>{t('duties.lists.refreshHint')}</Typography.Paragraph>
          <DatePicker
            value={date}
            onChange={setDate}
            style={{ width: 200 }}
            placeholder={t('duties.lists.refreshDatePlaceholder')}
            disabledDate={(d) => (list ? d.year() !== list.year : false)}
            aria-label={t('duties.lists.refreshDate')}
          />
        </>
      )}
    </Modal>
  );
}
