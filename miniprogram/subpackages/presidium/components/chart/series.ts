/**
 * The charts of a figures report, from the figures' own parts (nothing is counted here): cases per month,
 * the on-time rate per month (its numerator's month part over its denominator's, a month below the fair
 * minimum sample left as a gap, never 0), reception visitors per month, and the stations side by side.
 * A chart whose figure the report does not carry is left out.
 */
import type {
  FigureDef,
  FigurePart,
  FiguresReport,
  FigureValue,
} from '../../../../../core/figures/figures.types';
import { FIGURES, MIN_SAMPLE, monthsOf } from '../../../../services/core.generated';
import type { ChartSpec } from './options';

/** The months a period covers: '2025-01' … '2025-12' (the last one the month of its end). */
export function monthKeys(start: string, end: string): string[] {
  return monthsOf({ kind: 'custom', start, end, label: '' });
}

/** '3月', or '2025年3月' when the months run over more than one year. */
function monthLabel(key: string, years: number): string {
  const [y, m] = key.split('-').map(Number);
  return years > 1 ? `${y}年${m}月` : `${m}月`;
}

function partValues(parts: FigurePart[] | undefined): Map<string, number> {
  return new Map((parts ?? []).map((p) => [p.key, p.value]));
}

/** The first figure of the table the report carries that `test` picks. */
function pick(
  byCode: Map<string, FigureValue>,
  test: (def: FigureDef) => boolean,
): { def: FigureDef; value: FigureValue } | null {
  for (const def of FIGURES) {
    const value = byCode.get(def.code);
    if (value && test(def)) return { def, value };
  }
  return null;
}

/** Every chart the report can draw, in the order of the sheet. */
export function chartsFor(report: FiguresReport): ChartSpec[] {
  const byCode = new Map(report.figures.map((f) => [f.code, f]));
  const months = monthKeys(
    report.period.start,
    report.asOf < report.period.end ? report.asOf : report.period.end,
  );
  const years = new Set(months.map((k) => k.slice(0, 4))).size;
  const categories = months.map((k) => monthLabel(k, years));
  const perMonth = (f: FigureValue) => {
    const values = partValues(f.parts.month);
    return months.map((k) => values.get(k) ?? 0);
  };
  const charts: ChartSpec[] = [];

  const visitors = pick(
    byCode,
    (d) => d.section === 'reception' && d.unit === 'personTimes' && d.breakdowns.includes('month'),
  );
  if (visitors)
    charts.push({
      key: 'visitors',
      title: `每月${visitors.def.label}（人次）`,
      kind: 'column',
      categories,
      series: [{ name: visitors.def.label, data: perMonth(visitors.value) }],
      unit: '人次',
      note: '',
    });

  const received = pick(byCode, (d) => d.code === 'opinions.received');
  if (received)
    charts.push({
      key: 'received',
      title: '每月收到的意见建议（件）',
      kind: 'column',
      categories,
      series: [{ name: received.def.label, data: perMonth(received.value) }],
      unit: '件',
      note: '',
    });

  const onTime = pick(byCode, (d) => Boolean(d.rate) && /onTime/i.test(d.code));
  if (onTime?.def.rate) {
    const { numerator, denominator, fair } = onTime.def.rate;
    const num = partValues(byCode.get(numerator)?.parts.month);
    const den = partValues(byCode.get(denominator)?.parts.month);
    const minimum = fair ? MIN_SAMPLE : 1;
    const data = months.map((k) => {
      const d = den.get(k) ?? 0;
      return d >= minimum ? Math.round(((num.get(k) ?? 0) / d) * 100) : null;
    });
    if (byCode.get(numerator)?.parts.month && byCode.get(denominator)?.parts.month)
      charts.push({
        key: 'onTime',
        title: `每月${onTime.def.label}（%）`,
        kind: 'line',
        categories,
        series: [{ name: onTime.def.label, data }],
        unit: '%',
        note: data.every((v) => v === null)
          ? `每个月的件数都不足${minimum}件，暂不计算比例`
          : data.some((v) => v === null)
            ? `空缺的月份不足${minimum}件，不计比例`
            : '',
      });
  }

  const stations = received?.value.parts.station ?? [];
  if (received && stations.length > 1)
    charts.push({
      key: 'stations',
      title: '各联络站收到的意见建议（件）',
      kind: 'column',
      categories: stations.map((p) => p.label.replace(/联络站$/, '')),
      series: [{ name: received.def.label, data: stations.map((p) => p.value) }],
      unit: '件',
      note: '',
    });
  return charts;
}
