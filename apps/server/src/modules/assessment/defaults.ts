import type { Category } from '@taizhang/shared/schemas/assessment';

/**
 * The default indicator system, drawn from the seed report: 责任制落实, 组织生活 (三会一课), 学习教育, 师德师风,
 * 网络阵地与舆情, 风险防范, 任务完成. Each category's weight equals the sum of its indicators' points, so the
 * total is simply the points earned (out of 100).
 */
export const DEFAULT_CATEGORIES: Category[] = [
  {
    code: 'duty',
    name: '责任制落实',
    weight: 15,
    indicators: [
      {
        code: 'duty.lists',
        name: '“三张清单”事项达标',
        maxPoints: 10,
        criteria: '按责任清单事项达标比例计分（已达标 / 已判定事项）。',
        measure: { source: 'duties_met' },
      },
      {
        code: 'duty.pledge',
        name: '签订党建工作责任书并落实',
        maxPoints: 5,
        criteria: '签订责任书、定期研究党建工作，提供佐证材料。',
        measure: { source: 'manual' },
      },
    ],
  },
  {
    code: 'org_life',
    name: '组织生活（三会一课）',
    weight: 25,
    indicators: [
      {
        code: 'org_life.theme_day',
        name: '每月开展主题党日',
        maxPoints: 6,
        criteria: '每个支部每月至少1次；按达标月份比例计分，多支部取平均。',
        measure: { source: 'ledger', type_code: 'theme_party_day', per: 'month', min: 1 },
      },
      {
        code: 'org_life.committee',
        name: '每月召开支委会',
        maxPoints: 5,
        criteria: '每个支部每月至少1次；按达标月份比例计分。',
        measure: { source: 'ledger', type_code: 'branch_committee_meeting', per: 'month', min: 1 },
      },
      {
        code: 'org_life.general',
        name: '每季度召开支部党员大会',
        maxPoints: 5,
        criteria: '每个支部每季度至少1次；按达标季度比例计分。',
        measure: { source: 'ledger', type_code: 'branch_general_meeting', per: 'quarter', min: 1 },
      },
      {
        code: 'org_life.lecture',
        name: '每季度上党课',
        maxPoints: 4,
        criteria: '每个支部每季度至少1次；按达标季度比例计分。',
        measure: { source: 'ledger', type_code: 'party_lecture', per: 'quarter', min: 1 },
      },
      {
        code: 'org_life.compliance',
        name: '“三会一课”合规率',
        maxPoints: 5,
        criteria: '按组织生活合规率（已完成 / 应完成）计分。',
        measure: { source: 'compliance_rate' },
      },
    ],
  },
  {
    code: 'study',
    name: '学习教育',
    weight: 15,
    indicators: [
      {
        code: 'study.theory',
        name: '每月开展理论学习',
        maxPoints: 6,
        criteria: '每个支部每月至少1次；按达标月份比例计分。',
        measure: { source: 'ledger', type_code: 'theory_study', per: 'month', min: 1 },
      },
      {
        code: 'study.red',
        name: '红色教育（红色电影、红色基地打卡）',
        maxPoints: 4,
        criteria: '每个支部全年至少2次；不足按比例计分。',
        measure: { source: 'ledger', type_code: ['red_film', 'red_site_visit'], per: 'year', min: 2 },
      },
      {
        code: 'study.rotation',
        name: '支部书记轮训',
        maxPoints: 5,
        criteria: '本校书记全年参加二次轮训（按出席记录）；不足按比例计分。',
        measure: { source: 'ledger', type_code: 'rotation_training', per: 'year', min: 2, who: 'attendee' },
      },
    ],
  },
  {
    code: 'ethics',
    name: '师德师风',
    weight: 15,
    indicators: [
      {
        code: 'ethics.study',
        name: '每季度开展师德师风学习',
        maxPoints: 6,
        criteria: '每个支部每季度至少1次；按达标季度比例计分。',
        measure: { source: 'ledger', type_code: 'ethics_study', per: 'quarter', min: 1 },
      },
      {
        code: 'ethics.integrity',
        name: '每学期召开书记廉洁从教会议',
        maxPoints: 4,
        criteria: '本校书记全年出席至少2次（按出席记录）；不足按比例计分。',
        measure: { source: 'ledger', type_code: 'integrity_meeting', per: 'year', min: 2, who: 'attendee' },
      },
      {
        code: 'ethics.outcome',
        name: '师德师风建设成效',
        maxPoints: 5,
        criteria: '建立师德师风学习机制、表彰先进、无师德失范问题，提供佐证材料。',
        measure: { source: 'manual' },
      },
    ],
  },
  {
    code: 'network',
    name: '网络阵地与舆情',
    weight: 10,
    indicators: [
      {
        code: 'network.ideology',
        name: '每季度召开意识形态专题会议',
        maxPoints: 5,
        criteria: '每个支部每季度至少1次；按达标季度比例计分。',
        measure: { source: 'ledger', type_code: 'ideology_meeting', per: 'quarter', min: 1 },
      },
      {
        code: 'network.positions',
        name: '网络阵地管理与舆情处置',
        maxPoints: 5,
        criteria: '网站、公众号、群组落实三审三校，舆情及时处置，提供佐证材料。',
        measure: { source: 'manual' },
      },
    ],
  },
  {
    code: 'risk',
    name: '风险防范',
    weight: 10,
    indicators: [
      { code: 'risk.incidents', name: '无安全稳定事件', maxPoints: 5, criteria: '每发生1起事件扣5分，扣完为止。', measure: { source: 'incidents', deduct: 5 } },
      {
        code: 'risk.review',
        name: '风险研判与防范措施',
        maxPoints: 5,
        criteria: '定期开展风险研判、制定防范措施，提供佐证材料。',
        measure: { source: 'manual' },
      },
    ],
  },
  {
    code: 'tasks',
    name: '任务完成',
    weight: 10,
    indicators: [
      {
        code: 'tasks.on_time',
        name: '上级部署任务按时完成',
        maxPoints: 10,
        criteria: '按时完成率 × 10分（当年无到期任务得满分）。',
        measure: { source: 'tasks_on_time' },
      },
    ],
  },
];
