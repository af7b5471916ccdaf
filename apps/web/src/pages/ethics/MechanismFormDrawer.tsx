import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Drawer, Form, Input, Row, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type EthicsMechanismView, type MechanismInput, ethicsApi, ethicsKeys } from './api.ts';
import { SaveErrorAlert } from './FormAlerts.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export type MechanismTarget = { mode: 'create'; orgId?: number | null } | { mode: 'edit'; mechanism: EthicsMechanismView };

interface Values {
  orgId?: number | null;
  name?: string;
  content?: string;
  effectiveFrom?: Dayjs | null;
  effectiveTo?: Dayjs | null;
}

const FIELDS = ['orgId', 'name', 'content', 'effectiveFrom', 'effectiveTo'] as const;

function fill(m: EthicsMechanismView): Values {
  return {
    name: m.name,
    content: m.content,
    effectiveFrom: dayjs(m.effectiveFrom),
    effectiveTo: m.effectiveTo ? dayjs(m.effectiveTo) : null,
  };
}

interface Props {
  target: MechanismTarget | null;
  onClose: () => void;
}

/** Record or edit a school's study mechanism (name, content, in force from / to). */
export function MechanismFormDrawer({ target, onClose }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<EthicsMechanismView | null>(null);
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const mode = target?.mode ?? 'create';

  const save = useMutation({
    mutationFn: (v: Values) => {
      const input: MechanismInput = {
        name: v.name?.trim() ?? '',
        content: v.content?.trim() ?? '',
        effectiveFrom: (v.effectiveFrom ?? dayjs()).format('YYYY-MM-DD'),
        effectiveTo: v.effectiveTo ? v.effectiveTo.format('YYYY-MM-DD') : null,
      };
      if (current) return ethicsApi.updateMechanism(current.id, { ...input, version: current.version });
      return ethicsApi.createMechanism({ ...input, orgId: v.orgId ?? 0 });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ethicsKeys.mechanisms });
      message.success(current ? t('ethics.mech.updated') : t('ethics.mech.created'));
      onClose();
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });

  const openKey = target ? (target.mode === 'edit' ? `edit:${target.mechanism.id}:${target.mechanism.version}` : `create:${target.orgId ?? ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey), not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    save.reset();
    if (target.mode === 'edit') {
      setCurrent(target.mechanism);
      form.setFieldsValue(fill(target.mechanism));
    } else {
      setCurrent(null);
      form.setFieldsValue({ orgId: target.orgId ?? null, effectiveFrom: dayjs() });
    }
  }, [openKey]);

  const reload = async () => {
    if (!current) return;
    const fresh = await ethicsApi.mechanism(current.id);
    setCurrent(fresh);
    form.setFieldsValue(fill(fresh));
    save.reset();
  };

  const from = Form.useWatch('effectiveFrom', form);
  return (
    <Drawer
      open={target !== null}
      title={mode === 'create' ? t('ethics.mech.createTitle') : t('ethics.mech.editTitle')}
      onClose={onClose}
      size={drawerWidth(640)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              form
                .validateFields()
                .then((v) => save.mutate(v))
                .catch(() => {})
            }
            data-testid="mechanism-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <SaveErrorAlert error={save.error} extra={extra} onReload={current ? reload : undefined} />
      <Form<Values> form={form} layout="vertical" requiredMark name="ethics-mechanism" disabled={save.isPending}>
        {mode === 'create' ? (
          <Form.Item
            label={t('ethics.mech.org')}
            name="orgId"
            rules={[{ required: true, message: t('ethics.form.required') }]}
            extra={t('ethics.mech.orgHint')}
          >
            <OrgPicker allowClear={false} placeholder={t('ethics.mech.orgPlaceholder')} />
          </Form.Item>
        ) : (
          <Form.Item label={t('ethics.mech.org')}>
            <Typography.Text strong>{current?.orgName}</Typography.Text>
          </Form.Item>
        )}
        <Form.Item
          label={t('ethics.mech.name')}
          name="name"
          rules={[
            { required: true, whitespace: true, message: t('ethics.form.required') },
            { min: 2, message: t('ethics.form.min2') },
          ]}
        >
          <Input maxLength={200} showCount placeholder={t('ethics.mech.namePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item label={t('ethics.mech.from')} name="effectiveFrom" rules={[{ required: true, message: t('ethics.form.required') }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('ethics.mech.to')}
              name="effectiveTo"
              extra={t('ethics.mech.toHint')}
              dependencies={['effectiveFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator(_r, v: Dayjs | null | undefined) {
                    const f = getFieldValue('effectiveFrom') as Dayjs | null | undefined;
                    return v && f && v.isBefore(f, 'day') ? Promise.reject(new Error(t('ethics.mech.toBeforeFrom'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabledDate={(d) => !!from && d.isBefore(from, 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('ethics.mech.content')} name="content" extra={t('ethics.mech.contentHint')}>
          <Input.TextArea rows={8} maxLength={20000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
