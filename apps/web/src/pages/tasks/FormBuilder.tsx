import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Col, Empty, Form, Input, Row, Select, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPE_LIST, type FieldType, tasksApi, tasksKeys } from './api.ts';

export interface FieldValues {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  options?: string[];
  figureKey?: string | null;
}

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

function nextKey(existing: readonly (FieldValues | undefined)[]): string {
  const used = new Set(existing.map((f) => f?.key));
  let i = existing.length + 1;
  while (used.has(`field_${i}`)) i++;
  return `field_${i}`;
}

/** The server's FormField list of what the builder holds. */
export function toFormFields(fields: FieldValues[] | undefined) {
  return (fields ?? []).map((f) => ({
    key: f.key.trim(),
    label: f.label.trim(),
    type: f.type,
    required: !!f.required,
    ...(f.type === 'choice' ? { options: (f.options ?? []).map((o) => o.trim()).filter(Boolean) } : {}),
    ...(f.figureKey ? { figureKey: f.figureKey } : {}),
  }));
}

/**
 * The feedback form a target fills in: fields of five types; a number field may be bound to a figure the platform
 * computes from the school's records, so the school confirms a prefilled number instead of counting again.
 */
export function FormBuilder() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const figures = useQuery({ queryKey: tasksKeys.figures, queryFn: ({ signal }) => tasksApi.figures(signal), staleTime: 10 * 60_000 });
  const fields = (Form.useWatch('form', form) as (FieldValues | undefined)[] | undefined) ?? [];

  return (
    <Form.List name="form">
      {(items, { add, remove, move }) => (
        <div>
          {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.builder.empty')} style={{ margin: '8px 0' }} /> : null}
          {items.map((item, index) => {
            const value = fields[index];
            const bound = !!value?.figureKey;
            return (
              <div key={item.key} className="tz-form-field-row" data-testid="form-field-row">
                <Row gutter={8} align="top">
                  <Col xs={24} sm={10}>
                    <Form.Item
                      name={[item.name, 'label']}
                      label={t('tasks.builder.label', { n: index + 1 })}
                      rules={[{ required: true, whitespace: true, message: t('tasks.required') }]}
                    >
                      <Input maxLength={100} placeholder={t('tasks.builder.labelPlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[item.name, 'type']} label={t('tasks.builder.type')} rules={[{ required: true, message: t('tasks.required') }]}>
                      <Select disabled={bound} options={FIELD_TYPE_LIST.map((ft) => ({ value: ft, label: t(`tasks.fieldType.${ft}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={8}>
                    <Form.Item
                      name={[item.name, 'key']}
                      label={t('tasks.builder.key')}
                      tooltip={t('tasks.builder.keyHint')}
                      rules={[
                        { required: true, message: t('tasks.required') },
                        { pattern: KEY_PATTERN, message: t('tasks.builder.keyPattern') },
                        {
                          validator: (_r, v: string) =>
                            v && fields.some((f, i) => i !== index && f?.key === v)
                              ? Promise.reject(new Error(t('tasks.builder.keyDuplicate')))
                              : Promise.resolve(),
                        },
                      ]}
                    >
                      <Input maxLength={40} />
                    </Form.Item>
                  </Col>
                  {value?.type === 'choice' ? (
                    <Col xs={24}>
                      <Form.Item
                        name={[item.name, 'options']}
                        label={t('tasks.builder.options')}
                        rules={[{ required: true, type: 'array', min: 1, message: t('tasks.builder.optionsRequired') }]}
                      >
                        <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} placeholder={t('tasks.builder.optionsPlaceholder')} />
                      </Form.Item>
                    </Col>
                  ) : null}
                  {value?.type === 'number' || bound ? (
                    <Col xs={24} sm={14}>
                      <Form.Item name={[item.name, 'figureKey']} label={t('tasks.builder.figure')} tooltip={t('tasks.builder.figureHint')}>
                        <Select
                          allowClear
                          loading={figures.isLoading}
                          placeholder={t('tasks.builder.figureNone')}
                          options={(figures.data ?? []).map((f) => ({ value: f.key, label: f.label }))}
                          onChange={(v) => {
                            if (v) form.setFieldValue(['form', item.name, 'type'], 'number');
                          }}
                        />
                      </Form.Item>
                    </Col>
                  ) : null}
                  <Col xs={24} sm={value?.type === 'number' || bound ? 10 : 24}>
                    <Space wrap style={{ width: '100%', justifyContent: 'space-between', minHeight: 32, marginBottom: 12 }}>
                      <Form.Item name={[item.name, 'required']} valuePropName="checked" noStyle>
                        <Checkbox>{t('tasks.builder.required')}</Checkbox>
                      </Form.Item>
                      <Space size={2}>
                        <Tooltip title={t('tasks.builder.up')}>
                          <Button
                            size="small"
                            type="text"
                            icon={<ArrowUpOutlined />}
                            disabled={index === 0}
                            aria-label={t('tasks.builder.up')}
                            onClick={() => move(index, index - 1)}
                          />
                        </Tooltip>
                        <Tooltip title={t('tasks.builder.down')}>
                          <Button
                            size="small"
                            type="text"
                            icon={<ArrowDownOutlined />}
                            disabled={index === items.length - 1}
                            aria-label={t('tasks.builder.down')}
                            onClick={() => move(index, index + 1)}
                          />
                        </Tooltip>
                        <Tooltip title={t('tasks.builder.remove')}>
                          <Button
                            size="small"
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('tasks.builder.remove')}
                            onClick={() => remove(index)}
                          />
                        </Tooltip>
                      </Space>
                    </Space>
                  </Col>
                </Row>
              </div>
            );
          })}
          <Space wrap>
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ key: nextKey(fields), label: '', type: 'text', required: false } satisfies FieldValues)}
              disabled={items.length >= 50}
              data-testid="add-field"
            >
              {t('tasks.builder.add')}
            </Button>
            <Typography.Text type="secondary">{t('tasks.builder.hint')}</Typography.Text>
          </Space>
        </div>
      )}
    </Form.List>
  );
}
