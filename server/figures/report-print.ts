/**
 * The printable 年度工作情况统计 sheet and a deputy's 履职档案 as A4 portrait HTML (server/pdf.ts prints
 * them in headless Chromium; a browser prints the same file). The charts are drawn by the uCharts engine
 * inlined in the page, synchronously while the page loads, so a print taken at `load` has them.
 * Pure string building from core/figures/figures.sheet.ts's layout.
 */
import type { ArchiveSheet, ReportSheet, SheetChart, SheetSection } from '../../core/figures/figures.sheet';
import uchartsSource from './ucharts.source.js';

const esc = (s: string | number) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** JSON inside a <script>: no '<' can close it. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/** Chart size on paper (CSS px at 96 dpi; 170 mm ≈ 643 px) and the canvas' pixel ratio for print. */
const CHART_W = 640;
const CHART_H = 270;
const CHART_PIX = 2;

const STYLE = `
  @page { size: A4 portrait; margin: 15mm 15mm 16mm; }
  body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #000; font-size: 11pt; line-height: 1.5; }
  h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; }
  .sub { text-align: center; font-size: 10pt; margin: 0 0 5mm; }
  h2 { font-size: 13pt; margin: 5mm 0 2mm; border-left: 3pt solid #000; padding-left: 2mm; }
  table { border-collapse: collapse; width: 100%; font-size: 10pt; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  th, td { border: 1px solid #000; padding: 1.2mm 1.5mm; vertical-align: top; }
  th { background: #eee; font-weight: bold; text-align: center; }
  td.value { text-align: right; white-space: nowrap; font-weight: bold; width: 28mm; }
  td.label { width: 42mm; }
  td.note { font-size: 9pt; }
  .chart { page-break-inside: avoid; margin: 3mm 0 4mm; }
  .chart h3 { font-size: 11pt; margin: 0 0 1mm; }
  .chart canvas { width: ${CHART_W}px; height: ${CHART_H}px; display: block; }
  .chart .note { font-size: 9pt; margin: 0; }
  .prose p { text-indent: 2em; margin: 0 0 2mm; }
  .foot { font-size: 8.5pt; margin-top: 5mm; }
  .foot p { margin: 0 0 1mm; }
  .meta td { font-size: 10.5pt; }
  .meta th { width: 28mm; }
`;

function sectionTable(s: SheetSection): string {
  const rows = s.rows
    .map(
      (r) =>
        `<tr data-code="${esc(r.code)}"><td class="label">${esc(r.label)}</td><td class="value">${esc(r.display)}</td><td class="note">${esc(r.note)}</td></tr>`,
    )
    .join('');
  return `<h2>${esc(s.title)}</h2>
<table><thead><tr><th>项目</th><th>数字</th><th>说明</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function chartBlocks(charts: readonly SheetChart[]): string {
  if (charts.length === 0) return '';
  return `<h2>图表</h2>${charts
    .map(
      (c) =>
        `<div class="chart"><h3>${esc(c.title)}</h3><canvas id="chart-${esc(c.id)}" width="${CHART_W * CHART_PIX}" height="${CHART_H * CHART_PIX}"></canvas>${c.note ? `<p class="note">${esc(c.note)}</p>` : ''}</div>`,
    )
    .join('')}`;
}

/**
 * The engine, wrapped so that it sees no timer: uCharts then draws each frame at once (its own fallback
 * for platforms without setTimeout / requestAnimationFrame), i.e. before the page's load event.
 */
function chartScript(charts: readonly SheetChart[]): string {
  if (charts.length === 0) return '';
  const engine = uchartsSource.replace(/export\s+default\s+uCharts\s*;?\s*$/, '');
  return `<script>
var uCharts = (function (setTimeout, requestAnimationFrame) {
${engine}
return uCharts;
})(undefined, undefined);
</script>
<script type="application/json" id="chart-data">${scriptJson(charts)}</script>
<script>
(function () {
  var charts = JSON.parse(document.getElementById('chart-data').textContent);
  var pix = ${CHART_PIX}, drawn = 0;
  charts.forEach(function (c) {
    var canvas = document.getElementById('chart-' + c.id);
    var ctx = canvas.getContext('2d');
    var many = c.categories.length > 12;
    var labels = !many && c.series.length <= 2;
    // Counts on whole ticks: the axis tops at a multiple of 5 (5 divisions); a rate at 100 %.
    var highest = 0;
    c.series.forEach(function (s) { s.data.forEach(function (v) { if (v > highest) highest = v; }); });
    var top = c.unit === '%' ? 100 : Math.max(5, Math.ceil(highest / 5) * 5);
    new uCharts({
      type: c.type, context: ctx, width: ${CHART_W} * pix, height: ${CHART_H} * pix, pixelRatio: pix,
      categories: c.categories, series: c.series, animation: false, background: '#FFFFFF',
      color: ['#1f5fbf', '#e0892b', '#3c9a5f', '#b03a48'],
      padding: [12, 12, 4, 4], fontSize: 12, dataLabel: labels, dataPointShape: true,
      legend: { show: c.series.length > 1 || c.type === 'line', position: 'top', fontSize: 12 },
      xAxis: { disableGrid: true, fontSize: many ? 10 : 12, rotateLabel: many, rotateAngle: 45 },
      yAxis: { gridType: 'dash', splitNumber: 5, data: [{ min: 0, max: top, fontSize: 11 }] },
      extra: { column: { type: 'group', width: many ? 8 : 18 }, line: { type: 'straight', width: 2 } }
    });
    canvas.setAttribute('data-drawn', '1');
    drawn++;
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
</script>`;
}

function footnotes(sheet: { footnotes: ReportSheet['footnotes'] }): string {
  return `<div class="foot"><p><b>注释（统计口径）</b></p>${sheet.footnotes
    .map((f) => `<p>注${f.n}　${esc(f.label)}：${esc(f.definition)}</p>`)
    .join('')}</div>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${STYLE}</style></head>
<body>
${body}
</body></html>`;
}

/** The township's (or a scope's) sheet for a period. */
export function renderReportHtml(sheet: ReportSheet, printedOn: string): string {
  const prose = sheet.sections.map((s) => `<p>${esc(s.paragraph)}</p>`).join('');
  return page(
    sheet.title,
    `<h1>${esc(sheet.title)}</h1>
<p class="sub">${esc(sheet.subtitle)}</p>
${sheet.sections.map(sectionTable).join('\n')}
${chartBlocks(sheet.charts)}
<h2>可直接用于工作报告的表述</h2>
<div class="prose"><p>${esc(sheet.preamble)}</p>${prose}</div>
${footnotes(sheet)}
<p class="foot">打印日期：${esc(printedOn)}</p>
${chartScript(sheet.charts)}`,
  );
}

/** A deputy's 履职档案 for a year: who they are, their figures, every duty record by date. */
export function renderArchiveHtml(archive: ArchiveSheet, printedOn: string): string {
  const d = archive.deputy;
  const meta = [
    ['姓名', d.name],
    ['代表层级', d.levelLabel],
    ['职业（职务）', d.title || '—'],
    ['所在联络站', d.stationName || '—'],
    ['联系村（社区）', d.villageNames.length ? d.villageNames.join('、') : '—'],
    ...(d.group ? [['代表小组', d.group]] : []),
  ]
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  const records = archive.records.length
    ? archive.records
        .map(
          (r) =>
            `<tr data-record="${esc(r.id)}"><td class="date">${esc(r.date)}</td><td>${esc(r.typeLabel)}</td><td>${esc(r.description)}</td><td class="value">${esc(r.peopleReached)}</td><td>${esc(r.sourceLabel)}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="5">本年度暂无履职记录</td></tr>';
  return page(
    archive.title,
    `<h1>${esc(archive.title)}</h1>
<p class="sub">${esc(archive.subtitle)}</p>
<h2>代表基本情况</h2>
<table class="meta"><tbody>${meta}</tbody></table>
${archive.sections.map(sectionTable).join('\n')}
<h2>履职记录（共${archive.records.length}条，按日期）</h2>
<table><thead><tr><th>日期</th><th>类型</th><th>内容</th><th>联系群众（人次）</th><th>来源</th></tr></thead><tbody>${records}</tbody></table>
<h2>可直接用于述职报告的表述</h2>
<div class="prose"><p>${esc(archive.preamble)}</p>${archive.sections.map((s) => `<p>${esc(s.paragraph)}</p>`).join('')}</div>
${footnotes(archive)}
<p class="foot">打印日期：${esc(printedOn)}</p>`,
  );
}
