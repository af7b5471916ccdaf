import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { SPOT_CHECK_LEVELS, type SpotCheckLevel, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export interface SpotCheckTarget {
  level: SpotCheckLevel;
  orgId: number | null;
}

interface Values {
  level?: SpotCheckLevel;
  orgId?: number | null;
  checkedOn?: Dayjs;
  checker?: string;
  place?: string;
  findings?: string;
  rectifyBy?: Dayjs | null;
}

const FIELDS = ['level', 'orgId', 'checkedOn', 'checker', 'place', 'findings', 'rectifyBy'];

/** Record a spot check: the school's work group (晨午检) or the bureau's unannounced check of a school. */
export function SpotCheckFormDrawer({ target, onClose }: { target: SpotCheckTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const findings = Form.useWatch('findings', form);

  const openKey = target ? `${target.level}:${target.orgId}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    form.setFieldsValue({
      level: target.level,
      orgId: target.orgId,
      checkedOn: dayjs(),
      checker: target.level === 'bureau' ? t('safety.spot.bureauChecker') : t('safety.spot.schoolChecker'),
    });
  }, [openKey]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      safetyApi.createSpotCheck({
        level: v.level ?? 'school',
        orgId: v.orgId ?? 0,
        checkedOn: (v.checkedOn ?? dayjs()).format(DATE),
        checker: v.checker?.trim() ?? '',
        place: v.place?.trim() ?? '',
        findings: v.findings?.trim() ?? '',
        rectifyBy: v.rectifyBy ? v.rectifyBy.format(DATE) : null,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(t('safety.saved'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS)),
  });

  const required = { required: true, message: t('safety.required') };
  return (
    <Drawer
      open={target !== null}
      title={t('safety.spot.createTitle')}
      onClose={onClose}
      size={drawerWidth(600)}
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
            data-testid="spot-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <SaveError error={save.error} extra={extra} />
      <Form<Values> form={form} layout="vertical" name="spot-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item label={t('safety.spot.levelLabel')} name="level" tooltip={t('safety.spot.levelHint')} rules={[required]}>
              <Radio.Group optionType="button" options={SPOT_CHECK_LEVELS.map((l) => ({ value: l, label: t(`safety.spot.level.${l}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item label={t('safety.school')} name="orgId" tooltip={t('safety.schoolHint')} rules={[required]}>
              <OrgPicker allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item label={t('safety.spot.checkedOn')} name="checkedOn" rules={[required]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('safety.spot.checker')} name="checker" rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('safety.spot.place')} name="place" rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={200} placeholder={t('safety.spot.placePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('safety.spot.findings')} name="findings" tooltip={t('safety.spot.findingsHint')}>
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('safety.spot.findingsPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('safety.spot.rectifyBy')}
              name="rectifyBy"
              dependencies={['checkedOn']}
              tooltip={t('safety.spot.rectifyByHint')}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null | undefined) => {
                    const on = getFieldValue('checkedOn') as Dayjs | undefined;
                    return v && on && v.isBefore(on, 'day') ? Promise.reject(new Error(t('safety.spot.deadlineBeforeCheck'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} disabled={!findings?.trim()} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
