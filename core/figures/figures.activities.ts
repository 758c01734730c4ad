/**
 * Figures of the activities organised for deputies (core/groups): 代表小组活动, 学习培训 人次, 集中视察
 * and 执法检查, 民情通报会, and the rectification items the inspections found (total, fixed on time,
 * late). Computed from `activities` and `rectifications` (server/figures/sources/activities.source.ts).
 * An activity counts once it is closed with its record (a cancelled or still scheduled one never
 * counts), by its day; its attendees are those confirmed at the close (the ones with a duty record).
 */
import type { FigureDef } from './figures.types';

const HELD = '活动须已结束并登记活动记录（已取消、尚未开展的不计），按活动日期计';
const DEPUTY_SCOPES = ['township', 'station', 'deputy', 'level'] as const;
const TOWNSHIP_SCOPES = ['township', 'station'] as const;

export const ACTIVITY_FIGURES: readonly FigureDef[] = [
  {
    code: 'activities.groupActivities',
    section: 'duties',
    label: '代表小组活动',
    definition: `统计时段内（计至统计截止日）代表小组开展“小组活动”的次数，一次活动计一次；${HELD}；按代表统计时计其出席的活动。`,
    unit: 'times',
    computation:
      "closed activities of kind 'groupActivity' dated in [start, asOf] (deputy scope: attended by one of them).",
    sentence: '代表小组共开展代表小组活动{value}',
    breakdowns: ['station', 'month'],
    scopes: DEPUTY_SCOPES,
    drill: 'activity',
  },
  {
    code: 'activities.trainingPersonTimes',
    section: 'duties',
    label: '代表学习培训人次',
    definition: `统计时段内（计至统计截止日）“学习培训”活动出席代表的人次之和，每次培训每位出席代表计一人次；${HELD}。`,
    unit: 'personTimes',
    computation:
      "Σ confirmed attendees (attendeeIds) of closed 'training' activities dated in [start, asOf] (deputy scope: only theirs).",
    sentence: '组织各级人大代表学习培训{value}',
    breakdowns: ['station', 'deputy', 'month'],
    scopes: DEPUTY_SCOPES,
    drill: 'activity',
  },
  {
    code: 'activities.inspections',
    section: 'supervision',
    label: '集中视察和执法检查',
    definition: `统计时段内（计至统计截止日）组织代表开展“集中视察”“执法检查”的次数，一次活动计一次；${HELD}；按代表统计时计其出席的活动。`,
    unit: 'times',
    computation:
      "closed activities of kind 'inspection' or 'lawCheck' dated in [start, asOf] (deputy scope: attended by one of them).",
    sentence: '组织代表开展集中视察、执法检查{value}',
    breakdowns: ['type', 'station', 'month'],
    scopes: DEPUTY_SCOPES,
    drill: 'activity',
  },
  {
    code: 'activities.briefings',
    section: 'supervision',
    label: '民情通报会',
    definition: `统计时段内（计至统计截止日）召开“民情通报会”的场次，一次计一场；${HELD}；按代表统计时计其出席的。`,
    unit: 'times',
    computation:
      "closed activities of kind 'briefing' dated in [start, asOf] (deputy scope: attended by one of them).",
    sentence: '召开民情通报会{value}',
    breakdowns: ['station', 'month'],
    scopes: DEPUTY_SCOPES,
    drill: 'activity',
  },
  {
    code: 'activities.rectifications',
    section: 'supervision',
    label: '视察检查交办整改事项',
    definition:
      '统计时段内（计至统计截止日）集中视察、执法检查发现并交责任单位整改的问题件数，按活动日期计。',
    unit: 'items',
    computation: 'rectifications dated (their activity\u2019s day) in [start, asOf].',
    sentence: '视察检查发现问题交办整改{value}',
    breakdowns: ['department', 'station', 'month'],
    scopes: TOWNSHIP_SCOPES,
    drill: 'rectification',
  },
  {
    code: 'activities.rectificationsOnTime',
    section: 'supervision',
    label: '按期整改到位',
    definition: '上述整改事项中，责任单位在整改期限内报告整改完成的件数（计至统计截止日）。',
    unit: 'items',
    computation: 'the activities.rectifications items fixed on or before their deadline and by asOf.',
    sentence: '按期整改到位{value}',
    breakdowns: ['department', 'station', 'month'],
    scopes: TOWNSHIP_SCOPES,
    drill: 'rectification',
  },
  {
    code: 'activities.rectificationsLate',
    section: 'supervision',
    label: '逾期整改',
    definition: '上述整改事项中，超过整改期限才报告完成，或到统计截止日已过期限仍未完成的件数。',
    unit: 'items',
    computation:
      'the activities.rectifications items fixed after their deadline, or not fixed by asOf with the deadline before asOf.',
    sentence: '逾期整改{value}',
    breakdowns: ['department', 'station', 'month'],
    scopes: TOWNSHIP_SCOPES,
    drill: 'rectification',
  },
];
