import { Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import dayjs from '../../i18n/dayjs.ts';
import type { Answer, AssignmentDetail, AssignmentField } from './api.ts';

export interface FeedbackValues {
  answers?: Record<string, string | number | Dayjs | null | undefined>;
  confirmed?: Record<string, boolean>;
  evidence?: string[];
}

/** Form values of an assignment: the stored answers, or the figures computed from records for bound fields. */
export function initialFeedback(a: AssignmentDetail): FeedbackValues {
  const answers: FeedbackValues['answers'] = {};
  for (const f of a.fields) {
    const v = f.value;
    answers[f.key] = f.type === 'date' && typeof v === 'string' && v ? dayjs(v) : v;
  }
  return { answers, confirmed: {}, evidence: a.evidence };
}

/** What the server takes: dates as YYYY-MM-DD, blanks as null. */
export function toAnswers(fields: AssignmentField[], v: FeedbackValues): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  for (const f of fields) {
    const x = v.answers?.[f.key];
    if (x === undefined || x === null || x === '') out[f.key] = null;
    else if (dayjs.isDayjs(x)) out[f.key] = x.format('YYYY-MM-DD');
    else if (typeof x === 'string') out[f.key] = x.trim() || null;
    else out[f.key] = x;
  }
  return out;
}

/** What Form.Item hands its child: the control must pass these on, or the field would not be bound. */
interface ControlProps {
  id?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
  disabled?: boolean;
  'aria-invalid'?: boolean;
}

function FieldInput({ field, ...control }: { field: AssignmentField } & ControlProps) {
  const { t } = useTranslation();
  const { id, value, onChange, disabled } = control;
  if (field.type === 'number') return <InputNumber id={id} value={value as number | null} onChange={onChange} disabled={disabled} style={{ width: '100%' }} />;
  if (field.type === 'date')
    return <DatePicker id={id} value={(value as Dayjs | null) ?? null} onChange={onChange} disabled={disabled} style={{ width: '100%' }} />;
  if (field.type === 'choice') {
    const options = (field.options ?? []).map((o) => ({ value: o, label: o }));
    return options.length <= 4 ? (
      <Radio.Group id={id} value={value} onChange={(e) => onChange?.(e.target.value)} disabled={disabled} options={options} />
    ) : (
      <Select
        id={id}
        value={value as string | null}
        onChange={onChange}
        disabled={disabled}
        allowClear
        options={options}
        placeholder={t('tasks.fill.choose')}
      />
    );
  }
  const text = (value as string | null | undefined) ?? '';
  if (field.type === 'file')
    return (
      <Input
        id={id}
        value={text}
        onChange={(e) => onChange?.(e.target.value)}
        disabled={disabled}
        maxLength={300}
        placeholder={t('tasks.fill.filePlaceholder')}
      />
    );
  return (
    <Input.TextArea
      id={id}
      value={text}
      onChange={(e) => onChange?.(e.target.value)}
      disabled={disabled}
      autoSize={{ minRows: 1, maxRows: 6 }}
      maxLength={10_000}
    />
  );
}

/** The editable feedback form; a field bound to a figure shows the computed value, and the user confirms it. */
export function FeedbackFields({ detail, periodLabel }: { detail: AssignmentDetail; periodLabel: string }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<FeedbackValues>();
  return (
    <>
      {detail.fields.map((f) => {
        const bound = !!f.figureKey;
        return (
          <div key={f.key} className={bound ? 'tz-bound-field' : undefined}>
            <Form.Item
              name={['answers', f.key]}
              label={
                <span>
                  {f.label}
                  {bound ? (
                    <Tag color="gold" style={{ marginInlineStart: 6 }}>
                      {t('tasks.fill.bound')}
                    </Tag>
                  ) : null}
                </span>
              }
              rules={f.required ? [{ required: true, message: t('tasks.fill.requiredField', { label: f.label }) }] : []}
              extra={
                bound ? (
                  f.prefill === null ? (
                    t('tasks.fill.prefillUnavailable')
                  ) : (
                    <Form.Item noStyle shouldUpdate={(a, b) => a.answers?.[f.key] !== b.answers?.[f.key]}>
                      {() => {
                        const cur = form.getFieldValue(['answers', f.key]) as unknown;
                        const differs = cur !== null && cur !== undefined && cur !== '' && Number(cur) !== f.prefill;
                        return (
                          <span>
                            {t('tasks.fill.prefillFrom', { value: f.prefill, period: periodLabel })}
                            {differs ? (
                              <Typography.Text type="warning" style={{ marginInlineStart: 6 }}>
                                {t('tasks.fill.prefillDiffers')}
                              </Typography.Text>
                            ) : null}
                          </span>
                        );
                      }}
                    </Form.Item>
                  )
                ) : undefined
              }
            >
              <FieldInput field={f} />
            </Form.Item>
            {bound ? (
              <Form.Item
                name={['confirmed', f.key]}
                valuePropName="checked"
                rules={[{ validator: (_r, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('tasks.fill.confirmRequired')))) }]}
                style={{ marginTop: -12 }}
              >
                <Checkbox data-testid={`confirm-${f.key}`}>{t('tasks.fill.confirm')}</Checkbox>
              </Form.Item>
            ) : null}
          </div>
        );
      })}
      <Form.Item
        name="evidence"
        label={t('tasks.fill.evidence')}
        extra={t('tasks.fill.evidenceHint')}
        rules={
          detail.evidenceRequired && !detail.fields.some((f) => f.type === 'file')
            ? [{ required: true, type: 'array', min: 1, message: t('tasks.fill.evidenceRequired') }]
            : []
        }
        required={detail.evidenceRequired}
      >
        <Select mode="tags" open={false} tokenSeparators={[';', '；']} placeholder={t('tasks.fill.evidencePlaceholder')} />
      </Form.Item>
    </>
  );
}

/** The submitted answers, read-only. */
export function FeedbackView({ detail }: { detail: AssignmentDetail }) {
  const { t } = useTranslation();
  const show = (f: AssignmentField) => {
    const v = detail.answers[f.key];
    if (v === undefined || v === null || v === '') return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
    return (
      <span>
        {String(v)}
        {f.figureKey && f.prefill !== null && Number(v) !== f.prefill ? (
          <Typography.Text type="warning" style={{ marginInlineStart: 6 }}>
            {t('tasks.fill.nowComputed', { value: f.prefill })}
          </Typography.Text>
        ) : null}
      </span>
    );
  };
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: '38%' } }}
      items={[
        ...detail.fields.map((f) => ({ key: f.key, label: f.label, children: show(f) })),
        {
          key: '__evidence',
          label: t('tasks.fill.evidence'),
          children: detail.evidence.length ? detail.evidence.map((e) => <Tag key={e}>{e}</Tag>) : t('common.none'),
        },
      ]}
    />
  );
}
