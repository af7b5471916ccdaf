import { useQuery } from '@tanstack/react-query';
import { Checkbox, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { MEASURE_PERIODS, MEASURE_SOURCES, type Measure, type MeasurePeriod, type MeasureSource, dutyApi, dutyKeys } from './api.ts';

type Who = 'host' | 'org' | 'attendee';
const WHO: readonly Who[] = ['org', 'host', 'attendee'];

/** The measure as the form holds it: every source's fields side by side (only the chosen source's are sent). */
export interface MeasureValues {
  source: MeasureSource;
  type_code?: string[];
  study?: boolean;
  who?: Who;
  min?: number;
  per?: MeasurePeriod;
  /** tasks_on_time: percent (the API takes a 0..1 rate). */
  rate?: number;
  level?: string;
  max?: number;
}

export const MEASURE_DEFAULTS: MeasureValues = { source: 'ledger', type_code: [], study: false, who: 'org', min: 1, per: 'year', rate: 90, level: '', max: 0 };

export function fromMeasure(m: Measure | null): MeasureValues {
  const base = { ...MEASURE_DEFAULTS };
  if (!m) return { ...base, source: 'none' };
  switch (m.source) {
    case 'ledger':
      return {
        ...base,
        source: 'ledger',
        type_code: m.type_code === undefined ? [] : Array.isArray(m.type_code) ? m.type_code : [m.type_code],
        study: m.study ?? false,
        who: m.who,
        min: m.min,
        per: m.per,
      };
    case 'tasks_on_time':
      return { ...base, source: m.source, rate: Math.round(m.min_rate * 100) };
    case 'risk_reviews_signed':
      return { ...base, source: m.source, min: m.min };
    case 'incidents':
      return { ...base, source: m.source, level: m.level ?? '', max: m.max };
    case 'ethics_cases':
      return { ...base, source: m.source, max: m.max };
    case 'evidence':
      return { ...base, source: 'evidence' };
    case 'none':
      return { ...base, source: 'none' };
  }
}

export function toMeasure(v: MeasureValues): Measure {
  switch (v.source) {
    case 'ledger': {
      const codes = v.type_code ?? [];
      return {
        kind: 'auto',
        source: 'ledger',
        ...(codes.length ? { type_code: codes.length === 1 ? codes[0] : codes } : {}),
        ...(v.study ? { study: true } : {}),
        who: v.who ?? 'org',
        min: v.min ?? 1,
        per: v.per ?? 'year',
      };
    }
    case 'tasks_on_time':
      return { kind: 'auto', source: 'tasks_on_time', min_rate: Math.round(v.rate ?? 90) / 100 };
    case 'risk_reviews_signed':
      return { kind: 'auto', source: 'risk_reviews_signed', min: v.min ?? 1 };
    case 'incidents':
      return { kind: 'auto', source: 'incidents', ...(v.level?.trim() ? { level: v.level.trim() } : {}), max: v.max ?? 0 };
    case 'ethics_cases':
      return { kind: 'auto', source: 'ethics_cases', max: v.max ?? 0 };
    case 'evidence':
      return { kind: 'manual', source: 'evidence' };
    case 'none':
      return { kind: 'none', source: 'none' };
  }
}

/** Server field paths of the measure → this form's field names. */
export function measureFieldName(path: string): (string | number)[] | null {
  const m = path.match(/^measure(?:\.(\w+))?/);
  if (!m) return null;
  const key = m[1] === 'min_rate' ? 'rate' : (m[1] ?? 'source');
  return ['measure', key];
}

/** The measure editor: what counts (a record query, evidence accepted above, or nothing) and the threshold. */
export function MeasureFields() {
  const { t } = useTranslation();
  const can = useCan();
  const form = Form.useFormInstance();
  const source = Form.useWatch(['measure', 'source'], form) as MeasureSource | undefined;
  const study = Form.useWatch(['measure', 'study'], form) as boolean | undefined;
  const types = useQuery({
    queryKey: dutyKeys.activityTypes,
    queryFn: ({ signal }) => dutyApi.activityTypes(signal),
    staleTime: 5 * 60_000,
    enabled: can('ledger.read'),
  });
  const required = { required: true, message: t('duties.required') };

  return (
    <Row gutter={16}>
      <Col xs={24}>
        <Form.Item
          label={t('duties.item.source')}
          name={['measure', 'source']}
          rules={[required]}
          extra={source ? t(`duties.sourceHint.${source}`) : undefined}
        >
          <Select options={MEASURE_SOURCES.map((s) => ({ value: s, label: t(`duties.source.${s}`) }))} data-testid="item-source" />
        </Form.Item>
      </Col>
      {source === 'ledger' ? (
        <>
          <Col xs={24} sm={16}>
            <Form.Item
              label={t('duties.item.types')}
              name={['measure', 'type_code']}
              dependencies={[['measure', 'study']]}
              rules={[
                {
                  validator: (_r, v: string[] | undefined) =>
                    (v?.length ?? 0) > 0 || study ? Promise.resolve() : Promise.reject(new Error(t('duties.item.typesRequired'))),
                },
              ]}
            >
              <Select
                mode="tags"
                loading={types.isLoading}
                placeholder={t('duties.item.typesPlaceholder')}
                options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label=" " name={['measure', 'study']} valuePropName="checked">
              <Checkbox>{t('duties.item.study')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('duties.item.who')} name={['measure', 'who']} rules={[required]}>
              <Select options={WHO.map((w) => ({ value: w, label: t(`duties.whoOption.${w}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('duties.item.per')} name={['measure', 'per']} rules={[required]}>
              <Select options={MEASURE_PERIODS.map((p) => ({ value: p, label: t(`duties.perOption.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('duties.item.min')} name={['measure', 'min']} rules={[required]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} suffix={t('duties.item.timesUnit')} />
            </Form.Item>
          </Col>
        </>
      ) : null}
      {source === 'risk_reviews_signed' ? (
        <Col xs={12} sm={8}>
          <Form.Item label={t('duties.item.minPerYear')} name={['measure', 'min']} rules={[required]}>
            <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} suffix={t('duties.item.timesUnit')} />
          </Form.Item>
        </Col>
      ) : null}
      {source === 'tasks_on_time' ? (
        <Col xs={12} sm={8}>
          <Form.Item label={t('duties.item.rate')} name={['measure', 'rate']} rules={[required]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} suffix="%" />
          </Form.Item>
        </Col>
      ) : null}
      {source === 'incidents' ? (
        <Col xs={12} sm={8}>
          <Form.Item label={t('duties.item.level')} name={['measure', 'level']} extra={t('duties.item.levelHint')}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
      ) : null}
      {source === 'incidents' || source === 'ethics_cases' ? (
        <Col xs={12} sm={8}>
          <Form.Item label={t('duties.item.max')} name={['measure', 'max']} rules={[required]}>
            <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} suffix={t('duties.item.casesUnit')} />
          </Form.Item>
        </Col>
      ) : null}
      {source === 'incidents' || source === 'ethics_cases' ? (
        <Col xs={24}>
          <Typography.Text type="secondary">{t('duties.item.negativeOnly')}</Typography.Text>
        </Col>
      ) : null}
    </Row>
  );
}
