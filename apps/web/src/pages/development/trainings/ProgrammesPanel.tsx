import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../../api/client.ts';
import { useCan } from '../../../auth/session.ts';
import { ErrorAlert, applyFieldErrors, useErrorMessage } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import { type ProgrammeInput, type ProgrammeView, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, YearSelect, useDevParams, useOrgParam, yearOptions } from '../common.tsx';

type Target = { mode: 'create' } | { mode: 'edit'; programme: ProgrammeView };

interface Values {
  name?: string;
  organiserOrgId?: number | null;
  hours?: number | null;
  year?: number;
}

const FIELDS = ['name', 'organiserOrgId', 'hours', 'year'] as const;

function ProgrammeModal({
  target,
  defaults,
  onClose,
  onReload,
}: {
  target: Target | null;
  defaults: { orgId: number | null; year: number };
  onClose: () => void;
  onReload: (id: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const editing = target?.mode === 'edit' ? target.programme : null;
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: ProgrammeInput = { name: v.name?.trim() ?? '', organiserOrgId: v.organiserOrgId ?? 0, hours: v.hours ?? 0, year: v.year ?? defaults.year };
      return editing ? devApi.updateProgramme(editing.id, { ...body, version: editing.version }) : devApi.createProgramme(body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(editing ? t('development.common.saved') : t('development.common.created'));
      onClose();
    },
    onError: (err) => applyFieldErrors(form, err, FIELDS),
  });
  const { reset } = save;
  const openKey = target ? (editing ? `e${editing.id}:${editing.version}` : 'c') : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill on opening (and after a reload) only
  useEffect(() => {
    if (!openKey) return;
    reset();
    form.resetFields();
    if (editing) form.setFieldsValue({ name: editing.name, organiserOrgId: editing.organiserOrgId, hours: editing.hours, year: editing.year });
    else form.setFieldsValue({ organiserOrgId: defaults.orgId, year: defaults.year });
  }, [openKey]);
  const conflict = isConflict(save.error);
  const otherError = save.error && !conflict && !(save.error instanceof ApiError && save.error.code === 'validation_failed') ? save.error : null;
  return (
    <Modal
      open={target !== null}
      title={editing ? t('development.trainings.editProgramme') : t('development.trainings.createProgramme')}
      onCancel={onClose}
      okText={t('development.common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: save.isPending }}
      mask={{ closable: false }}
      destroyOnHidden
      onOk={() =>
        form
          .validateFields()
          .then((v) => save.mutate(v))
          .catch(() => {})
      }
    >
      {conflict && editing ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={t('development.common.conflict')}
          action={
            <Button size="small" onClick={() => void onReload(editing.id)}>
              {t('development.common.reload')}
            </Button>
          }
        />
      ) : null}
      {otherError ? <ErrorAlert error={otherError} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" name="dev-programme" disabled={save.isPending}>
        <Form.Item
          name="name"
          label={t('development.trainings.name')}
          rules={[{ required: true, whitespace: true, message: t('development.common.required') }]}
        >
          <Input maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="organiserOrgId" label={t('development.trainings.organiser')} rules={[{ required: true, message: t('development.common.required') }]}>
          <OrgTreeSelect style={{ width: '100%' }} />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="hours" label={t('development.trainings.programmeHours')} rules={[{ required: true, message: t('development.common.required') }]}>
            <InputNumber min={0} max={2000} step={0.5} style={{ width: 160 }} suffix={t('development.common.hourUnit')} />
          </Form.Item>
          <Form.Item name="year" label={t('development.trainings.programmeYear')} rules={[{ required: true, message: t('development.common.required') }]}>
            <Select options={yearOptions()} style={{ width: 120 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 培训项目: the programmes organised in reach (organiser subtree, year), created, edited and deleted by managers. */
export function ProgrammesPanel() {
  const { t } = useTranslation();
  const can = useCan();
  const [modal, modalHolder] = Modal.useModal();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('development.manage');
  const { year, set } = useDevParams();
  const { orgId } = useOrgParam();
  const [target, setTarget] = useState<Target | null>(null);
  const list = useQuery({
    queryKey: devKeys.programmes(orgId ?? undefined, year),
    queryFn: ({ signal }) => devApi.programmes(orgId ?? undefined, year, signal),
  });
  const remove = useMutation({
    mutationFn: (id: number) => devApi.deleteProgramme(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.common.deleted'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const confirmDelete = (p: ProgrammeView) =>
    modal.confirm({
      title: t('development.trainings.deleteProgramme'),
      content: t('development.trainings.deleteProgrammeConfirm', { name: p.name }),
      okText: t('development.common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(p.id),
    });
  const reload = async (id: number) => {
    const items = await qc.fetchQuery({
      queryKey: devKeys.programmes(undefined, undefined),
      queryFn: () => devApi.programmes(undefined, undefined),
      staleTime: 0,
    });
    const fresh = items.find((p) => p.id === id);
    setTarget(fresh ? { mode: 'edit', programme: fresh } : null);
  };

  const columns: TableColumnsType<ProgrammeView> = [
    {
      title: t('development.trainings.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Space size={4} wrap>
          {v}
          {r.isDemo ? <Tag color="gold">{t('development.common.demo')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('development.trainings.organiser'),
      dataIndex: 'organiserName',
      width: 200,
      ellipsis: true,
      render: (v: string | null) => v ?? t('common.none'),
    },
    { title: t('development.trainings.programmeHours'), dataIndex: 'hours', width: 80, align: 'right', sorter: (a, b) => a.hours - b.hours },
    { title: t('development.trainings.programmeYear'), dataIndex: 'year', width: 80 },
    ...(canManage
      ? [
          {
            title: t('development.common.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, r: ProgrammeView) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setTarget({ mode: 'edit', programme: r })}>
                  {t('development.common.edit')}
                </Button>
                <Button
                  size="small"
                  type="link"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => confirmDelete(r)}
                  aria-label={t('development.common.delete')}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      {modalHolder}
      <div className="tz-dev-toolbar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={orgId} onChange={(v) => set({ org: v })} aria-label={t('development.common.org')} />
          <YearSelect value={year} onChange={(y) => set({ year: y })} />
        </Space>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })} data-testid="dev-programme-create">
            {t('development.trainings.createProgramme')}
          </Button>
        ) : null}
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Table<ProgrammeView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.isFetching}
        scroll={{ x: 620 }}
        pagination={(list.data?.length ?? 0) > 20 ? { pageSize: 20, size: 'small', showTotal: (total) => t('common.total', { total }) } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.trainings.programmesEmpty')} /> }}
        data-testid="dev-programmes"
      />
      <ProgrammeModal target={target} defaults={{ orgId, year }} onClose={() => setTarget(null)} onReload={reload} />
    </div>
  );
}
