import type { OrgKind, Role } from '@taizhang/shared';
import { insertOrgUnit } from '../modules/org-units/service.ts';
import { addGrant, createUser } from '../modules/users/service.ts';
import type { AppContext } from '../platform/context.ts';

let seq = 0;
const next = () => ++seq;

export const TEST_PASSWORD = 'Correct-Horse-9';

/** `buildX(overrides)` factories writing through the real services. */
export class Factories {
  constructor(private readonly ctx: AppContext) {}

  async org(
    overrides: {
      code?: string;
      name?: string;
      kind?: OrgKind;
      parentId?: number | null;
      ownership?: '公办' | '民办';
      stage?: '小学' | '初中' | '高中';
      studentCount?: number;
      isDemo?: boolean;
    } = {},
  ) {
    const n = next();
    return insertOrgUnit(this.ctx, this.ctx.db, {
      code: overrides.code ?? `ORG${n}`,
      name: overrides.name ?? `测试组织${n}`,
      kind: overrides.kind ?? 'school',
      parentId: overrides.parentId ?? null,
      ownership: overrides.ownership,
      stage: overrides.stage,
      studentCount: overrides.studentCount,
      isDemo: overrides.isDemo,
    });
  }

  /** committee → two schools, each with a branch: the smallest tree that shows scope. */
  async district() {
    const committee = await this.org({ kind: 'committee', name: '测试区教育工委' });
    const schoolA = await this.org({ kind: 'school', parentId: committee.id, name: '第一小学', ownership: '公办' });
    const branchA = await this.org({ kind: 'branch', parentId: schoolA.id, name: '第一小学党支部' });
    const schoolB = await this.org({ kind: 'school', parentId: committee.id, name: '第二小学', ownership: '公办' });
    const branchB = await this.org({ kind: 'branch', parentId: schoolB.id, name: '第二小学党支部' });
    return { committee, schoolA, branchA, schoolB, branchB };
  }

  async user(opts: { role: Role; orgId: number | null; username?: string; password?: string; mustChange?: boolean }) {
    const username = opts.username ?? `user${next()}`;
    const password = opts.password ?? TEST_PASSWORD;
    const { user } = await createUser(this.ctx, this.ctx.db, { username, displayName: username, password: opts.mustChange ? undefined : password });
    if (opts.mustChange) {
      const { hashPassword } = await import('../platform/auth/passwords.ts');
      await this.ctx.db
        .updateTable('users')
        .set({ password_hash: await hashPassword(password) })
        .where('id', '=', user.id)
        .execute();
    }
    await addGrant(this.ctx, this.ctx.db, user.id, opts.role, opts.orgId);
    return { id: user.id, username, password };
  }
}
