import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, Modal, Radio, Row, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../../api/client.ts';
import { useCan } from '../../../auth/session.ts';
import { ErrorAlert, applyFieldErrors } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import { type HonourCategoryView, type HonourTarget, TARGETS, devApi, devKeys } from '../api.ts';

interface Values {
  code?: string;
  name?: string;
  target?: HonourTarget;
}

const CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** The honour categories (data, not code): listed for everyone, added at committee level. */
export function CategoriesModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const editable = can('honour.manage') && can('ledger.configure');
  const q = useQuery({ queryKey: devKeys.honourCategories, queryFn: ({ signal }) => devApi.honourCategories(signal), enabled: open });
  const add = useMutation({
    mutationFn: (v: Values) => devApi.createCategory({ code: v.code?.trim() ?? '', name: v.name?.trim() ?? '', target: v.target ?? 'person' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.honourCategories });
      message.success(t('development.honours.categoryAdded'));
      form.resetFields();
    },
    onError: (err) => applyFieldErrors(form, err, ['code', 'name', 'target']),
  });
  const conflict = isConflict(add.error);
  return (
    <Modal open={open} onCancel={onClose} footer={null} width={680} title={t('development.honours.categoriesTitle')} destroyOnHidden>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<HonourCategoryView>
        rowKey="code"
        size="small"
        loading={q.isLoading}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 480 }}
        columns={[
          { title: t('development.honours.categoryName'), dataIndex: 'name' },
          { title: t('development.honours.categoryCode'), dataIndex: 'code', width: 190 },
          { title: t('development.honours.categoryTarget'), dataIndex: 'target', width: 90, render: (v: HonourTarget) => t(`development.target.${v}`) },
          {
            title: t('development.honours.categoryActive'),
            dataIndex: 'active',
            width: 80,
            render: (v: boolean) => (v ? <Tag color="green">{t('development.honours.categoryInUse')}</Tag> : <Tag>{t('development.honours.categoryOff')}</Tag>),
          },
        ]}
      />
      {editable ? (
        <Card size="small" title={t('development.honours.addCategory')} style={{ marginTop: 16 }}>
          {conflict ? (
            <Alert type="error" showIcon title={t('development.honours.categoryExists')} style={{ marginBottom: 12 }} />
          ) : add.error && !(add.error instanceof ApiError && add.error.code === 'validation_failed') ? (
            <ErrorAlert error={add.error} style={{ marginBottom: 12 }} />
          ) : null}
          <Form<Values> form={form} layout="vertical" name="dev-category" initialValues={{ target: 'person' }} onFinish={(v) => add.mutate(v)}>
            <Row gutter={12}>
              <Col xs={24} sm={8}>
                <Form.Item
                  name="name"
                  label={t('development.honours.categoryName')}
                  rules={[{ required: true, whitespace: true, message: t('development.common.required') }]}
                >
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={9}>
                <Form.Item
                  name="code"
                  label={t('development.honours.categoryCode')}
                  tooltip={t('development.honours.categoryCodeHint')}
                  rules={[
                    { required: true, message: t('development.common.required') },
                    { pattern: CODE, message: t('development.honours.categoryCodeInvalid') },
                  ]}
                >
                  <Input maxLength={40} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={7}>
                <Form.Item name="target" label={t('development.honours.categoryTarget')}>
                  <Radio.Group optionType="button" options={TARGETS.map((x) => ({ value: x, label: t(`development.target.${x}`) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
              {t('development.honours.addCategory')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Alert type="info" showIcon title={t('development.honours.categoryReadonly')} style={{ marginTop: 16 }} />
      )}
    </Modal>
  );
}
