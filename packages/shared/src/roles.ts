/**
 * Roles and what they may do. This table is data: offices change role reach here, not in code.
 * The three administrators (三员分立) share no ability with each other.
 */
export const ROLES = ['system_admin', 'security_admin', 'audit_admin', 'committee_admin', 'org_admin', 'recorder', 'member', 'inspector'] as const;
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
  'ledger.read',
  'ledger.write',
  'ledger.review',
  'import.run',
  'demo.manage',
] as const;
export type Ability = (typeof ABILITIES)[number];

export const ROLE_ABILITIES: Record<Role, readonly Ability[]> = {
  system_admin: ['org.read', 'user.read', 'user.manage', 'config.manage'],
  security_admin: ['org.read', 'user.read', 'grant.manage'],
  audit_admin: ['audit.read'],
  committee_admin: [
    'org.read',
    'org.manage',
    'people.read',
    'people.manage',
    'people.phone.read',
    'ledger.read',
    'ledger.write',
    'ledger.review',
    'import.run',
    'demo.manage',
  ],
  org_admin: ['org.read', 'org.manage', 'people.read', 'people.manage', 'people.phone.read', 'ledger.read', 'ledger.write', 'ledger.review', 'import.run'],
  recorder: ['org.read', 'people.read', 'ledger.read', 'ledger.write'],
  member: ['org.read', 'ledger.read'],
  inspector: ['org.read', 'people.read', 'ledger.read'],
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
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function abilitiesOf(roles: Iterable<Role>): Set<Ability> {
  const out = new Set<Ability>();
  for (const role of roles) for (const a of ROLE_ABILITIES[role]) out.add(a);
  return out;
}
