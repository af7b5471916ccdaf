import { BellOutlined, FileSearchOutlined, LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Progress,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type AssignmentView, type TaskDetail, type UrgeResult, tasksApi, tasksKeys } from './api.ts';
import { AssignmentStatusTag, Deadline, HtmlView, MutationError, TaskStatusTag, fmtDate, fmtDateTime, useDrawerSize } from './ui.tsx';

type Filter = 'all' | 'pending' | 'submitted' | 'accepted' | 'overdue';

interface Props {
  id: number | null;
  onClose: () => void;
  onOpenAssignment: (id: number) => void;
}

function matches(a: AssignmentView, f: Filter): boolean {
  if (f === 'pending') return a.status === 'not_started' || a.status === 'returned';
  if (f === 'submitted') return a.status === 'submitted';
  if (f === 'accepted') return a.status === 'accepted';
  if (f === 'overdue') return a.overdue;
  return true;
}

/** One task: its counts, requirements and form, and every assignment with its status; urge, supervise, close. */
export function TaskDetailDrawer({ id, onClose, onOpenAssignment }: Props) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(900);
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [filter, setFilter] = useState<Filter>('all');
  const [urged, setUrged] = useState<UrgeResult | null>(null);
  const [noticeFor, setNoticeFor] = useState<AssignmentView | null>(null);
  const [note, setNote] = useState('');

  const detail = useQuery({ queryKey: tasksKeys.detail(id ?? 0), queryFn: ({ signal }) => tasksApi.get(id ?? 0, signal), enabled: id !== null, staleTime: 0 });
  const notices = useQuery({ queryKey: tasksKeys.notices('open'), queryFn: ({ signal }) => tasksApi.notices('open', signal), enabled: id !== null });
  const task = detail.data;
  const supervised = useMemo(() => new Set((notices.data ?? []).filter((n) => n.taskId === id).map((n) => n.assignmentId)), [notices.data, id]);
  const canIssue = can('task.issue');
  const open = task?.status === 'open';
  const pending = task ? task.counts.notStarted + task.counts.returned : 0;
  const names = new Map((task?.assignments ?? []).map((a) => [a.id, a.orgName]));

  const refresh = () => void qc.invalidateQueries({ queryKey: tasksKeys.all });
  const urge = useMutation({
    mutationFn: (x: TaskDetail) => tasksApi.urge(x.id),
    onSuccess: (r) => {
      refresh();
      setUrged(r);
    },
    onError: (err) => message.error(err instanceof ApiError && err.code === 'rate_limited' ? t('tasks.urge.rateLimited') : errorMessage(err)),
  });
  const close = useMutation({
    mutationFn: (x: TaskDetail) => tasksApi.close(x.id, x.version),
    onSuccess: () => {
      refresh();
      message.success(t('tasks.detail.closed'));
    },
  });
  const supervise = useMutation({
    mutationFn: (x: { a: AssignmentView; note: string }) => tasksApi.openNotice(x.a.id, x.note.trim() || undefined),
    onSuccess: (n) => {
      refresh();
      setNoticeFor(null);
      setNote('');
      message.success(n.escalatedToName ? t('tasks.notice.openedTo', { name: n.escalatedToName }) : t('tasks.notice.opened'));
    },
  });

  const confirmUrge = (x: TaskDetail) =>
    void modal.confirm({
      title: t('tasks.urge.confirmTitle'),
      content: t('tasks.urge.confirmBody', { n: x.counts.notStarted + x.counts.returned }),
      okText: t('tasks.urge.action'),
      cancelText: t('common.cancel'),
      onOk: () => urge.mutateAsync(x).catch(() => undefined),
    });
  const confirmClose = (x: TaskDetail) =>
    void modal.confirm({
      title: t('tasks.detail.closeConfirmTitle'),
      content: t('tasks.detail.closeConfirmBody', { n: x.counts.total - x.counts.accepted }),
      okText: t('tasks.detail.close'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => close.mutateAsync(x).catch(() => undefined),
    });

  const columns: TableColumnsType<AssignmentView> = [
    {
      title: t('tasks.col.org'),
      dataIndex: 'orgName',
      render: (v: string, a) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => onOpenAssignment(a.id)}>
          {v}
        </Button>
      ),
    },
    {
      title: t('tasks.col.status'),
      dataIndex: 'status',
      width: 200,
      render: (_: unknown, a) => (
        <Space size={4} wrap>
          <AssignmentStatusTag status={a.status} overdue={a.overdue} />
          {supervised.has(a.id) ? <Tag color="volcano">{t('tasks.notice.inProgress')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('tasks.col.submittedAt'), dataIndex: 'submittedAt', width: 140, responsive: ['sm'], render: (v: string | null) => fmtDateTime(v) },
    { title: t('tasks.col.acceptedAt'), dataIndex: 'acceptedAt', width: 110, responsive: ['md'], render: (v: string | null) => fmtDate(v) },
    {
      title: t('tasks.col.returnReason'),
      dataIndex: 'returnReason',
      responsive: ['lg'],
      ellipsis: true,
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, a) => (
        <Space size={0} wrap>
          <Button size="small" type="link" icon={<FileSearchOutlined />} onClick={() => onOpenAssignment(a.id)}>
            {t('tasks.detail.view')}
          </Button>
          {canIssue && a.overdue && open && !supervised.has(a.id) ? (
            <Button size="small" type="link" danger onClick={() => setNoticeFor(a)} data-testid="open-notice">
              {t('tasks.notice.open')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const rows = (task?.assignments ?? []).filter((a) => matches(a, filter));
  const c = task?.counts;

  // On a phone the actions leave the crowded header for the top of the body.
  const narrow = drawerSize < 576;
  const actions = task ? (
    <Space wrap>
      <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void detail.refetch()} />
      {canIssue && open ? (
        <Button icon={<BellOutlined />} disabled={pending === 0} loading={urge.isPending} onClick={() => confirmUrge(task)} data-testid="urge">
          {t('tasks.urge.action')}
        </Button>
      ) : null}
      {canIssue && open ? (
        <Button danger icon={<LockOutlined />} loading={close.isPending} onClick={() => confirmClose(task)}>
          {t('tasks.detail.close')}
        </Button>
      ) : null}
    </Space>
  ) : null;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerSize}
      title={
        task ? (
          <Space wrap>
            <span>{task.title}</span>
            <TaskStatusTag status={task.status} />
          </Space>
        ) : (
          t('tasks.detail.title')
        )
      }
      extra={narrow ? null : actions}
    >
      {modalHolder}
      {narrow && actions ? <div style={{ marginBottom: 12 }}>{actions}</div> : null}
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      <MutationError error={close.error} onReload={() => void detail.refetch().then(() => close.reset())} style={{ marginBottom: 12 }} />
      {task && c ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {task.status === 'closed' ? <Alert type="info" showIcon title={t('tasks.detail.closedHint')} /> : null}
          <Row gutter={[16, 8]}>
            <Col xs={8} sm={4}>
              <Statistic title={t('tasks.counts.total')} value={c.total} />
            </Col>
            <Col xs={8} sm={4}>
              <Statistic title={t('tasks.status.not_started')} value={c.notStarted} />
            </Col>
            <Col xs={8} sm={4}>
              <Statistic title={t('tasks.status.submitted')} value={c.submitted} styles={{ content: { color: '#1677ff' } }} />
            </Col>
            <Col xs={8} sm={4}>
              <Statistic title={t('tasks.status.returned')} value={c.returned} styles={{ content: { color: '#d46b08' } }} />
            </Col>
            <Col xs={8} sm={4}>
              <Statistic title={t('tasks.status.accepted')} value={c.accepted} styles={{ content: { color: '#389e0d' } }} />
            </Col>
            <Col xs={8} sm={4}>
              <Statistic title={t('tasks.overdue')} value={c.overdue} styles={{ content: { color: c.overdue ? '#cf1322' : undefined } }} />
            </Col>
          </Row>
          <Progress
            percent={c.total ? Math.round((c.accepted / c.total) * 100) : 0}
            success={{ percent: c.total ? Math.round((c.accepted / c.total) * 100) : 0 }}
            format={() => t('tasks.detail.acceptedOf', { n: c.accepted, total: c.total })}
          />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'issuer', label: t('tasks.col.issuer'), children: task.issuingOrgName },
              { key: 'deadline', label: t('tasks.col.deadline'), children: <Deadline date={task.deadline} done={!open} /> },
              { key: 'created', label: t('tasks.detail.createdAt'), children: fmtDateTime(task.createdAt) },
              { key: 'period', label: t('tasks.detail.period'), children: `${task.periodStart} ~ ${task.periodEnd}` },
              { key: 'evidence', label: t('tasks.form.evidenceRequired'), children: task.evidenceRequired ? t('common.yes') : t('common.no') },
              {
                key: 'recurring',
                label: t('tasks.detail.source'),
                children: task.recurringTemplateId ? t('tasks.detail.fromRecurring') : t('tasks.detail.manual'),
              },
              ...(task.attachments.length
                ? [{ key: 'att', label: t('tasks.form.attachments'), span: 'filled' as const, children: task.attachments.map((x) => <Tag key={x}>{x}</Tag>) }]
                : []),
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('tasks.form.requirements')}</Typography.Title>
            <HtmlView html={task.requirementsHtml} empty={t('tasks.detail.noRequirements')} />
          </div>
          <div>
            <Typography.Title level={5}>{t('tasks.form.feedbackSection')}</Typography.Title>
            {task.form.length ? (
              <Space wrap size={[6, 6]}>
                {task.form.map((f) => (
                  <Tag key={f.key} color={f.figureKey ? 'gold' : undefined}>
                    {f.label} · {t(`tasks.fieldType.${f.type}`)}
                    {f.required ? ` · ${t('tasks.builder.required')}` : ''}
                    {f.figureKey ? ` · ${t('tasks.detail.bound')}` : ''}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('tasks.detail.noForm')}</Typography.Text>
            )}
          </div>
          <div>
            <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('tasks.detail.assignments')}
              </Typography.Title>
              <Segmented<Filter>
                size="small"
                value={filter}
                onChange={setFilter}
                options={[
                  { value: 'all', label: t('tasks.detail.filterAll', { n: c.total }) },
                  { value: 'pending', label: t('tasks.detail.filterPending', { n: pending }) },
                  { value: 'submitted', label: t('tasks.detail.filterSubmitted', { n: c.submitted }) },
                  { value: 'accepted', label: t('tasks.detail.filterAccepted', { n: c.accepted }) },
                  { value: 'overdue', label: t('tasks.detail.filterOverdue', { n: c.overdue }) },
                ]}
              />
            </Space>
            <Table<AssignmentView>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={rows.length > 20 ? { pageSize: 20, size: 'small', showTotal: (total) => t('common.total', { total }) } : false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.detail.noAssignments')} /> }}
            />
          </div>
        </Space>
      ) : null}
      <Modal
        open={noticeFor !== null}
        title={t('tasks.notice.openTitle', { org: noticeFor?.orgName ?? '' })}
        okText={t('tasks.notice.open')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={supervise.isPending}
        onCancel={() => {
          setNoticeFor(null);
          supervise.reset();
        }}
        onOk={() => noticeFor && supervise.mutate({ a: noticeFor, note })}
      >
        {supervise.error ? <ErrorAlert error={supervise.error} style={{ marginBottom: 12 }} /> : null}
        <Typography.Paragraph type="secondary">{t('tasks.notice.openHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={2000}
          showCount
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('tasks.notice.notePlaceholder')}
        />
      </Modal>
      <Modal
        open={urged !== null}
        title={t('tasks.urge.resultTitle')}
        onCancel={() => setUrged(null)}
        footer={
          <Button type="primary" onClick={() => setUrged(null)}>
            {t('common.ok')}
          </Button>
        }
      >
        {urged ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {urged.urged.length ? (
              <Alert
                type="success"
                showIcon
                title={t('tasks.urge.done', { n: urged.urged.length, people: urged.urged.reduce((s, u) => s + u.notified, 0) })}
                description={
                  urged.urged.some((u) => u.notified === 0)
                    ? t('tasks.urge.noRecipients', { n: urged.urged.filter((u) => u.notified === 0).length })
                    : undefined
                }
              />
            ) : null}
            {urged.skipped.length ? (
              <Alert
                type="warning"
                showIcon
                title={t('tasks.urge.skipped', { n: urged.skipped.length })}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {urged.skipped.map((s) => (
                      <li key={s.assignmentId}>
                        {t('tasks.urge.skippedItem', { org: names.get(s.assignmentId) ?? `#${s.orgId}`, at: fmtDateTime(s.lastUrgedAt) })}
                      </li>
                    ))}
                  </ul>
                }
              />
            ) : null}
            {urged.urged.length === 0 && urged.skipped.length === 0 ? <Alert type="info" showIcon title={t('tasks.urge.nothing')} /> : null}
          </Space>
        ) : null}
      </Modal>
    </Drawer>
  );
}
