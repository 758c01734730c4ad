/**
 * The A4 sheet of deputies' codes (代表码) for the station's notice board: a grid of codes, each with
 * the deputy's name, level and station under it. Pure: the PNGs come in as base64.
 */
import { DEPUTY_LEVEL_LABELS, type DeputyLevel } from '../station/station.types';

export interface CodeCard {
  name: string;
  level: DeputyLevel;
  stationName: string;
  pngBase64: string;
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Printable HTML: three codes a row, A4 portrait, a title and the date it was made. */
export function renderCodeSheet(townshipName: string, cards: readonly CodeCard[], madeOn: string): string {
  const cells = cards
    .map(
      (
        c,
      ) => `<div class="card"><img alt="${escape(c.name)}的代表码" src="data:image/png;base64,${c.pngBase64}"/>
<div class="name">${escape(c.name)}</div><div class="meta">${escape(DEPUTY_LEVEL_LABELS[c.level])}</div>
<div class="meta">${escape(c.stationName)}</div></div>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"/><title>${escape(townshipName)}人大代表码</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; }
p.hint { text-align: center; font-size: 12pt; margin: 0 0 6mm; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6mm; }
.card { border: 1px solid #999; border-radius: 3mm; padding: 4mm; text-align: center; break-inside: avoid; }
.card img { width: 45mm; height: 45mm; }
.name { font-size: 16pt; font-weight: bold; margin-top: 2mm; }
.meta { font-size: 11pt; color: #333; }
footer { margin-top: 6mm; text-align: right; font-size: 10pt; color: #555; }
</style></head><body>
<h1>${escape(townshipName)}人大代表码</h1>
<p class="hint">微信扫一扫代表码，查看代表情况，给代表留言</p>
<div class="grid">
${cells}
</div>
<footer>${escape(madeOn)}制</footer>
</body></html>
`;
}
