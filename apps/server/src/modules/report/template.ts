/**
 * The situation report's structure and wording (data: offices may edit the wording per draft).
 * `{key}` inserts a figure's value; a paragraph whose figures are all zero/empty is left out,
 * so a district without, say, screenings does not get a sentence about them.
 */
export interface TemplateParagraph {
  text: string;
  /** Leave the paragraph out unless at least one of these figures is non-zero. */
  requires?: string[];
}

export interface TemplateSection {
  id: string;
  heading: string;
  level: 1 | 2;
  paragraphs: TemplateParagraph[];
}

export const REPORT_TEMPLATE: TemplateSection[] = [
  {
    id: 'mechanism',
    heading: '一、防范化解意识形态领域重大风险，建立健全意识形态工作机制',
    level: 1,
    paragraphs: [
      {
        text: '{org}将意识形态工作纳入各校（园）党支部学习的重要内容，及时传达学习党中央和上级关于意识形态工作的决策部署及指示精神。全年组织下辖{branches}个党支部、{party_members}名党员干部开展集中学习，{study_participants}名党员参加了理论学习、专题辅导、党课或线上学习。',
        requires: ['branches', 'party_members'],
      },
      { text: '{lectures_text}', requires: ['lectures'] },
    ],
  },
  { id: 'practice', heading: '二、防范化解意识形态领域重大风险的主要做法', level: 1, paragraphs: [] },
  {
    id: 'party_building',
    heading: '（一）加强党的建设，规范党内组织生活',
    level: 2,
    paragraphs: [
      {
        text: '{year}年{dual_role_schools}所中小学（园）党支部书记、校长"一肩挑"；{trained_secretaries}名公办校（园）党支部书记全年参加两次以上轮训。',
        requires: ['dual_role_schools', 'trained_secretaries'],
      },
      {
        text: '重视优秀青年教师党员的发展与培养工作，{year}年确定入党积极分子{new_activists}人，发展预备党员{new_probationary}人。',
        requires: ['new_activists', 'new_probationary'],
      },
      {
        text: '{year}年评选出优秀共产党员、优秀党务工作者共{honoured_people}名，先进基层党组织{honoured_orgs}个。',
        requires: ['honoured_people', 'honoured_orgs'],
      },
    ],
  },
  {
    id: 'study',
    heading: '（二）提高思想政治素质，抓好理论学习',
    level: 2,
    paragraphs: [
      { text: '通过集中学习、小组学习和自学相结合，加强理想信念教育，征订学习资料{materials_copies}册。', requires: ['materials_copies'] },
      { text: '各支部组织党员教师打卡红色教育基地{red_site_visits}次，加强革命文化和社会主义先进文化教育。', requires: ['red_site_visits'] },
    ],
  },
  {
    id: 'ethics',
    heading: '（三）强化师德师风建设',
    level: 2,
    paragraphs: [
      {
        text: '{ethics_mechanism_schools}所学校建立师德师风学习有效机制，引导广大教师模范遵守新时代教师职业行为十项准则。',
        requires: ['ethics_mechanism_schools'],
      },
      { text: '{year}年表扬{ethics_commended_teachers}名师德师风优秀教师，弘扬当代教师风采。', requires: ['ethics_commended_teachers'] },
    ],
  },
  {
    id: 'online_safety',
    heading: '（四）推进网络校园综合治理',
    level: 2,
    paragraphs: [
      { text: '{screened_schools}所学校开展防沉迷全面排查，覆盖学生{screened_students}人，做到上下联动、家校协同。', requires: ['screened_schools'] },
    ],
  },
  { id: 'problems', heading: '三、存在的主要问题', level: 1, paragraphs: [] },
  { id: 'next', heading: '四、下一步工作思路和主要措施', level: 1, paragraphs: [] },
];
