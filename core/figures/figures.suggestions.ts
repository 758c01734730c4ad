/**
 * Figures of deputies' suggestions (代表建议): filed, answered, answered on time, rated satisfied (and the
 * fair satisfied share), and the answers by result class (A/B/C/D). Computed from `suggestions`
 * (server/figures/sources/suggestions.source.ts). A suggestion is filed on its filing day, answered on
 * the day of its first formal answer (its class is that of its last answer), rated on the day it closed.
 */
import type { FigureDef } from './figures.types';

const TOWNSHIP = ['township'] as const;

const byClass = (cls: 'A' | 'B' | 'C' | 'D', label: string): FigureDef => ({
  code: `suggestions.class${cls}`,
  section: 'supervision',
  label: `代表建议答复${cls}类（${label}）`,
  definition: `统计时段内（按首次答复日期，计至统计截止日）答复的代表建议中，最近一次答复为${cls}类“${label}”的件数。`,
  unit: 'items',
  computation: `suggestions answered in [start, asOf] whose last answer has resultClass ${cls}.`,
  sentence: `其中${cls}类（${label}）{value}`,
  breakdowns: ['department'],
  scopes: TOWNSHIP,
  drill: 'suggestion',
});

export const SUGGESTION_FIGURES: readonly FigureDef[] = [
  {
    code: 'suggestions.filed',
    section: 'supervision',
    label: '代表提出建议',
    definition: '统计时段内（按提出日期，计至统计截止日）代表提出的建议、批评和意见件数，联名附议的计一件。',
    unit: 'items',
    computation: 'suggestions with filedOn in [start, asOf].',
    sentence: '代表提出建议、批评和意见{value}',
    breakdowns: [],
    scopes: TOWNSHIP,
    drill: 'suggestion',
  },
  {
    code: 'suggestions.answered',
    section: 'supervision',
    label: '代表建议已答复',
    definition:
      '统计时段内（按主办单位首次正式答复的日期，计至统计截止日）答复的代表建议件数，按主办单位分。',
    unit: 'items',
    computation: 'suggestions whose first answer is on a day in [start, asOf].',
    sentence: '承办单位答复代表建议{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'suggestion',
  },
  {
    code: 'suggestions.answeredOnTime',
    section: 'supervision',
    label: '代表建议按期答复',
    definition: '上述答复中在交办确定的答复期限当天或之前答复的件数。',
    unit: 'items',
    computation: 'suggestions.answered whose first answer is onTime (on ≤ deadline).',
    sentence: '其中按期答复{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'suggestion',
  },
  {
    code: 'suggestions.rated',
    section: 'supervision',
    label: '代表评价答复',
    definition: '统计时段内（按办结日期，计至统计截止日）代表对答复作出最终评价的建议件数。',
    unit: 'items',
    computation: 'suggestions with finalRating and closedOn in [start, asOf].',
    sentence: '代表对答复作出评价{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'suggestion',
  },
  {
    code: 'suggestions.satisfied',
    section: 'supervision',
    label: '代表对答复满意',
    definition: '上述评价中最终评为“满意”或“基本满意”的件数。',
    unit: 'items',
    computation: 'suggestions.rated with finalRating satisfied or basicallySatisfied.',
    sentence: '其中满意和基本满意{value}',
    breakdowns: ['department'],
    scopes: TOWNSHIP,
    drill: 'suggestion',
  },
  {
    code: 'suggestions.satisfaction',
    section: 'supervision',
    label: '代表建议答复满意率',
    definition: '代表最终评为满意和基本满意的件数占作出评价件数的比例；不足5件时显示样本不足。',
    unit: 'rate',
    computation: 'suggestions.satisfied / suggestions.rated; below MIN_SAMPLE 样本不足.',
    sentence: '代表建议答复满意率{value}',
    breakdowns: [],
    scopes: TOWNSHIP,
    rate: { numerator: 'suggestions.satisfied', denominator: 'suggestions.rated', fair: true },
    drill: 'suggestion',
  },
  byClass('A', '已解决或基本解决'),
  byClass('B', '正在解决'),
  byClass('C', '列入规划逐步解决'),
  byClass('D', '留作参考并解释'),
];
