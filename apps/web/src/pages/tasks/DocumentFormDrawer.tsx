import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import dayjs from '../../i18n/dayjs.ts';
import { type DocumentDetail, type PersonOption, tasksApi, tasksKeys } from './api.ts';
import { applyServerErrors } from './formErrors.ts';
import { OrgTreeMultiSelect } from './OrgTreeMultiSelect.tsx';
import { useDrawerSize } from './ui.tsx';

interface Values {
  title?: string;
  issuingOrgId?: number | null;
  readWithinDays?: number;
  body?: string;
  orgIds?: number[];
  personIds?: number[];
}

interface Props {
  open: boolean;
  defaultOrgId: number | null;
  onClose: () => void;
  onPublished: (doc: DocumentDetail) => void;
}

function fieldName(field: string): string[] | null {
  if (['title', 'body', 'issuingOrgId', 'readWithinDays'].includes(field)) return [field];
  if (field === 'targets' || field === 'targets.orgIds') return ['orgIds'];
  if (field === 'targets.personIds') return ['personIds'];
  return null;
}

/** People found by name or code (server search), for conveying a document to named persons. */
function PersonSelect({ value, onChange, id }: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [known, setKnown] = useState<Map<number, PersonOption>>(new Map());
  const found = useQuery({ queryKey: ['tasks', 'people', q], queryFn: ({ signal }) => tasksApi.searchPeople(q, signal), enabled: q.length > 0 });
  const options = [...(found.data ?? []), ...[...known.values()].filter((p) => !(found.data ?? []).some((x) => x.id === p.id))].map((p) => ({
    value: p.id,
    label: t('common.withParen', { text: p.name, inner: p.partyOrgName ?? p.unitName ?? p.code }),
  }));
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={(v) => {
        setKnown((m) => {
          const next = new Map(m);
          for (const p of found.data ?? []) if (v.includes(p.id)) next.set(p.id, p);
          return next;
        });
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setText }}
      options={options}
      placeholder={t('tasks.doc.personPlaceholder')}
      notFoundContent={found.isFetching ? <Spin size="small" /> : q ? t('tasks.doc.noPeople') : t('tasks.doc.typeToSearch')}
      style={{ width: '100%' }}
    />
  );
}

/** Publish a document (文件传达) to orgs (their party members) and/or named people, to be read within N days. */
export function DocumentFormDrawer({ open, defaultOrgId, onClose, onPublished }: Props) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(720);
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<FieldProblem[] | undefined>(undefined);
  const days = Form.useWatch('readWithinDays', form);
  const issuingOrgId = Form.useWatch('issuingOrgId', form) as number | null | undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setProblems(undefined);
    form.setFieldsValue({ issuingOrgId: defaultOrgId, readWithinDays: 7, orgIds: defaultOrgId ? [defaultOrgId] : [], personIds: [] });
  }, [open]);

  const publish = useMutation({
    mutationFn: (v: Values) =>
      tasksApi.publish({
        title: v.title?.trim() ?? '',
        body: v.body ?? '',
        issuingOrgId: v.issuingOrgId ?? 0,
        readWithinDays: v.readWithinDays ?? 7,
        targets: { orgIds: v.orgIds ?? [], personIds: v.personIds ?? [] },
      }),
    onSuccess: (doc) => {
      void qc.invalidateQueries({ queryKey: tasksKeys.all });
      message.success(t('tasks.doc.published', { n: doc.receipts.total }));
      onPublished(doc);
    },
    onError: (err) => setProblems(applyServerErrors(form, err, fieldName)),
  });

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        if (!(v.orgIds?.length || v.personIds?.length)) {
          form.setFields([{ name: 'orgIds', errors: [t('tasks.doc.targetRequired')] }]);
          return;
        }
        publish.reset();
        void modal.confirm({
          title: t('tasks.doc.confirmTitle'),
          content: t('tasks.doc.confirmBody', {
            title: v.title?.trim() ?? '',
            due: dayjs()
              .add(v.readWithinDays ?? 7, 'day')
              .format('YYYY-MM-DD'),
          }),
          okText: t('tasks.doc.publish'),
          cancelText: t('common.cancel'),
          onOk: () => publish.mutateAsync(v).catch(() => undefined),
        });
      })
      .catch(() => undefined);

  return (
    <Drawer
      open={open}
      title={t('tasks.doc.createTitle')}
      onClose={onClose}
      size={drawerSize}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" icon={<SendOutlined />} loading={publish.isPending} onClick={submit} data-testid="doc-publish">
            {t('tasks.doc.publish')}
          </Button>
        </Space>
      }
    >
      {modalHolder}
      {publish.error ? <ErrorAlert error={publish.error} extra={problems} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" requiredMark name="document-form" disabled={publish.isPending}>
        <Form.Item
          name="title"
          label={t('tasks.doc.title')}
          rules={[
            { required: true, whitespace: true, message: t('tasks.required') },
            { min: 2, message: t('tasks.form.titleMin') },
          ]}
        >
          <Input maxLength={200} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="issuingOrgId" label={t('tasks.form.issuingOrg')} rules={[{ required: true, message: t('tasks.required') }]}>
              <OrgPicker allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="readWithinDays"
              label={t('tasks.doc.readWithin')}
              rules={[{ required: true, message: t('tasks.required') }]}
              extra={days ? t('tasks.doc.dueOn', { date: dayjs().add(days, 'day').format('YYYY-MM-DD') }) : undefined}
            >
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} suffix={t('tasks.days')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label={t('tasks.doc.body')}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 18 }} maxLength={200_000} placeholder={t('tasks.doc.bodyPlaceholder')} />
        </Form.Item>
        <Form.Item name="orgIds" label={t('tasks.doc.targetOrgs')} extra={t('tasks.doc.targetOrgsHint')}>
          <OrgTreeMultiSelect placeholder={t('tasks.form.targetPickPlaceholder')} within={issuingOrgId ? { id: issuingOrgId, includeSelf: true } : null} />
        </Form.Item>
        <Form.Item name="personIds" label={t('tasks.doc.targetPeople')}>
          <PersonSelect />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('tasks.doc.notifyHint')}</Typography.Paragraph>
      </Form>
    </Drawer>
  );
}
