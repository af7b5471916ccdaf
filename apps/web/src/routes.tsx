import { ApartmentOutlined, AuditOutlined, HomeOutlined, TeamOutlined } from '@ant-design/icons';
import type { Ability } from '@taizhang/shared/roles';
import { type ComponentType, type LazyExoticComponent, type ReactNode, lazy } from 'react';
import { lazyIcon } from './components/LazyIcon.tsx';

type NavLabelKey =
  | 'nav.home'
  | 'nav.orgUnits'
  | 'nav.users'
  | 'nav.audit'
  | 'nav.activities'
  | 'nav.quickEntry'
  | 'nav.compliance'
  | 'nav.dashboard'
  | 'nav.people'
  | 'nav.report'
  | 'nav.duties'
  | 'nav.tasks'
  | 'nav.development'
  | 'nav.ethics'
  | 'nav.safety'
  | 'nav.risks'
  | 'nav.publicity'
  | 'nav.assessment'
  | 'nav.notifications'
  | 'nav.securityPolicy'
  | 'nav.systemConfig';
type NavDescKey = 'home.descOrgUnits' | 'home.descUsers' | 'home.descAudit';

/** One page inside the shell: where it lives, how the menu shows it, and who may open it. */
export interface ShellRoute {
  /** Absolute path; `/` is the dashboard. */
  path: string;
  menuKey: string;
  labelKey: NavLabelKey;
  /** Shown on the dashboard's quick links when set. */
  descKey?: NavDescKey;
  icon: ReactNode;
  /** Ability the user needs (the server still decides); hidden from the menu without it. */
  ability?: Ability;
  page: LazyExoticComponent<ComponentType>;
}

/** THE route table: the side menu, the dashboard links and the router are all built from it. */
export const SHELL_ROUTES: readonly ShellRoute[] = [
  { path: '/', menuKey: 'home', labelKey: 'nav.home', icon: <HomeOutlined />, page: lazy(() => import('./pages/HomePage.tsx')) },
  {
    path: '/org-units',
    menuKey: 'org-units',
    labelKey: 'nav.orgUnits',
    descKey: 'home.descOrgUnits',
    icon: <ApartmentOutlined />,
    ability: 'org.read',
    page: lazy(() => import('./pages/OrgTreePage.tsx')),
  },
  {
    path: '/users',
    menuKey: 'users',
    labelKey: 'nav.users',
    descKey: 'home.descUsers',
    icon: <TeamOutlined />,
    ability: 'user.read',
    page: lazy(() => import('./pages/UsersPage.tsx')),
  },
  {
    path: '/dashboard',
    menuKey: 'dashboard',
    labelKey: 'nav.dashboard',
    icon: lazyIcon('Dashboard'),
    ability: 'report.read',
    page: lazy(() => import('./pages/dashboard/DashboardPage.tsx')),
  },
  {
    path: '/activities',
    menuKey: 'activities',
    labelKey: 'nav.activities',
    icon: lazyIcon('Book'),
    ability: 'ledger.read',
    page: lazy(() => import('./pages/ledger/ActivitiesPage.tsx')),
  },
  {
    path: '/activities/quick',
    menuKey: 'activities-quick',
    labelKey: 'nav.quickEntry',
    icon: lazyIcon('Mobile'),
    ability: 'ledger.write',
    page: lazy(() => import('./pages/ledger/QuickEntryPage.tsx')),
  },
  {
    path: '/compliance',
    menuKey: 'compliance',
    labelKey: 'nav.compliance',
    icon: lazyIcon('Calendar'),
    ability: 'ledger.read',
    page: lazy(() => import('./pages/ledger/CompliancePage.tsx')),
  },
  {
    path: '/people',
    menuKey: 'people',
    labelKey: 'nav.people',
    icon: lazyIcon('Idcard'),
    ability: 'people.read',
    page: lazy(() => import('./pages/people/PeoplePage.tsx')),
  },
  {
    path: '/report',
    menuKey: 'report',
    labelKey: 'nav.report',
    icon: lazyIcon('FileText'),
    ability: 'report.read',
    page: lazy(() => import('./pages/report/ReportPage.tsx')),
  },
  {
    path: '/duties',
    menuKey: 'duties',
    labelKey: 'nav.duties',
    icon: lazyIcon('SafetyCertificate'),
    ability: 'duty.read',
    page: lazy(() => import('./pages/duties/DutiesPage.tsx')),
  },
  {
    path: '/tasks',
    menuKey: 'tasks',
    labelKey: 'nav.tasks',
    icon: lazyIcon('CarryOut'),
    ability: 'task.read',
    page: lazy(() => import('./pages/tasks/TasksPage.tsx')),
  },
  {
    path: '/development',
    menuKey: 'development',
    labelKey: 'nav.development',
    icon: lazyIcon('Rise'),
    ability: 'development.read',
    page: lazy(() => import('./pages/development/DevelopmentPage.tsx')),
  },
  {
    path: '/ethics',
    menuKey: 'ethics',
    labelKey: 'nav.ethics',
    icon: lazyIcon('Heart'),
    ability: 'ethics.read',
    page: lazy(() => import('./pages/ethics/EthicsPage.tsx')),
  },
  {
    path: '/online-safety',
    menuKey: 'safety',
    labelKey: 'nav.safety',
    icon: lazyIcon('Safety'),
    ability: 'safety.read',
    page: lazy(() => import('./pages/safety/SafetyPage.tsx')),
  },
  {
    path: '/risks',
    menuKey: 'risks',
    labelKey: 'nav.risks',
    icon: lazyIcon('Alert'),
    ability: 'risk.read',
    page: lazy(() => import('./pages/risks/RisksPage.tsx')),
  },
  {
    path: '/publicity',
    menuKey: 'publicity',
    labelKey: 'nav.publicity',
    icon: lazyIcon('Notification'),
    ability: 'risk.read',
    page: lazy(() => import('./pages/publicity/PublicityPage.tsx')),
  },
  {
    path: '/assessment',
    menuKey: 'assessment',
    labelKey: 'nav.assessment',
    icon: lazyIcon('Trophy'),
    ability: 'assessment.read',
    page: lazy(() => import('./pages/assessment/AssessmentPage.tsx')),
  },
  {
    path: '/notifications',
    menuKey: 'notifications',
    labelKey: 'nav.notifications',
    icon: lazyIcon('Bell'),
    page: lazy(() => import('./pages/tasks/NotificationsPage.tsx')),
  },
  {
    path: '/audit',
    menuKey: 'audit',
    labelKey: 'nav.audit',
    descKey: 'home.descAudit',
    icon: <AuditOutlined />,
    ability: 'audit.read',
    page: lazy(() => import('./pages/AuditLogPage.tsx')),
  },
  {
    path: '/security-policy',
    menuKey: 'security-policy',
    labelKey: 'nav.securityPolicy',
    icon: lazyIcon('Safety'),
    ability: 'security.manage',
    page: lazy(() => import('./pages/settings/SecurityPolicyPage.tsx')),
  },
  {
    path: '/system-config',
    menuKey: 'system-config',
    labelKey: 'nav.systemConfig',
    icon: lazyIcon('Setting'),
    ability: 'config.manage',
    page: lazy(() => import('./pages/settings/SystemConfigPage.tsx')),
  },
];

/** Pages outside the menu. */
export const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
export const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage.tsx'));
export const MfaVerifyPage = lazy(() => import('./pages/MfaVerifyPage.tsx'));
export const MfaSetupPage = lazy(() => import('./pages/MfaSetupPage.tsx'));
export const ForbiddenPage = lazy(() => import('./pages/ForbiddenPage.tsx'));
export const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'));

/** The menu key of the shell route a path belongs to (longest matching prefix). */
export function menuKeyOf(pathname: string): string | undefined {
  let best: ShellRoute | undefined;
  for (const r of SHELL_ROUTES) {
    const match = r.path === '/' ? pathname === '/' : pathname === r.path || pathname.startsWith(`${r.path}/`);
    if (match && (!best || r.path.length > best.path.length)) best = r;
  }
  return best?.menuKey;
}
