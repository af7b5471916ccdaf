import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Form, type FormInstance, Input, InputNumber, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEDGER_PERIODS, MEASURE_SOURCES, type MeasureSource, assessmentApi, assessmentKeys } from './api.ts';
import type { SystemValues } from './systemForm.ts';

const required = (message: string) => [{ required: true, whitespace: true, message }];
const CODE_RULE = /^\S+$/;

/** The fields of one indicator's measure that its source needs. */
function MeasureFields({ form, field, path }: { form: FormInstance<SystemValues>; field: number; path: (string | number)[] }) {
  const { t } = useTranslation();
  const types = useQuery({ queryKey: assessmentKeys.activityTypes, queryFn: ({ signal }) => assessmentApi.activityTypes(signal), staleTime: 10 * 60_000 });
  const source = Form.useWatch([...path, 'measure', 'source'], form) as MeasureSource | undefined;
  // Names inside a Form.List item are relative to the list: [index, 'measure', field].
  const rel = (name: string) => [field, 'measure', name];
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12} lg={8}>
        <Form.Item label={t('assessment.sys.source')} name={rel('source')} rules={[{ required: true, message: t('assessment.required') }]}>
          <Select options={MEASURE_SOURCES.map((s) => ({ value: s, label: t(`assessment.source.${s}`) }))} />
        </Form.Item>
      </Col>
      {source === 'ledger' ? (
        <>
          <Col xs={24} sm={12} lg={16}>
            <Form.Item
              label={t('assessment.sys.types')}
              name={rel('type_code')}
              rules={[{ required: true, type: 'array', min: 1, message: t('assessment.sys.typesRequired') }]}
            >
              <Select
                mode="multiple"
                loading={types.isLoading}
                showSearch={{ optionFilterProp: 'label' }}
                options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
                maxCount={20}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('assessment.sys.per')} name={rel('per')} rules={[{ required: true, message: t('assessment.required') }]}>
              <Select options={LEDGER_PERIODS.map((p) => ({ value: p, label: t(`assessment.perLabel.${p}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('assessment.sys.min')} name={rel('min')} rules={[{ required: true, message: t('assessment.required') }]}>
              <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('assessment.sys.who')} name={rel('who')} tooltip={t('assessment.sys.whoHint')}>
              <Select
                options={[
                  { value: 'org', label: t('assessment.sys.whoOrg') },
                  { value: 'attendee', label: t('assessment.sys.whoAttendee') },
                ]}
              />
            </Form.Item>
          </Col>
        </>
      ) : source === 'incidents' ? (
        <Col xs={24} sm={12} lg={8}>
          <Form.Item label={t('assessment.sys.deduct')} name={rel('deduct')} rules={[{ required: true, message: t('assessment.required') }]}>
            <InputNumber min={0} max={100} step={0.5} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      ) : source ? (
        <Col xs={24} sm={12} lg={16}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
            {t(`assessment.sourceHint.${source}`)}
          </Typography.Paragraph>
        </Col>
      ) : null}
    </Row>
  );
}

interface Props {
  form: FormInstance<SystemValues>;
  /** Σ max points of each category, to show beside its weight. */
  maxPoints: number[];
}

/** Categories (code, name, weight) and their indicators (points, criteria, how they are measured), as nested lists. */
export function CategoryEditor({ form, maxPoints }: Props) {
  const { t } = useTranslation();
  return (
    <Form.List name="categories">
      {(cats, catOps) => (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {cats.map((cat, ci) => (
            <Card
              key={cat.key}
              size="small"
              className="tz-as-edit-cat"
              title={
                <Space wrap size={4}>
                  <span>{t('assessment.sys.categoryN', { n: ci + 1 })}</span>
                  <Tag>{t('assessment.sys.sumPoints', { n: maxPoints[ci] ?? 0 })}</Tag>
                </Space>
              }
              extra={
                <Space size={0}>
                  <Tooltip title={t('assessment.sys.up')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined />}
                      disabled={ci === 0}
                      onClick={() => catOps.move(ci, ci - 1)}
                      aria-label={t('assessment.sys.up')}
                    />
                  </Tooltip>
                  <Tooltip title={t('assessment.sys.down')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={ci === cats.length - 1}
                      onClick={() => catOps.move(ci, ci + 1)}
                      aria-label={t('assessment.sys.down')}
                    />
                  </Tooltip>
                  <Tooltip title={t('assessment.sys.removeCategory')}>
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={cats.length <= 1}
                      onClick={() => catOps.remove(cat.name)}
                      aria-label={t('assessment.sys.removeCategory')}
                    />
                  </Tooltip>
                </Space>
              }
            >
              <Row gutter={12}>
                <Col xs={12} sm={6}>
                  <Form.Item
                    label={t('assessment.sys.code')}
                    name={[cat.name, 'code']}
                    rules={[...required(t('assessment.required')), { pattern: CODE_RULE, message: t('assessment.sys.codeRule') }]}
                  >
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={6}>
                  <Form.Item label={t('assessment.sys.weight')} name={[cat.name, 'weight']} rules={[{ required: true, message: t('assessment.required') }]}>
                    <InputNumber min={0} max={100} step={1} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item label={t('assessment.sys.categoryName')} name={[cat.name, 'name']} rules={required(t('assessment.required'))}>
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.List name={[cat.name, 'indicators']}>
                {(inds, indOps) => (
                  <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                    {inds.map((ind, ii) => (
                      <div key={ind.key} className="tz-as-edit-ind">
                        <div className="tz-as-edit-ind-head">
                          <Typography.Text strong>{t('assessment.sys.indicatorN', { n: ii + 1 })}</Typography.Text>
                          <Button type="text" size="small" danger icon={<DeleteOutlined />} disabled={inds.length <= 1} onClick={() => indOps.remove(ind.name)}>
                            {t('assessment.sys.removeIndicator')}
                          </Button>
                        </div>
                        <Row gutter={12}>
                          <Col xs={12} sm={6}>
                            <Form.Item
                              label={t('assessment.sys.code')}
                              name={[ind.name, 'code']}
                              rules={[...required(t('assessment.required')), { pattern: CODE_RULE, message: t('assessment.sys.codeRule') }]}
                            >
                              <Input maxLength={40} />
                            </Form.Item>
                          </Col>
                          <Col xs={12} sm={6}>
                            <Form.Item
                              label={t('assessment.sys.maxPoints')}
                              name={[ind.name, 'maxPoints']}
                              rules={[{ required: true, message: t('assessment.required') }]}
                            >
                              <InputNumber min={0.5} max={1000} step={0.5} style={{ width: '100%' }} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} sm={12}>
                            <Form.Item label={t('assessment.sys.indicatorName')} name={[ind.name, 'name']} rules={required(t('assessment.required'))}>
                              <Input maxLength={200} />
                            </Form.Item>
                          </Col>
                          <Col xs={24}>
                            <Form.Item label={t('assessment.sys.criteria')} name={[ind.name, 'criteria']}>
                              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
                            </Form.Item>
                          </Col>
                        </Row>
                        <MeasureFields form={form} field={ind.name} path={['categories', cat.name, 'indicators', ind.name]} />
                      </div>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => indOps.add({ code: '', name: '', maxPoints: 5, criteria: '', measure: { source: 'manual' } })}
                      block
                    >
                      {t('assessment.sys.addIndicator')}
                    </Button>
                  </Space>
                )}
              </Form.List>
            </Card>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() =>
              catOps.add({ code: '', name: '', weight: 0, indicators: [{ code: '', name: '', maxPoints: 5, criteria: '', measure: { source: 'manual' } }] })
            }
            block
          >
            {t('assessment.sys.addCategory')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
