import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type Campaign, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export type CampaignTarget = { mode: 'create'; orgId: number; year: number } | { mode: 'edit'; campaign: Campaign };

interface Values {
  orgId?: number | null;
  year?: number;
  name?: string;
  startDate?: Dayjs;
  endDate?: Dayjs;
  notes?: string;
}

const FIELDS = ['orgId', 'year', 'name', 'startDate', 'endDate', 'notes'];

/** Launch or edit a screening campaign (排查活动): its window, name and notes (mobilisation, themed lessons). */
export function CampaignFormDrawer({ target, onClose }: { target: CampaignTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [fresh, setFresh] = useState<Campaign | null>(null);
  const campaign = fresh ?? (target?.mode === 'edit' ? target.campaign : null);

  const openKey = target ? (target.mode === 'edit' ? `edit:${target.campaign.id}` : `create:${target.orgId}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    setFresh(null);
    if (target.mode === 'create') form.setFieldsValue({ orgId: target.orgId, year: target.year, notes: '' });
    else fill(target.campaign);
  }, [openKey]);

  function fill(c: Campaign) {
    form.setFieldsValue({ year: c.year, name: c.name, startDate: dayjs(c.startDate), endDate: dayjs(c.endDate), notes: c.notes });
  }

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        year: v.year ?? dayjs().year(),
        name: v.name?.trim() ?? '',
        startDate: (v.startDate ?? dayjs()).format(DATE),
        endDate: (v.endDate ?? dayjs()).format(DATE),
        notes: v.notes?.trim() ?? '',
      };
      if (campaign) return safetyApi.updateCampaign(campaign.id, { ...body, version: campaign.version });
      return safetyApi.createCampaign({ ...body, orgId: v.orgId ?? 0 });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(t('safety.saved'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS)),
  });

  const reload = async () => {
    if (!campaign) return;
    const c = await safetyApi.campaign(campaign.id);
    setFresh(c);
    fill(c);
    save.reset();
  };

  return (
    <Drawer
      open={target !== null}
      title={campaign ? t('safety.campaign.editTitle') : t('safety.campaign.createTitle')}
      onClose={onClose}
      size={drawerWidth(600)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              form
                .validateFields()
                .then((v) => save.mutate(v))
                .catch(() => {})
            }
            data-testid="campaign-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <SaveError error={save.error} extra={extra} onReload={() => void reload()} />
      <Form<Values> form={form} layout="vertical" name="campaign-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={16}>
            {campaign ? (
              <Form.Item label={t('safety.campaign.org')}>
                <Typography.Text strong>{campaign.orgName}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item
                label={t('safety.campaign.org')}
                name="orgId"
                tooltip={t('safety.campaign.orgHint')}
                rules={[{ required: true, message: t('safety.required') }]}
              >
                <OrgPicker allowClear={false} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('safety.year')} name="year" rules={[{ required: true, message: t('safety.required') }]}>
              <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('safety.campaign.name')}
              name="name"
              rules={[
                { required: true, whitespace: true, message: t('safety.required') },
                { min: 2, message: t('safety.campaign.nameShort') },
              ]}
            >
              <Input maxLength={200} showCount placeholder={t('safety.campaign.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item label={t('safety.campaign.startDate')} name="startDate" rules={[{ required: true, message: t('safety.required') }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              label={t('safety.campaign.endDate')}
              name="endDate"
              dependencies={['startDate']}
              rules={[
                { required: true, message: t('safety.required') },
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | undefined) => {
                    const start = getFieldValue('startDate') as Dayjs | undefined;
                    return v && start && v.isBefore(start, 'day') ? Promise.reject(new Error(t('safety.endBeforeStart'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('safety.campaign.notes')} name="notes" tooltip={t('safety.campaign.notesHint')}>
              <Input.TextArea rows={4} maxLength={5000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
