import type { FormField } from '@taizhang/shared/schemas/tasks';
import type { Executor } from '../../db/database.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { DemoWorld } from '../demo/world.ts';
import { expandReaders } from './documents.ts';
import { computeFigure } from './figures.ts';
import { addDays } from './recurring.ts';
import { sanitizeHtml } from './sanitize.ts';

interface DemoTask {
  title: string;
  html: string;
  created: string;
  deadline: string;
  periodStart?: string;
  periodEnd?: string;
  form: FormField[];
  evidenceRequired: boolean;
  targets: (w: DemoWorld) => number[];
  answers: (w: DemoWorld, schoolId: number, figures: Record<string, number | null>) => Record<string, string | number | null>;
  evidence?: string[];
}

const schoolById = (w: DemoWorld, id: number) => w.schools.find((s) => s.id === id);

const TASKS: DemoTask[] = [
  {
    title: '2022年全区中小学校防沉迷工作全面排查',
    html: '<p>按照区教育工委部署，各校（园）于4月15日前完成对全体学生的网络沉迷情况全面排查，建立台账，报送排查报告。</p><ul><li>寄宿生手机由班主任代管</li><li>晨午检抽查，清理有害应用</li></ul>',
    created: '2022-03-10',
    deadline: '2022-04-15',
    form: [
      { key: 'screened_students', label: '排查学生数', type: 'number', required: true },
      { key: 'issues_found', label: '发现问题数', type: 'number', required: true },
      { key: 'completed_on', label: '完成日期', type: 'date', required: true },
      { key: 'report', label: '排查报告', type: 'file', required: false },
    ],
    evidenceRequired: true,
    evidence: ['防沉迷排查报告.pdf'],
    targets: (w) => w.schools.map((s) => s.id),
    answers: (w, id) => {
      const s = schoolById(w, id);
      const n = s?.students ?? 0;
      return {
        screened_students: n,
        issues_found: Math.round(n * 0.006 * w.rng.next()),
        completed_on: w.rng.date('2022-03-25', '2022-04-14'),
        report: '排查报告.pdf',
      };
    },
  },
  {
    title: '师德师风主题演讲比赛',
    html: '<p>各校（园）组织开展“弘扬高尚师德 潜心立德树人”主题演讲比赛，5月31日前报送参赛情况及获奖名单。</p>',
    created: '2022-04-20',
    deadline: '2022-05-31',
    form: [
      { key: 'contestants', label: '参赛教师人数', type: 'number', required: true },
      { key: 'winners', label: '获奖教师名单', type: 'text', required: false },
      { key: 'level', label: '组织层级', type: 'choice', required: true, options: ['校级', '片区', '区级'] },
    ],
    evidenceRequired: false,
    targets: (w) => w.schools.map((s) => s.id),
    answers: (w) => ({ contestants: w.rng.int(4, 18), winners: '', level: w.rng.pick(['校级', '校级', '片区']) }),
  },
  {
    title: '“六一”国际儿童节主题教育活动',
    html: '<p>各小学、幼儿园围绕“喜迎二十大 争做好队员”开展庆“六一”主题活动，6月6日前反馈活动情况。</p>',
    created: '2022-05-16',
    deadline: '2022-06-06',
    form: [
      { key: 'activity_name', label: '活动名称', type: 'text', required: true },
      { key: 'participants', label: '参与学生数', type: 'number', required: true },
    ],
    evidenceRequired: false,
    targets: (w) => w.schools.filter((s) => s.kind === 'kindergarten' || s.stage === '小学' || s.stage === '九年一贯制').map((s) => s.id),
    answers: (w, id) => ({
      activity_name: w.rng.pick(['“红领巾心向党”入队仪式', '童心向党文艺汇演', '“扣好人生第一粒扣子”主题队会', '亲子游园活动']),
      participants: Math.round((schoolById(w, id)?.students ?? 300) * (0.7 + 0.3 * w.rng.next())),
    }),
  },
  {
    title: '2022年第二季度“三会一课”开展情况报送',
    html: '<p>请各校（园）党组织确认本季度组织生活开展次数及党员人数（系统已按台账预填），7月10日前报送。</p>',
    created: '2022-07-01',
    deadline: '2022-07-10',
    periodStart: '2022-04-01',
    periodEnd: '2022-06-30',
    form: [
      { key: 'meetings_held', label: '组织生活开展次数', type: 'number', required: true, figureKey: 'ledger.meetings_held' },
      { key: 'members', label: '党员人数', type: 'number', required: true, figureKey: 'people.members' },
      { key: 'notes', label: '说明', type: 'text', required: false },
    ],
    evidenceRequired: false,
    targets: (w) => w.schools.map((s) => s.id),
    answers: (_w, _id, figures) => ({ meetings_held: figures.meetings_held ?? 0, members: figures.members ?? 0, notes: '' }),
  },
];

const at = (date: string, rng: DemoWorld['rng']) => `${date}T${String(rng.int(1, 9)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`;

interface HistoryRow {
  at: string;
  action: string;
  from_status: string | null;
  to_status: string;
  by_name: string;
  note: string | null;
}

async function insertBatched<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 250) await insert(rows.slice(i, i + 250));
}

async function seed(_ctx: AppContext, trx: Executor, w: DemoWorld): Promise<void> {
  const rng = w.rng;
  for (const [ti, def] of TASKS.entries()) {
    const createdAt = `${def.created}T01:30:00.000Z`;
    const targets = def.targets(w);
    const periodStart = def.periodStart ?? `${def.deadline.slice(0, 4)}-01-01`;
    const periodEnd = def.periodEnd ?? def.deadline;
    const task = await trx
      .insertInto('tasks')
      .values({
        title: def.title,
        requirements_html: sanitizeHtml(def.html),
        issuing_org_id: w.committeeId,
        deadline: def.deadline,
        form_json: JSON.stringify(def.form),
        evidence_required: def.evidenceRequired ? 1 : 0,
        attachments_json: '[]',
        targets_json: JSON.stringify({ orgIds: targets }),
        period_start: periodStart,
        period_end: periodEnd,
        recurring_template_id: null,
        period_key: null,
        status: 'open',
        is_demo: 1,
        created_by: null,
        created_at: createdAt,
        updated_at: createdAt,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows: {
      orgId: number;
      status: string;
      submitted: string | null;
      first: string | null;
      accepted: string | null;
      reason: string | null;
      answers: Record<string, string | number | null>;
      figures: Record<string, number | null> | null;
      updated: string;
      version: number;
    }[] = [];
    const histories: HistoryRow[][] = [];
    const stuck: { orgId: number; status: string }[] = [];
    for (const [idx, orgId] of targets.entries()) {
      const figures: Record<string, number | null> = {};
      for (const f of def.form) if (f.figureKey) figures[f.key] = await computeFigure(trx, f.figureKey, orgId, { start: periodStart, end: periodEnd });
      const h: HistoryRow[] = [];
      // The last two tasks each leave one school behind: one never submitted, one returned and not yet resubmitted.
      if (ti === 1 && idx === 4) {
        rows.push({
          orgId,
          status: 'not_started',
          submitted: null,
          first: null,
          accepted: null,
          reason: null,
          answers: {},
          figures: null,
          updated: createdAt,
          version: 1,
        });
        histories.push(h);
        stuck.push({ orgId, status: 'not_started' });
        continue;
      }
      const late = rng.chance(0.18);
      const firstDate = late ? addDays(def.deadline, rng.int(1, 12)) : rng.date(addDays(def.created, 3), def.deadline);
      const first = at(firstDate, rng);
      const answers = def.answers(w, orgId, figures);
      h.push({ at: first, action: 'submit', from_status: 'not_started', to_status: 'submitted', by_name: '学校党务工作者', note: null });
      let status = 'submitted';
      let submitted = first;
      let accepted: string | null = null;
      let reason: string | null = null;
      let reviewDate = addDays(firstDate, rng.int(1, 4));
      const forcedReturn = ti === 2 && idx === 2;
      const returned = forcedReturn || rng.chance(0.14);
      if (returned) {
        reason = rng.pick(['佐证材料不完整，请补充活动照片', '数据与台账不一致，请核对后重报', '请补充具体措施和成效']);
        h.push({ at: at(reviewDate, rng), action: 'return', from_status: 'submitted', to_status: 'returned', by_name: '区教育工委组织科', note: reason });
        status = 'returned';
        if (forcedReturn) {
          stuck.push({ orgId, status: 'returned' });
        } else {
          const again = addDays(reviewDate, rng.int(1, 5));
          submitted = at(again, rng);
          h.push({ at: submitted, action: 'resubmit', from_status: 'returned', to_status: 'submitted', by_name: '学校党务工作者', note: null });
          status = 'submitted';
          reason = null;
          reviewDate = addDays(again, rng.int(1, 3));
        }
      }
      if (status === 'submitted') {
        accepted = at(reviewDate, rng);
        h.push({ at: accepted, action: 'accept', from_status: 'submitted', to_status: 'accepted', by_name: '区教育工委组织科', note: null });
        status = 'accepted';
      }
      rows.push({
        orgId,
        status,
        submitted,
        first,
        accepted,
        reason,
        answers,
        figures: def.form.some((f) => f.figureKey) ? figures : null,
        updated: h[h.length - 1].at,
        version: 1 + h.length,
      });
      histories.push(h);
    }
    const ids: { id: number; org_id: number }[] = [];
    await insertBatched(rows, async (chunk) => {
      ids.push(
        ...(await trx
          .insertInto('assignments')
          .values(
            chunk.map((r) => ({
              task_id: task.id,
              org_id: r.orgId,
              status: r.status,
              submitted_at: r.submitted,
              first_submitted_at: r.first,
              submitted_by: null,
              answers_json: JSON.stringify(r.answers),
              evidence_json: JSON.stringify(r.submitted && def.evidence ? def.evidence : []),
              figures_json: r.figures ? JSON.stringify(r.figures) : null,
              reviewed_by: null,
              reviewed_at: r.accepted ?? (r.reason ? r.updated : null),
              return_reason: r.reason,
              accepted_at: r.accepted,
              reminded_at: null,
              is_demo: 1,
              created_at: createdAt,
              updated_at: r.updated,
              version: r.version,
            })),
          )
          .returning(['id', 'org_id'])
          .execute()),
      );
    });
    const idOf = new Map(ids.map((r) => [r.org_id, r.id]));
    const historyRows = rows.flatMap((r, i) => histories[i].map((h) => ({ assignment_id: idOf.get(r.orgId) as number, by_user_id: null, ...h })));
    await insertBatched(historyRows, (chunk) => trx.insertInto('assignment_history').values(chunk).execute());
    for (const s of stuck) {
      const assignmentId = idOf.get(s.orgId) as number;
      const urgeDate = addDays(def.deadline, -1);
      await trx
        .insertInto('urges')
        .values({ assignment_id: assignmentId, at: at(urgeDate, rng), by_user_id: null, by_name: '区教育工委组织科' })
        .execute();
      const school = schoolById(w, s.orgId);
      await trx
        .insertInto('supervision_notices')
        .values({
          assignment_id: assignmentId,
          escalated_to_person_id: school?.secretaryId ?? null,
          opened_at: at(addDays(def.deadline, 3), rng),
          closed_at: null,
          status: 'open',
          note: '逾期未反馈，督促第一责任人落实 / overdue: escalated to the first responsible person',
          is_demo: 1,
        })
        .execute();
    }
  }
  await seedDocuments(trx, w);
}

const DOCUMENTS = [
  { title: '关于加强学校意识形态工作的通知', body: '各校（园）党组织要切实履行意识形态工作主体责任……', published: '2022-02-21', days: 7 },
  { title: '新时代中小学教师职业行为十项准则', body: '坚定政治方向；自觉爱国守法；传播优秀文化；潜心教书育人……', published: '2022-04-11', days: 10 },
  { title: '关于开展学生防沉迷专项行动的通知', body: '为切实做好中小学生网络沉迷防治工作……', published: '2022-09-05', days: 7 },
];

async function seedDocuments(trx: Executor, w: DemoWorld) {
  const rng = w.rng;
  for (const d of DOCUMENTS) {
    const publishedAt = `${d.published}T02:00:00.000Z`;
    const due = addDays(d.published, d.days);
    const doc = await trx
      .insertInto('documents')
      .values({
        title: d.title,
        body: d.body,
        issuing_org_id: w.committeeId,
        read_within_days: d.days,
        published_at: publishedAt,
        due_date: due,
        is_demo: 1,
        created_by: null,
        created_at: publishedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('document_targets').values({ document_id: doc.id, org_id: w.committeeId, person_id: null }).execute();
    const readers = (await expandReaders(trx, [w.committeeId], [])).sort((a, b) => a - b);
    const rows = readers.map((personId) => {
      const roll = rng.next();
      const readDate = roll < 0.8 ? rng.date(d.published, due) : roll < 0.95 ? addDays(due, rng.int(1, 10)) : null;
      return { document_id: doc.id, person_id: personId, read_at: readDate ? at(readDate, rng) : null, linked_activity_id: null, reminded_at: null };
    });
    await insertBatched(rows, (chunk) => trx.insertInto('document_receipts').values(chunk).execute());
  }
}

async function remove(trx: Executor): Promise<void> {
  const tasks = trx.selectFrom('tasks').select('id').where('is_demo', '=', 1);
  const assignments = trx.selectFrom('assignments').select('id').where('task_id', 'in', tasks);
  await trx.deleteFrom('supervision_notices').where('assignment_id', 'in', assignments).execute();
  await trx.deleteFrom('urges').where('assignment_id', 'in', assignments).execute();
  await trx.deleteFrom('assignment_history').where('assignment_id', 'in', assignments).execute();
  await trx.deleteFrom('assignments').where('task_id', 'in', tasks).execute();
  await trx.deleteFrom('tasks').where('is_demo', '=', 1).execute();
  const docs = trx.selectFrom('documents').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('document_receipts').where('document_id', 'in', docs).execute();
  await trx.deleteFrom('document_targets').where('document_id', 'in', docs).execute();
  await trx.deleteFrom('documents').where('is_demo', '=', 1).execute();
}

export const tasksDemo: DemoSeeder = { name: 'tasks', seed, remove };
