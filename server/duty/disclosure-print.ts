/**
 * The printable notice for the station's notice board (公示栏): one A4 page of HTML (landscape when
 * the table is wide) with the station's QR code, rendered to PDF by server/pdf.ts in headless Chromium.
 * Pure string building: the same HTML is answered by `duty.printableNotice`.
 */
import type { NoticeView } from '../../core/duty/disclosure.view';

const esc = (s: string | number) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export interface PrintExtras {
  stationAddress: string;
  /** PNG of the station's mini-program code, base64. */
  qrPngBase64: string;
  /** '2025年5月10日' */
  printedOn: string;
}

export function renderNoticeHtml(view: NoticeView, extras: PrintExtras): string {
  const head = view.columns.map((c) => `<th>${esc(c.label)}</th>`).join('');
  const rows = view.rows
    .map(
      (r) =>
        `<tr><td class="name">${esc(r.deputyName)}</td>${r.cells.map((n) => `<td>${esc(n)}</td>`).join('')}<td>${esc(r.satisfaction)}</td></tr>`,
    )
    .join('');
  const totals = `<tr class="total"><td class="name">合计</td>${view.totals.cells.map((n) => `<td>${esc(n)}</td>`).join('')}<td>${esc(view.totals.satisfaction)}</td></tr>`;
  const correction = view.correction
    ? `<p class="correction">更正说明：${esc(view.correction.reason)}。变动内容：${esc(view.correction.changes)}</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(view.title)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #000; }
  h1 { font-size: 22pt; text-align: center; margin: 0 0 4mm; }
  .sub { text-align: center; font-size: 12pt; margin: 0 0 5mm; }
  table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
  th, td { border: 1px solid #000; padding: 1.5mm 1mm; text-align: center; }
  th { font-weight: bold; background: #eee; }
  td.name { white-space: nowrap; font-size: 10pt; }
  tr.total td { font-weight: bold; }
  .foot { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 5mm; font-size: 10pt; }
  .qr { text-align: center; font-size: 9pt; }
  .qr img { width: 30mm; height: 30mm; display: block; margin: 0 auto 1mm; }
  .correction { font-size: 10pt; border: 1px solid #000; padding: 2mm; }
</style></head>
<body>
<h1>${esc(view.title)}</h1>
<p class="sub">公示期间：${esc(view.periodLabel)}　　第${esc(view.version)}版</p>
${correction}
<table><thead><tr><th>代表</th>${head}<th>群众满意率</th></tr></thead>
<tbody>${rows}${totals}</tbody></table>
<div class="foot">
  <div>
    <p>以上数字均由系统根据接待、意见办理和履职登记记录自动统计，代表本人已确认，乡镇人大主席团审核。</p>
    <p>如有意见，请到联络站（${esc(extras.stationAddress)}）反映，或扫右侧二维码在小程序中留言。</p>
    <p>乡镇人大主席团　${esc(view.publishedAt ?? extras.printedOn)}</p>
  </div>
  <div class="qr"><img alt="联络站二维码" src="data:image/png;base64,${extras.qrPngBase64}">扫码查看联络站</div>
</div>
</body></html>`;
}
