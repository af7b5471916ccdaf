import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Col, DatePicker, Descriptions, Drawer, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { Loading } from '../../components/Loading.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { GENDERS, POST_OPTIONS, type PersonDetail, type PersonInput, type PostView, STATUSES, peopleApi, peopleKeys } from './api.ts';
import { StatusTag } from './StatusTag.tsx';
import { drawerWidth } from '../../components/sizing.ts';

const DATE = 'YYYY-MM-DD';
const day = (d: Dayjs | null | undefined) => (d ? d.format(DATE) : null);
const parse = (s: string | null) => (s ? dayjs(s, DATE) : null);

interface EditValues {
  name: string;
  gender?: (typeof GENDERS)[number] | null;
  birthDate?: Dayjs | null;
  unitId?: number | null;
  partyOrgId?: number | null;
  politicalStatus: PersonInput['politicalStatus'];
  joinDate?: Dayjs | null;
  conversionDate?: Dayjs | null;
  phone?: string;
}
const EDIT_FIELDS = ['name', 'gender', 'birthDate', 'unitId', 'partyOrgId', 'politicalStatus', 'joinDate', 'conversionDate', 'phone'] as const;

/** Edit a person; saves against the latest version read; a 409 keeps the form and offers a refresh. */
function EditModal({
  person,
  open,
  onClose,
  onSaved,
  onRefresh,
}: {
  person: PersonDetail;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
  onRefresh: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const unit = useOrgDetail(open ? person.unitId : null);
  const party = useOrgDetail(open ? person.partyOrgId : null);
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      peopleApi.update(person.id, {
        version: person.version,
        name: v.name.trim(),
        gender: v.gender ?? null,
        birthDate: day(v.birthDate),
        unitId: v.unitId ?? null,
        partyOrgId: v.partyOrgId ?? null,
        politicalStatus: v.politicalStatus,
        joinDate: day(v.joinDate),
        conversionDate: day(v.conversionDate),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      }),
    onSuccess: onSaved,
    onError: (err) => setExtra(applyFieldErrors(form, err, EDIT_FIELDS)),
  });
  const { reset } = save;

  // Fill the form each time it opens (not when the person is re-read after a conflict: what was typed stays).
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill on opening only
  useEffect(() => {
    if (!open) return;
    reset();
    setExtra(undefined);
    form.resetFields();
    form.setFieldsValue({
      name: person.name,
      gender: (person.gender as EditValues['gender']) ?? null,
      birthDate: parse(person.birthDate),
      unitId: person.unitId,
      partyOrgId: person.partyOrgId,
      politicalStatus: person.politicalStatus as EditValues['politicalStatus'],
      joinDate: parse(person.joinDate),
      conversionDate: parse(person.conversionDate),
      phone: '',
    });
  }, [open]);

  const conflict = isConflict(save.error);
  return (
    <Modal
      open={open}
      title={t('people.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={640}
      mask={{ closable: false }}
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('people.conflict')}
          style={{ marginBottom: 16 }}
          action={
            <Button
              size="small"
              loading={refreshing}
              onClick={async () => {
                setRefreshing(true);
                try {
                  await onRefresh();
                  save.reset();
                } finally {
                  setRefreshing(false);
                }
              }}
            >
              {t('people.reload')}
            </Button>
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<EditValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} name="person-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('people.name')}
              name="name"
              rules={[{ required: true, whitespace: true, message: t('people.required', { field: t('people.name') }) }]}
            >
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item label={t('people.gender')} name="gender">
              <Select allowClear options={GENDERS.map((g) => ({ value: g, label: g }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item label={t('people.birthDate')} name="birthDate">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('people.unit')} name="unitId">
              <OrgPicker initial={unit.data?.unit ?? null} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('people.partyOrg')} name="partyOrgId">
              <OrgPicker initial={party.data?.unit ?? null} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              label={t('people.status')}
              name="politicalStatus"
              rules={[{ required: true, message: t('people.required', { field: t('people.status') }) }]}
            >
              <Select options={STATUSES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('people.joinDate')} name="joinDate">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('people.conversionDate')} name="conversionDate">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label={t('people.phone')}
              name="phone"
              rules={[{ pattern: /^\s*(1\d{10})?\s*$/, message: t('people.phoneRule') }]}
              extra={t('people.phoneKeep')}
            >
              <Input maxLength={11} inputMode="numeric" placeholder={person.phone ?? ''} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function AddPostModal({ person, open, onClose, onDone }: { person: PersonDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ orgId: number; post: string; startDate?: Dayjs | null }>();
  const save = useMutation({
    mutationFn: (v: { orgId: number; post: string; startDate?: Dayjs | null }) =>
      peopleApi.addPost(person.id, { orgId: v.orgId, post: v.post.trim(), startDate: day(v.startDate) }),
    onSuccess: onDone,
    onError: (err) => applyFieldErrors(form, err, ['orgId', 'post', 'startDate']),
  });
  const { reset } = save;
  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    form.setFieldsValue({ orgId: person.unitId ?? person.partyOrgId ?? undefined, startDate: dayjs() });
  }, [open, form, reset, person.unitId, person.partyOrgId]);
  return (
    <Modal
      open={open}
      title={t('people.addPostTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      mask={{ closable: false }}
    >
      {save.error && !(save.error instanceof ApiError && save.error.fields.length) ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={save.isPending} name="post-form">
        <Form.Item label={t('people.postOrg')} name="orgId" rules={[{ required: true, message: t('people.required', { field: t('people.postOrg') }) }]}>
          <OrgPicker allowClear={false} />
        </Form.Item>
        <Form.Item
          label={t('people.post')}
          name="post"
          rules={[{ required: true, whitespace: true, message: t('people.required', { field: t('people.post') }) }]}
        >
          <AutoComplete options={POST_OPTIONS.map((p) => ({ value: p }))} maxLength={20} />
        </Form.Item>
        <Form.Item label={t('people.postStart')} name="startDate">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EndPostModal({ person, post, onClose, onDone }: { person: PersonDetail; post: PostView | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ endDate: Dayjs }>();
  const save = useMutation({
    mutationFn: (v: { endDate: Dayjs }) => peopleApi.endPost(person.id, (post as PostView).id, v.endDate.format(DATE)),
    onSuccess: onDone,
    onError: (err) => applyFieldErrors(form, err, ['endDate']),
  });
  const { reset } = save;
  useEffect(() => {
    if (!post) return;
    reset();
    form.setFieldsValue({ endDate: dayjs() });
  }, [post, form, reset]);
  return (
    <Modal
      open={post !== null}
      title={t('people.endPostTitle', { post: post ? `${post.orgName} ${post.post}` : '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('people.endPost')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      mask={{ closable: false }}
    >
      {save.error && !(save.error instanceof ApiError && save.error.fields.length) ? <ErrorAlert error={save.error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={save.isPending} name="end-post-form">
        <Form.Item label={t('people.endDate')} name="endDate" rules={[{ required: true, message: t('people.required', { field: t('people.endDate') }) }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One person: details, posts (with start/end), status history; with people.manage: edit, add post, end post. */
export function PersonDrawer({ personId, onClose, onChanged }: { personId: number | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const can = useCan();
  const canManage = can('people.manage');
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<PostView | null>(null);
  const detail = useQuery({
    queryKey: peopleKeys.detail(personId ?? 0),
    queryFn: ({ signal }) => peopleApi.get(personId as number, signal),
    enabled: personId !== null,
    staleTime: 0,
  });
  const p = detail.data;
  const none = t('common.none');

  const changed = async (text: string) => {
    message.success(text);
    await qc.invalidateQueries({ queryKey: peopleKeys.detail(personId ?? 0) });
    onChanged();
  };

  return (
    <Drawer
      open={personId !== null}
      onClose={onClose}
      title={p ? t('common.withParen', { text: p.name, inner: p.code }) : t('people.detail')}
      size={drawerWidth(760)}
      extra={
        canManage && p ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit">
            {t('people.edit')}
          </Button>
        ) : null
      }
      data-testid="person-drawer"
    >
      {detail.isPending && personId !== null ? <Loading minHeight={200} /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {p ? (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'code', label: t('people.code'), children: p.code },
              { key: 'name', label: t('people.name'), children: p.name },
              { key: 'gender', label: t('people.gender'), children: p.gender ?? none },
              { key: 'birth', label: t('people.birthDate'), children: p.birthDate ?? none },
              { key: 'unit', label: t('people.unit'), children: p.unitName ?? none },
              { key: 'party', label: t('people.partyOrg'), children: p.partyOrgName ?? none },
              { key: 'status', label: t('people.status'), children: <StatusTag status={p.politicalStatus} /> },
              { key: 'phone', label: t('people.phone'), children: p.phone ?? none },
              { key: 'join', label: t('people.joinDate'), children: p.joinDate ?? none },
              { key: 'conv', label: t('people.conversionDate'), children: p.conversionDate ?? none },
            ]}
          />
          <div>
            <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('people.postsHistory')}
              </Typography.Title>
              {canManage ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                  {t('people.addPost')}
                </Button>
              ) : null}
            </Space>
            <Table<PostView>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.posts}
              scroll={{ x: 480 }}
              locale={{ emptyText: t('people.noPosts') }}
              columns={[
                { title: t('people.postOrg'), dataIndex: 'orgName' },
                { title: t('people.post'), dataIndex: 'post', render: (v: string, r) => (r.endDate ? v : <Tag color="red">{v}</Tag>) },
                { title: t('people.postStart'), dataIndex: 'startDate', render: (v: string | null) => v ?? none },
                { title: t('people.postEnd'), dataIndex: 'endDate', render: (v: string | null) => v ?? t('people.postCurrent') },
                ...(canManage
                  ? [
                      {
                        title: t('common.actions'),
                        key: 'actions',
                        width: 72,
                        render: (_: unknown, r: PostView) =>
                          r.endDate ? null : (
                            <Button size="small" type="link" danger onClick={() => setEnding(r)} style={{ paddingInline: 0 }}>
                              {t('people.endPost')}
                            </Button>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('people.statusHistory')}</Typography.Title>
            <Table
              size="small"
              rowKey={(r) => `${r.recordedAt}:${r.status}`}
              pagination={false}
              dataSource={p.statusHistory}
              locale={{ emptyText: t('people.noHistory') }}
              columns={[
                { title: t('people.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t('people.effectiveDate'), dataIndex: 'effectiveDate', render: (v: string | null) => v ?? none },
                { title: t('people.recordedAt'), dataIndex: 'recordedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
                { title: t('people.source'), dataIndex: 'source', responsive: ['sm'] },
              ]}
            />
          </div>
          <EditModal
            person={p}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              void changed(t('people.saved'));
            }}
            onRefresh={() => detail.refetch()}
          />
          <AddPostModal
            person={p}
            open={adding}
            onClose={() => setAdding(false)}
            onDone={() => {
              setAdding(false);
              void changed(t('people.postAdded'));
            }}
          />
          <EndPostModal
            person={p}
            post={ending}
            onClose={() => setEnding(null)}
            onDone={() => {
              setEnding(null);
              void changed(t('people.postEnded'));
            }}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}
