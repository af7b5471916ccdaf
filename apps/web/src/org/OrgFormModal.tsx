import type { OrgKind } from '@taizhang/shared';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Col, Divider, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblem, isConflict } from '../api/client.ts';
import { type CreateOrgInput, type UpdateOrgInput, orgApi } from '../api/orgUnits.ts';
import type { OrgUnitView } from '../api/types.ts';
import { ErrorAlert, applyFieldErrors } from '../components/errors.tsx';
import { ORG_KINDS, OWNERSHIPS, SCHOOL_KINDS, SCHOOL_STAGES } from './constants.ts';
import { OrgKindTag } from './OrgKindTag.tsx';

interface OrgFormValues {
  code: string;
  name: string;
  kind: OrgKind;
  stage?: string | null;
  ownership?: string | null;
  studentCount?: number | null;
  boarderCount?: number | null;
}

const FIELDS = ['code', 'name', 'kind', 'stage', 'ownership', 'studentCount', 'boarderCount'] as const;

export type OrgFormTarget = { mode: 'create'; parent: Pick<OrgUnitView, 'id' | 'name'> | null } | { mode: 'edit'; unit: OrgUnitView };

interface Props {
  target: OrgFormTarget | null;
  onClose: () => void;
  onSaved: (unit: OrgUnitView, target: OrgFormTarget) => void;
  /** Re-reads the unit after a conflict so the next save uses the current version. */
  onRefresh?: () => Promise<unknown>;
}

function isSchool(kind: OrgKind | undefined): boolean {
  return kind !== undefined && SCHOOL_KINDS.includes(kind);
}

/** Create a child unit (or a top-level one) / rename and edit a unit. Conflicts keep the form open. */
export function OrgFormModal({ target, onClose, onSaved, onRefresh }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OrgFormValues>();
  const kind = Form.useWatch('kind', form);
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [refreshing, setRefreshing] = useState(false);
  const open = target !== null;
  const editing = target?.mode === 'edit' ? target.unit : null;
  const school = isSchool(editing ? editing.kind : kind);

  const save = useMutation({
    mutationFn: async (values: OrgFormValues) => {
      if (!target) throw new Error('no target');
      const schoolPart = isSchool(target.mode === 'edit' ? target.unit.kind : values.kind)
        ? {
            stage: values.stage ?? null,
            ownership: values.ownership ?? null,
            studentCount: values.studentCount ?? null,
            boarderCount: values.boarderCount ?? null,
          }
        : {};
      if (target.mode === 'create') {
        const body: CreateOrgInput = {
          code: values.code.trim(),
          name: values.name.trim(),
          kind: values.kind,
          parentId: target.parent?.id ?? null,
          ...schoolPart,
        };
        return orgApi.create(body);
      }
      const body: UpdateOrgInput = { version: target.unit.version, name: values.name.trim(), ...schoolPart };
      return orgApi.update(target.unit.id, body);
    },
    onSuccess: (unit) => {
      if (target) onSaved(unit, target);
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });
  const { reset } = save;

  // Fill the form when the modal opens for a new target (not when the same unit is re-read after a conflict, so
  // what the user typed stays); clear errors from the previous opening.
  const openKey = target ? (target.mode === 'edit' ? `edit:${target.unit.id}` : `create:${target.parent?.id ?? 'root'}`) : null;
  const targetRef = useRef(target);
  targetRef.current = target;
  useEffect(() => {
    const current = targetRef.current;
    if (!openKey || !current) return;
    reset();
    setExtra(undefined);
    form.resetFields();
    if (current.mode === 'edit') {
      const u = current.unit;
      form.setFieldsValue({
        code: u.code,
        name: u.name,
        kind: u.kind,
        stage: u.stage,
        ownership: u.ownership,
        studentCount: u.studentCount,
        boarderCount: u.boarderCount,
      });
    }
  }, [openKey, form, reset]);

  const conflict = isConflict(save.error) && target?.mode === 'edit';
  const title = target?.mode === 'edit' ? t('orgForm.editTitle') : target?.parent ? t('orgForm.createTitle') : t('orgForm.createRootTitle');

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={560}
      mask={{ closable: false }}
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('org.conflict')}
          style={{ marginBottom: 16 }}
          action={
            onRefresh ? (
              <Button
                size="small"
                loading={refreshing}
                onClick={async () => {
                  setRefreshing(true);
                  try {
                    await onRefresh();
                    save.reset();
                  } finally {
                    setRefreshing(false);
                  }
                }}
              >
                {t('org.conflictRefresh')}
              </Button>
            ) : undefined
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<OrgFormValues> form={form} layout="vertical" requiredMark onFinish={(v) => save.mutate(v)} name="org-form" disabled={save.isPending}>
        {target?.mode === 'create' ? (
          <Form.Item label={t('orgForm.parent')}>
            <Typography.Text strong>{target.parent?.name ?? t('orgForm.rootParent')}</Typography.Text>
          </Form.Item>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('orgForm.code')}
              name="code"
              tooltip={t('orgForm.codeHelp')}
              rules={
                editing
                  ? []
                  : [
                      { required: true, whitespace: true, message: t('orgForm.codeRequired') },
                      { pattern: /^\s*[A-Za-z0-9_.-]+\s*$/, message: t('orgForm.codePattern') },
                    ]
              }
            >
              <Input maxLength={64} disabled={!!editing} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('orgForm.kind')}
              name={editing ? undefined : 'kind'}
              rules={editing ? [] : [{ required: true, message: t('orgForm.kindRequired') }]}
            >
              {editing ? (
                <OrgKindTag kind={editing.kind} />
              ) : (
                <Select
                  placeholder={t('orgForm.selectPlaceholder')}
                  options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
                  data-testid="org-kind-select"
                />
              )}
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('orgForm.name')} name="name" rules={[{ required: true, whitespace: true, message: t('orgForm.nameRequired') }]}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        {school ? (
          <>
            <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
              {t('orgForm.schoolSection')}
            </Divider>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                <Form.Item label={t('orgForm.stage')} name="stage">
                  <Select
                    allowClear
                    placeholder={t('orgForm.selectPlaceholder')}
                    options={SCHOOL_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
                    data-testid="org-stage-select"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item label={t('orgForm.ownership')} name="ownership">
                  <Select
                    allowClear
                    placeholder={t('orgForm.selectPlaceholder')}
                    options={OWNERSHIPS.map((o) => ({ value: o, label: t(`ownership.${o}`) }))}
                    data-testid="org-ownership-select"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item label={t('orgForm.studentCount')} name="studentCount">
                  <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  label={t('orgForm.boarderCount')}
                  name="boarderCount"
                  dependencies={['studentCount']}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: (_r, v: number | null | undefined) => {
                        const students = getFieldValue('studentCount') as number | null | undefined;
                        if (v === null || v === undefined || students === null || students === undefined || v <= students) return Promise.resolve();
                        return Promise.reject(new Error(t('orgForm.boarderTooMany')));
                      },
                    }),
                  ]}
                >
                  <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
