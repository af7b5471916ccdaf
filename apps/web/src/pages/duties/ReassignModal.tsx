import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblem, isConflict } from '../../api/client.ts';
import { applyFieldErrors, ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { type DutyDetail, dutyApi, dutyKeys } from './api.ts';
import { dateInYear } from './hooks.ts';
import { roleLabel } from './labels.tsx';

interface Values {
  mode: 'person' | 'vacant';
  personId?: number;
  onDate: Dayjs;
  reason: string;
}

const FIELDS = ['personId', 'onDate', 'reason'] as const;

/** 改派: name an owner by hand (or nobody); the handover is recorded, and someone not holding the role makes it 错位. */
export function ReassignModal({ duty, onClose, onReload }: { duty: DutyDetail | null; onClose: () => void; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [text, setText] = useState('');
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const q = useDebounced(text.trim(), 300);
  const mode = Form.useWatch('mode', form);
  const people = useQuery({ queryKey: dutyKeys.people(q), queryFn: ({ signal }) => dutyApi.people(q, signal), enabled: duty !== null && q.length > 0 });

  const openKey = duty ? duty.id : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not when a reload brings a new version
  useEffect(() => {
    if (!duty) return;
    form.resetFields();
    setText('');
    setExtra(undefined);
    form.setFieldsValue({ mode: 'person', onDate: dayjs(dateInYear(duty.year)), reason: '' });
  }, [openKey]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      if (!duty) throw new Error('no duty');
      return dutyApi.reassign(duty.id, {
        version: duty.version,
        personId: v.mode === 'vacant' ? null : (v.personId ?? null),
        onDate: v.onDate.format('YYYY-MM-DD'),
        reason: v.reason.trim(),
      });
    },
    onSuccess: (d) => {
      message.success(d.status === 'misplaced' ? t('duties.reassign.doneMisplaced') : t('duties.reassign.done'));
      void qc.invalidateQueries({ queryKey: dutyKeys.all });
      onClose();
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });
  const conflict = isConflict(save.error);

  return (
    <Modal
      open={duty !== null}
      title={t('duties.reassign.title')}
      okText={t('duties.reassign.ok')}
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
      {duty ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('duties.reassign.current', { org: duty.orgName, role: roleLabel(t, duty.role), owner: duty.personName ?? t('duties.noOwner') })}
          description={t('duties.reassign.hint')}
        />
      ) : null}
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('duties.conflict')}
          action={
            <Button size="small" onClick={() => void onReload().then(() => save.reset())}>
              {t('duties.reload')}
            </Button>
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={save.isPending} name="duty-reassign">
        <Form.Item name="mode">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'person', label: t('duties.reassign.toPerson') },
              { value: 'vacant', label: t('duties.reassign.toNobody') },
            ]}
          />
        </Form.Item>
        {mode === 'vacant' ? (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('duties.reassign.vacantWarn')} />
        ) : (
          <Form.Item label={t('duties.reassign.person')} name="personId" rules={[{ required: true, message: t('duties.reassign.personRequired') }]}>
            <Select<number>
              showSearch={{ filterOption: false, onSearch: setText }}
              placeholder={t('duties.reassign.personPlaceholder')}
              notFoundContent={people.isFetching ? <Spin size="small" /> : q ? t('duties.reassign.noPeople') : t('duties.reassign.typeToSearch')}
              options={(people.data ?? []).map((p) => ({
                value: p.id,
                label: [p.name, p.code, p.partyOrgName ?? p.unitName].filter(Boolean).join(' · '),
              }))}
              data-testid="reassign-person"
            />
          </Form.Item>
        )}
        <Form.Item label={t('duties.reassign.onDate')} name="onDate" rules={[{ required: true, message: t('duties.required') }]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => (duty ? d.year() !== duty.year : false)} />
        </Form.Item>
        <Form.Item
          label={t('duties.reassign.reason')}
          name="reason"
          rules={[
            { required: true, whitespace: true, message: t('duties.reassign.reasonRequired') },
            { min: 2, message: t('duties.reassign.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('duties.reassign.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
