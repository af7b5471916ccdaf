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

  /** A person row as an import would write it (no posts): a party member when joinDate is given. */
  async person(o: {
    unitId: number;
    partyOrgId?: number | null;
    code?: string;
    name?: string;
    birthDate?: string | null;
    pinyin?: { initials: string; full: string };
    joinDate?: string | null;
    conversionDate?: string | null;
    leftDate?: string | null;
  }) {
    const code = o.code ?? `P${next()}`;
    const status = o.conversionDate ? '中共党员' : o.joinDate ? '中共预备党员' : '群众';
    return this.ctx.db
      .insertInto('people')
      .values({
        code,
        name: o.name ?? code,
        gender: null,
        birth_date: o.birthDate ?? null,
        unit_id: o.unitId,
        party_org_id: o.partyOrgId ?? null,
        political_status: status,
        join_date: o.joinDate ?? null,
        conversion_date: o.conversionDate ?? null,
        phone: null,
        pinyin_initials: o.pinyin?.initials ?? '',
        pinyin_full: o.pinyin?.full ?? '',
        active: o.leftDate ? 0 : 1,
        left_date: o.leftDate ?? null,
        is_demo: 0,
        import_batch: null,
        created_at: '',
        updated_at: '',
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /** A ledger record of a seeded activity type with its attendance (person id → 出席 status), approved by default. */
  async activity(o: {
    orgId: number;
    type: string;
    date: string;
    status?: string;
    topic?: string;
    speaker?: string;
    hostPersonId?: number | null;
    attendance?: [number, 'present' | 'absent' | 'excused'][];
  }) {
    const db = this.ctx.db;
    const typeId = (await db.selectFrom('activity_types').select('id').where('code', '=', o.type).executeTakeFirstOrThrow()).id;
    const now = new Date().toISOString();
    const a = await db
      .insertInto('activities')
      .values({
        code: `F${next()}`,
        org_id: o.orgId,
        type_id: typeId,
        date: o.date,
        host_person_id: o.hostPersonId ?? null,
        speaker: o.speaker ?? null,
        topic: o.topic ?? '测试',
        extra_json: '{}',
        status: o.status ?? 'approved',
        backfill: 0,
        imported: 0,
        locked: 0,
        is_demo: 0,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [personId, status] of o.attendance ?? []) {
      await db.insertInto('activity_attendance').values({ activity_id: a.id, person_id: personId, status }).execute();
    }
    return a.id;
  }
}
