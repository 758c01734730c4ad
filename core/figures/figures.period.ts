/**
 * The period a figure counts over: a year, a half-year, a quarter or custom dates (both days included,
 * China time). A period may still be running: its figures are counted to today (`asOf`).
 */
import { addDays, type Ymd } from '../calendar/china-time';
import { checkDateWindow, isCalendarDay } from '../calendar/date-window';
import { allow, deny, type Decision } from '../result';
import type { FigurePeriod, FigurePeriodInput } from './figures.types';

/** The longest custom period: five years (a deputy's term). */
export const PERIOD_MAX_DAYS = 5 * 366;

const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度'];

function ymdLabel(day: Ymd): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number): Ymd =>
  addDays(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01`, -1);

/**
 * The period asked for, if its days are real and it runs forwards for at most PERIOD_MAX_DAYS
 * (FIGURES_PERIOD_INVALID otherwise), starting in the `figures` date window: the last ten years, not
 * after today (DATE_OUT_OF_RANGE otherwise).
 */
export function resolvePeriod(input: FigurePeriodInput, today: Ymd): Decision<FigurePeriod> {
  let period: FigurePeriod;
  switch (input.kind) {
    case 'year':
      period = {
        kind: 'year',
        start: `${input.year}-01-01`,
        end: `${input.year}-12-31`,
        label: `${input.year}年`,
      };
      break;
    case 'half':
      period = {
        kind: 'half',
        start: `${input.year}-${input.half === 1 ? '01' : '07'}-01`,
        end: input.half === 1 ? `${input.year}-06-30` : `${input.year}-12-31`,
        label: `${input.year}年${input.half === 1 ? '上' : '下'}半年`,
      };
      break;
    case 'quarter': {
      const first = (input.quarter - 1) * 3 + 1;
      period = {
        kind: 'quarter',
        start: `${input.year}-${pad(first)}-01`,
        end: lastDayOfMonth(input.year, first + 2),
        label: `${input.year}年${QUARTER_LABELS[input.quarter - 1]}`,
      };
      break;
    }
    case 'custom':
      period = {
        kind: 'custom',
        start: input.start,
        end: input.end,
        label: `${ymdLabel(input.start)}至${ymdLabel(input.end)}`,
      };
      break;
  }
  const { start, end } = period;
  if (!isCalendarDay(start) || !isCalendarDay(end)) return deny('FIGURES_PERIOD_INVALID');
  if (!checkDateWindow(start, today, 'figures').ok) return deny('DATE_OUT_OF_RANGE');
  if (end < start) return deny('FIGURES_PERIOD_INVALID');
  if (end > addDays(start, PERIOD_MAX_DAYS - 1)) return deny('FIGURES_PERIOD_INVALID');
  return allow(period);
}

/** The last day counted: the period's end, or today while the period runs. */
export function asOfDay(period: FigurePeriod, today: Ymd): Ymd {
  return period.end < today ? period.end : today;
}

/** The months a period covers, 'YYYY-MM', in order (for the 按月份 breakdown). */
export function monthsOf(period: FigurePeriod): string[] {
  const months: string[] = [];
  let [y, m] = period.start.split('-').map(Number);
  const last = period.end.slice(0, 7);
  for (let i = 0; i < 61; i++) {
    const key = `${y}-${pad(m)}`;
    months.push(key);
    if (key >= last) break;
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
  }
  return months;
}

/** '2025年3月' for a month key. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}
