/** The uCharts engine's minified source as text (see ucharts.source.js). */
declare const source: string;
export default source;
