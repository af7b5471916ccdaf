import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Col, Divider, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { localizeServerText } from '../../i18n/index.ts';
import {
  BINDS,
  type Binds,
  type DutyItemBody,
  type DutyItemView,
  type DutyListView,
  type DutyOrgKind,
  LIST_KINDS,
  type ListKind,
  ORG_KINDS,
  PARTY_ORG_KINDS,
  SCHOOL_KINDS,
  dutyApi,
  dutyKeys,
} from './api.ts';
import { asMeasure } from './labels.tsx';
import { MEASURE_DEFAULTS, MeasureFields, type MeasureValues, fromMeasure, measureFieldName, toMeasure } from './MeasureFields.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export type ItemTarget = { mode: 'create'; list: DutyListView; listKind: ListKind } | { mode: 'edit'; list: DutyListView; item: DutyItemView };

interface Values {
  listKind: ListKind;
  binds: Binds;
  appliesToKinds: DutyOrgKind[];
  text: string;
  target?: string;
  weight?: number | null;
  sortOrder?: number | null;
  measure: MeasureValues;
}

const TOP_FIELDS = ['listKind', 'binds', 'appliesToKinds', 'text', 'target', 'weight', 'sortOrder'];

function toBody(v: Values): DutyItemBody {
  return {
    listKind: v.listKind,
    binds: v.binds,
    appliesToKinds: v.appliesToKinds,
    text: v.text.trim(),
    target: v.target?.trim() ?? '',
    measure: toMeasure(v.measure),
    weight: v.weight ?? 0,
    ...(v.sortOrder !== null && v.sortOrder !== undefined ? { sortOrder: v.sortOrder } : {}),
  };
}

/** The kinds of org an item may apply to: role items apply to party orgs, every_teacher items to schools. */
const kindsFor = (binds: Binds | undefined): readonly DutyOrgKind[] => (binds === 'every_teacher' ? SCHOOL_KINDS : PARTY_ORG_KINDS);

/** Add or edit one item of a draft list: list, bound role, org kinds, text, target, how it is measured, weight. */
export function ItemFormDrawer({ target, onClose, onReload }: { target: ItemTarget | null; onClose: () => void; onReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const binds = Form.useWatch('binds', form) as Binds | undefined;
  const item = target?.mode === 'edit' ? target.item : null;

  const openKey = target ? (item ? `e:${item.id}:${item.version}` : `c:${target.list.id}:${target.mode === 'create' ? target.listKind : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening (and after a reload brings a new version)
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    if (target.mode === 'create') {
      form.setFieldsValue({
        listKind: target.listKind,
        binds: 'first_responsible',
        appliesToKinds: ['branch', 'general_branch'],
        text: '',
        target: '',
        weight: target.listKind === 'rights' ? 0 : 5,
        sortOrder: null,
        measure: { ...MEASURE_DEFAULTS, source: target.listKind === 'rights' ? 'none' : target.listKind === 'negative' ? 'incidents' : 'ledger' },
      });
    } else {
      const it = target.item;
      form.setFieldsValue({
        listKind: it.listKind,
        binds: it.binds,
        appliesToKinds: it.appliesToKinds.filter((k): k is DutyOrgKind => (ORG_KINDS as readonly string[]).includes(k)),
        text: it.text,
        target: it.target,
        weight: it.weight,
        sortOrder: it.sortOrder,
        measure: fromMeasure(asMeasure(it.measure)),
      });
    }
  }, [openKey]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      if (!target) throw new Error('no target');
      const body = toBody(v);
      return target.mode === 'create'
        ? dutyApi.addItem(target.list.id, body)
        : dutyApi.updateItem(target.list.id, target.item.id, { ...body, version: target.item.version });
    },
    onSuccess: (l) => {
      qc.setQueryData(dutyKeys.list(l.id), l);
      void qc.invalidateQueries({ queryKey: dutyKeys.lists });
      message.success(target?.mode === 'create' ? t('duties.item.added') : t('duties.item.saved'));
      onClose();
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const rest: FieldProblem[] = [];
      const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
      for (const p of err.fields) {
        const msg = localizeServerText(p.message);
        const name = TOP_FIELDS.includes(p.field.split('.')[0]) ? [p.field.split('.')[0]] : measureFieldName(p.field);
        if (!name) {
          rest.push({ field: p.field, message: msg });
          continue;
        }
        const k = name.join('.');
        byField.set(k, { name, errors: [...(byField.get(k)?.errors ?? []), msg] });
      }
      // Nested measure paths are field names the Values type cannot spell out; the form accepts them at run time.
      if (byField.size) form.setFields([...byField.values()].map((f) => ({ name: f.name as unknown as 'text', errors: f.errors })));
      setExtra(rest);
    },
  });
  const conflict = isConflict(save.error);
  const allowed = kindsFor(binds);

  return (
    <Drawer
      open={target !== null}
      title={target?.mode === 'edit' ? t('duties.item.editTitle') : t('duties.item.addTitle')}
      onClose={onClose}
      size={drawerWidth(720)}
      mask={{ closable: false }}
      forceRender
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="item-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          title={t('duties.item.conflict')}
          action={
            <Button size="small" onClick={() => void onReload().then(() => save.reset())}>
              {t('duties.reload')}
            </Button>
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={save.isPending} name="duty-item" requiredMark>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item label={t('duties.f.list')} name="listKind" rules={[{ required: true, message: t('duties.required') }]}>
              <Radio.Group optionType="button" options={LIST_KINDS.map((k) => ({ value: k, label: t(`duties.listKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item label={t('duties.item.binds')} name="binds" rules={[{ required: true, message: t('duties.required') }]}>
              <Select
                options={BINDS.map((b) => ({ value: b, label: t(`duties.binds.${b}`) }))}
                onChange={(b: Binds) => {
                  // Keep only the org kinds the new role may apply to (the server refuses the others).
                  const ok = kindsFor(b);
                  const cur = (form.getFieldValue('appliesToKinds') as DutyOrgKind[] | undefined) ?? [];
                  const kept = cur.filter((k) => ok.includes(k));
                  form.setFieldValue('appliesToKinds', kept.length ? kept : [...ok]);
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              label={t('duties.f.appliesTo')}
              name="appliesToKinds"
              rules={[{ required: true, type: 'array', min: 1, message: t('duties.item.appliesRequired') }]}
              extra={binds === 'every_teacher' ? t('duties.item.appliesTeacherHint') : t('duties.item.appliesPartyHint')}
            >
              <Checkbox.Group options={ORG_KINDS.map((k) => ({ value: k, label: t(`duties.orgKind.${k}`), disabled: !allowed.includes(k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('duties.f.item')}
              name="text"
              rules={[
                { required: true, whitespace: true, message: t('duties.item.textRequired') },
                { min: 2, message: t('duties.item.textRequired') },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="item-text" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('duties.f.target')} name="target" extra={t('duties.item.targetHint')}>
              <Input maxLength={200} data-testid="item-target" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item label={t('duties.f.weight')} name="weight" tooltip={t('duties.item.weightHint')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item label={t('duties.f.sortOrder')} name="sortOrder" tooltip={t('duties.item.sortHint')}>
              <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('duties.f.measure')}
        </Divider>
        <MeasureFields />
      </Form>
    </Drawer>
  );
}
