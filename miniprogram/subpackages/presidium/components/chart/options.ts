/**
 * What a chart shows (ChartSpec, built by series.ts from the figures' parts) turned into the options of
 * uCharts (@qiun/ucharts), large labels for reading on a phone. The same options draw the chart on the
 * phone (index.ts, on a `<canvas type="2d">`) and in the screenshots (tests/screens/render.ts runs the
 * same engine on them in Chromium), so what the screens show is what the phone draws.
 */

export type ChartKind = 'column' | 'line';

export interface ChartSeries {
  name: string;
  /** One value per category; null: no value there (a month below the fair minimum sample is a gap). */
  data: (number | null)[];
}

export interface ChartSpec {
  key: string;
  title: string;
  kind: ChartKind;
  categories: string[];
  series: ChartSeries[];
  /** '%' for a rate in percent, '件', '人次' … (shown on the value labels). */
  unit: string;
  /** A plain line under the chart: '空缺的月份评价不足5件，不计比例'. */
  note: string;
}

/** The station's red, then colours that stay apart for a second or third series. */
export const CHART_COLORS = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a'];

/** uCharts' options without the drawing context, width and height (given where it draws). */
export function chartOptions(spec: ChartSpec): Record<string, unknown> {
  const max = Math.max(0, ...spec.series.flatMap((s) => s.data.map((v) => v ?? 0)));
  return {
    type: spec.kind,
    categories: spec.categories,
    series: spec.series.map((s) => ({ name: s.name, data: s.data })),
    animation: false,
    background: '#FFFFFF',
    color: CHART_COLORS,
    padding: [20, 12, 8, 4],
    fontSize: 14,
    fontColor: '#333333',
    dataLabel: true,
    dataPointShape: true,
    legend: { show: spec.series.length > 1, fontSize: 14, fontColor: '#333333' },
    xAxis: {
      disableGrid: true,
      fontSize: 14,
      fontColor: '#333333',
      rotateLabel: spec.categories.length > 6,
      rotateAngle: 40,
    },
    yAxis: {
      gridType: 'dash',
      dashLength: 4,
      gridColor: '#dddddd',
      splitNumber: 4,
      data: [
        {
          min: 0,
          max: spec.unit === '%' ? 100 : Math.max(4, Math.ceil((max * 1.2) / 4) * 4),
          fontSize: 14,
          fontColor: '#333333',
        },
      ],
    },
    extra: {
      column: { type: 'group', width: 16, categoryGap: 4, labelPosition: 'outside' },
      line: { type: 'straight', width: 3, activeType: 'none' },
      tooltip: { showBox: false },
    },
  };
}
