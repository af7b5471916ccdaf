// The deterministic plan of a generated dataset, school by school (so province scale streams in bounded memory).
// Both writers — the bulk SQL one (bulk.ts) and the service one (apps/server/src/bench-generator.test.ts) — consume it.
import { fullName, rng } from '../names.ts';

export type Scale = 'tiny' | 'district' | 'city' | 'province';

export interface ScaleDef {
  schools: number;
  staff: number;
  years: number[];
  /** Every n-th school is large: a 党总支 with two branches instead of one branch. */
  generalBranchEvery: number;
}

export const SCALES: Record<Scale, ScaleDef> = {
  tiny: { schools: 2, staff: 24, years: [2022], generalBranchEvery: 2 },
  // ≈ 30 branches / 2,000 staff / 1 year (the demo district's shape)
  district: { schools: 28, staff: 2000, years: [2022], generalBranchEvery: 14 },
  // ≈ 1,500 orgs / 60,000 staff / 3 years
  city: { schools: 700, staff: 60_000, years: [2020, 2021, 2022], generalBranchEvery: 14 },
  // ≈ 20,000 orgs / 1,000,000 staff / 5 years ≈ 5,000,000 ledger records
  province: { schools: 9_400, staff: 1_000_000, years: [2018, 2019, 2020, 2021, 2022], generalBranchEvery: 14 },
};

export interface OrgSpec {
  code: string;
  name: string;
  kind: 'committee' | 'school' | 'kindergarten' | 'general_branch' | 'branch';
  parentCode: string | null;
  stage: string | null;
  ownership: string | null;
  studentCount: number | null;
  boarderCount: number | null;
  activeFrom: string;
}

export interface PersonSpec {
  code: string;
  name: string;
  gender: '男' | '女';
  birthDate: string;
  unitCode: string;
  partyOrgCode: string | null;
  politicalStatus: string;
  joinDate: string | null;
  conversionDate: string | null;
}

export interface PostSpec {
  personCode: string;
  orgCode: string;
  post: string;
  startDate: string | null;
}

export interface ActivitySpec {
  code: string;
  orgCode: string;
  typeCode: string;
  date: string;
  topic: string;
  hostCode: string | null;
  attendees: { personCode: string; status: 'present' | 'absent' | 'excused' }[];
}

export interface Chunk {
  orgs: OrgSpec[];
  people: PersonSpec[];
  posts: PostSpec[];
  activities: ActivitySpec[];
}

const STAGES = ['小学', '小学', '小学', '初中', '初中', '九年一贯制', '高中', '完全中学', '幼儿园', '职业学校'];
const PLACES = ['东', '西', '南', '北', '城关', '新华', '人民', '实验', '育才', '红旗', '光明', '和平', '长江', '黄河'];
const TOPICS: Record<string, string[]> = {
  branch_general_meeting: ['学习贯彻党的二十大精神', '发展党员票决', '年度党费收缴情况通报', '支部工作计划审议'],
  branch_committee_meeting: ['研究本月支部工作', '讨论入党积极分子培养', '部署主题党日活动', '研究师德师风建设'],
  party_group_meeting: ['学习党章', '交流学习体会', '讨论教学改革'],
  party_lecture: ['全面从严治党', '弘扬教育家精神', '牢记初心使命'],
  theme_party_day: ['重温入党誓词', '志愿服务进社区', '参观红色教育基地', '学习身边榜样'],
  org_life_meeting: ['年度专题组织生活会'],
  member_appraisal: ['年度民主评议党员'],
  heart_talk: ['谈心谈话'],
  ethics_study: ['师德师风专题学习', '教师职业行为十项准则学习'],
  ideology_meeting: ['意识形态工作专题研究'],
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The committee (root) and every school chunk, in order. Deterministic for (scale, seed). */
export function* planChunks(scale: Scale, seed: number): Generator<Chunk> {
  const def = SCALES[scale];
  const r = rng(seed);
  const first = def.years[0];
  const activeFrom = `${first - 5}-01-01`;
  const root = `G${seed}`;
  yield {
    orgs: [
      {
        code: root,
        name: `生成数据教育工委（${scale}/${seed}）`,
        kind: 'committee',
        parentCode: null,
        stage: null,
        ownership: null,
        studentCount: null,
        boarderCount: null,
        activeFrom,
      },
    ],
    people: [],
    posts: [],
    activities: [],
  };
  const perSchool = Math.max(4, Math.round(def.staff / def.schools));
  let personSeq = 0;
  let activitySeq = 0;
  for (let s = 0; s < def.schools; s++) {
    const chunk: Chunk = { orgs: [], people: [], posts: [], activities: [] };
    const stage = STAGES[Math.floor(r() * STAGES.length)];
    const kind = stage === '幼儿园' ? 'kindergarten' : 'school';
    const isPublic = r() < 0.93;
    const schoolCode = `${root}-S${pad(s + 1, 5)}`;
    const staff = Math.max(4, Math.round(perSchool * (0.6 + r() * 0.8)));
    const students = kind === 'kindergarten' ? 80 + Math.floor(r() * 300) : 300 + Math.floor(r() * 2500);
    chunk.orgs.push({
      code: schoolCode,
      name: `${PLACES[s % PLACES.length]}${kind === 'kindergarten' ? '幼儿园' : stage === '小学' ? '小学' : '中学'}${s + 1}`,
      kind,
      parentCode: root,
      stage,
      ownership: isPublic ? '公办' : '民办',
      studentCount: students,
      boarderCount: stage === '高中' || stage === '完全中学' ? Math.floor(students * 0.4) : 0,
      activeFrom,
    });
    const branches: string[] = [];
    if ((s + 1) % def.generalBranchEvery === 0) {
      const gb = `${schoolCode}-GB`;
      chunk.orgs.push({
        code: gb,
        name: '党总支',
        kind: 'general_branch',
        parentCode: schoolCode,
        stage: null,
        ownership: null,
        studentCount: null,
        boarderCount: null,
        activeFrom,
      });
      for (const b of [1, 2]) {
        chunk.orgs.push({
          code: `${gb}-B${b}`,
          name: `第${b === 1 ? '一' : '二'}党支部`,
          kind: 'branch',
          parentCode: gb,
          stage: null,
          ownership: null,
          studentCount: null,
          boarderCount: null,
          activeFrom,
        });
        branches.push(`${gb}-B${b}`);
      }
    } else {
      chunk.orgs.push({
        code: `${schoolCode}-B1`,
        name: '党支部',
        kind: 'branch',
        parentCode: schoolCode,
        stage: null,
        ownership: null,
        studentCount: null,
        boarderCount: null,
        activeFrom,
      });
      branches.push(`${schoolCode}-B1`);
    }
    const membersOf = new Map<string, string[]>(branches.map((b) => [b, []]));
    for (let i = 0; i < staff; i++) {
      const code = `${root}-P${pad(++personSeq, 7)}`;
      const birthYear = 1962 + Math.floor(r() * 40);
      const birthDate = `${birthYear}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
      // The first of each branch is its secretary; about 23% of staff are members.
      const branch = i < branches.length ? branches[i] : r() < 0.23 ? branches[Math.floor(r() * branches.length)] : null;
      let joinDate: string | null = null;
      let conversionDate: string | null = null;
      let status = r() < 0.12 ? '共青团员' : '群众';
      if (branch) {
        const jy = Math.min(first - 1, birthYear + 19 + Math.floor(r() * 20));
        joinDate = `${jy}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
        conversionDate = `${jy + 1}${joinDate.slice(4)}`;
        status = '中共党员';
        membersOf.get(branch)?.push(code);
      }
      chunk.people.push({
        code,
        name: fullName(r),
        gender: r() < 0.62 ? '女' : '男',
        birthDate,
        unitCode: schoolCode,
        partyOrgCode: branch,
        politicalStatus: status,
        joinDate,
        conversionDate,
      });
      if (i < branches.length) {
        chunk.posts.push({ personCode: code, orgCode: branches[i], post: '党支部书记', startDate: `${first - 3}-09-01` });
        if (i === 0)
          chunk.posts.push({ personCode: code, orgCode: schoolCode, post: kind === 'kindergarten' ? '园长' : '校长', startDate: `${first - 3}-09-01` });
      }
    }
    for (const year of def.years) {
      for (const b of branches) {
        const members = membersOf.get(b) ?? [];
        const secretary = members[0] ?? null;
        const add = (typeCode: string, month: number, who: string[]) => {
          if (r() < 0.05) return; // some records are simply missing: the calendar shows gaps
          const topics = TOPICS[typeCode];
          chunk.activities.push({
            code: `${root}-A${pad(++activitySeq, 8)}`,
            orgCode: b,
            typeCode,
            date: `${year}-${pad(month)}-${pad(1 + Math.floor(r() * 27))}`,
            topic: topics[Math.floor(r() * topics.length)],
            hostCode: secretary,
            attendees: who.map((personCode) => {
              const x = r();
              return { personCode, status: x < 0.04 ? 'absent' : x < 0.08 ? 'excused' : 'present' };
            }),
          });
        };
        for (let m = 1; m <= 12; m++) {
          add('branch_committee_meeting', m, members.slice(0, 5));
          add('theme_party_day', m, members);
          add('ethics_study', m, members);
          add('party_group_meeting', m, members.slice(0, Math.ceil(members.length / 2)));
          add('party_group_meeting', m, members.slice(Math.ceil(members.length / 2)));
          if (m % 3 === 0) {
            add('branch_general_meeting', m, members);
            add('party_lecture', m, members);
          }
        }
        add('org_life_meeting', 12, members);
        add('member_appraisal', 12, members);
        add('ideology_meeting', 3, members.slice(0, 5));
        add('ideology_meeting', 9, members.slice(0, 5));
        for (let k = 1; k + 1 < members.length; k += 2) add('heart_talk', 1 + Math.floor(r() * 12), [members[0], members[k]]);
      }
    }
    yield chunk;
  }
}

/** Fixed "now" of a generated dataset: shortly after its last year. */
export function generatedNow(scale: Scale): Date {
  const years = SCALES[scale].years;
  return new Date(`${years[years.length - 1] + 1}-01-10T02:00:00.000Z`);
}
