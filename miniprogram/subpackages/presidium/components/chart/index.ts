/**
 * <figure-chart chart="{{spec}}">: one chart of the figures (a column or line chart by month or by
 * station), drawn by uCharts (@qiun/ucharts, packed into this subpackage only) on a `<canvas type="2d">`.
 * The options it draws are also on the canvas as `data-chart`, so the screenshots draw the same chart.
 */
import { chartOptions, type ChartSpec } from './options';

type UCharts = new (options: Record<string, unknown>) => unknown;
/** The mini-program's own CommonJS require (the runtime's; no typings declare it). */
declare const require: (path: string) => unknown;
// The engine is packed by `npm run build` (scripts/miniprogram-npm.mjs) into this subpackage's
// miniprogram_npm, a plain CommonJS file without types.
const uCharts = require('../../miniprogram_npm/@qiun/ucharts/index') as UCharts;

/** Set once the component is in the page's layout: its canvas node can be asked for then. */
interface Laid {
  laidOut?: boolean;
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(kind: '2d'): unknown;
}

Component({
  properties: {
    chart: { type: Object, value: null as unknown as ChartSpec },
  },
  data: { optionsJson: '' },
  observers: {
    chart(spec: ChartSpec | null) {
      if (!spec) return;
      this.setData({ optionsJson: JSON.stringify(chartOptions(spec)) });
      // A chart given before the component is laid out is drawn when it is (ready, below).
      if ((this as unknown as Laid).laidOut) this.draw(spec);
    },
  },
  lifetimes: {
    ready() {
      (this as unknown as Laid).laidOut = true;
      const spec = this.data.chart as ChartSpec | null;
      if (spec) this.draw(spec);
    },
  },
  methods: {
    /** Draws on the canvas node once it is laid out (the phone; nothing to draw on without a node). */
    draw(spec: ChartSpec) {
      const query = this.createSelectorQuery?.();
      if (!query) return;
      query
        .select('#chart-canvas')
        .fields({ node: true, size: true }, () => undefined)
        .exec((res: { node?: CanvasNode; width?: number; height?: number }[]) => {
          const target = res?.[0];
          if (!target?.node || !target.width || !target.height) return;
          const pixelRatio = wx.getWindowInfo?.().pixelRatio ?? 2;
          target.node.width = target.width * pixelRatio;
          target.node.height = target.height * pixelRatio;
          new uCharts({
            ...chartOptions(spec),
            context: target.node.getContext('2d'),
            width: target.width * pixelRatio,
            height: target.height * pixelRatio,
            pixelRatio,
          });
        });
    },
  },
});
