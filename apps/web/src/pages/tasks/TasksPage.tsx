import { CarryOutOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchUnread } from '../../api/notifications.ts';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { useCan, useCurrentSession } from '../../auth/session.ts';
import '../../i18n/tasks.ts';
import '../../layout/layout.css';
import { tasksKeys } from './api.ts';
import { AssignmentDrawer } from './AssignmentDrawer.tsx';
import { AssignmentsTab } from './AssignmentsTab.tsx';
import { DocumentDrawer } from './DocumentDrawer.tsx';
import { DocumentFormDrawer } from './DocumentFormDrawer.tsx';
import { DocumentsTab } from './DocumentsTab.tsx';
import { NotificationsTab } from './NotificationsTab.tsx';
import { StatsTab } from './StatsTab.tsx';
import { SupervisionTab } from './SupervisionTab.tsx';
import { TaskDetailDrawer } from './TaskDetailDrawer.tsx';
import { TaskFormDrawer, type TaskFormMode } from './TaskFormDrawer.tsx';
import { TaskListTab } from './TaskListTab.tsx';
import './tasks.css';

const TABS = ['tasks', 'mine', 'supervision', 'documents', 'stats', 'notifications'] as const;
type Tab = (typeof TABS)[number];

/** The org the page starts on: the first org of the user's grants, else a top unit in reach. */
function useScopeOrg(): { granted: number | null; scope: number | null } {
  const session = useCurrentSession();
  const granted = session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  // A whole-tree user may also see empty top units (a root created at install time): start on one with units under it.
  const first = top.data?.find((u) => u.childCount > 0) ?? top.data?.[0];
  return { granted, scope: granted ?? first?.id ?? null };
}

/** 任务督办: task dispatch and supervision, the caller's assignments, document conveyance, statistics, notifications. */
export default function TasksPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const { granted, scope: scopeOrg } = useScopeOrg();
  const [formMode, setFormMode] = useState<TaskFormMode | null>(null);
  const [docFormOpen, setDocFormOpen] = useState(false);

  const raw = params.get('tab');
  const tab: Tab = TABS.includes(raw as Tab) ? (raw as Tab) : can('task.issue') ? 'tasks' : 'mine';
  const num = (k: string) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const taskId = num('task');
  const assignmentId = num('assignment');
  const documentId = num('document');
  const filterTaskId = num('taskId');

  // Drawers and the tab live in the URL, so a notification link, a reload or the back button lands on the same view.
  const patch = (changes: Record<string, string | number | null>, replace = false) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace },
    );

  const unread = useQuery({
    queryKey: tasksKeys.unread,
    queryFn: ({ signal }) => fetchUnread(signal),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });

  const openAssignment = (id: number) => patch({ assignment: id });
  const openTask = (id: number) => patch({ task: id });

  const label = (key: Tab) => t(`tasks.tab.${key}`);
  const items = [
    { key: 'tasks', label: label('tasks'), children: <TaskListTab onOpenTask={openTask} onCreate={setFormMode} /> },
    {
      key: 'mine',
      label: label('mine'),
      children: (
        <AssignmentsTab taskId={filterTaskId} onClearTask={() => patch({ taskId: null }, true)} onOpenAssignment={openAssignment} defaultOrgId={granted} />
      ),
    },
    { key: 'supervision', label: label('supervision'), children: <SupervisionTab onOpenAssignment={openAssignment} /> },
    { key: 'documents', label: label('documents'), children: <DocumentsTab onOpen={(id) => patch({ document: id })} onCreate={() => setDocFormOpen(true)} /> },
    { key: 'stats', label: label('stats'), children: <StatsTab defaultOrgId={scopeOrg} onOpenAssignment={openAssignment} onOpenTask={openTask} /> },
    {
      key: 'notifications',
      label: (
        <Space size={4}>
          {label('notifications')}
          <Badge count={unread.data ?? 0} size="small" overflowCount={99} />
        </Space>
      ),
      children: <NotificationsTab />,
    },
  ];

  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <CarryOutOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('tasks.title')}
        </Typography.Title>
      </div>
      <Card size="small">
        <Tabs activeKey={tab} onChange={(k) => patch({ tab: k, taskId: null })} items={items} />
      </Card>
      <TaskDetailDrawer id={taskId} onClose={() => patch({ task: null })} onOpenAssignment={openAssignment} />
      <AssignmentDrawer id={assignmentId} onClose={() => patch({ assignment: null })} onOpenTask={openTask} />
      <DocumentDrawer id={documentId} onClose={() => patch({ document: null })} />
      <TaskFormDrawer
        open={formMode}
        defaultOrgId={scopeOrg}
        onClose={() => setFormMode(null)}
        onCreated={(task) => {
          setFormMode(null);
          patch({ tab: 'tasks', task: task.id });
        }}
        onRecurringCreated={() => setFormMode(null)}
      />
      <DocumentFormDrawer
        open={docFormOpen}
        defaultOrgId={scopeOrg}
        onClose={() => setDocFormOpen(false)}
        onPublished={(doc) => {
          setDocFormOpen(false);
          patch({ tab: 'documents', document: doc.id });
        }}
      />
    </div>
  );
}
