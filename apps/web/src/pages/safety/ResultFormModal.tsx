import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Col, Form, InputNumber, Modal, Row, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useMessage } from '../../components/feedback.tsx';
import { FOUND_KEYS, type ResultInput, type ScreeningResult, safetyApi, safetyKeys } from './api.ts';
import { SaveError, applyServerErrors } from './parts.tsx';

type Values = Partial<Record<keyof ResultInput, number | string | null>>;

const FIELDS = ['className', 'students', 'screened', ...FOUND_KEYS, 'followUpsOpened', 'followUpsClosed'];

interface Props {
  screeningId: number;
  /** null: closed; 'new': a class not yet recorded; a row: correct that class. */
  target: ScreeningResult | 'new' | null;
  classNames: string[];
  onClose: () => void;
}

/** One class's screening result (counts only: no student is named here); saving the same class again replaces it. */
export function ResultFormModal({ screeningId, target, classNames, onClose }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);

  const openKey = target === null ? null : target === 'new' ? 'new' : `row:${target.id}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (target === null) return;
    form.resetFields();
    setExtra(undefined);
    if (target === 'new')
      form.setFieldsValue({ foundGaming: 0, foundHarmfulInfo: 0, foundHarmfulApps: 0, foundOther: 0, followUpsOpened: 0, followUpsClosed: 0 });
    else form.setFieldsValue({ ...target });
  }, [openKey]);

  const num = (v: Values, k: keyof ResultInput) => (typeof v[k] === 'number' ? (v[k] as number) : 0);
  const save = useMutation({
    mutationFn: (v: Values) =>
      safetyApi.putResults(screeningId, [
        {
          className: String(v.className ?? '').trim(),
          students: num(v, 'students'),
          screened: num(v, 'screened'),
          foundGaming: num(v, 'foundGaming'),
          foundHarmfulInfo: num(v, 'foundHarmfulInfo'),
          foundHarmfulApps: num(v, 'foundHarmfulApps'),
          foundOther: num(v, 'foundOther'),
          followUpsOpened: num(v, 'followUpsOpened'),
          followUpsClosed: num(v, 'followUpsClosed'),
        },
      ]),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: safetyKeys.screening(screeningId) });
      message.success(t('safety.saved'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS, 'results.0.')),
  });

  const notMore = (other: keyof ResultInput, msg: string): Rule => ({
    validator: (_, v: number | null | undefined) => {
      const limit = form.getFieldValue(other) as number | null | undefined;
      return v != null && limit != null && v > limit ? Promise.reject(new Error(msg)) : Promise.resolve();
    },
  });
  const field = (name: keyof ResultInput, label: string, opts: { required?: boolean; rules?: Rule[]; dependsOn?: keyof ResultInput } = {}) => (
    <Col xs={12} sm={8} key={name}>
      <Form.Item
        label={label}
        name={name}
        dependencies={opts.dependsOn ? [opts.dependsOn] : undefined}
        rules={[...(opts.required ? [{ required: true, message: t('safety.required') }] : []), ...(opts.rules ?? [])]}
      >
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );

  const editing = target !== null && target !== 'new';
  return (
    <Modal
      open={target !== null}
      title={editing ? t('safety.result.editTitle', { name: target.className }) : t('safety.result.createTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      maskClosable={false}
      destroyOnHidden
      width={640}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => {})
      }
    >
      <SaveError error={save.error} extra={extra} />
      <Form<Values> form={form} layout="vertical" name="result-form" disabled={save.isPending}>
        <Row gutter={12}>
          <Col xs={24}>
            <Form.Item
              label={t('safety.className')}
              name="className"
              tooltip={t('safety.result.classHint')}
              rules={[{ required: true, whitespace: true, message: t('safety.required') }]}
            >
              <AutoComplete
                disabled={editing}
                maxLength={50}
                options={classNames.map((c) => ({ value: c }))}
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                placeholder={t('safety.classPlaceholder')}
              />
            </Form.Item>
          </Col>
          {field('students', t('safety.result.students'), { required: true })}
          {field('screened', t('safety.result.screened'), {
            required: true,
            dependsOn: 'students',
            rules: [notMore('students', t('safety.result.screenedTooMany'))],
          })}
        </Row>
        <Typography.Text strong>{t('safety.result.foundTitle')}</Typography.Text>
        <Row gutter={12} style={{ marginTop: 8 }}>
          {FOUND_KEYS.map((k) => field(k, t(`safety.found.${k}`)))}
        </Row>
        <Row gutter={12}>
          {field('followUpsOpened', t('safety.result.followUpsOpened'))}
          {field('followUpsClosed', t('safety.result.followUpsClosed'), {
            dependsOn: 'followUpsOpened',
            rules: [notMore('followUpsOpened', t('safety.result.closedTooMany'))],
          })}
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('safety.countsOnly')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
