import { KeyOutlined, PlusOutlined, StopOutlined, TeamOutlined, UnlockOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '@taizhang/shared/roles';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblem, api } from '../api/client.ts';
import type { Paged, UserView } from '../api/types.ts';
import { useCan, useSession } from '../auth/session.ts';
import { ErrorAlert, applyFieldErrors, useErrorMessage } from '../components/errors.tsx';
import { useMessage } from '../components/feedback.tsx';
import { OrgPicker } from '../components/OrgPicker.tsx';
import dayjs from '../i18n/dayjs.ts';
import '../layout/layout.css';

interface CreateValues {
  username: string;
  displayName: string;
  password?: string;
}

interface GrantValues {
  role: Role;
  orgId?: number | null;
  password: string;
}

const USERS_KEY = ['users'] as const;

function OneTimePassword({ password }: { password: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Paragraph>{t('users.oneTimeNote')}</Typography.Paragraph>
      <Typography.Text code copyable style={{ fontSize: 18 }} data-testid="one-time-password">
        {password}
      </Typography.Text>
    </div>
  );
}

function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (u: UserView, otp: string | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.post<{ user: UserView; oneTimePassword: string | null }>('/api/v1/users', {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        ...(v.password ? { password: v.password } : {}),
      }),
    onSuccess: (r) => onCreated(r.user, r.oneTimePassword),
    onError: (err) => setExtra(applyFieldErrors(form, err, ['username', 'displayName', 'password'])),
  });
  const { reset } = create;
  useEffect(() => {
    if (!open) return;
    reset();
    setExtra(undefined);
    form.resetFields();
  }, [open, form, reset]);
  return (
    <Modal
      open={open}
      title={t('users.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      mask={{ closable: false }}
    >
      {create.error ? <ErrorAlert error={create.error} extra={extra} style={{ marginBottom: 16 }} /> : null}
      <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => create.mutate(v)} name="create-user">
        <Form.Item
          label={t('users.username')}
          name="username"
          rules={[
            { required: true, whitespace: true, message: t('users.usernameRequired') },
            { pattern: /^\s*[A-Za-z0-9_.@-]{2,64}\s*$/, message: t('users.usernamePattern') },
          ]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('users.displayName')} name="displayName" rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('users.password')} name="password" extra={t('users.passwordHelp')}>
          <Input.Password maxLength={256} autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantModal({ user, onClose, onSaved }: { user: UserView | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const grant = useMutation({
    mutationFn: (v: GrantValues) => {
      if (!user) throw new Error('no user');
      return api.post<UserView>(`/api/v1/users/${user.id}/grants`, { role: v.role, orgId: v.orgId ?? null, password: v.password });
    },
    onSuccess: onSaved,
    onError: (err) => setExtra(applyFieldErrors(form, err, ['role', 'orgId', 'password'])),
  });
  const { reset } = grant;
  const openId = user?.id ?? null;
  useEffect(() => {
    if (openId === null) return;
    reset();
    setExtra(undefined);
    form.resetFields();
  }, [openId, form, reset]);
  return (
    <Modal
      open={user !== null}
      title={`${t('users.addGrant')}${t('common.colon')}${user?.displayName ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={grant.isPending}
      mask={{ closable: false }}
    >
      {grant.error ? <ErrorAlert error={grant.error} extra={extra} style={{ marginBottom: 16 }} /> : null}
      <Form<GrantValues> form={form} layout="vertical" onFinish={(v) => grant.mutate(v)} name="add-grant">
        <Form.Item label={t('users.role')} name="role" rules={[{ required: true, message: t('users.roleRequired') }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} placeholder={t('orgForm.selectPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('users.org')} name="orgId" extra={t('users.orgHelp')}>
          <OrgPicker placeholder={t('users.wholeTree')} />
        </Form.Item>
        <Form.Item
          label={t('users.reauthPassword')}
          name="password"
          extra={t('users.reauthHelp')}
          rules={[{ required: true, message: t('users.reauthRequired') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Accounts (system / security administrators): create, disable/enable, reset password, grant and revoke roles. */
export default function UsersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const errorMessage = useErrorMessage();
  const can = useCan();
  const me = useSession().data?.user.id;
  const canManage = can('user.manage');
  const canGrant = can('grant.manage');
  const [query, setQuery] = useState({ page: 1, pageSize: 20, q: '' });
  const [creating, setCreating] = useState(false);
  const [granting, setGranting] = useState<UserView | null>(null);

  const users = useQuery({
    queryKey: [...USERS_KEY, query],
    queryFn: ({ signal }) => api.get<Paged<UserView>>('/api/v1/users', query, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: USERS_KEY });

  const showOtp = (password: string) =>
    modal.success({ title: t('users.oneTimeTitle'), content: <OneTimePassword password={password} />, okText: t('common.close'), width: 460 });

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      void message.success(ok);
      await refresh();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<UserView> = [
    { title: t('users.username'), dataIndex: 'username', width: 140 },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
    {
      title: t('users.status'),
      key: 'status',
      width: 150,
      render: (_: unknown, u) => (
        <Space size={[4, 4]} wrap>
          {u.disabled ? <Tag>{t('users.statusDisabled')}</Tag> : <Tag color="green">{t('users.statusActive')}</Tag>}
          {u.locked ? <Tag color="orange">{t('users.statusLocked')}</Tag> : null}
          {u.mustChangePassword ? <Tag color="gold">{t('users.mustChange')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('users.grants'),
      key: 'grants',
      render: (_: unknown, u) => (
        <Space size={[4, 4]} wrap>
          {u.grants.length === 0 ? <Typography.Text type="secondary">{t('users.noGrants')}</Typography.Text> : null}
          {u.grants.map((g) => (
            <Tag
              key={g.id}
              color="red"
              closable={canGrant && u.id !== me}
              onClose={(e) => {
                e.preventDefault();
                modal.confirm({
                  title: t('users.removeGrantConfirm'),
                  okText: t('users.removeGrant'),
                  cancelText: t('common.cancel'),
                  okButtonProps: { danger: true },
                  onOk: () => act(() => api.del(`/api/v1/users/${u.id}/grants/${g.id}`), t('users.saved')),
                });
              }}
            >
              {t(`roles.${g.role}`)} · {g.orgId === null ? t('users.wholeTree') : (g.orgName ?? `#${g.orgId}`)}
            </Tag>
          ))}
          {canGrant && u.id !== me ? (
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setGranting(u)}>
              {t('users.addGrant')}
            </Button>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : t('users.never')),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_: unknown, u) =>
        u.id === me ? null : (
          <Space size={0} wrap>
            {u.disabled ? (
              <Popconfirm
                title={t('users.enableConfirm', { name: u.displayName })}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
                onConfirm={() => act(() => api.post(`/api/v1/users/${u.id}/enable`, { version: u.version }), t('users.saved'))}
              >
                <Button type="link" size="small" icon={<UnlockOutlined />}>
                  {t('users.enable')}
                </Button>
              </Popconfirm>
            ) : (
              <Popconfirm
                title={t('users.disableConfirm', { name: u.displayName })}
                okText={t('users.disable')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => act(() => api.post(`/api/v1/users/${u.id}/disable`, { version: u.version }), t('users.saved'))}
              >
                <Button type="link" size="small" danger icon={<StopOutlined />}>
                  {t('users.disable')}
                </Button>
              </Popconfirm>
            )}
            <Popconfirm
              title={t('users.resetConfirm', { name: u.displayName })}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={async () => {
                try {
                  const r = await api.post<{ oneTimePassword: string }>(`/api/v1/users/${u.id}/reset-password`, {});
                  showOtp(r.oneTimePassword);
                  await refresh();
                } catch (err) {
                  void message.error(errorMessage(err));
                }
              }}
            >
              <Button type="link" size="small" icon={<KeyOutlined />}>
                {t('users.resetPassword')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  return (
    <div>
      {modalHolder}
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <TeamOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('users.title')}
        </Typography.Title>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        ) : null}
      </div>
      {users.error ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} style={{ marginBottom: 16 }} /> : null}
      <Card size="small">
        <Input.Search
          placeholder={t('users.searchPlaceholder')}
          allowClear
          enterButton
          maxLength={64}
          style={{ maxWidth: 360, marginBottom: 12 }}
          onSearch={(v) => setQuery((q) => ({ ...q, page: 1, q: v.trim() }))}
        />
        <Table<UserView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('common.empty') }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page: pageSize === q.pageSize ? page : 1, pageSize })),
          }}
        />
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u, otp) => {
          setCreating(false);
          void message.success(t('users.created', { name: u.displayName }));
          if (otp) showOtp(otp);
          void refresh();
        }}
      />
      <GrantModal
        user={granting}
        onClose={() => setGranting(null)}
        onSaved={() => {
          setGranting(null);
          void message.success(t('users.saved'));
          void refresh();
        }}
      />
    </div>
  );
}
