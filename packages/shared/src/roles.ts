/**
 * Roles and what they may do. This table is data: offices change role reach here, not in code.
 * The three administrators (三员分立) share no ability with each other.
 */
export const ROLES = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'committee_admin',
  'org_admin',
  'recorder',
  'member',
  'inspector',
  'discipline_officer',
  'safety_officer',
] as const;
export type Role = (typeof ROLES)[number];

export const ABILITIES = [
  'org.read',
  'org.manage',
  'people.read',
  'people.manage',
  'people.phone.read',
  'user.read',
  'user.manage',
  'grant.manage',
  'audit.read',
  'config.manage',
  'security.manage',
  'ledger.read',
  'ledger.write',
  'ledger.review',
  'ledger.configure',
  'import.run',
  'demo.manage',
  'duty.read',
  'duty.manage',
  'duty.review',
  'task.read',
  'task.issue',
  'task.submit',
  'task.review',
  'document.publish',
  'development.read',
  'development.manage',
  'honour.manage',
  'ethics.read',
  'ethics.manage',
  'ethics.case',
  'safety.read',
  'safety.manage',
  'safety.case',
  'risk.read',
  'risk.manage',
  'incident.report',
  'content.submit',
  'content.review',
  'disclosure.manage',
  'report.read',
  'report.generate',
  'assessment.read',
  'assessment.manage',
  'assessment.review',
] as const;
export type Ability = (typeof ABILITIES)[number];

const READ_ALL: Ability[] = [
  'org.read',
  'people.read',
  'ledger.read',
  'duty.read',
  'task.read',
  'development.read',
  'ethics.read',
  'safety.read',
  'risk.read',
  'report.read',
  'assessment.read',
];

/** What a school's leadership does in its own subtree. */
const SCHOOL_ADMIN: Ability[] = [
  ...READ_ALL,
  'org.manage',
  'people.manage',
  'people.phone.read',
  'ledger.write',
  'ledger.review',
  'import.run',
  'duty.manage',
  'task.submit',
  'development.manage',
  'honour.manage',
  'ethics.manage',
  'safety.manage',
  'risk.manage',
  'incident.report',
  'content.submit',
  'content.review',
  'disclosure.manage',
  'report.generate',
  'assessment.manage',
];

/**
 * Role → abilities. This table is data: offices change role reach here, not in code.
 * The three administrators (三员分立) share no ability with each other or with business roles,
 * except org.read to pick units. Restricted cases (ethics.case, safety.case) belong to their own roles.
 */
export const ROLE_ABILITIES: Record<Role, readonly Ability[]> = {
  system_admin: ['org.read', 'user.read', 'user.manage', 'config.manage'],
  security_admin: ['org.read', 'user.read', 'grant.manage', 'security.manage'],
  audit_admin: ['audit.read'],
  committee_admin: [...SCHOOL_ADMIN, 'ledger.configure', 'demo.manage', 'duty.review', 'task.issue', 'task.review', 'document.publish', 'assessment.review'],
  org_admin: [...SCHOOL_ADMIN, 'task.issue', 'task.review', 'document.publish'],
  recorder: [...READ_ALL, 'ledger.write', 'task.submit', 'development.manage', 'incident.report', 'content.submit'],
  member: ['org.read', 'ledger.read', 'duty.read', 'task.read'],
  inspector: READ_ALL,
  discipline_officer: ['org.read', 'ethics.read', 'ethics.case'],
  safety_officer: ['org.read', 'safety.read', 'safety.case'],
};

export const ROLE_LABELS: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  system_admin: { 'zh-CN': '系统管理员', 'en-US': 'System administrator' },
  security_admin: { 'zh-CN': '安全管理员', 'en-US': 'Security administrator' },
  audit_admin: { 'zh-CN': '审计管理员', 'en-US': 'Audit administrator' },
  committee_admin: { 'zh-CN': '工委管理员', 'en-US': 'Committee administrator' },
  org_admin: { 'zh-CN': '组织管理员', 'en-US': 'Organisation administrator' },
  recorder: { 'zh-CN': '党务工作者', 'en-US': 'Recorder' },
  member: { 'zh-CN': '党员', 'en-US': 'Member' },
  inspector: { 'zh-CN': '督查员', 'en-US': 'Inspector' },
  discipline_officer: { 'zh-CN': '纪检人员', 'en-US': 'Discipline officer' },
  safety_officer: { 'zh-CN': '网络安全专干', 'en-US': 'Online-safety officer' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function abilitiesOf(roles: Iterable<Role>): Set<Ability> {
  const out = new Set<Ability>();
  for (const role of roles) for (const a of ROLE_ABILITIES[role]) out.add(a);
  return out;
}
