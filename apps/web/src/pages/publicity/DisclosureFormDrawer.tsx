import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert, applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { DISCLOSURE_CATEGORY_LIST, type DisclosureCategory, type DisclosurePatch, type DisclosureView, publicityApi, publicityKeys } from './api.ts';
import { ConflictAlert } from './common.tsx';
import { isConflict } from '../../api/client.ts';
import { drawerWidth } from '../../components/sizing.ts';

export type DisclosureTarget = { mode: 'create'; orgId?: number | null; category?: DisclosureCategory } | { mode: 'edit'; disclosure: DisclosureView };

interface Values {
  orgId?: number | null;
  category?: DisclosureCategory;
  title?: string;
  disclosedOn?: Dayjs;
  channel?: string;
  link?: string;
}

const FIELDS = ['orgId', 'category', 'title', 'disclosedOn', 'channel', 'link'] as const;
/** Channels offices use most; any other may be typed. */
const CHANNEL_KEYS = ['site', 'board', 'wechat', 'meeting', 'campus'] as const;

interface Props {
  target: DisclosureTarget | null;
  onClose: () => void;
  onReload: (id: number) => Promise<void>;
}

/** Records a disclosure item (党务政务公开) or corrects one. */
export function DisclosureFormDrawer({ target, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const d = target?.mode === 'edit' ? target.disclosure : null;
  // The label of a preset org (补录 from the missing list) before the picker has searched for it.
  const orgDetail = useOrgDetail(target?.mode === 'create' ? (target.orgId ?? null) : null);
  const openKey = target ? (d ? `edit:${d.id}:${d.version}` : `create:${target.mode === 'create' ? `${target.orgId}:${target.category}` : ''}`) : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey)
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    save.reset();
    if (target.mode === 'create') form.setFieldsValue({ orgId: target.orgId ?? null, category: target.category, disclosedOn: dayjs() });
    else {
      const x = target.disclosure;
      form.setFieldsValue({ category: x.category, title: x.title, disclosedOn: dayjs(x.disclosedOn), channel: x.channel, link: x.link ?? '' });
    }
  }, [openKey]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const fields = {
        category: v.category ?? '其他',
        title: v.title?.trim() ?? '',
        disclosedOn: (v.disclosedOn ?? dayjs()).format('YYYY-MM-DD'),
        channel: v.channel?.trim() ?? '',
        link: v.link?.trim() || null,
      };
      if (!d) return publicityApi.createDisclosure({ orgId: v.orgId ?? 0, ...fields });
      const patch: DisclosurePatch = { version: d.version };
      if (fields.category !== d.category) patch.category = fields.category;
      if (fields.title !== d.title) patch.title = fields.title;
      if (fields.disclosedOn !== d.disclosedOn) patch.disclosedOn = fields.disclosedOn;
      if (fields.channel !== d.channel) patch.channel = fields.channel;
      if (fields.link !== d.link) patch.link = fields.link;
      return publicityApi.updateDisclosure(d.id, patch);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(d ? t('publicity.saved') : t('publicity.disclosure.created'));
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
      title={d ? t('publicity.disclosure.editTitle') : t('publicity.disclosure.createTitle')}
      onClose={onClose}
      size={drawerWidth(560)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={finish} data-testid="disclosure-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {isConflict(save.error) && d ? (
        <ConflictAlert onReload={() => void onReload(d.id).then(() => save.reset())} />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="disclosure-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            {d ? (
              <Form.Item label={t('publicity.disclosure.org')}>
                <Typography.Text strong>{d.orgName}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('publicity.disclosure.org')} name="orgId" rules={[{ required: true, message: t('publicity.required') }]}>
                <OrgPicker
                  allowClear={false}
                  placeholder={t('publicity.pickOrg')}
                  initial={orgDetail.data ? { id: orgDetail.data.unit.id, name: orgDetail.data.unit.name, code: orgDetail.data.unit.code } : null}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item label={t('publicity.disclosure.category')} name="category" rules={[{ required: true, message: t('publicity.required') }]}>
              <Select options={DISCLOSURE_CATEGORY_LIST.map((c) => ({ value: c, label: t(`publicity.category.${c}`) }))} data-testid="disclosure-category" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('publicity.disclosure.title')} name="title" rules={[{ required: true, whitespace: true, message: t('publicity.required') }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={300} showCount data-testid="disclosure-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item label={t('publicity.disclosure.date')} name="disclosedOn" rules={[{ required: true, message: t('publicity.required') }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              label={t('publicity.disclosure.channel')}
              name="channel"
              rules={[{ required: true, whitespace: true, message: t('publicity.required') }]}
            >
              <AutoComplete
                options={CHANNEL_KEYS.map((k) => ({ value: t(`publicity.channel.${k}`) }))}
                placeholder={t('publicity.disclosure.channelPlaceholder')}
                maxLength={100}
                data-testid="disclosure-channel"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('publicity.disclosure.link')} name="link" rules={[{ type: 'url', message: t('publicity.invalidUrl') }]}>
              <Input maxLength={500} placeholder="https://" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
