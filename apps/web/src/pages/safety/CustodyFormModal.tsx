import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type Custody, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';

/** null: closed; 'new': a new entry; a row: re-record that class and day (the server replaces it). */
export type CustodyTarget = 'new' | Custody | null;

interface Values {
  orgId?: number | null;
  className?: string;
  date?: Dayjs;
  students?: number | null;
  phonesHeld?: number | null;
  phonesReturned?: number | null;
}

const FIELDS = ['orgId', 'className', 'date', 'students', 'phonesHeld', 'phonesReturned'];

/** One class's phone custody for one day (boarders): students, phones held by the head teacher, phones returned. */
export function CustodyFormModal({ target, onClose }: { target: CustodyTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const row = target !== null && target !== 'new' ? target : null;

  const openKey = target === null ? null : row ? `row:${row.id}` : 'new';
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (target === null) return;
    form.resetFields();
    setExtra(undefined);
    if (row)
      form.setFieldsValue({
        orgId: row.orgId,
        className: row.className,
        date: dayjs(row.date),
        students: row.students,
        phonesHeld: row.phonesHeld,
        phonesReturned: row.phonesReturned,
      });
    else form.setFieldsValue({ date: dayjs() });
  }, [openKey]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      safetyApi.recordCustody({
        orgId: v.orgId ?? row?.orgId ?? 0,
        className: v.className?.trim() ?? '',
        date: (v.date ?? dayjs()).format(DATE),
        students: v.students ?? 0,
        phonesHeld: v.phonesHeld ?? 0,
        phonesReturned: v.phonesReturned ?? 0,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [...safetyKeys.all, 'custody'] });
      message.success(t('safety.saved'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS)),
  });

  const notMore = (other: keyof Values, msg: string): Rule => ({
    validator: (_, v: number | null | undefined) => {
      const limit = form.getFieldValue(other) as number | null | undefined;
      return v != null && limit != null && v > limit ? Promise.reject(new Error(msg)) : Promise.resolve();
    },
  });
  const required = { required: true, message: t('safety.required') };

  return (
    <Modal
      open={target !== null}
      title={row ? t('safety.custody.editTitle', { name: row.className, date: row.date }) : t('safety.custody.createTitle')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      maskClosable={false}
      destroyOnHidden
      width={600}
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => {})
      }
    >
      <SaveError error={save.error} extra={extra} />
      <Alert type="info" showIcon title={t('safety.custody.replaceHint')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" name="custody-form" disabled={save.isPending}>
        <Row gutter={12}>
          <Col xs={24}>
            {row ? (
              <Form.Item label={t('safety.school')}>{row.orgName}</Form.Item>
            ) : (
              <Form.Item label={t('safety.school')} name="orgId" tooltip={t('safety.schoolHint')} rules={[required]}>
                <OrgPicker allowClear={false} />
              </Form.Item>
            )}
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.className')} name="className" rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={50} disabled={!!row} placeholder={t('safety.classPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.custody.date')} name="date" rules={[required]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} disabled={!!row} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item label={t('safety.custody.students')} name="students" rules={[required]}>
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              label={t('safety.custody.phonesHeld')}
              name="phonesHeld"
              dependencies={['students']}
              rules={[required, notMore('students', t('safety.custody.heldTooMany'))]}
            >
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={8}>
            <Form.Item
              label={t('safety.custody.phonesReturned')}
              name="phonesReturned"
              dependencies={['phonesHeld']}
              rules={[required, notMore('phonesHeld', t('safety.custody.returnedTooMany'))]}
            >
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
