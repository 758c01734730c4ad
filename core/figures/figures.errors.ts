/** The figures area's error codes (merged into core/errors/error.codes.ts). */
export const FIGURES_ERRORS = {
  FIGURES_PERIOD_INVALID: '统计时段不正确：开始日期应早于结束日期，且最长五年',
  FIGURE_NOT_FOUND: '没有这项统计数字',
  FIGURE_NOT_IN_SCOPE: '这项统计数字只按全乡（镇）统计',
} as const;
