import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../../api/client.ts';
import { ErrorAlert, applyFieldErrors } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import { OrgPicker } from '../../../components/OrgPicker.tsx';
import { type HonourTarget, type HonourView, TARGETS, devApi, devKeys } from '../api.ts';
import { PersonSelect, day, parseDay, yearOptions } from '../common.tsx';

export type HonourTargetState = { mode: 'create'; year: number } | { mode: 'edit'; honour: HonourView };

interface Values {
  year?: number;
  targetType?: HonourTarget;
  categoryCode?: string;
  personId?: number | null;
  orgId?: number | null;
  awardedOn?: Dayjs | null;
  awardingBody?: string;
  citation?: string;
}

const FIELDS = ['year', 'targetType', 'categoryCode', 'personId', 'orgId', 'awardedOn', 'awardingBody', 'citation'] as const;

/** Records an honour to a person or an org; an edit changes only date, awarding body and citation (version-checked). */
export function HonourFormModal({
  target,
  onClose,
  onReload,
}: {
  target: HonourTargetState | null;
  onClose: () => void;
  onReload: (id: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const editing = target?.mode === 'edit' ? target.honour : null;
  const targetType = (Form.useWatch('targetType', form) as HonourTarget | undefined) ?? 'person';
  const year = Form.useWatch('year', form) as number | undefined;
  const categories = useQuery({ queryKey: devKeys.honourCategories, queryFn: ({ signal }) => devApi.honourCategories(signal), staleTime: 5 * 60_000 });
  const fitting = (categories.data ?? []).filter((c) => c.active && c.target === targetType);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = { awardedOn: day(v.awardedOn), awardingBody: v.awardingBody?.trim() || null, citation: v.citation?.trim() || null };
      if (editing) return devApi.updateHonour(editing.id, { version: editing.version, ...common });
      return devApi.createHonour({
        year: v.year ?? 0,
        categoryCode: v.categoryCode ?? '',
        targetType: v.targetType ?? 'person',
        personId: v.targetType === 'person' ? (v.personId ?? null) : null,
        orgId: v.targetType === 'org' ? (v.orgId ?? null) : null,
        ...common,
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(editing ? t('development.common.saved') : t('development.common.created'));
      onClose();
    },
    onError: (err) => applyFieldErrors(form, err, FIELDS),
  });
  const { reset } = save;
  const openKey = target ? (editing ? `e${editing.id}:${editing.version}` : `c${target.mode === 'create' ? target.year : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill on opening (and after a reload) only
  useEffect(() => {
    if (!openKey || !target) return;
    reset();
    form.resetFields();
    if (editing)
      form.setFieldsValue({
        year: editing.year,
        targetType: editing.targetType,
        categoryCode: editing.categoryCode,
        awardedOn: parseDay(editing.awardedOn),
        awardingBody: editing.awardingBody ?? '',
        citation: editing.citation ?? '',
      });
    else if (target.mode === 'create') form.setFieldsValue({ year: target.year, targetType: 'person' });
  }, [openKey]);

  const err = save.error;
  const conflict = isConflict(err);
  const otherError = err && !conflict && !(err instanceof ApiError && err.code === 'validation_failed') ? err : null;

  return (
    <Modal
      open={target !== null}
      title={editing ? t('development.honours.edit') : t('development.honours.create')}
      onCancel={onClose}
      okText={t('development.common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending }}
      width={640}
      mask={{ closable: false }}
      destroyOnHidden
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => {})
      }
    >
      {editing ? <Alert type="info" showIcon title={t('development.honours.editHint')} style={{ marginBottom: 12 }} /> : null}
      {conflict && editing ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('development.common.conflict')}
          action={
            <Button size="small" onClick={() => void onReload(editing.id)}>
              {t('development.common.reload')}
            </Button>
          }
        />
      ) : conflict ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={t('development.honours.duplicate')} />
      ) : null}
      {otherError ? <ErrorAlert error={otherError} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" name="dev-honour" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item name="year" label={t('development.common.year')} rules={[{ required: true, message: t('development.common.required') }]}>
              <Select options={yearOptions()} disabled={!!editing} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={16}>
            <Form.Item name="targetType" label={t('development.honours.targetType')} rules={[{ required: true, message: t('development.common.required') }]}>
              <Radio.Group
                optionType="button"
                disabled={!!editing}
                onChange={() => form.setFieldsValue({ categoryCode: undefined, personId: null, orgId: null })}
                options={TARGETS.map((x) => ({ value: x, label: t(`development.target.${x}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="categoryCode" label={t('development.honours.category')} rules={[{ required: true, message: t('development.common.required') }]}>
              <Select
                disabled={!!editing}
                loading={categories.isLoading}
                options={(editing ? (categories.data ?? []) : fitting).map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {editing ? (
              <Form.Item label={t('development.honours.target')}>
                <Typography.Text strong>{editing.personName ?? editing.orgName ?? t('common.none')}</Typography.Text>
              </Form.Item>
            ) : targetType === 'person' ? (
              <Form.Item name="personId" label={t('development.honours.person')} rules={[{ required: true, message: t('development.common.required') }]}>
                <PersonSelect />
              </Form.Item>
            ) : (
              <Form.Item name="orgId" label={t('development.honours.org')} rules={[{ required: true, message: t('development.common.required') }]}>
                <OrgPicker />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="awardedOn" label={t('development.honours.awardedOn')}>
              <DatePicker
                style={{ width: '100%' }}
                disabledDate={(d) => (year ? d.year() !== year : false)}
                defaultPickerValue={year ? (parseDay(`${year}-07-01`) ?? undefined) : undefined}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="awardingBody" label={t('development.honours.awardingBody')}>
              <Input maxLength={200} placeholder={t('development.honours.awardingBodyPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="citation" label={t('development.honours.citation')}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
