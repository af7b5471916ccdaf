import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { localizeServerText } from '../../i18n/index.ts';
import { type SystemView, assessmentApi, assessmentKeys, fieldPath } from './api.ts';
import { CategoryEditor } from './CategoryEditor.tsx';
import { type SystemValues, TREE_FIELDS, fromValues, toValues, weightsOf } from './systemForm.ts';
import { drawerWidth } from '../../components/sizing.ts';

interface Props {
  system: SystemView | null;
  /** Scorecards already opened for the year (they keep the tree they were opened with). */
  opened: number;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}

/** Edits a year's indicator tree, weights and grade thresholds (optimistic locking; the weights must sum to 100). */
export function SystemEditorDrawer({ system, opened, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<SystemValues>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const cats = Form.useWatch('categories', form);
  const weights = weightsOf(cats);

  const openKey = system ? `${system.id}:${system.version}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening
  useEffect(() => {
    if (!system) return;
    form.resetFields();
    form.setFieldsValue(toValues(system));
    setExtra(undefined);
  }, [openKey]);

  const save = useMutation({
    mutationFn: (v: SystemValues) => {
      if (!system) throw new Error('no system');
      return assessmentApi.updateSystem(system.id, { version: system.version, ...fromValues(v) });
    },
    onSuccess: (fresh) => {
      qc.setQueryData(assessmentKeys.system(fresh.orgId, fresh.year), fresh);
      message.success(t('assessment.sys.saved'));
      onClose();
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const placed: { name: (string | number)[]; errors: string[] }[] = [];
      const rest: FieldProblem[] = [];
      for (const f of err.fields) {
        const path = fieldPath(f.field);
        const last = path[path.length - 1];
        const msg = localizeServerText(f.message);
        if (path.length >= 2 && typeof last === 'string' && TREE_FIELDS.has(last)) placed.push({ name: path, errors: [msg] });
        else if (f.field === 'title') placed.push({ name: ['title'], errors: [msg] });
        else rest.push({ field: f.field, message: msg });
      }
      // The server's paths mirror the form's names (categories.0.indicators.1.code), which the typed names cannot express.
      if (placed.length) form.setFields(placed as Parameters<typeof form.setFields>[0]);
      setExtra(rest);
    },
  });

  const conflict = isConflict(save.error);
  const onSave = () =>
    form
      .validateFields()
      .then((v) => {
        if (weightsOf(v.categories).total !== 100) {
          message.warning(t('assessment.sys.weightsMust', { total: weightsOf(v.categories).total }));
          return;
        }
        save.mutate(v);
      })
      .catch(() => message.warning(t('assessment.sys.fixFields')));

  return (
    <Drawer
      open={system !== null}
      title={t('assessment.sys.editTitle', { year: system?.year ?? '' })}
      onClose={onClose}
      size={drawerWidth(980)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <div className="tz-as-drawer-foot">
          <Space wrap>
            <Tag color={weights.total === 100 ? 'green' : 'red'} data-testid="weights-total">
              {t('assessment.sys.weightsTotal', { total: weights.total })}
            </Tag>
            {weights.total === 100 ? null : <Typography.Text type="danger">{t('assessment.sys.weightsMust', { total: weights.total })}</Typography.Text>}
          </Space>
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={onSave} data-testid="system-save">
              {t('common.save')}
            </Button>
          </Space>
        </div>
      }
    >
      {opened > 0 ? <Alert type="warning" showIcon title={t('assessment.sys.openedHint', { n: opened })} style={{ marginBottom: 12 }} /> : null}
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('assessment.sys.conflict')}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => void onReload().then(() => save.reset())}>
              {t('assessment.reload')}
            </Button>
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<SystemValues> form={form} layout="vertical" name="system-form" disabled={save.isPending} scrollToFirstError>
        <Form.Item
          label={t('assessment.sys.title')}
          name="title"
          rules={[{ required: true, whitespace: true, min: 2, message: t('assessment.sys.titleRule') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Card size="small" title={t('assessment.sys.thresholds')} style={{ marginBottom: 12 }}>
          <Typography.Paragraph type="secondary">{t('assessment.sys.thresholdsHint')}</Typography.Paragraph>
          <Form.List
            name="thresholds"
            rules={[{ validator: async (_r, v: unknown[]) => (v?.length ? undefined : Promise.reject(new Error(t('assessment.required')))) }]}
          >
            {(fields, ops, { errors }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key} align="top">
                    <Col xs={11} sm={8}>
                      <Form.Item name={[f.name, 'grade']} rules={[{ required: true, whitespace: true, message: t('assessment.required') }]}>
                        <Input maxLength={20} placeholder={t('assessment.sys.gradeName')} aria-label={t('assessment.sys.gradeName')} />
                      </Form.Item>
                    </Col>
                    <Col xs={10} sm={8}>
                      <Form.Item name={[f.name, 'min']} rules={[{ required: true, message: t('assessment.required') }]}>
                        <InputNumber
                          min={0}
                          max={100}
                          style={{ width: '100%' }}
                          prefix="≥"
                          placeholder={t('assessment.sys.gradeMin')}
                          aria-label={t('assessment.sys.gradeMin')}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={3} sm={2}>
                      <Button type="text" icon={<MinusCircleOutlined />} onClick={() => ops.remove(f.name)} aria-label={t('assessment.sys.removeGrade')} />
                    </Col>
                  </Row>
                ))}
                <Form.ErrorList errors={errors} />
                {fields.length < 10 ? (
                  <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => ops.add({ grade: '', min: 0 })}>
                    {t('assessment.sys.addGrade')}
                  </Button>
                ) : null}
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  {t('assessment.sys.failGrade')}
                </Typography.Paragraph>
              </>
            )}
          </Form.List>
        </Card>
        <CategoryEditor form={form} maxPoints={weights.maxPoints} />
      </Form>
    </Drawer>
  );
}
