#!/usr/bin/env node
/**
 * Draws every `<name>.html` in a folder (written by tests/screens/screens.test.ts) in headless Chromium
 * at a phone's size (375×812 CSS px, @2x), saves `<name>.png` (the whole page) and `<name>.first.png`
 * (the first screen, before any scrolling), and looks at each screen as a user would:
 *   text        no undefined / null / NaN / [object / Invalid Date, no English words or raw error codes
 *   size        on villager screens no visible text under 16 px (32 rpx)
 *   contrast    text at least 4.5:1 against what is behind it
 *   overflow    nothing wider than the screen
 *   taps        every tappable element at least 44 px tall, and no two touching
 *   first screen what a screen must show before any scrolling (its `firstScreen` texts)
 *   charts      every chart canvas drawn, and not blank (some of its pixels differ from its background)
 * `manifest.json` in the folder lists the screens ([{ name, villager }]); writes `report.json`
 * ({ screens: [{ name, findings: [...], smallestText, lowestContrast }] }).
 * Usage: node scripts/screens-shoot.cjs <folder>
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const WIDTH = 375;
const HEIGHT = 812;

/** Runs in the page: what a user would trip over on this screen. */
function inspect({ villager, width, height, firstScreen }) {
  const findings = [];
  const visible = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return (
      s.display !== 'none' &&
      s.visibility !== 'hidden' &&
      Number(s.opacity) > 0 &&
      r.width > 0 &&
      r.height > 0
    );
  };
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const label = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 30);

  // Text: every element with its own visible text.
  let smallest = Infinity;
  let lowest = Infinity;
  const textEls = [...document.body.querySelectorAll('*')].filter(
    (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && visible(el),
  );
  for (const el of textEls) {
    const own = [...el.childNodes]
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join(' ')
      .trim();
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    smallest = Math.min(smallest, size);
    if (villager && size < 16) findings.push({ rule: 'size', detail: `${size}px「${own.slice(0, 30)}」` });
    // An inactive control is exempt from the contrast minimum (WCAG 1.4.3), as tdesign marks it.
    const inactive = el.closest('[class*="--disabled"]');
    const fg = parse(s.color);
    const bg = background(el);
    const l1 = lum(fg);
    const l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (!inactive) lowest = Math.min(lowest, ratio);
    if (ratio < 4.5 && !inactive)
      findings.push({ rule: 'contrast', detail: `${ratio.toFixed(2)}:1「${own.slice(0, 30)}」` });
    if (/\bundefined\b|\bnull\b|\bNaN\b|\[object|Invalid Date/.test(own))
      findings.push({ rule: 'text', detail: `「${own.slice(0, 60)}」` });
    // Words of Latin letters, or a raw error code; a code with digits in it (JG01, a check-in code) is data,
    // and so is an invite code shown on its own (8 of its alphabet, which has no I, L, O: it may be all letters).
    const inviteCode = /^[2-9A-HJKMNP-Z]{8}$/.test(own.trim());
    // An API key (o311_…, base64url: it may hold a run of letters between dashes) is data too.
    const english = own
      .replace(/o311_[A-Za-z0-9_-]+/g, '')
      .match(/[A-Za-z0-9_]*[A-Za-z]{2}[A-Za-z0-9_]*/g)
      ?.filter((w) => !inviteCode && !/\d/.test(w) && !/^(PDF|QR|Excel)$/.test(w));
    if (english?.length)
      findings.push({ rule: 'english', detail: `${english.join(' ')}「${own.slice(0, 40)}」` });
  }

  // Overflow: the page and anything in it wider than the screen.
  if (document.documentElement.scrollWidth > width)
    findings.push({ rule: 'overflow', detail: `page is ${document.documentElement.scrollWidth}px wide` });
  // Text in a container that scrolls sideways (a row of tabs) may run past the edge: it scrolls into view.
  const scrollsSideways = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement)
      if (/auto|scroll/.test(getComputedStyle(e).overflowX)) return true;
    return false;
  };
  for (const el of textEls) {
    if (scrollsSideways(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5)
      findings.push({ rule: 'overflow', detail: `「${label(el)}」 ends at ${Math.round(r.right)}px` });
  }

  // Taps: marked by the renderer (data-tap) from the handlers WeChat would call.
  const taps = [...document.querySelectorAll('[data-tap]')].filter(visible);
  for (const el of taps) {
    const r = el.getBoundingClientRect();
    if (r.height < 44 - 0.5)
      findings.push({ rule: 'tap-size', detail: `${Math.round(r.height)}px tall「${label(el)}」` });
  }
  for (let i = 0; i < taps.length; i += 1)
    for (let j = i + 1; j < taps.length; j += 1) {
      const a = taps[i];
      const b = taps[j];
      if (a.contains(b) || b.contains(a)) continue;
      // Rows of one list (tdesign cells, each full height with a divider between) may meet.
      const row = (e) => /(^|\s)t-cell--t-cell(\s|$)/.test(e.getAttribute('class') || '');
      if (row(a) && row(b)) continue;
      const p = a.getBoundingClientRect();
      const q = b.getBoundingClientRect();
      const apart = Math.max(q.left - p.right, p.left - q.right, q.top - p.bottom, p.top - q.bottom);
      if (apart < 4)
        findings.push({
          rule: 'tap-touch',
          detail: `「${label(a)}」 and 「${label(b)}」 are ${Math.max(0, Math.round(apart))}px apart`,
        });
    }
  // Charts: each canvas a chart was given is drawn (tests/screens/render.ts), and shows something.
  const charts = [];
  for (const el of document.querySelectorAll('wx-canvas[data-chart]')) {
    const canvas = el.querySelector('canvas[data-chart-drawn]');
    const title = label(el.previousElementSibling || el.parentElement || el);
    if (!canvas || !canvas.width || !canvas.height) {
      findings.push({ rule: 'chart', detail: `「${title}」 was not drawn` });
      continue;
    }
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) painted += 1;
    const share = painted / (canvas.width * canvas.height);
    charts.push({ title, painted: Number(share.toFixed(4)) });
    if (share < 0.005) findings.push({ rule: 'chart', detail: `「${title}」 is blank` });
  }
  // What must be seen without scrolling.
  for (const want of firstScreen) {
    const hit = textEls.find(
      (el) => el.textContent.trim() === want && el.getBoundingClientRect().bottom <= height,
    );
    if (!hit) findings.push({ rule: 'first-screen', detail: `「${want}」 is not on the first screen` });
  }
  return {
    findings,
    charts,
    smallestText: smallest === Infinity ? null : smallest,
    lowestContrast: lowest === Infinity ? null : Number(lowest.toFixed(2)),
  };
}

async function main() {
  const dir = path.resolve(process.argv[2] || 'dist/screens');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const screens = [];
  try {
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: HEIGHT },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    // Nothing leaves the machine: a screen that needs the network draws without it.
    await page.route(/^https?:/, (route) => route.abort());
    for (const { name, villager, firstScreen = [] } of manifest) {
      await page.goto(`file://${path.join(dir, `${name}.html`)}`);
      await page.evaluate(() => document.fonts.ready);
      // uCharts finishes a chart on a timer after the page loads: wait (at most 3 s) until every chart
      // canvas has some ink, so what is checked and shot is the drawn chart (a blank one is still found).
      await page
        .waitForFunction(
          () =>
            [...document.querySelectorAll('canvas[data-chart-drawn]')].every((c) => {
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
              return false;
            }),
          null,
          { timeout: 3000, polling: 100 },
        )
        .catch(() => {});
      const result = await page.evaluate(inspect, { villager, width: WIDTH, height: HEIGHT, firstScreen });
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
      // What the phone shows before any scrolling.
      await page.screenshot({ path: path.join(dir, `${name}.first.png`) });
      screens.push({ name, ...result });
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ screens }, null, 2));
  const count = screens.reduce((n, s) => n + s.findings.length, 0);
  console.log(
    `screens: ${screens.length} drawn into ${path.relative(process.cwd(), dir) || dir}, ${count} findings`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
