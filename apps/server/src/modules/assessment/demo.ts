import type { Category } from '@taizhang/shared/schemas/assessment';
import type { Executor } from '../../db/database.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { DemoWorld } from '../demo/world.ts';
import { isAuto, round1 } from './score.ts';
import { applyAdjustments, createSystem, finalGrade, openYear, recomputeTotal } from './service.ts';

const EVIDENCE: Record<string, string[]> = {
  'duty.pledge': ['已与各支部签订2022年度党建工作目标责任书，每季度召开党建工作专题会议。', '签订党建工作责任书，党支部会议纪要4份。'],
  'ethics.outcome': ['建立师德师风学习制度，开展师德师风演讲比赛，全年无师德失范问题。', '评选师德标兵3名，签订师德承诺书全覆盖。'],
  'network.positions': ['学校网站、公众号落实“三审三校”，班级群专人管理，全年无负面舆情。', '制定网络舆情应急预案，开展网络安全教育2次。'],
  'risk.review': ['每学期开展意识形态风险研判，形成研判报告并落实防范措施。', '建立风险台账，落实校园安全隐患排查整改。'],
};

const REASONS = ['佐证材料不充分，酌情扣分', '抽查台账记录不完整', '材料齐全，成效突出，予以加分', '部分活动记录未及时上传'];

/**
 * The 2022 assessment of the demo district: the default indicator system, opened for every school (auto-scored from
 * the demo records), then a mix: a few still self-assessing, some submitted, some reviewed with adjustments, several
 * finalized with grades.
 */
export async function seedAssessment(ctx: AppContext, trx: Executor, world: DemoWorld): Promise<void> {
  const rng = world.rng;
  const system = await createSystem(ctx, trx, { year: 2022, orgId: world.committeeId }, 1);
  const tree = JSON.parse(system.tree_json) as Category[];
  const manual = tree.flatMap((c) => c.indicators).filter((i) => !isAuto(i.measure));
  await openYear(ctx, trx, 2022, world.committeeId, 1);
  const cards = await trx
    .selectFrom('assessment_scorecards')
    .select(['id', 'org_id'])
    .where('year', '=', 2022)
    .where('is_demo', '=', 1)
    .orderBy('org_id')
    .execute();
  const reviewer = { userId: 0, displayName: '刘莹' };
  const now = iso(ctx.clock.now());
  for (const [n, card] of cards.entries()) {
    // 0–3: still self-assessing (partly filled); then submitted, reviewed and finalized in turn
    const stage = n < 4 ? 0 : n % 3 === 1 ? 1 : n % 3 === 2 ? 2 : 3;
    const todo = stage === 0 ? manual.slice(0, rng.int(0, manual.length - 1)) : manual;
    for (const ind of todo) {
      const share = 0.7 + rng.next() * 0.3;
      await trx
        .updateTable('assessment_scores')
        .set({ self_points: round1(ind.maxPoints * share), evidence: rng.pick(EVIDENCE[ind.code] ?? ['已按要求落实，详见佐证材料。']), updated_at: now })
        .where('scorecard_id', '=', card.id)
        .where('indicator_code', '=', ind.code)
        .execute();
    }
    let total = await recomputeTotal(trx, card.id);
    if (stage === 0) continue;
    const patch: { status: string; submitted_at: string; reviewed_at?: string; finalized_at?: string; grade?: string; version: number } = {
      status: 'submitted',
      submitted_at: now,
      version: 2,
    };
    if (stage >= 2) {
      const adj = rng.shuffle([...manual]).slice(0, rng.int(1, 2));
      await applyAdjustments(
        ctx,
        trx,
        reviewer,
        card.id,
        adj.map((i) => ({ code: i.code, points: round1(i.maxPoints * (0.6 + rng.next() * 0.4)), reason: rng.pick(REASONS) })),
        1,
      );
      total = await recomputeTotal(trx, card.id);
      Object.assign(patch, { status: 'reviewed', reviewed_at: now, version: 3 });
    }
    if (stage === 3) Object.assign(patch, { status: 'finalized', finalized_at: now, grade: finalGrade(total, system.thresholds_json), version: 4 });
    await trx.updateTable('assessment_scorecards').set(patch).where('id', '=', card.id).execute();
  }
}

export async function removeAssessment(trx: Executor): Promise<void> {
  const cards = trx.selectFrom('assessment_scorecards').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('assessment_adjustments').where('scorecard_id', 'in', cards).execute();
  await trx.deleteFrom('assessment_scores').where('scorecard_id', 'in', cards).execute();
  await trx.deleteFrom('assessment_scorecards').where('is_demo', '=', 1).execute();
  await trx.deleteFrom('assessment_systems').where('is_demo', '=', 1).execute();
}

export const assessmentDemo: DemoSeeder = { name: 'assessment', seed: seedAssessment, remove: removeAssessment };
