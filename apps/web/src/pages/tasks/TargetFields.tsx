import { Checkbox, Col, Form, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { OWNERSHIPS, STAGES, TARGET_KINDS, type TargetKind } from './api.ts';
import { OrgTreeMultiSelect } from './OrgTreeMultiSelect.tsx';

export interface TargetValues {
  mode: 'filter' | 'explicit';
  underOrgId?: number | null;
  kinds?: TargetKind[];
  stage?: (typeof STAGES)[number] | null;
  ownership?: (typeof OWNERSHIPS)[number] | null;
  orgIds?: number[];
}

export const DEFAULT_TARGETS: TargetValues = { mode: 'filter', kinds: ['school', 'kindergarten'], orgIds: [] };

/** The server's TargetSpec of what the form holds. */
export function toTargetSpec(v: TargetValues | undefined, issuingOrgId: number | null | undefined) {
  if (!v || v.mode === 'explicit') return { orgIds: v?.orgIds ?? [] };
  // Stage and ownership describe schools only; with branches among the kinds they would match nothing.
  const schoolsOnly = !!v.kinds?.length && v.kinds.every((k) => k === 'school' || k === 'kindergarten');
  return {
    underOrgId: v.underOrgId ?? issuingOrgId ?? undefined,
    kinds: v.kinds?.length ? v.kinds : undefined,
    stage: schoolsOnly ? (v.stage ?? undefined) : undefined,
    ownership: schoolsOnly ? (v.ownership ?? undefined) : undefined,
  };
}

/**
 * Who receives the task: every unit under a chosen unit that matches kind / stage / ownership (the server resolves
 * them when the task is issued), or units checked one by one in the tree.
 */
export function TargetFields({ issuingOrgId }: { issuingOrgId: number | null | undefined }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const mode = Form.useWatch(['targets', 'mode'], form) as TargetValues['mode'] | undefined;
  const kinds = (Form.useWatch(['targets', 'kinds'], form) as TargetKind[] | undefined) ?? [];
  const schoolsOnly = kinds.length > 0 && kinds.every((k) => k === 'school' || k === 'kindergarten');

  return (
    <div>
      <Form.Item name={['targets', 'mode']} label={t('tasks.form.targets')} required style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'filter', label: t('tasks.form.targetByFilter') },
            { value: 'explicit', label: t('tasks.form.targetExplicit') },
          ]}
        />
      </Form.Item>
      {mode === 'explicit' ? (
        <Form.Item
          name={['targets', 'orgIds']}
          extra={t('tasks.form.targetExplicitHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('tasks.form.targetRequired') }]}
        >
          <OrgTreeMultiSelect placeholder={t('tasks.form.targetPickPlaceholder')} within={issuingOrgId ? { id: issuingOrgId, includeSelf: false } : null} />
        </Form.Item>
      ) : (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name={['targets', 'underOrgId']} label={t('tasks.form.targetUnder')} extra={t('tasks.form.targetUnderHint')}>
              <OrgPicker placeholder={t('tasks.form.targetUnderPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name={['targets', 'kinds']}
              label={t('tasks.form.targetKinds')}
              rules={[{ required: true, type: 'array', min: 1, message: t('tasks.form.targetKindsRequired') }]}
            >
              <Checkbox.Group options={TARGET_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name={['targets', 'stage']} label={t('tasks.form.targetStage')}>
              <Select allowClear disabled={!schoolsOnly} placeholder={t('common.all')} options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={12}>
            <Form.Item name={['targets', 'ownership']} label={t('tasks.form.targetOwnership')}>
              <Select
                allowClear
                disabled={!schoolsOnly}
                placeholder={t('common.all')}
                options={OWNERSHIPS.map((s) => ({ value: s, label: t(`ownership.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              {t('tasks.form.targetFilterHint')}
            </Typography.Paragraph>
          </Col>
        </Row>
      )}
    </div>
  );
}
