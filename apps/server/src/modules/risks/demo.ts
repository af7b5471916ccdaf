import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { DemoWorld } from '../demo/world.ts';
import { defaultReviewRule } from './content.ts';
import { loadMatrix } from './risks.ts';
import type { RiskRatingsTable } from './tables.ts';

const BATCH = 250;

/** 09:00 Beijing time on a date, as a UTC ISO timestamp. */
function at(date: string, hour = 9, minute = 0): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3600_000 + minute * 60_000).toISOString();
}
function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
}
function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

const RISK_TEMPLATES: Record<string, string[]> = {
  课堂教学: ['个别教师课堂言论把关不严，存在不当表述的可能', '思政课教学内容更新不及时', '外聘教师课堂教学内容缺少审核'],
  教材教辅: ['教辅资料征订渠道不规范，可能混入不合格读物', '图书室藏书未全面排查', '校本教材编写审核流程不完善'],
  校园活动: ['校园文化活动内容审核不到位', '大型集会活动宣传材料未经审核', '节日庆祝活动中出现不当元素的可能'],
  网络与新媒体: ['班级微信群、家长群管理不规范', '学校公众号发布内容把关不严', '师生个人自媒体发布不当言论的可能', '校园网站栏目长期未更新、存在过期信息'],
  讲座论坛: ['外请专家讲座内容未提前报批', '线上讲座、直播课内容缺少审核'],
  社团: ['学生社团活动缺少指导教师监管', '社团对外交流活动审批不严'],
  其他: ['宣传栏、电子屏内容更换不及时', '意识形态工作台账记录不完整'],
};
const MEASURES = ['每学期开展一次专项排查', '明确专人审核，落实三审三校', '纳入教职工政治学习内容', '建立台账，定期检查整改'];
const SCHOOL_ARTICLES = [
  '开学第一课：扣好人生第一粒扣子',
  '我校开展“新时代好少年”主题教育活动',
  '学雷锋志愿服务活动掠影',
  '清明祭英烈 共铸中华魂',
  '喜迎二十大 永远跟党走',
  '六一儿童节主题活动纪实',
  '师德师风建设专题学习会',
  '预防网络沉迷，守护健康成长——致家长的一封信',
  '国家安全教育日主题活动',
  '教师节表彰大会顺利召开',
];
const COMMITTEE_ARTICLES = [
  '教育工委召开2022年意识形态工作会议',
  '教育系统党支部书记“严明政治纪律，严守政治规矩”集中学习',
  '全区中小学校网络安全教育（防沉迷）工作动员会召开',
  '教育系统表彰优秀共产党员、优秀党建工作者和先进基层党组织',
  '教育工委开展党支部书记轮训',
  '教育系统深入学习宣传贯彻党的二十大精神',
];
const INCIDENTS = [
  { source: '家长群', summary: '家长在班级群转发未经核实的学校收费传言，引发部分家长议论' },
  { source: '网络平台', summary: '短视频平台出现学生在校园内拍摄的不当视频' },
  { source: '12345热线', summary: '市民反映学校周边宣传栏内容陈旧，有过期信息' },
  { source: '校内', summary: '个别教师在课堂上发表不当言论，学生家长反映' },
  { source: '家长群', summary: '家长群中出现与教学无关的不当链接转发' },
];

export async function seedRisksDemo(ctx: AppContext, trx: Executor, world: DemoWorld): Promise<void> {
  void ctx;
  const rng = world.rng;
  const matrix = await loadMatrix(trx);
  const level = (l: number, i: number) => matrix.get(`${l}:${i}`) ?? '低';
  const names = new Map(world.people.map((p) => [p.id, p.name]));
  const orgCodes = new Map((await trx.selectFrom('org_units').select(['id', 'code']).where('is_demo', '=', 1).execute()).map((o) => [o.id, o.code] as const));
  const categories = Object.keys(RISK_TEMPLATES);

  // ---------- risks ----------
  interface RiskSpec {
    orgId: number;
    code: string;
    category: string;
    description: string;
    likelihood: number;
    impact: number;
    owner: number;
    status: string;
    created: string;
    closedBy: string | null;
  }
  const specs: RiskSpec[] = [];
  const addRisks = (orgId: number, owner: number, n: number) => {
    for (let k = 1; k <= n; k++) {
      const category = rng.pick(categories);
      const roll = rng.next();
      // Mostly low; some 一般; rarely 较大.
      const [l, i] = roll < 0.72 ? [rng.int(1, 2), rng.int(1, 2)] : roll < 0.96 ? [rng.int(2, 3), rng.int(2, 3)] : [rng.int(3, 4), 3];
      const statusRoll = rng.next();
      const status = statusRoll < 0.6 ? 'monitoring' : statusRoll < 0.85 ? 'treating' : 'closed';
      specs.push({
        orgId,
        code: `FX-${orgCodes.get(orgId) ?? orgId}-2022-${String(k).padStart(3, '0')}`,
        category,
        description: rng.pick(RISK_TEMPLATES[category]),
        likelihood: l,
        impact: i,
        owner,
        status,
        created: rng.date('2022-02-14', '2022-04-30'),
        closedBy: status === 'closed' ? rng.date('2022-07-01', '2022-11-30') : null,
      });
    }
  };
  addRisks(world.committeeId, world.committeeStaffIds.find((id) => id !== world.committeeSecretaryId) ?? world.committeeSecretaryId, 4);
  for (const s of world.schools) addRisks(s.id, s.secretaryId, rng.int(4, 10));

  const riskIds: number[] = [];
  for (const chunk of chunks(specs)) {
    const rows = await trx
      .insertInto('risks')
      .values(
        chunk.map((r) => {
          const mitigated = r.status !== 'identified';
          return {
            code: r.code,
            org_id: r.orgId,
            category: r.category,
            description: r.description,
            source: '研判会排查',
            likelihood: r.likelihood,
            impact: r.impact,
            level: level(r.likelihood, r.impact),
            owner_person_id: r.owner,
            treatment: r.likelihood * r.impact <= 2 ? 'accept' : 'mitigate',
            measures_json: JSON.stringify([{ text: MEASURES[(r.likelihood + r.impact) % MEASURES.length], dueDate: addDays(r.created, 60), done: true }]),
            status: r.status,
            review_date: r.status === 'closed' ? null : '2023-06-30',
            review_date_set_on: r.status === 'closed' ? null : '2022-12-10',
            last_reviewed_on: null,
            residual_likelihood: mitigated ? 1 : null,
            residual_impact: mitigated ? Math.max(1, r.impact - 1) : null,
            residual_level: mitigated ? level(1, Math.max(1, r.impact - 1)) : null,
            created_at: at(r.created),
            updated_at: at(r.closedBy ?? r.created),
            version: 1,
            is_demo: 1,
            import_batch: null,
          };
        }),
      )
      .returning('id')
      .execute();
    riskIds.push(...rows.map((r) => r.id));
  }
  const ratings = specs.flatMap((r, idx) => {
    const out: Insertable<RiskRatingsTable>[] = [
      {
        risk_id: riskIds[idx],
        kind: 'inherent',
        likelihood: r.likelihood,
        impact: r.impact,
        level: level(r.likelihood, r.impact),
        previous_level: null,
        source: 'create',
        reason: null,
        rated_by_user_id: null,
        rated_by_name: names.get(r.owner) ?? null,
        rated_at: at(r.created),
      },
    ];
    if (r.status !== 'identified')
      out.push({
        risk_id: riskIds[idx],
        kind: 'residual',
        likelihood: 1,
        impact: Math.max(1, r.impact - 1),
        level: level(1, Math.max(1, r.impact - 1)),
        previous_level: null,
        source: 'review',
        reason: '措施落实后评估剩余风险',
        rated_by_user_id: null,
        rated_by_name: names.get(r.owner) ?? null,
        rated_at: at(addDays(r.created, 30)),
      });
    return out;
  });
  for (const chunk of chunks(ratings)) await trx.insertInto('risk_ratings').values(chunk).execute();

  // ---------- 研判 meetings: half-yearly per school, quarterly at the committee ----------
  interface ReviewSpec {
    orgId: number;
    date: string;
    title: string;
    signer: number;
    riskIdx: number[];
  }
  const reviews: ReviewSpec[] = [];
  const idxByOrg = new Map<number, number[]>();
  for (const [i, r] of specs.entries()) idxByOrg.set(r.orgId, [...(idxByOrg.get(r.orgId) ?? []), i]);
  const reviewable = (idxs: number[], date: string) => idxs.filter((i) => specs[i].created <= date && (!specs[i].closedBy || specs[i].closedBy >= date));
  for (const s of world.schools) {
    const mine = idxByOrg.get(s.id) ?? [];
    for (const [half, from, to] of [
      ['上半年', '2022-06-01', '2022-06-28'],
      ['下半年', '2022-12-01', '2022-12-20'],
    ] as const) {
      const date = rng.date(from, to);
      reviews.push({ orgId: s.id, date, title: `${s.name}2022年${half}意识形态工作研判会`, signer: s.secretaryId, riskIdx: reviewable(mine, date) });
    }
  }
  const committeeRisks = idxByOrg.get(world.committeeId) ?? [];
  const notable = specs.map((r, i) => ({ r, i })).filter(({ r }) => r.orgId !== world.committeeId && r.likelihood * r.impact >= 5);
  for (const [q, from, to] of [
    ['第一季度', '2022-03-20', '2022-03-31'],
    ['第二季度', '2022-06-20', '2022-06-30'],
    ['第三季度', '2022-09-20', '2022-09-30'],
    ['第四季度', '2022-12-15', '2022-12-28'],
  ] as const) {
    const date = rng.date(from, to);
    reviews.push({
      orgId: world.committeeId,
      date,
      title: `教育工委2022年${q}意识形态工作研判会`,
      signer: world.committeeSecretaryId,
      riskIdx: reviewable([...committeeRisks, ...notable.map((n) => n.i)], date),
    });
  }
  const reviewIds: number[] = [];
  for (const chunk of chunks(reviews)) {
    const rows = await trx
      .insertInto('risk_reviews')
      .values(
        chunk.map((v) => ({
          org_id: v.orgId,
          date: v.date,
          title: v.title,
          agenda: '1. 传达上级意识形态工作部署；2. 逐项研判本单位意识形态风险；3. 部署下一阶段防范措施',
          conclusions: `本次研判风险${v.riskIdx.length}项，总体可控；各责任人按措施清单落实，下次研判时复核。`,
          signed: 1,
          signed_off_by_person_id: v.signer,
          signed_off_by_user_id: null,
          signed_off_at: at(addDays(v.date, rng.int(1, 3)), 10),
          created_by_user_id: null,
          created_at: at(v.date, 16),
          updated_at: at(v.date, 16),
          version: 2,
          is_demo: 1,
        })),
      )
      .returning('id')
      .execute();
    reviewIds.push(...rows.map((r) => r.id));
  }
  const items = reviews.flatMap((v, vi) =>
    v.riskIdx.map((i) => {
      const r = specs[i];
      const residual = r.status !== 'identified' && addDays(r.created, 30) <= v.date;
      return {
        review_id: reviewIds[vi],
        risk_id: riskIds[i],
        likelihood: r.likelihood,
        impact: r.impact,
        level: level(r.likelihood, r.impact),
        residual_likelihood: residual ? 1 : null,
        residual_impact: residual ? Math.max(1, r.impact - 1) : null,
        residual_level: residual ? level(1, Math.max(1, r.impact - 1)) : null,
        note: null,
      };
    }),
  );
  for (const chunk of chunks(items)) await trx.insertInto('risk_review_items').values(chunk).execute();
  // last_reviewed_on: the latest meeting that reviewed each risk.
  const lastReviewed = new Map<number, string>();
  for (const v of reviews) for (const i of v.riskIdx) if ((lastReviewed.get(i) ?? '') < v.date) lastReviewed.set(i, v.date);
  const byDate = new Map<string, number[]>();
  for (const [i, d] of lastReviewed) byDate.set(d, [...(byDate.get(d) ?? []), riskIds[i]]);
  for (const [d, ids] of byDate) for (const c of chunks(ids)) await trx.updateTable('risks').set({ last_reviewed_on: d }).where('id', 'in', c).execute();

  // ---------- incidents: a handful, small, all closed in 2022 ----------
  const schoolsWithRisks = world.schools.filter((s) => (idxByOrg.get(s.id) ?? []).length > 0);
  const picked = rng.shuffle([...schoolsWithRisks]).slice(0, 4);
  for (const [k, s] of picked.entries()) {
    const tpl = INCIDENTS[k % INCIDENTS.length];
    const day = rng.date('2022-03-01', '2022-11-30');
    const occurred = at(day, rng.int(8, 17), rng.int(0, 59));
    const reported = new Date(Date.parse(occurred) + rng.int(20, 90) * 60_000).toISOString();
    const closedDay = addDays(day, rng.int(1, 5));
    const closed = at(closedDay, 17);
    const inc = await trx
      .insertInto('incidents')
      .values({
        org_id: s.id,
        occurred_at: occurred,
        source: tpl.source,
        summary: tpl.summary,
        level: '一般',
        reported_at: reported,
        reported_by_user_id: null,
        reported_to_committee_at: null,
        escalation_due_at: null,
        status: 'closed',
        personally_handled: 1,
        closed_at: closed,
        lessons: '及时发现、及时处置；加强班级群和自媒体管理，纳入下次研判。',
        created_at: reported,
        updated_at: closed,
        version: 4,
        is_demo: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const secretary = names.get(s.secretaryId) ?? null;
    await trx
      .insertInto('incident_events')
      .values([
        { incident_id: inc.id, at: reported, kind: 'reported', actor_user_id: null, actor_name: secretary, note: `报告：一般（${tpl.source}）` },
        {
          incident_id: inc.id,
          at: new Date(Date.parse(reported) + 40 * 60_000).toISOString(),
          kind: 'action',
          actor_user_id: null,
          actor_name: secretary,
          note: '第一责任人亲自部署：核实情况，联系相关家长和教师，删除不当信息',
        },
        {
          incident_id: inc.id,
          at: at(addDays(day, 1), 10),
          kind: 'action',
          actor_user_id: null,
          actor_name: secretary,
          note: '召开班子会通报情况，落实整改措施',
        },
        { incident_id: inc.id, at: closed, kind: 'closed', actor_user_id: null, actor_name: secretary, note: '办结：情况已妥善处置，无扩散' },
      ])
      .execute();
    const riskIdx = (idxByOrg.get(s.id) ?? [])[0];
    const r = specs[riskIdx];
    await trx.insertInto('incident_risks').values({ incident_id: inc.id, risk_id: riskIds[riskIdx] }).execute();
    await trx
      .insertInto('risk_ratings')
      .values({
        risk_id: riskIds[riskIdx],
        kind: 'inherent',
        likelihood: r.likelihood,
        impact: r.impact,
        level: level(r.likelihood, r.impact),
        previous_level: level(r.likelihood, r.impact),
        source: 'incident',
        reason: `事件 #${inc.id} 办结后重新评级`,
        rated_by_user_id: null,
        rated_by_name: secretary,
        rated_at: closed,
      })
      .execute();
  }

  // ---------- positions and reviewed articles ----------
  interface PositionSpec {
    orgId: number;
    kind: string;
    name: string;
    owner: number;
    url: string | null;
    reviewers: [number, number, number];
    articles: { title: string; date: string; eventDate?: string }[];
  }
  const positions: PositionSpec[] = [];
  // Committee staff other than the secretary: 副书记, 宣传委员, 党务工作者…
  const staff = world.committeeStaffIds.filter((id) => id !== world.committeeSecretaryId);
  const committeeReviewers: [number, number, number] = [staff[2] ?? staff[0], staff[1] ?? staff[0], world.committeeSecretaryId];
  positions.push({
    orgId: world.committeeId,
    kind: 'wechat',
    name: 'XX教育微信公众号',
    owner: staff[1] ?? world.committeeSecretaryId,
    url: null,
    reviewers: committeeReviewers,
    articles: COMMITTEE_ARTICLES.map((title) => ({ title, date: rng.date('2022-02-15', '2022-12-20') })),
  });
  positions.push({
    orgId: world.committeeId,
    kind: 'website',
    name: '党务政务信息公开网',
    owner: staff[1] ?? world.committeeSecretaryId,
    url: null,
    reviewers: committeeReviewers,
    articles: [],
  });
  positions.push({
    orgId: world.committeeId,
    kind: 'notice_board',
    name: '教育工委宣传栏',
    owner: staff[2] ?? world.committeeSecretaryId,
    url: null,
    reviewers: committeeReviewers,
    articles: [],
  });
  positions.push({
    orgId: world.committeeId,
    kind: 'lecture_series',
    name: '专题辅导报告',
    owner: staff[0] ?? world.committeeSecretaryId,
    url: null,
    reviewers: [staff[2] ?? staff[0], staff[0], world.committeeSecretaryId],
    articles: [{ title: '《全面依法治国必须全面依规从严治党》专题辅导报告（主讲：刘莹）', date: '2022-03-18', eventDate: '2022-03-18' }],
  });
  for (const s of world.schools) {
    const teachers = s.teacherIds.filter((id) => id !== s.secretaryId && id !== s.principalId);
    if (teachers.length < 2) continue;
    const second = s.principalId !== s.secretaryId ? s.principalId : teachers[1];
    positions.push({
      orgId: s.id,
      kind: 'wechat',
      name: `${s.name}微信公众号`,
      owner: s.secretaryId,
      url: null,
      reviewers: [teachers[0], second, s.secretaryId],
      articles: rng
        .shuffle([...SCHOOL_ARTICLES])
        .slice(0, rng.int(3, 6))
        .map((title) => ({ title, date: rng.date('2022-02-20', '2022-12-20') })),
    });
  }
  const positionRows: { id: number }[] = [];
  for (const chunk of chunks(positions)) {
    positionRows.push(
      ...(await trx
        .insertInto('positions')
        .values(
          chunk.map((p) => ({
            org_id: p.orgId,
            kind: p.kind,
            name: p.name,
            owner_person_id: p.owner,
            review_rule: defaultReviewRule(p.kind),
            url: p.url,
            active: 1,
            created_at: at('2022-01-04'),
            updated_at: at('2022-01-04'),
            version: 1,
            is_demo: 1,
          })),
        )
        .returning('id')
        .execute()),
    );
  }
  const articles = positions.flatMap((p, pi) => p.articles.map((a) => ({ p, positionId: positionRows[pi].id, ...a })));
  const itemIds: number[] = [];
  for (const chunk of chunks(articles)) {
    const rows = await trx
      .insertInto('content_items')
      .values(
        chunk.map((a) => {
          // Lectures are approved a week before the event; articles two days before publication.
          const approvedDay = addDays(a.date, a.eventDate ? -7 : -2);
          return {
            org_id: a.p.orgId,
            position_id: a.positionId,
            title: a.title,
            body: `${a.title}。`,
            attachments_json: '[]',
            stage: 'published',
            round: 1,
            event_date: a.eventDate ?? null,
            approved_at: at(approvedDay, 16),
            published_at: at(a.date, 18),
            link: null,
            created_by_user_id: null,
            created_at: at(addDays(approvedDay, -1), 9),
            updated_at: at(a.date, 18),
            version: 5,
            is_demo: 1,
          };
        }),
      )
      .returning('id')
      .execute();
    itemIds.push(...rows.map((r) => r.id));
  }
  const contentReviews = articles.flatMap((a, ai) => {
    const approvedDay = addDays(a.date, a.eventDate ? -7 : -2);
    return ([1, 2, 3] as const).map((step) => ({
      item_id: itemIds[ai],
      round: 1,
      step,
      reviewer_user_id: null,
      reviewer_person_id: a.p.reviewers[step - 1],
      reviewer_name: names.get(a.p.reviewers[step - 1]) ?? '',
      decision: 'approve',
      comment: null,
      at: at(step === 1 ? addDays(approvedDay, -1) : approvedDay, step === 3 ? 16 : 10 + step),
    }));
  });
  for (const chunk of chunks(contentReviews)) await trx.insertInto('content_reviews').values(chunk).execute();

  // ---------- disclosures named in the seed report ----------
  const now = at('2022-12-31');
  const disclosures = [
    { category: '财务预决算', title: 'XX区教育工委2022年部门预算公开', disclosed_on: '2022-02-18', channel: '党务政务信息公开网' },
    { category: '财务预决算', title: 'XX区教育工委2021年部门决算公开', disclosed_on: '2022-08-22', channel: '党务政务信息公开网' },
    { category: '人事任免', title: '关于教育系统部分校（园）领导干部任免的通知', disclosed_on: '2022-04-12', channel: '党务政务信息公开网' },
    { category: '人事任免', title: '关于教育系统干部任职前公示的公告', disclosed_on: '2022-08-30', channel: '宣传栏' },
    { category: '重大决策', title: 'XX区教育工委2022年意识形态工作要点', disclosed_on: '2022-03-04', channel: '党务政务信息公开网' },
    { category: '重大决策', title: '关于加强中小学校网络安全教育和防沉迷工作的实施方案', disclosed_on: '2022-05-10', channel: '宣传栏' },
  ].map((d) => ({ ...d, org_id: world.committeeId, link: null, created_at: now, updated_at: now, version: 1, is_demo: 1, import_batch: null }));
  await trx.insertInto('disclosures').values(disclosures).execute();
}

export async function removeRisksDemo(trx: Executor): Promise<void> {
  const demoItems = trx.selectFrom('content_items').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('content_reviews').where('item_id', 'in', demoItems).execute();
  await trx.deleteFrom('content_items').where('is_demo', '=', 1).execute();
  await trx.deleteFrom('positions').where('is_demo', '=', 1).execute();
  const demoIncidents = trx.selectFrom('incidents').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('incident_events').where('incident_id', 'in', demoIncidents).execute();
  await trx.deleteFrom('incident_escalations').where('incident_id', 'in', demoIncidents).execute();
  await trx.deleteFrom('incident_risks').where('incident_id', 'in', demoIncidents).execute();
  await trx.deleteFrom('incidents').where('is_demo', '=', 1).execute();
  const demoRisks = trx.selectFrom('risks').select('id').where('is_demo', '=', 1);
  const demoReviews = trx.selectFrom('risk_reviews').select('id').where('is_demo', '=', 1);
  await trx
    .deleteFrom('risk_review_items')
    .where((eb) => eb.or([eb('review_id', 'in', demoReviews), eb('risk_id', 'in', demoRisks)]))
    .execute();
  await trx.deleteFrom('risk_reviews').where('is_demo', '=', 1).execute();
  await trx.deleteFrom('incident_risks').where('risk_id', 'in', demoRisks).execute();
  await trx.deleteFrom('risk_ratings').where('risk_id', 'in', demoRisks).execute();
  await trx.deleteFrom('risks').where('is_demo', '=', 1).execute();
  await trx.deleteFrom('disclosures').where('is_demo', '=', 1).execute();
}

export const risksDemo: DemoSeeder = { name: 'risks', seed: seedRisksDemo, remove: removeRisksDemo };
