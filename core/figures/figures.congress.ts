/**
 * Figures of the township congress in session (core/congress): sessions held, deputies' attendance
 * (present and expected, 人次), candidate livelihood projects voted on and passed (民生实事项目代表票决制).
 * Computed from `congressSessions`, `congressAttendance` and `congressCandidates`
 * (server/figures/sources/congress.source.ts). A session counts once convened (a draft never counts), by
 * its first day; its candidates count once the vote closed.
 */
import type { FigureDef } from './figures.types';

const HELD = '会议须已召开（筹备中的不计），按会议开始日期计';
const TOWNSHIP = ['township'] as const;

export const CONGRESS_FIGURES: readonly FigureDef[] = [
  {
    code: 'congress.sessionsHeld',
    section: 'supervision',
    label: '召开乡镇人民代表大会会议',
    definition: `统计时段内（计至统计截止日）召开乡镇人民代表大会会议的次数，一次会议计一次；${HELD}。`,
    unit: 'times',
    computation: 'congressSessions with status convened or closed, date in [start, asOf].',
    sentence: '召开乡镇人民代表大会会议{value}',
    breakdowns: ['month'],
    scopes: TOWNSHIP,
    drill: 'session',
  },
  {
    code: 'congress.attendance',
    section: 'duties',
    label: '代表出席人代会',
    definition: `统计时段内（计至统计截止日）各次人代会签到（扫码或工作人员登记）出席的代表人次，每次会议每位出席代表计一人次；${HELD}。`,
    unit: 'personTimes',
    computation: 'Σ congressAttendance of the sessions held (one per deputy per session).',
    sentence: '代表出席人代会{value}',
    breakdowns: ['deputy'],
    scopes: TOWNSHIP,
    drill: 'session',
  },
  {
    code: 'congress.expectedAttendance',
    section: 'duties',
    label: '人代会应出席代表',
    definition: `统计时段内（计至统计截止日）各次人代会应出席的代表人次，即召开时全体乡人大代表人数之和；${HELD}。`,
    unit: 'personTimes',
    computation: 'Σ deputyIds.length of the sessions held (the deputies fixed when convened).',
    sentence: '人代会应出席代表{value}',
    breakdowns: ['deputy'],
    scopes: TOWNSHIP,
    drill: 'session',
  },
  {
    code: 'congress.candidatesVoted',
    section: 'supervision',
    label: '代表票决民生实事候选项目',
    definition: `统计时段内（计至统计截止日）人代会上由代表票决的民生实事候选项目件数，票决结束后计入；${HELD}。`,
    unit: 'items',
    computation: 'congressCandidates with status passed or failed of the sessions held.',
    sentence: '代表票决民生实事候选项目{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
  {
    code: 'congress.candidatesPassed',
    section: 'supervision',
    label: '票决通过民生实事项目',
    definition: `统计时段内（计至统计截止日）人代会票决通过的民生实事项目件数；${HELD}。`,
    unit: 'items',
    computation: 'congressCandidates with status passed of the sessions held.',
    sentence: '票决通过民生实事项目{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'candidate',
  },
];
