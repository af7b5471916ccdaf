import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, Modal, Row, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useCan, useCurrentSession } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type Followup, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { StaffSelect } from './StaffSelect.tsx';

export type FollowupTarget = { mode: 'create'; orgId: number | null } | { mode: 'edit'; followup: Followup };

interface Values {
  orgId?: number | null;
  className?: string;
  studentName?: string;
  details?: string;
  headTeacherUserId?: number | null;
  officerUserId?: number | null;
  openedOn?: Dayjs;
}

const FIELDS = ['orgId', 'className', 'studentName', 'details', 'headTeacherUserId', 'officerUserId', 'openedOn'];

/** Open (with confirmation) or edit a restricted follow-up case of a named student. */
export function FollowupFormDrawer({ target, onClose, onSaved }: { target: FollowupTarget | null; onClose: () => void; onSaved?: (f: Followup) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const can = useCan();
  const session = useCurrentSession();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [fresh, setFresh] = useState<Followup | null>(null);
  const followup = fresh ?? (target?.mode === 'edit' ? target.followup : null);
  const chosenOrg = (Form.useWatch('orgId', form) as number | null | undefined) ?? followup?.orgId ?? null;
  // Only case officers pick accounts (the picker lists the school's staff); a head teacher edits the text.
  const canAssign = can('safety.case');

  const openKey = target ? (target.mode === 'edit' ? `edit:${target.followup.id}` : `create:${target.orgId}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    setFresh(null);
    if (target.mode === 'create') form.setFieldsValue({ orgId: target.orgId, openedOn: dayjs(), officerUserId: session.user.id, details: '' });
    else fill(target.followup);
  }, [openKey]);

  function fill(f: Followup) {
    form.setFieldsValue({ className: f.className, details: f.details, headTeacherUserId: f.headTeacherUserId, officerUserId: f.officerUserId });
  }

  const save = useMutation({
    mutationFn: (v: Values) => {
      if (followup)
        return safetyApi.updateFollowup(followup.id, {
          version: followup.version,
          className: v.className?.trim(),
          details: v.details?.trim() ?? '',
          ...(canAssign ? { headTeacherUserId: v.headTeacherUserId ?? followup.headTeacherUserId, officerUserId: v.officerUserId ?? null } : {}),
        });
      return safetyApi.createFollowup({
        orgId: v.orgId ?? 0,
        className: v.className?.trim() ?? '',
        studentName: v.studentName?.trim() ?? '',
        details: v.details?.trim() ?? '',
        headTeacherUserId: v.headTeacherUserId ?? 0,
        officerUserId: v.officerUserId ?? null,
        openedOn: (v.openedOn ?? dayjs()).format(DATE),
      });
    },
    onSuccess: (f) => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(followup ? t('safety.saved') : t('safety.followup.opened'));
      onSaved?.(f);
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS)),
  });

  const reload = async () => {
    if (!followup) return;
    const f = await safetyApi.followup(followup.id);
    setFresh(f);
    fill(f);
    save.reset();
  };

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        if (followup) return save.mutate(v);
        Modal.confirm({
          title: t('safety.followup.createConfirmTitle'),
          content: t('safety.followup.createConfirm', { name: v.studentName?.trim() ?? '' }),
          okText: t('safety.followup.open'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutateAsync(v).catch(() => {}),
        });
      })
      .catch(() => {});

  const required = { required: true, message: t('safety.required') };
  return (
    <Drawer
      open={target !== null}
      title={followup ? t('safety.followup.editTitle') : t('safety.followup.createTitle')}
      onClose={onClose}
      size={drawerWidth(620)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="followup-save">
            {followup ? t('common.save') : t('safety.followup.open')}
          </Button>
        </Space>
      }
    >
      <Alert type="warning" showIcon title={t('safety.followup.restrictedShort')} style={{ marginBottom: 16 }} />
      <SaveError error={save.error} extra={extra} onReload={() => void reload()} />
      <Form<Values> form={form} layout="vertical" name="followup-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24}>
            {followup ? (
              <Form.Item label={t('safety.school')}>
                <Typography.Text strong>{followup.orgName}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('safety.school')} name="orgId" tooltip={t('safety.schoolHint')} rules={[required]}>
                <OrgPicker allowClear={false} />
              </Form.Item>
            )}
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.className')} name="className" rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={50} placeholder={t('safety.classPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            {followup ? (
              <Form.Item label={t('safety.followup.student')}>
                <Typography.Text strong>{followup.studentName}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('safety.followup.student')} name="studentName" rules={[{ ...required, whitespace: true }]}>
                <Input maxLength={50} autoComplete="off" />
              </Form.Item>
            )}
          </Col>
          {canAssign ? (
            <>
              <Col xs={24} sm={12}>
                <Form.Item label={t('safety.followup.headTeacher')} name="headTeacherUserId" rules={[required]}>
                  <StaffSelect
                    orgId={chosenOrg}
                    placeholder={t('safety.followup.searchStaff')}
                    initial={
                      followup
                        ? {
                            id: followup.headTeacherUserId,
                            name: followup.headTeacherName ?? t('safety.followup.accountN', { id: followup.headTeacherUserId }),
                          }
                        : null
                    }
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item label={t('safety.followup.officer')} name="officerUserId" tooltip={t('safety.followup.officerHint')}>
                  <StaffSelect
                    orgId={chosenOrg}
                    allowClear
                    placeholder={t('safety.followup.searchStaff')}
                    initial={
                      followup
                        ? followup.officerUserId !== null
                          ? { id: followup.officerUserId, name: followup.officerName ?? t('safety.followup.accountN', { id: followup.officerUserId }) }
                          : null
                        : { id: session.user.id, name: session.user.displayName }
                    }
                  />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {followup ? null : (
            <Col xs={24} sm={12}>
              <Form.Item label={t('safety.followup.openedOn')} name="openedOn" rules={[required]}>
                <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item label={t('safety.followup.details')} name="details" tooltip={t('safety.followup.detailsHint')}>
              <Input.TextArea rows={5} maxLength={5000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
