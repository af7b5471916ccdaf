import type { EthicsCaseStage, EthicsCaseView, EthicsMechanismView } from '@taizhang/shared/schemas/ethics';
import type { Executor } from '../../db/database.ts';
import { type CaseRow, idList, type MechanismRow, orgNames, personNames, userNames } from './service.ts';

export async function presentMechanisms(exec: Executor, rows: MechanismRow[]): Promise<EthicsMechanismView[]> {
  const names = await orgNames(
    exec,
    rows.map((r) => r.org_id),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: names.get(r.org_id) ?? '',
    name: r.name,
    content: r.content,
    effectiveFrom: r.effective_from,
    effectiveTo: r.effective_to,
    isDemo: r.is_demo === 1,
    importBatch: r.import_batch,
    version: r.version,
  }));
}

export async function presentCases(exec: Executor, rows: CaseRow[]): Promise<EthicsCaseView[]> {
  const orgs = await orgNames(
    exec,
    rows.map((r) => r.org_id),
  );
  const people = await personNames(
    exec,
    rows.map((r) => r.person_id),
  );
  const codes = new Map((await exec.selectFrom('ethics_codes').select(['id', 'code', 'name']).execute()).map((c) => [c.id, `${c.code} ${c.name}`]));
  const handlerPeople = await personNames(
    exec,
    rows.flatMap((r) => idList(r.handler_person_ids)),
  );
  const handlerUsers = await userNames(
    exec,
    rows.flatMap((r) => idList(r.handler_user_ids)),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id) ?? '',
    personId: r.person_id,
    personName: people.get(r.person_id) ?? '',
    codeId: r.code_id,
    codeName: codes.get(r.code_id) ?? '',
    summary: r.summary,
    stage: r.stage as EthicsCaseStage,
    clueOn: r.clue_on,
    verificationOn: r.verification_on,
    decisionOn: r.decision_on,
    closedOn: r.closed_on,
    handlerPersonIds: idList(r.handler_person_ids),
    handlerUserIds: idList(r.handler_user_ids),
    handlerPersons: idList(r.handler_person_ids).map((id) => ({ id, name: handlerPeople.get(id) ?? '' })),
    handlerUsers: idList(r.handler_user_ids).map((id) => ({ id, name: handlerUsers.get(id) ?? '' })),
    outcome: r.outcome,
    isDemo: r.is_demo === 1,
    version: r.version,
  }));
}
