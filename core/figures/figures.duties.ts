/**
 * Figures of the deputies' duty records (代表履职登记): every record counted, by type, and the figures
 * the reports name one by one (走访选民, 培训代表, 视察调研 …). Computed from `dutyRecords`
 * (server/figures/sources/duties.source.ts) by the rule of the disclosure notices
 * (core/duty/disclosure.aggregate.ts addDutyRecord): a record typed by a deputy counts once the presidium
 * approved it (pending or returned ones never count); a system record counts as written, except the
 * ones of opinion handling (counted by the opinion figures) and of a reception day served (counted by
 * reception.deputyAttendance), so nothing is counted twice.
 */
import type { FigureDef } from './figures.types';

const COUNTS =
  '代表填报的须经主席团审核通过（待审核、被退回的不计），系统自动记的照计；意见建议办理和接待日的记录另在意见建议、接待日统计中计，这里不重复计';

/** One duty figure per type of record: its code, type, label, unit, sentence and section. */
const PER_TYPE: {
  name: string;
  type: string;
  label: string;
  what: string;
  unit: FigureDef['unit'];
  sentence: string;
  section: FigureDef['section'];
}[] = [
  {
    name: 'visits',
    type: 'visit',
    label: '走访选民',
    what: '代表走访选民的次数，每条“走访选民”履职记录计一次',
    unit: 'times',
    sentence: '代表走访选民{value}',
    section: 'duties',
  },
  {
    name: 'training',
    type: 'training',
    label: '培训代表',
    what: '代表参加学习培训的人次，每位代表的每条“参加培训”履职记录计一人次',
    unit: 'personTimes',
    sentence: '组织代表学习培训{value}',
    section: 'duties',
  },
  {
    name: 'inspections',
    type: 'inspection',
    label: '代表视察调研',
    what: '代表参加视察、调研活动的人次，每位代表的每条“视察调研”履职记录计一人次（同一次活动几位代表参加计几人次）',
    unit: 'personTimes',
    sentence: '组织代表开展视察调研活动{value}',
    section: 'supervision',
  },
  {
    name: 'meetings',
    type: 'meeting',
    label: '代表参加会议',
    what: '代表参加、列席会议的人次，每位代表的每条“参加会议”履职记录计一人次',
    unit: 'personTimes',
    sentence: '代表参加、列席会议{value}',
    section: 'duties',
  },
  {
    name: 'suggestions',
    type: 'suggestion',
    label: '代表提出建议',
    what: '代表登记提出的建议件数，每条“提出建议”履职记录计一件',
    unit: 'items',
    sentence: '代表提出建议{value}',
    section: 'duties',
  },
  {
    name: 'help',
    type: 'help',
    label: '为民办实事',
    what: '代表为群众办好事实事的件数，每条“为民办实事”履职记录计一件',
    unit: 'items',
    sentence: '代表为群众办好事实事{value}',
    section: 'duties',
  },
];

/** The duty record type a per-type figure counts ('duties.visits' → 'visit'). */
export const DUTY_FIGURE_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  PER_TYPE.map((p) => [`duties.${p.name}`, p.type]),
);

const SCOPES = ['township', 'station', 'deputy', 'level'] as const;

export const DUTY_FIGURES: readonly FigureDef[] = [
  {
    code: 'duties.records',
    section: 'duties',
    label: '代表履职登记',
    definition: `统计时段内（计至统计截止日）按活动日期计的代表履职记录条数（走访选民、视察调研、参加会议、参加培训、提出建议、为民办实事、其他接待选民）；${COUNTS}。`,
    unit: 'items',
    computation:
      'dutyRecords dated in [start, asOf] of a manual type (reception…help) that count in a notice: manual approved, or system (not a system reception record).',
    sentence: '代表登记履职活动{value}',
    breakdowns: ['type', 'station', 'deputy', 'month'],
    scopes: SCOPES,
    drill: 'dutyRecord',
  },
  ...PER_TYPE.map((p): FigureDef => ({
    code: `duties.${p.name}`,
    section: p.section,
    label: p.label,
    definition: `统计时段内（计至统计截止日）按活动日期计的${p.what}；${COUNTS}。`,
    unit: p.unit,
    computation: `the duties.records rows of type '${p.type}'.`,
    sentence: p.sentence,
    breakdowns: ['station', 'deputy', 'month'],
    scopes: SCOPES,
    drill: 'dutyRecord',
  })),
  {
    code: 'duties.visitPeople',
    section: 'duties',
    label: '走访选民人次',
    definition: `统计时段内（计至统计截止日）“走访选民”履职记录登记的走访群众人数之和（人次）；${COUNTS}。`,
    unit: 'personTimes',
    computation:
      "Σ peopleReached of the duties.records rows of type 'visit'; drills down to those records (one row each).",
    sentence: '走访选民{value}',
    breakdowns: ['station', 'deputy', 'month'],
    scopes: SCOPES,
    drill: 'dutyRecord',
  },
  {
    code: 'duties.peopleReached',
    section: 'duties',
    label: '联系服务群众',
    definition: `统计时段内（计至统计截止日）各条履职记录登记的联系、服务群众人数之和（人次），与履职登记公示的“联系服务群众”同一算法；${COUNTS}。`,
    unit: 'personTimes',
    computation:
      'Σ peopleReached of the duties.records rows (the notices\u2019 peopleReached); drills down to those records (one row each).',
    sentence: '代表联系服务群众{value}',
    breakdowns: ['type', 'station', 'deputy', 'month'],
    scopes: SCOPES,
    drill: 'dutyRecord',
  },
  {
    code: 'duties.activeDeputies',
    section: 'duties',
    label: '有履职记录的代表',
    definition: `统计时段内（计至统计截止日）至少有一条计入的履职记录的代表人数，一位代表只计一人（在两个联络站都有记录的，计在编号靠前的联络站）；${COUNTS}。`,
    unit: 'people',
    computation:
      'distinct deputyId of the duties.records rows; its station part is the smallest stationCode of the deputy\u2019s rows.',
    sentence: '有履职记录的代表{value}',
    breakdowns: ['station'],
    scopes: SCOPES,
    drill: 'dutyRecord',
  },
];
