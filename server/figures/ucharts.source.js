/**
 * The uCharts engine's source (npm @qiun/ucharts, Apache-2.0, the engine the mini-program's chart
 * component uses), as text: esbuild bundles it as a string (import attribute `type: 'text'`), and the
 * printable sheet inlines it in a <script> so Chromium, or any browser, draws the charts and prints them.
 * Plain JavaScript because TypeScript's `module: node16` does not accept import attributes; the types
 * are in ucharts.source.d.ts. Only bundles import it (cloud functions, local CLIs), never jest directly.
 */
import source from '@qiun/ucharts/u-charts.min.js' with { type: 'text' };

export default source;
