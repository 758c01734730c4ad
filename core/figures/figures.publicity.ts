/**
 * Figures of publicity and openness (宣传与公开): the duty-disclosure notices published (履职登记公示),
 * the report-back evaluations held (述职测评) and the legal-knowledge issues pushed (法律知识推送).
 * Computed from `disclosureNotices`, `evaluations` with their `evaluationRatings`, and the township's own
 * `articles` with the `outbox` messages and `articleReads` of each (server/figures/sources/publicity.source.ts).
 */
import type { FigureDef } from './figures.types';

/** A notice is either a station's first publication for a period or a correction of a published one. */
export const NOTICE_KINDS = ['first', 'correction'] as const;

const ISSUES =
  '指本乡（镇）人大主席团自己编号发布的法律知识，按首次发布日期计（之后下架的仍计），县人大常委会统一发布的不计在内';

export const PUBLICITY_FIGURES: readonly FigureDef[] = [
  {
    code: 'publicity.noticesPublished',
    section: 'publicity',
    label: '履职登记公示',
    definition:
      '统计时段内（按公示日期，截至统计日）各联络站发布的履职登记公示份数，每个联络站每个公示期的首次公示计一份；更正后重新公示的另计为“更正公示”，不重复计入。',
    unit: 'times',
    computation: 'disclosureNotices with status published, version 1 and publishedAt in [start, asOf].',
    sentence: '各联络站发布代表履职登记公示{value}',
    breakdowns: ['station', 'month'],
    scopes: ['township'],
    drill: 'notice',
  },
  {
    code: 'publicity.noticeCorrections',
    section: 'publicity',
    label: '更正公示',
    definition:
      '统计时段内（按公示日期，截至统计日）发布的更正公示份数：已公示的履职登记公示经更正后重新公示的，每次更正计一份。',
    unit: 'times',
    computation: 'disclosureNotices with status published, version > 1 and publishedAt in [start, asOf].',
    sentence: '更正公示{value}',
    breakdowns: ['station', 'month'],
    scopes: ['township'],
    drill: 'notice',
  },
  {
    code: 'publicity.deputiesCovered',
    section: 'publicity',
    label: '公示履职情况的代表',
    definition:
      '统计时段内（按公示日期，截至统计日）首次公示的履职登记公示上列出的代表人数，一位代表在时段内公示几次都只计一人（在两个联络站公示的，计在编号靠前的联络站）。',
    unit: 'people',
    computation:
      'distinct figures.rows[].deputyId of the publicity.noticesPublished notices; station part = the smallest stationCode.',
    sentence: '公示代表履职情况{value}',
    breakdowns: ['station'],
    scopes: ['township'],
    drill: 'notice',
  },
  {
    code: 'publicity.evaluations',
    section: 'publicity',
    label: '代表述职测评',
    definition:
      '统计时段内开始测评（按开始测评日期，截至统计日）的代表述职测评场次，每位代表每次述职计一场；尚未开始测评的不计。',
    unit: 'times',
    computation: 'evaluations with opensAt in [start, asOf].',
    sentence: '组织代表向选民述职并接受测评{value}',
    breakdowns: ['station', 'deputy', 'month'],
    scopes: ['township', 'station', 'deputy', 'level'],
    drill: 'evaluation',
  },
  {
    code: 'publicity.evaluationParticipants',
    section: 'publicity',
    label: '参加述职测评',
    definition: '统计时段内开始的述职测评中群众提交的测评票数（人次），每人每场只计一票，截至统计日提交的。',
    unit: 'personTimes',
    computation: 'evaluationRatings of the publicity.evaluations evaluations with at < asOf + 1 day.',
    sentence: '群众参加述职测评{value}',
    breakdowns: ['station', 'deputy', 'month'],
    scopes: ['township', 'station', 'deputy', 'level'],
    drill: 'evaluation',
  },
  {
    code: 'publicity.lawIssues',
    section: 'publicity',
    label: '法律知识推送',
    definition: `统计时段内（截至统计日）首次发布并推送给订阅群众的法律知识期数，每期计一期；${ISSUES}。`,
    unit: 'issues',
    computation:
      "the township's own articles with an issue number and firstPublishedAt in [start, asOf] (status published or unpublished).",
    sentence: '推送法律知识{value}',
    breakdowns: ['category', 'month'],
    scopes: ['township'],
    drill: 'articleIssue',
  },
  {
    code: 'publicity.lawReach',
    section: 'publicity',
    label: '法律知识推送送达',
    definition: `统计时段内首次发布的法律知识推送消息成功送达订阅群众的人次（微信订阅消息发送成功的，截至统计日），被拒收、发送失败和尚在排队的不计；${ISSUES}。`,
    unit: 'personTimes',
    computation:
      "outbox messages with ref 'article:<id>' of the publicity.lawIssues articles, status sent, sentAt < asOf + 1 day.",
    sentence: '推送消息送达群众{value}',
    breakdowns: ['category', 'month'],
    scopes: ['township'],
    drill: 'articleIssue',
  },
  {
    code: 'publicity.lawReads',
    section: 'publicity',
    label: '法律知识阅读',
    definition: `统计时段内首次发布的法律知识被群众阅读的人次（每人每期只计一次，截至统计日），工作人员和代表的阅读不计；${ISSUES}。`,
    unit: 'personTimes',
    computation:
      'articleReads of the publicity.lawIssues articles with readAt < asOf + 1 day (only residents\u2019 reads are recorded).',
    sentence: '群众阅读法律知识{value}',
    breakdowns: ['category', 'month'],
    scopes: ['township'],
    drill: 'articleIssue',
  },
];
