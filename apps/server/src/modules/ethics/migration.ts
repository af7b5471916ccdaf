import { createIndex, type DialectMigration, withId } from '../../db/schema-helpers.ts';

/** The ten codes (2018), seeded as data so offices can read them in the negative list. */
export const ETHICS_CODES: { code: string; name: string; description: string }[] = [
  { code: '01', name: '坚定政治方向', description: '不得在教育教学活动中及其他场合有损害党中央权威、违背党的路线方针政策的言行。' },
  { code: '02', name: '自觉爱国守法', description: '不得损害国家利益、社会公共利益，或违背社会公序良俗。' },
  { code: '03', name: '传播优秀文化', description: '不得通过课堂、论坛、讲座、信息网络及其他渠道发表、转发错误观点，或编造散布虚假信息、不良信息。' },
  { code: '04', name: '潜心教书育人', description: '不得违反教学纪律，敷衍教学，或擅自从事影响教育教学本职工作的兼职兼薪行为。' },
  { code: '05', name: '关心爱护学生', description: '不得歧视、侮辱学生，严禁虐待、伤害学生。' },
  { code: '06', name: '加强安全防范', description: '不得在教育教学活动中遇突发事件、面临危险时，不顾学生安危，擅离职守，自行逃离。' },
  { code: '07', name: '坚持言行雅正', description: '不得与学生发生任何不正当关系，严禁任何形式的猥亵、性骚扰行为。' },
  { code: '08', name: '秉持公平诚信', description: '不得在招生、考试、推优、保送及绩效考核、岗位聘用、职称评聘、评优评奖等工作中徇私舞弊、弄虚作假。' },
  {
    code: '09',
    name: '坚守廉洁自律',
    description: '不得索要、收受学生及家长财物或参加由家长付费的宴请、旅游、娱乐休闲等活动，或向学生推销图书报刊、教辅材料、社会保险或利用家长资源谋取私利。',
  },
  { code: '10', name: '规范从教行为', description: '不得组织、参与有偿补课，或为校外培训机构和他人介绍生源、提供相关信息。' },
];

export const m0300_ethics: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('ethics_mechanisms'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('effective_from', 'text', (c) => c.notNull())
      .addColumn('effective_to', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'ethics_mechanisms_org_idx', 'ethics_mechanisms', ['org_id', 'effective_from']);

    await withId(db.schema.createTable('ethics_pledges'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'ethics_pledges_person_year_idx', 'ethics_pledges', ['person_id', 'year'], true);
    await createIndex(db, 'ethics_pledges_org_year_idx', 'ethics_pledges', ['org_id', 'year']);

    await withId(db.schema.createTable('ethics_codes'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.insertInto('ethics_codes').values(ETHICS_CODES).execute();

    await withId(db.schema.createTable('ethics_cases'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
      .addColumn('code_id', 'integer', (c) => c.notNull().references('ethics_codes.id'))
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('clue_on', 'text', (c) => c.notNull())
      .addColumn('verification_on', 'text')
      .addColumn('decision_on', 'text')
      .addColumn('closed_on', 'text')
      .addColumn('handler_person_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('handler_user_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('outcome', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'ethics_cases_org_idx', 'ethics_cases', ['org_id', 'stage']);
  },
};
