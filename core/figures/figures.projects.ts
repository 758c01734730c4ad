/**
 * Figures of the livelihood projects that passed, carried out (民生实事项目实施): the projects of the
 * sessions in the period, milestones done and done on time, projects completed and completed on time,
 * and the deputies' year-end completion rating (满意度测评) with its fair satisfied share. Computed from
 * `livelihoodProjects` and `projectRatingRounds` (server/figures/sources/projects.source.ts). A project
 * belongs to the year its session voted it; a milestone to the day it was done.
 */
import type { FigureDef } from './figures.types';

const TOWNSHIP = ['township'] as const;
const ON_TIME = '在计划完成日期当天或之前完成的为按期（责任单位上报的，以其上报当天为准）';

export const PROJECT_FIGURES: readonly FigureDef[] = [
  {
    code: 'projects.projects',
    section: 'supervision',
    label: '实施民生实事项目',
    definition:
      '统计时段所在年度人代会票决通过、并已制定实施计划的民生实事项目件数（按票决的年度计，一个项目计一件）。',
    unit: 'items',
    computation: 'livelihoodProjects with year between the years of start and asOf.',
    sentence: '实施代表票决的民生实事项目{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.milestonesDone',
    section: 'supervision',
    label: '民生实事完成实施节点',
    definition: '统计时段内（按完成日期，计至统计截止日）民生实事项目完成的实施节点个数。',
    unit: 'items',
    computation: 'livelihoodProjects.milestones with doneOn in [start, asOf].',
    sentence: '完成民生实事实施节点{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.milestonesOnTime',
    section: 'supervision',
    label: '民生实事按期完成节点',
    definition: `统计时段内（按完成日期，计至统计截止日）按期完成的实施节点个数；${ON_TIME}。`,
    unit: 'items',
    computation:
      "livelihoodProjects.milestones with doneOn in [start, asOf] and doneOnTime (core/congress/project.rules.ts: the day judged — an office's report day, the presidium's given day — ≤ due).",
    sentence: '其中按期完成{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.completed',
    section: 'supervision',
    label: '民生实事项目完工',
    definition: '统计时段内（按最后一个节点的完成日期，计至统计截止日）全部实施节点完成的民生实事项目件数。',
    unit: 'items',
    computation: 'livelihoodProjects with status completed and completedOn in [start, asOf].',
    sentence: '民生实事项目完工{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.completedOnTime',
    section: 'supervision',
    label: '民生实事项目按期完工',
    definition: `统计时段内完工的民生实事项目中，每个实施节点都按期完成的件数；${ON_TIME}。`,
    unit: 'items',
    computation: 'projects.completed whose every milestone is doneOnTime (core/congress/project.rules.ts).',
    sentence: '其中按期完工{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.ratings',
    section: 'supervision',
    label: '民生实事完成情况测评票',
    definition:
      '统计时段所在年度的民生实事项目完成情况测评（主席团结束测评并公布结果后）中代表的测评票数，每位代表每个项目一票。',
    unit: 'personTimes',
    computation: 'Σ results of the closed projectRatingRounds of the years of start … asOf.',
    sentence: '代表对民生实事完成情况进行测评{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.ratingsSatisfied',
    section: 'supervision',
    label: '民生实事测评满意票',
    definition: '上述测评票中评为“满意”或“基本满意”的票数。',
    unit: 'personTimes',
    computation: 'Σ satisfied + basicallySatisfied of the closed rounds counted by projects.ratings.',
    sentence: '其中满意和基本满意{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'projects.satisfaction',
    section: 'supervision',
    label: '民生实事完成情况满意率',
    definition: '民生实事完成情况测评中满意和基本满意票占全部测评票的比例；测评票不足5票时显示样本不足。',
    unit: 'rate',
    computation: 'projects.ratingsSatisfied / projects.ratings; below MIN_SAMPLE 样本不足.',
    sentence: '民生实事完成情况满意率{value}',
    breakdowns: [],
    scopes: TOWNSHIP,
    rate: { numerator: 'projects.ratingsSatisfied', denominator: 'projects.ratings', fair: true },
    drill: 'candidate',
  },
];
