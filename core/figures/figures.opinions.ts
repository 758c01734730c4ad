/**
 * Figures of the opinions (意见建议) villagers leave and their handling: computed from `opinions` and
 * their `opinionEvents` timeline (server/figures/sources/opinions.source.ts).
 *
 * Three families, each one grouped aggregation (plus one for the months):
 * - the cases received in the period (提交日期在统计时段内), with what became of them by `asOf`;
 * - the cases answered or resolved in the period (答复、办结日期在统计时段内), with their ratings;
 * - what the timeline records in the period: supervision (督办), transfers to departments (转办) and the
 *   departments' answers.
 * The rules are the disclosure notices' (core/duty/disclosure.sources.ts): 无需答复 is never a failure and
 * is left out of every rate; a rating staff gave on the villager's behalf is no satisfaction figure (the
 * caller's answer to a county system's callback, 12345回访, is the caller's own and counts); the
 * deadline judged on `asOf` is the one running that day (deadlineRunningOn), as the presidium's board
 * judges today's cases (core/admin/supervision.rules.ts).
 */
import { OPEN311_CHANNEL_LABELS, OPEN311_CHANNELS } from '../open311/open311.rules';
import type { Breakdown, FigureDef, ScopeKind } from './figures.types';

/**
 * How a case reached the station: from who filed it (扫码, 接待日), what a station admin filing on a
 * villager's behalf said (来访/来电 代录), or the county system that passed it on (core/open311).
 */
export const OPINION_CHANNELS = ['scan', 'reception', 'proxy', 'hotline', ...OPEN311_CHANNELS] as const;
export type OpinionChannel = (typeof OPINION_CHANNELS)[number];

export const OPINION_CHANNEL_LABELS: Record<OpinionChannel, string> = {
  scan: '扫码留言',
  reception: '接待日收集',
  proxy: '来访代录',
  hotline: '来电代录',
  ...OPEN311_CHANNEL_LABELS,
};

/** What a station admin filing on a villager's behalf (代录) records of how the matter came. */
export const PROXY_CHANNELS = ['proxy', 'hotline'] as const;
export type ProxyChannel = (typeof PROXY_CHANNELS)[number];

/** The channel of a case: the one it stored (代录, Open311), else the one its filer stands for. */
export function opinionChannel(
  filedBy: 'self' | 'reception' | 'stationAdmin',
  stored?: string | null,
): OpinionChannel {
  if (stored && (OPINION_CHANNELS as readonly string[]).includes(stored)) return stored as OpinionChannel;
  if (filedBy === 'stationAdmin') return 'proxy';
  return filedBy === 'self' ? 'scan' : 'reception';
}

const ALL_SCOPES: readonly ScopeKind[] = ['township', 'station', 'village', 'deputy', 'level'];
/** The parts of a case count; 按代表 only over a level's deputies (a case counts once per deputy there). */
const CASE_PARTS: readonly Breakdown[] = ['station', 'village', 'category', 'channel', 'deputy', 'month'];

function count(
  code: string,
  label: string,
  definition: string,
  computation: string,
  sentence: string,
  breakdowns: readonly Breakdown[] = CASE_PARTS,
): FigureDef {
  return {
    code: `opinions.${code}`,
    section: 'opinions',
    label,
    definition,
    unit: 'items',
    computation,
    sentence,
    breakdowns,
    scopes: ALL_SCOPES,
    drill: 'opinion',
  };
}

function rate(
  code: string,
  label: string,
  definition: string,
  numerator: string,
  denominator: string,
  sentence: string,
): FigureDef {
  return {
    code: `opinions.${code}`,
    section: 'opinions',
    label,
    definition,
    unit: 'rate',
    computation: `opinions.${numerator} / opinions.${denominator}; below MIN_SAMPLE 样本不足.`,
    sentence,
    breakdowns: [],
    scopes: ALL_SCOPES,
    rate: { numerator: `opinions.${numerator}`, denominator: `opinions.${denominator}`, fair: true },
    drill: 'opinion',
  };
}

const DEPUTY_RULE = '按代表统计时，一件意见对曾交办过的每位代表各计一件；全乡（镇）只计一件。';

export const OPINION_FIGURES: readonly FigureDef[] = [
  count(
    'received',
    '收集意见建议',
    `统计时段内提交的意见建议件数（扫码留言、接待日收集、来访代录、来电代录），按提交日期计，计至统计截止日；被合并的重复意见仍各计一件，审核未通过的不计。${DEPUTY_RULE}`,
    'opinions with submittedAt in [period start, asOf], outcome ≠ rejected.',
    '收集群众意见建议{value}',
  ),
  count(
    'noReplyNeeded',
    '群众表示无需答复',
    '统计时段内收到的意见中，群众表示无需答复而结束的件数；不算未办结，也不计入任何比率。',
    'received, noReplyNeeded = true.',
    '其中群众表示无需答复{value}',
  ),
  count(
    'toHandle',
    '需办理意见',
    '统计时段内收到的意见中需要办理答复的件数：收到的件数减去群众表示无需答复的和并入其他意见的。',
    'received, noReplyNeeded ≠ true, status ≠ merged.',
    '需办理答复的意见{value}',
  ),
  count(
    'receivedResolved',
    '已办结（当期收到）',
    '统计时段内收到、需办理的意见中，到统计截止日已办结（答复后办结，含群众评价后结案）的件数；办结后因不满意重新办理、尚未再次办结的不计。',
    'toHandle with resolvedAt ≤ asOf (resolvedAt is cleared when a case reopens).',
    '其中已办结{value}',
  ),
  rate(
    'resolvedRate',
    '办结率',
    '统计时段内收到、需办理的意见中到统计截止日已办结的比例（已办结 ÷ 需办理）；群众表示无需答复的不计入；样本不足5件时不计算比率。',
    'receivedResolved',
    'toHandle',
    '办结率{value}',
  ),
  count(
    'open',
    '在办意见',
    '统计时段内收到、需办理的意见中，到统计截止日尚未办结的件数（含待审核、待分办、办理中、已答复待办结）。',
    'toHandle − receivedResolved: resolvedAt absent or after asOf.',
    '在办{value}',
  ),
  count(
    'overdue',
    '超期未办结',
    '统计时段内收到、到统计截止日尚未办结的意见中，当日正在计算的时限（未受理的按受理时限，未答复的按答复时限，工作日）已过的件数，与主席团督办看板的超期规则相同；群众表示无需答复的不算超期。',
    'open cases whose deadline running on asOf (deadlineRunningOn: acceptBy while not accepted, answerBy while not answered) is before asOf.',
    '超期未办结{value}',
  ),
  count(
    'answered',
    '答复意见',
    `统计时段内作出答复的意见件数，按最近一次答复日期计；群众表示无需答复的、被合并的、审核中或审核未通过的不计。${DEPUTY_RULE}`,
    'opinions with answeredOn in [period start, asOf], noReplyNeeded ≠ true, status ∉ {merged, review}, outcome ≠ rejected.',
    '答复群众意见{value}',
  ),
  count(
    'onTime',
    '按时答复',
    '统计时段内作出答复的意见中，答复日期不晚于该件答复期限（按类别规定的工作日数，从交办之日起算，重新办理时重新起算）的件数。',
    'answered with answeredOn ≤ answerBy.',
    '其中按时答复{value}',
  ),
  rate(
    'onTimeRate',
    '答复及时率',
    '统计时段内作出答复的意见中按时答复的比例（按时答复 ÷ 答复）；群众表示无需答复的不计入；尚未答复的超期意见见“超期未办结”；样本不足5件时不计算比率。',
    'onTime',
    'answered',
    '答复及时率{value}',
  ),
  count(
    'resolved',
    '办结意见',
    `统计时段内办结的意见件数，按办结日期计，计至统计截止日（不论何时收到）；办结后因不满意重新办理、尚未再次办结的不计。${DEPUTY_RULE}`,
    'opinions with resolvedAt in [period start, asOf], status ∉ {merged, review}, outcome ≠ rejected.',
    '办结群众意见{value}',
  ),
  count(
    'rated',
    '群众评价',
    '统计时段内办结的意见中，由群众本人作出满意度评价的件数（以最近一次评价为准；12345热线等转办系统回访群众所得的评价，是群众本人的评价，计入）；工作人员代为评价的不计。',
    'resolved whose last rating exists and is not byStaff (a bySystem rating, the filing system’s callback 回访, counts).',
    '群众评价{value}',
  ),
  count(
    'satisfied',
    '满意和基本满意',
    '统计时段内办结、群众本人评价的意见中，最近一次评价为“满意”或“基本满意”的件数；工作人员代为评价的不计。',
    'rated whose last rating is satisfied or basicallySatisfied.',
    '其中满意和基本满意{value}',
  ),
  rate(
    'satisfactionRate',
    '群众满意率',
    '统计时段内办结、群众本人评价的意见中，评价“满意”或“基本满意”的比例（满意和基本满意 ÷ 群众评价）；工作人员代为评价的和无需答复的不计入；样本不足5件时不计算比率。',
    'satisfied',
    'rated',
    '群众满意率{value}',
  ),
  count(
    'supervised',
    '督办意见',
    '统计时段内被主席团督办的意见件数（超期督办，以及群众不满意后重新办理而督办），以办理记录中的督办为准，同一件多次督办只计一次，现已办结的仍计入。',
    "opinions with a 'supervised' or 'reopened' event in [period start, asOf]; month = the first such event's.",
    '督办意见{value}',
    ['station', 'village', 'category', 'channel', 'deputy', 'month'],
  ),
  count(
    'transferred',
    '转交部门办理',
    '统计时段内转交政府职能部门办理的意见件数，以办理记录中的转办为准，同一件多次转办只计一次，按最近一次转交的部门计。',
    "opinions with a 'transferred' event in [period start, asOf]; department = that event's departmentName (the last one).",
    '转交职能部门办理{value}',
    ['station', 'village', 'category', 'department', 'deputy', 'month'],
  ),
  {
    code: 'opinions.departmentAnswerDays',
    section: 'opinions',
    label: '部门平均答复用时',
    definition:
      '统计时段内职能部门作出的答复，从转交该部门之日到部门答复之日平均经过的工作日数（按法定节假日和调休计算）；部门退回的不计。',
    unit: 'workingDays',
    computation:
      "each department 'replied' event in [period start, asOf] paired with the case's last 'transferred' event before it: workingDaysBetween(transfer day, answer day), averaged.",
    sentence: '职能部门平均{value}作出答复',
    breakdowns: ['department'],
    scopes: ALL_SCOPES,
    drill: 'opinion',
  },
  count(
    'disputes',
    '受理矛盾纠纷',
    '统计时段内收到、需办理的意见中，属于主席团标为“矛盾纠纷类”的类别的件数。',
    'toHandle in a category with dispute = true.',
    '受理矛盾纠纷{value}',
    ['station', 'village', 'category', 'channel', 'deputy', 'month'],
  ),
  count(
    'disputesResolved',
    '调处矛盾纠纷',
    '统计时段内收到的矛盾纠纷中，到统计截止日已办结（调处完毕）的件数。',
    'disputes with resolvedAt ≤ asOf.',
    '调处矛盾纠纷{value}',
    ['station', 'village', 'category', 'channel', 'deputy', 'month'],
  ),
  rate(
    'disputeRate',
    '矛盾纠纷调处率',
    '统计时段内收到的矛盾纠纷中到统计截止日已调处完毕的比例（调处 ÷ 受理）；样本不足5件时不计算比率。',
    'disputesResolved',
    'disputes',
    '矛盾纠纷调处率{value}',
  ),
];

/** The figures a station's public card shows (this year, as the peer platforms publish theirs). */
export const PUBLIC_CARD_FIGURES = [
  'opinions.received',
  'opinions.answered',
  'opinions.onTimeRate',
  'opinions.satisfactionRate',
] as const;
