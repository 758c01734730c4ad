/**
 * A page opened before any township is chosen, in the demo county of two (a shared link without `t=`,
 * a bookmark): the one loading/error pattern (services/page-state.ts) says 请先选择您所在的乡镇 and
 * offers a large 去选择乡镇, which opens the home page as the only page, where the villager picks
 * their township; the page then works. A township kept in storage that the county no longer has is
 * forgotten, with the same way on. Errors of another kind offer no such button.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalCloud } from '../../local/cloud';
import { PERSONAS } from '../../local/demo/township.seed';
import { connectWx, openPage, stored, wxCalls, type RenderedPage } from './support/page-harness';
import { startPageCloud } from './support/page-cloud';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startPageCloud();
});
afterAll(() => cloud.stop());

/** The 去选择乡镇 button as rendered (a large primary button), or null. */
function chooseButton(page: RenderedPage): Element | null {
  const buttons = Array.from(page.root.dom!.querySelectorAll('wx-button'));
  return buttons.find((b) => (b.textContent ?? '').trim() === '去选择乡镇') ?? null;
}

/**
 * Taps 去选择乡镇 (the method its wxml binds, checked for every page below), and answers where it led.
 */
async function tapChoose(page: RenderedPage): Promise<unknown> {
  expect(chooseButton(page)?.className).toMatch(/t-button--size-large/);
  const before = wxCalls.length;
  await page.call('chooseTownship');
  return wxCalls.slice(before).find((c) => c.api === 'reLaunch' || c.api === 'navigateTo');
}

describe('a page opened with no township chosen', () => {
  it.each([
    ['the article list (a shared link without t=)', 'pages/articles/index', {}],
    ['my opinions (a bookmark)', 'pages/opinions/index', {}],
    ['my bookings (a bookmark)', 'pages/bookings/index', {}],
  ])('%s says to choose a township and offers 去选择乡镇', async (_what, path, query) => {
    connectWx(cloud.url, PERSONAS.villager, null);
    const page = await openPage(path, query);
    expect(page.data.errorMessage).toBe('请先选择您所在的乡镇');
    expect(page.data.errorTownship).toBe(true);
    expect(page.data.errorRetry).toBe(false);
    expect(chooseButton(page)).not.toBeNull();
    expect(page.text()).not.toContain('重新加载');
  });

  it('去选择乡镇 opens the home page, which asks 选择您所在的乡镇; once picked the page works', async () => {
    connectWx(cloud.url, PERSONAS.villager, null);
    const articles = await openPage('pages/articles/index');
    expect(await tapChoose(articles)).toEqual({ api: 'reLaunch', args: { url: '/pages/home/index' } });

    const home = await openPage('pages/home/index');
    expect(home.text()).toContain('选择您所在的乡镇');
    await home.call('pickTownship', { currentTarget: { dataset: { id: 'qingshan', name: '青山镇' } } });
    expect(stored('townshipId')).toBe('qingshan');

    const again = await openPage('pages/articles/index');
    expect(again.data.errorMessage).toBe('');
    expect(chooseButton(again)).toBeNull();
    expect(again.text()).toContain('全部');
  });

  it('a township kept in storage that the county no longer has is forgotten, with 去选择乡镇', async () => {
    connectWx(cloud.url, PERSONAS.villager, { id: 'nowhere', name: '旧乡' });
    const page = await openPage('pages/opinions/index');
    expect(page.data.errorTownship).toBe(true);
    expect(chooseButton(page)).not.toBeNull();
    expect(stored('townshipId')).toBe('');
    expect(await tapChoose(page)).toEqual({ api: 'reLaunch', args: { url: '/pages/home/index' } });
  });

  it('an error of another kind offers no 去选择乡镇 (a villager on a presidium page)', async () => {
    connectWx(cloud.url, PERSONAS.villager);
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    expect(page.data.errorMessage).toBe('您没有权限进行此操作');
    expect(page.data.errorTownship).toBe(false);
    expect(chooseButton(page)).toBeNull();
  });
});

describe('every page with the error pattern', () => {
  const ROOT = path.resolve(__dirname, '../../miniprogram');
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as {
    pages: string[];
    subPackages: { root: string; pages: string[] }[];
  };
  const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
  const withErrors = pages.filter((p) =>
    fs.readFileSync(path.join(ROOT, `${p}.wxml`), 'utf8').includes('description="{{errorMessage}}"'),
  );

  it('covers the pages that show a load error', () => {
    expect(withErrors.length).toBeGreaterThan(30);
  });

  it.each(withErrors)('%s offers 去选择乡镇 on errorTownship, bound to a method it has', (page) => {
    const wxml = fs.readFileSync(path.join(ROOT, `${page}.wxml`), 'utf8');
    const button =
      /<t-button wx:if="\{\{errorTownship\}\}"[^>]*bind:tap="(\w+)"[^>]*>去选择乡镇<\/t-button>/.exec(wxml);
    expect(button).not.toBeNull();
    // The home page asks 选择乡镇 itself (start); every other page leads there (chooseTownship).
    const method = page === 'pages/home/index' ? 'start' : 'chooseTownship';
    expect(button![1]).toBe(method);
    const source = fs.readFileSync(path.join(ROOT, `${page}.ts`), 'utf8');
    expect(source).toMatch(new RegExp(`^  (async )?${method}[(,]`, 'm'));
  });
});
