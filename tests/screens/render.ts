/**
 * Turns a page rendered by miniprogram-simulate (WeChat's own wcc output, run by j-component in jsdom)
 * into a standalone HTML file that headless Chromium can draw at a phone's size:
 *   - rpx as the phone has it: 750 rpx = 375 px (simulate and j-component map 1 rpx to 1 px);
 *   - app.wxss applied as WeChat applies it (its `page` rules to the page, its classes to the page and to
 *     components that opt in with addGlobalClass);
 *   - WeChat's built-in components given their default look, and what they draw from properties the
 *     DOM does not carry (an input's value or placeholder, an image's src, rich-text's nodes) drawn in;
 *   - a chart's `<canvas>` drawn by the same engine the phone runs (uCharts, packed into the presidium
 *     subpackage), on a real canvas in Chromium, with the options the chart component gave it
 *     (`data-chart`).
 * Call `prepareForScreens()` before the first page is loaded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import jComponent from 'j-component';
import { MINIPROGRAM } from '../miniprogram/support/page-harness';

const RPX = /(-?\d+(?:\.\d+)?)rpx/gi;
const toPx = (css: string) => css.replace(RPX, (_m, n: string) => `${Number(n) / 2}px`);

/** Built-in components whose look depends on properties: registered with those properties for screens. */
const BUILT_INS: Record<string, { properties: Record<string, unknown>; template: string }> = {
  input: {
    properties: { value: String, placeholder: String, password: Boolean },
    template: '<span data-field="" data-placeholder="{{placeholder}}">{{password ? "••••" : value}}</span>',
  },
  textarea: {
    properties: { value: String, placeholder: String },
    template: '<span data-field="" data-placeholder="{{placeholder}}">{{value}}</span>',
  },
  image: { properties: { src: String, mode: String }, template: '<img data-src="{{src}}"/>' },
  'rich-text': { properties: { nodes: Array }, template: '<slot/>' },
  picker: { properties: { value: null, range: Array, mode: String }, template: '<slot/>' },
  switch: {
    properties: { checked: Boolean, color: String },
    template: "<span data-switch=\"{{checked ? 'on' : 'off'}}\"></span>",
  },
};

export function prepareForScreens(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const simulateUtils = require('miniprogram-simulate/src/utils') as { transformRpx(s: string): string };
  const jUtils = require('j-component/src/tool/utils') as { transformRpx(s: string): string };
  /* eslint-enable @typescript-eslint/no-require-imports */
  simulateUtils.transformRpx = toPx;
  jUtils.transformRpx = toPx;
  for (const [name, def] of Object.entries(BUILT_INS))
    jComponent.register({ id: name, tagName: `wx-${name}`, ...def } as never);
}

/** WeChat's default styles for its built-in components (the ones these pages use). */
const BASE_CSS = `
html { -webkit-text-size-adjust: none; }
body { margin: 0; font-family: "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
wx-view, wx-scroll-view, wx-swiper, wx-navigator, wx-form, wx-picker, wx-rich-text, wx-cover-view { display: block; }
wx-text, wx-label { display: inline; }
wx-text { white-space: pre-wrap; }
wx-image { display: inline-block; overflow: hidden; width: 320px; height: 240px; }
wx-image img { width: 100%; height: 100%; object-fit: contain; }
wx-input { display: block; min-height: 1.4em; overflow: hidden; white-space: nowrap; }
wx-textarea { display: block; width: 300px; height: 150px; overflow: hidden; }
[data-field] { display: block; }
[data-field]:empty::before { content: attr(data-placeholder); color: #808080; }
wx-scroll-view { overflow: auto; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding: 0 14px;
  box-sizing: border-box; font-size: 18px; text-align: center; line-height: 2.5555; border-radius: 5px;
  color: #000; background-color: #f8f8f8; border: 1px solid rgba(0,0,0,.2); }
wx-switch, wx-checkbox, wx-radio, wx-icon { display: inline-block; }
[data-switch] { display: inline-block; position: relative; width: 52px; height: 32px; border-radius: 16px;
  background: #dfdfdf; vertical-align: middle; }
[data-switch="on"] { background: #b71c1c; }
[data-switch]::after { content: ''; position: absolute; top: 2px; left: 2px; width: 28px; height: 28px;
  border-radius: 50%; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.3); }
[data-switch="on"]::after { left: 22px; }
wx-label { display: block; }
wx-canvas { display: block; width: 300px; height: 150px; }
[hidden] { display: none !important; }
`;

/** tdesign's icons come from a web font on a CDN; drawn offline with the nearest plain character. */
const ICON_GLYPHS = `
[class*="t-icon--t-icon-"]::before { content: '•' !important; font-family: sans-serif; }
[class*="t-icon--t-icon-chevron-right"]::before { content: '›' !important; }
[class*="t-icon--t-icon-add"]::before { content: '+' !important; }
[class*="t-icon--t-icon-close"]::before { content: '×' !important; }
[class*="t-icon--t-icon-check"]::before { content: '✓' !important; }
`;

/** app.wxss as WeChat applies it: `page` is the page's root; its classes reach the page (prefix `main`). */
function appCss(packed: string, prefixes: string[]): string {
  const wxss = fs.readFileSync(path.join(packed, 'app.wxss'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const rules = [...wxss.matchAll(/([^{}]+)\{([^{}]*)\}/g)];
  return rules
    .map(([, selector, body]) => {
      const sel = selector
        .split(',')
        .map((s) => s.trim())
        .flatMap((s) =>
          /^page\b/.test(s)
            ? [s.replace(/^page\b/, 'body')]
            : prefixes.map((p) => s.replace(/\.([-_a-zA-Z0-9]+)/g, `.${p}--$1`)),
        )
        .join(', ');
      return `${sel} {${toPx(body)}}`;
    })
    .join('\n');
}

interface RichNode {
  name?: string;
  type?: string;
  text?: string;
  attrs?: Record<string, string>;
  children?: RichNode[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function richHtml(nodes: RichNode[] | undefined): string {
  return (nodes ?? [])
    .map((n) => {
      if (n.type === 'text') return escapeHtml(n.text ?? '');
      const tag = /^[a-z][a-z0-9]*$/.test(n.name ?? '') ? n.name! : 'span';
      const attrs = Object.entries(n.attrs ?? {})
        .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
        .join('');
      return `<${tag}${attrs}>${richHtml(n.children)}</${tag}>`;
    })
    .join('');
}

type Wx = Element & {
  __wxElement?: {
    data?: Record<string, unknown>;
    dataset?: Record<string, unknown>;
    __wxEvents?: Record<string, unknown>;
  };
};

/** The chart engine as the presidium subpackage carries it (scripts/miniprogram-npm.mjs): CommonJS. */
const CHART_ENGINE = 'subpackages/presidium/miniprogram_npm/@qiun/ucharts/index.js';

/**
 * Runs in Chromium when the screen loads: each chart canvas gets a real `<canvas>` of its laid-out size
 * (at the device's pixel ratio, as the chart component sizes its node) and uCharts draws its options.
 */
const DRAW_CHARTS = `
for (const el of document.querySelectorAll('wx-canvas[data-chart]')) {
  const r = el.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(r.width * dpr);
  canvas.height = Math.round(r.height * dpr);
  canvas.style.cssText = 'display:block;width:' + r.width + 'px;height:' + r.height + 'px';
  canvas.setAttribute('data-chart-drawn', '');
  el.appendChild(canvas);
  const options = JSON.parse(el.getAttribute('data-chart'));
  new window.uCharts(Object.assign(options, {
    context: canvas.getContext('2d'), width: canvas.width, height: canvas.height, pixelRatio: dpr,
  }));
}`;

/** The engine and the drawing, for a screen with charts; nothing for one without. */
function chartScripts(rootDom: Element): string {
  const canvases = Array.from(rootDom.querySelectorAll('wx-canvas'));
  let charts = 0;
  for (const el of canvases) {
    const chart = el.getAttribute('data-chart') ?? (el as Wx).__wxElement?.dataset?.chart;
    if (typeof chart === 'string' && chart) {
      el.setAttribute('data-chart', chart);
      charts += 1;
    }
  }
  if (!charts) return '';
  const engine = fs.readFileSync(path.join(MINIPROGRAM, CHART_ENGINE), 'utf8');
  return `<script>(function(){var module={exports:{}};var exports=module.exports;
${engine}
window.uCharts=module.exports;})();</script><script>${DRAW_CHARTS}</script>`;
}

/** What WeChat would call on a tap: elements with a tap handler, and the built-ins a finger works. */
const TAPPABLE = /^wx-(button|navigator|picker|switch|checkbox|radio|input|textarea)$/i;

/** The page now on screen (its root element and the styles simulate inserted) as standalone HTML. */
export function pageHtml(rootDom: Element, title: string): string {
  for (const el of Array.from(rootDom.querySelectorAll('*'))) {
    const events = (el as Wx).__wxElement?.__wxEvents ?? {};
    // tdesign binds a tap inside every tag and icon; nothing happens unless the page listens, and these
    // pages never do: they are labels, not controls.
    const label = /(^|\s)t-(tag|icon)--t-(tag|icon)(\s|$)/.test(el.getAttribute('class') ?? '');
    if (!label && ('tap' in events || 'longpress' in events || TAPPABLE.test(el.tagName)))
      // A control inside a <label> is worked by tapping anywhere on the label, as WeChat forwards it.
      (el.closest('wx-label') ?? el).setAttribute('data-tap', '');
  }
  for (const el of Array.from(rootDom.querySelectorAll('wx-rich-text'))) {
    el.innerHTML = richHtml((el as Wx).__wxElement?.data?.nodes as RichNode[] | undefined);
  }
  const charts = chartScripts(rootDom);
  const body = rootDom.outerHTML.replace(/<img data-src="([^"]*)"/g, '<img src="$1"');
  const prefixes = ['main', ...globalClassComponents(rootDom)];
  const styles = Array.from(document.querySelectorAll('style'))
    .map((s) => s.innerHTML)
    .join('\n');
  // tdesign's icon font is on a CDN this machine cannot reach; icons draw as empty boxes of their size.
  const offline = styles.replace(/@font-face\s*\{[^}]*\}/g, '') + ICON_GLYPHS;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${BASE_CSS}</style><style>${appCss(MINIPROGRAM, prefixes)}</style><style>${offline}</style></head>
<body>${body}${charts}</body></html>`;
}

/** Tags of our own components (components/) that take app.wxss classes (options.addGlobalClass). */
function globalClassComponents(rootDom: Element): string[] {
  const tags = new Set<string>();
  for (const el of Array.from(rootDom.querySelectorAll('*')))
    if (el.tagName.includes('-')) tags.add(el.tagName.toLowerCase());
  const opted = (tag: string) => {
    const file = path.join(MINIPROGRAM, 'components', tag, 'index.js');
    return fs.existsSync(file) && /addGlobalClass:\s*true/.test(fs.readFileSync(file, 'utf8'));
  };
  return [...tags].filter(opted);
}
