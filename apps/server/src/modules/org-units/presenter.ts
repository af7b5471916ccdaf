import type { OrgKind, OrgUnitView } from '@taizhang/shared';
import type { OrgRow } from './repository.ts';

export function presentOrg(row: OrgRow, childCount = 0): OrgUnitView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as OrgKind,
    parentId: row.parent_id,
    active: row.active === 1,
    stage: row.stage,
    ownership: row.ownership,
    studentCount: row.student_count,
    boarderCount: row.boarder_count,
    isDemo: row.is_demo === 1,
    childCount,
    version: row.version,
  };
}
