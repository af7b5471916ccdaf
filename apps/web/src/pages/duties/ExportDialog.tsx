import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { dutyApi } from './api.ts';

interface Values {
  orgId: number | null;
  format: 'docx' | 'xlsx';
}

/** 导出: one org's three lists for the year with owners and results, as Word (GB/T 9704) or Excel. */
export function ExportButton({ year, orgId }: { year: number; orgId: number | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<Values>();
  const org = useOrgDetail(orgId);

  const run = async (v: Values) => {
    if (!v.orgId) return;
    setBusy(true);
    setError(null);
    try {
      await dutyApi.exportLists({ orgId: v.orgId, year, format: v.format }, t('duties.export.fallback', { year, ext: v.format }));
      message.success(t('duties.export.done'));
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        onClick={() => {
          setError(null);
          form.setFieldsValue({ orgId, format: 'docx' });
          setOpen(true);
        }}
        data-testid="duties-export"
      >
        {t('duties.export.button')}
      </Button>
      <Modal
        open={open}
        title={t('duties.export.title', { year })}
        okText={t('duties.export.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        forceRender
      >
        <Alert type="info" showIcon title={t('duties.export.hint')} style={{ marginBottom: 16 }} />
        {error ? <ErrorAlert error={error} style={{ marginBottom: 12 }} /> : null}
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void run(v)} initialValues={{ orgId, format: 'docx' }}>
          <Form.Item label={t('duties.f.org')} name="orgId" rules={[{ required: true, message: t('duties.required') }]}>
            <OrgPicker allowClear={false} initial={org.data ? { id: org.data.unit.id, name: org.data.unit.name, code: org.data.unit.code } : null} />
          </Form.Item>
          <Form.Item label={t('duties.export.format')} name="format">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'docx', label: t('duties.export.docx') },
                { value: 'xlsx', label: t('duties.export.xlsx') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
