/**
 * The charts of a figures report (miniprogram/subpackages/presidium/components/chart): built from the
 * figures' own parts, a rate by month is its numerator's month part over its denominator's, a month
 * below the fair minimum sample is a gap (null), never 0; the options drawn carry large labels.
 */
import { FIGURES, MIN_SAMPLE } from '../../miniprogram/services/core.generated';
import { chartOptions } from '../../miniprogram/subpackages/presidium/components/chart/options';
import { chartsFor, monthKeys } from '../../miniprogram/subpackages/presidium/components/chart/series';
import { partGroups } from '../../miniprogram/subpackages/presidium/pages/figure/parts';
import type { FiguresReport, FigureValue } from '../../core/figures/figures.types';

const months = (values: Record<string, number>) =>
  Object.entries(values).map(([key, value]) => ({ key, label: key, value }));

function figure(code: string, value: number | null, parts: FigureValue['parts'] = {}): FigureValue {
  return { code, value, display: String(value), sentence: '', parts };
}

const onTimeRate = FIGURES.find((d) => d.rate && /onTime/i.test(d.code));

function report(figures: FigureValue[]): FiguresReport {
  return {
    period: { kind: 'year', start: '2025-01-01', end: '2025-12-31', label: '2025年' },
    scope: { kind: 'township' },
    scopeLabel: '金鼓乡',
    townshipName: '金鼓乡',
    asOf: '2025-04-20',
    figures,
  };
}

describe('the charts of a figures report', () => {
  it('counts each month from the month parts, to the day the records are counted to', () => {
    const charts = chartsFor(
      report([
        figure('opinions.received', 9, {
          month: months({ '2025-01': 4, '2025-03': 5 }),
          station: [
            { key: 'JG01', label: '金鼓乡人大代表之家联络站', value: 6 },
            { key: 'JG02', label: '红旗村联络站', value: 3 },
          ],
        }),
      ]),
    );
    const received = charts.find((c) => c.key === 'received')!;
    expect(received.categories).toEqual(['1月', '2月', '3月', '4月']);
    expect(received.series[0].data).toEqual([4, 0, 5, 0]);
    const stations = charts.find((c) => c.key === 'stations')!;
    expect(stations.categories).toEqual(['金鼓乡人大代表之家', '红旗村']);
    expect(stations.series[0].data).toEqual([6, 3]);
  });

  it('leaves a month below the fair minimum sample as a gap in the on-time rate, not 0', () => {
    expect(onTimeRate?.rate?.fair).toBe(true);
    const { numerator, denominator } = onTimeRate!.rate!;
    const charts = chartsFor(
      report([
        figure(onTimeRate!.code, 0.8),
        figure(numerator, 12, { month: months({ '2025-01': 8, '2025-02': 2, '2025-03': 2 }) }),
        figure(denominator, 16, {
          month: months({ '2025-01': 10, '2025-02': MIN_SAMPLE - 1, '2025-03': 2 }),
        }),
      ]),
    );
    const rate = charts.find((c) => c.key === 'onTime')!;
    expect(rate.kind).toBe('line');
    expect(rate.series[0].data).toEqual([80, null, null, null]);
    expect(rate.note).toBe(`空缺的月份不足${MIN_SAMPLE}件，不计比例`);
    // the figure page's parts of a rate: each month its own fair rate
    const groups = partGroups(
      onTimeRate!,
      report([
        figure(onTimeRate!.code, 0.8),
        figure(numerator, 10, { month: months({ '2025-01': 8, '2025-02': 2 }) }),
        figure(denominator, 13, { month: months({ '2025-01': 10, '2025-02': 3 }) }),
      ]),
      '%',
    );
    expect(groups[0].rows.map((r) => r.display)).toEqual(['80%（8/10）', `样本不足（3/${MIN_SAMPLE}）`]);
  });

  it('draws no chart for a figure the report does not carry', () => {
    expect(chartsFor(report([]))).toEqual([]);
  });

  it('draws with large labels and a rate on a 0–100 axis', () => {
    const options = chartOptions({
      key: 'onTime',
      title: '每月按时答复率（%）',
      kind: 'line',
      categories: ['1月'],
      series: [{ name: '按时答复率', data: [80] }],
      unit: '%',
      note: '',
    }) as { fontSize: number; animation: boolean; yAxis: { data: { max: number }[] } };
    expect(options.fontSize).toBeGreaterThanOrEqual(14);
    expect(options.animation).toBe(false);
    expect(options.yAxis.data[0].max).toBe(100);
  });

  it('knows the months of a period across years', () => {
    expect(monthKeys('2024-11-15', '2025-02-01')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });
});

describe('a rate no month of which has enough cases', () => {
  it('says so under the chart, every point a gap', () => {
    const { numerator, denominator } = onTimeRate!.rate!;
    const [rate] = chartsFor(
      report([
        figure(onTimeRate!.code, null),
        figure(numerator, 2, { month: months({ '2025-02': 2 }) }),
        figure(denominator, 3, { month: months({ '2025-02': 3 }) }),
      ]),
    );
    expect(rate.series[0].data).toEqual([null, null, null, null]);
    expect(rate.note).toBe(`每个月的件数都不足${MIN_SAMPLE}件，暂不计算比例`);
  });
});
