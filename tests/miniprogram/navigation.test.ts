/**
 * Every page in app.json can be reached by tapping from the home page: each page path is linked from
 * some other page or component — a wxml `url="…"`/`data-url="…"`, or a goTo('…') call — and following
 * those links from pages/home/index reaches every page. The pages the server opens from a message or a
 * QR code (core/notify/pages.ts) are all pages of app.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PAGES, inTownship, pageWith } from '../../core/notify/pages';

const ROOT = path.resolve(__dirname, '../../miniprogram');

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
}

function appPages(): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as AppJson;
  return [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' ? [] : filesUnder(full);
    return /\.(ts|wxml)$/.test(e.name) ? [full] : [];
  });
}

/** The page paths a file links to (query strings and template expressions dropped). */
export function linksIn(source: string): string[] {
  const found = [
    ...source.matchAll(/url="(\/[^"?{]+)/g),
    ...source.matchAll(/goTo\(\s*[`'"](\/[^`'"?$]+)/g),
    ...source.matchAll(/url:\s*[`'"](\/[^`'"?$]+)/g),
  ];
  return found.map((m) => m[1].replace(/^\//, ''));
}

/** A source file's owner: the page it belongs to ('pages/home/index'), or the component folder. */
function ownerOf(file: string): string {
  return path.relative(ROOT, file).replace(/\.(ts|wxml)$/, '');
}

/** Which components (by folder, 'components/x/index') a page or component uses, from its json. */
function componentsOf(owner: string): string[] {
  const json = path.join(ROOT, `${owner}.json`);
  if (!fs.existsSync(json)) return [];
  const using = (JSON.parse(fs.readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> })
    .usingComponents;
  return Object.values(using ?? {})
    .filter((spec) => spec.startsWith('/'))
    .map((spec) => spec.slice(1));
}

function graph(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  };
  for (const file of filesUnder(ROOT)) {
    const owner = ownerOf(file);
    for (const link of linksIn(fs.readFileSync(file, 'utf8'))) add(owner, link);
    for (const component of componentsOf(owner)) add(owner, component);
  }
  return edges;
}

describe('navigation', () => {
  const pages = appPages();
  const edges = graph();

  it('finds links in wxml urls and goTo calls', () => {
    expect(linksIn('<navigator url="/pages/a/index?x={{y}}">')).toEqual(['pages/a/index']);
    expect(linksIn("goTo(`/pages/b/index?id=${id}`); goTo('/pages/c/index')")).toEqual([
      'pages/b/index',
      'pages/c/index',
    ]);
    expect(linksIn('{ url: `/subpackages/d/pages/e/index?code=${c}` }')).toEqual([
      'subpackages/d/pages/e/index',
    ]);
  });

  it.each(pages.filter((p) => p !== 'pages/home/index'))(
    'links to %s from another page or component',
    (page) => {
      const from = [...edges].filter(([owner, to]) => owner !== page && to.has(page)).map(([owner]) => owner);
      expect(from).not.toEqual([]);
    },
  );

  it('reaches every page by tapping from the home page', () => {
    const seen = new Set<string>(['pages/home/index']);
    const queue = ['pages/home/index'];
    while (queue.length > 0) {
      for (const next of edges.get(queue.shift()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    expect(pages.filter((p) => !seen.has(p))).toEqual([]);
  });

  it.each(Object.entries(PAGES))(
    'the page the server sends people to as %s (%s) is a page of app.json',
    (_key, page) => {
      expect(pages).toContain(page);
    },
  );

  it('a message page carries its query encoded', () => {
    expect(pageWith('notice', { id: 'JG01:2026-H1:v2' })).toBe('pages/notice/index?id=JG01%3A2026-H1%3Av2');
    expect(pageWith('station', {})).toBe('pages/station/index');
  });

  it('a message page sent from a township names it (t=), beside its own query', () => {
    expect(inTownship(pageWith('villagerCase', { id: 'op-1' }), 'qingshan')).toBe(
      'pages/opinions/case?id=op-1&t=qingshan',
    );
    expect(inTownship(PAGES.myBookings, 'jingu')).toBe('pages/bookings/index?t=jingu');
    expect(inTownship(PAGES.myBookings, null)).toBe('pages/bookings/index');
  });

  it('links only to pages that exist', () => {
    const known = new Set(pages);
    const dangling = [...edges].flatMap(([owner, to]) =>
      [...to].filter((t) => !t.startsWith('components/') && !known.has(t)).map((t) => `${owner} → ${t}`),
    );
    expect(dangling).toEqual([]);
  });
});
