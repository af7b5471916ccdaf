import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Form, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert, applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import {
  POSITION_KIND_LIST,
  type PositionKind,
  type PositionPatch,
  type PositionView,
  REVIEW_RULE_LIST,
  type ReviewRule,
  defaultReviewRule,
  publicityApi,
  publicityKeys,
} from './api.ts';
import { ConflictAlert } from './common.tsx';
import { isConflict } from '../../api/client.ts';
import { PersonPicker } from './PersonPicker.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export type PositionTarget = { mode: 'create'; orgId?: number | null } | { mode: 'edit'; position: PositionView };

interface Values {
  orgId?: number | null;
  kind?: PositionKind;
  name?: string;
  ownerPersonId?: number | null;
  reviewRule?: ReviewRule;
  url?: string;
  active?: boolean;
}

const FIELDS = ['orgId', 'kind', 'name', 'ownerPersonId', 'reviewRule', 'url', 'active'] as const;

interface Props {
  target: PositionTarget | null;
  onClose: () => void;
  /** The edited position was changed by someone else: load the current copy. */
  onReload: (id: number) => Promise<void>;
}

/** Registers a position (阵地) or edits its owner, review rule, address and whether it is in use. */
export function PositionFormDrawer({ target, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const position = target?.mode === 'edit' ? target.position : null;
  const orgId = (Form.useWatch('orgId', form) as number | null | undefined) ?? position?.orgId ?? null;
  const openKey = target ? (position ? `edit:${position.id}:${position.version}` : `create:${target.mode === 'create' ? target.orgId : ''}`) : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey)
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    save.reset();
    if (target.mode === 'create') form.setFieldsValue({ orgId: target.orgId ?? null, kind: 'wechat', reviewRule: 'three_step' });
    else {
      const p = target.position;
      form.setFieldsValue({ name: p.name, ownerPersonId: p.ownerPersonId, reviewRule: p.reviewRule, url: p.url ?? '', active: p.active });
    }
  }, [openKey]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const url = v.url?.trim() || null;
      if (!position) {
        return publicityApi.createPosition({
          orgId: v.orgId ?? 0,
          kind: v.kind ?? 'wechat',
          name: v.name?.trim() ?? '',
          ownerPersonId: v.ownerPersonId ?? null,
          reviewRule: v.reviewRule,
          url,
        });
      }
      // Only what changed, so an edit does not overwrite fields it did not touch.
      const patch: PositionPatch = { version: position.version };
      if (v.name?.trim() !== position.name) patch.name = v.name?.trim();
      if ((v.ownerPersonId ?? null) !== position.ownerPersonId) patch.ownerPersonId = v.ownerPersonId ?? null;
      if (v.reviewRule !== position.reviewRule) patch.reviewRule = v.reviewRule;
      if (url !== position.url) patch.url = url;
      if (v.active !== position.active) patch.active = v.active;
      return publicityApi.updatePosition(position.id, patch);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(position ? t('publicity.saved') : t('publicity.position.created'));
      onClose();
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });

  const finish = () =>
    form
      .validateFields()
      .then((v) => save.mutate(v))
      .catch(() => {});

  return (
    <Drawer
      open={target !== null}
      title={position ? t('publicity.position.editTitle') : t('publicity.position.createTitle')}
      onClose={onClose}
      size={drawerWidth(560)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={finish} data-testid="position-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {isConflict(save.error) && position ? (
        <ConflictAlert onReload={() => void onReload(position.id).then(() => save.reset())} />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="position-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            {position ? (
              <Form.Item label={t('publicity.org')}>
                <Typography.Text strong>{position.orgName}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('publicity.org')} name="orgId" rules={[{ required: true, message: t('publicity.required') }]}>
                <OrgPicker allowClear={false} placeholder={t('publicity.pickOrg')} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            {position ? (
              <Form.Item label={t('publicity.position.kind')}>
                <Typography.Text strong>{t(`publicity.kind.${position.kind}`)}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('publicity.position.kind')} name="kind" rules={[{ required: true, message: t('publicity.required') }]}>
                <Select
                  options={POSITION_KIND_LIST.map((k) => ({ value: k, label: t(`publicity.kind.${k}`) }))}
                  onChange={(k: PositionKind) => form.setFieldValue('reviewRule', defaultReviewRule(k))}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={24}>
            <Form.Item label={t('publicity.position.name')} name="name" rules={[{ required: true, whitespace: true, message: t('publicity.required') }]}>
              <Input maxLength={200} showCount placeholder={t('publicity.position.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('publicity.position.owner')} name="ownerPersonId" tooltip={t('publicity.position.ownerHint')}>
              <PersonPicker orgId={orgId} initialName={position?.ownerName} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('publicity.position.url')} name="url">
              <Input maxLength={500} placeholder="https://" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('publicity.position.reviewRule')} name="reviewRule" rules={[{ required: true, message: t('publicity.required') }]}>
              <Radio.Group>
                <Space orientation="vertical">
                  {REVIEW_RULE_LIST.map((r) => (
                    <Radio key={r} value={r}>
                      {t(`publicity.rule.${r}`)}
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {t(`publicity.ruleHint.${r}`)}
                      </Typography.Text>
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            </Form.Item>
          </Col>
          {position ? (
            <Col xs={24}>
              <Form.Item label={t('publicity.position.active')} name="active" valuePropName="checked">
                <Switch checkedChildren={t('publicity.position.inUse')} unCheckedChildren={t('publicity.position.disabled')} />
              </Form.Item>
              {position.inReview > 0 ? <Alert type="info" showIcon title={t('publicity.position.inReviewNote', { n: position.inReview })} /> : null}
            </Col>
          ) : null}
        </Row>
      </Form>
    </Drawer>
  );
}
