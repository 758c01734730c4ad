/**
 * The county's pages (县人大常委会) against a real local cloud: 各乡镇情况 shows the county total and a
 * card per township whose figures add up to it, a card opens that township's cases (read only: no
 * button handles a case), and 新增乡镇 gives the invite code of the new township's first presidium
 * member. A presidium member opening the county home is refused. From the county home its staff
 * also keep what every township shares: 节假日调整 (they add a day) and 法律知识 (they publish an
 * article, run in the county, which a villager of 青山镇 reads as 县人大常委会's).
 */
import type { LocalCloud } from '../../local/cloud';
import { PERSONAS } from '../../local/demo/township.seed';
import { connectWx, openPage, stored, wxCalls } from './support/page-harness';
import { startPageCloud } from './support/page-cloud';

let cloud: LocalCloud;
let rid = 0;

/** A villager's case filed in a township through the real function. */
async function fileCase(townshipId: string, stationCode: string, villageCode: string, text: string) {
  const res = await cloud.invoke<{ ok: boolean }>(
    'opinion',
    {
      action: 'submit',
      townshipId,
      requestId: `county-page-${String(++rid).padStart(4, '0')}`,
      stationCode,
      villageCode,
      categoryCode: 'road',
      text,
      anonymous: false,
      consentToPublish: false,
    },
    { openid: `county-page-villager-${rid}` },
  );
  expect(res.ok).toBe(true);
}

beforeAll(async () => {
  cloud = await startPageCloud();
  await fileCase('jingu', 'JG01', 'jingu', '村口道路坑洼，下雨积水严重');
  await fileCase('qingshan', 'QS01', 'qingshan', '青山社区路灯坏了很久');
  await fileCase('qingshan', 'QS02', 'dongling', '东岭村桥面开裂');
  // County staff choose no township: the county home is every township's.
  connectWx(cloud.url, 'demo-county', null);
});
afterAll(() => cloud.stop());

const tap = (dataset: Record<string, string>) => ({ currentTarget: { dataset } });
type Card = { id: string; name: string; headline: string; figures: { label: string; value: string }[] };

describe('各乡镇情况 (the county home)', () => {
  it('shows the county total first and one card per township, adding up', async () => {
    const page = await openPage('pages/county/index');
    const townships = page.data.townships as Card[];
    expect(townships.map((t) => t.name)).toEqual(['金鼓乡', '青山镇']);
    expect(townships.map((t) => t.headline)).toEqual(['在办1件，其中超期0件', '在办2件，其中超期0件']);
    const total = page.data.total as Card;
    expect(total.headline).toBe('在办3件，其中超期0件');
    // Every figure of the total row is the sum of the townships' (the counts ones; rates are 样本不足 here).
    total.figures.forEach((f, i) => {
      const n = (v: string) => Number(/^\d+/.exec(v)?.[0] ?? NaN);
      if (Number.isNaN(n(f.value))) {
        expect(f.value).toMatch(/样本不足/);
        return;
      }
      expect(n(f.value)).toBe(townships.reduce((s, t) => s + n(t.figures[i].value), 0));
    });
    const text = page.text();
    expect(text.indexOf('全县合计')).toBeLessThan(text.indexOf('金鼓乡'));
    expect(text).toContain('5个联络站');
    expect(text).toContain('13名代表');
    expect(text).toContain('新增乡镇');
  });

  it("opens a township's cases from its card", async () => {
    const page = await openPage('pages/county/index');
    await page.call('openTownship', tap({ id: 'qingshan' }));
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: `/pages/county/cases?id=qingshan&name=${encodeURIComponent('青山镇')}` },
    });
  });

  it('refuses a presidium member', async () => {
    connectWx(cloud.url, 'demo-presidium');
    try {
      const page = await openPage('pages/county/index');
      expect(page.data.errorMessage).toBe('您没有权限进行此操作');
      expect(page.data.townships).toEqual([]);
    } finally {
      connectWx(cloud.url, 'demo-county', null);
    }
  });
});

describe("a township's cases, read by the county", () => {
  it("lists that township's cases only, with no button that handles one", async () => {
    const page = await openPage('pages/county/cases', { id: 'qingshan', name: encodeURIComponent('青山镇') });
    expect(stored('townshipId')).toBe('qingshan');
    await page.call('pickFilter', tap({ key: 'onTrack' }));
    const items = page.data.items as { stationCode: string; excerpt: string }[];
    expect(items.map((i) => i.stationCode).sort()).toEqual(['QS01', 'QS02']);
    const text = page.text();
    expect(text).toContain('青山镇的意见');
    expect(text).toContain('东岭村桥面开裂');
    expect(text).not.toContain('村口道路坑洼');
    for (const word of ['催办', '改派', '并入', '录入部门答复']) expect(text).not.toContain(word);
  });
});

describe('新增乡镇', () => {
  it('says what is wrong with the form before sending', async () => {
    const page = await openPage('pages/county/add');
    await page.call('submit');
    expect(page.data.formError).toBe('请填写乡镇编号');
    await page.call('onField', { currentTarget: { dataset: { field: 'id' } }, detail: { value: 'He Xi' } });
    await page.call('submit');
    expect(page.data.formError).toMatch(/小写字母或数字/);
  });

  it('adds the township and shows the invite code of its first presidium member', async () => {
    const page = await openPage('pages/county/add');
    const type = (field: string, value: string) =>
      page.call('onField', { currentTarget: { dataset: { field } }, detail: { value } });
    await type('id', 'hexi');
    await type('name', '河西镇');
    await type('presidiumName', '赵明');
    await page.call('submit');
    const added = page.data.added as { code: string; name: string };
    expect(added.name).toBe('河西镇');
    expect(added.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const text = page.text();
    expect(text).toContain('已新增河西镇');
    expect(text).toContain('河西镇人大主席团（赵明）第一位成员的邀请码');
    expect(text).toContain(added.code);

    // The same id again is refused in plain words.
    await page.call('again');
    await type('id', 'hexi');
    await type('name', '河西乡');
    await page.call('submit');
    expect(page.data.formError).toBe('这个乡镇编号已经有了，请换一个');

    const home = await openPage('pages/county/index');
    expect((home.data.townships as Card[]).map((t) => t.name)).toEqual(['金鼓乡', '青山镇', '河西镇']);
  });
});

describe('全县共用: what the county keeps for every township', () => {
  // The county's cases page above chose a township for reading it: here none is chosen again.
  beforeEach(() => connectWx(cloud.url, 'demo-county', null));

  it('the county home opens 节假日调整 and 法律知识, run in the county', async () => {
    const page = await openPage('pages/county/index');
    const text = page.text();
    expect(text).toContain('节假日调整');
    expect(text).toContain('法律知识');
    await page.call('open', tap({ url: '/subpackages/presidium/pages/holidays/index?county=1' }));
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: '/subpackages/presidium/pages/holidays/index?county=1' },
    });
  });

  it('county staff add a holiday, and remove it, with no township chosen', async () => {
    const page = await openPage('subpackages/presidium/pages/holidays/index', { year: '2027', county: '1' });
    expect(page.data.errorMessage).toBe('');
    expect(page.data.canEdit).toBe(true);
    expect(page.text()).toContain('全县各乡镇共用');
    const field = (name: string, value: string) =>
      page.call('onField', { currentTarget: { dataset: { field: name } }, detail: { value } });
    await field('date', '2027-10-09');
    await field('name', '县庆');
    await page.call('add');
    expect(wxCalls.filter((c) => c.api === 'showToast').at(-1)?.args).toMatchObject({ title: '已保存' });
    expect(cloud.store.get('holidays', '2027-10-09')?.doc).toMatchObject({
      kind: 'holiday',
      name: '县庆',
      updatedBy: PERSONAS.county,
    });
    expect(page.text()).toContain('2027-10-09 · 放假');
    expect(page.text()).toContain('县庆');

    await page.call('remove', tap({ date: '2027-10-09' }));
    expect(cloud.store.get('holidays', '2027-10-09')).toBeUndefined();
    expect(page.text()).not.toContain('县庆');
  });

  it("county staff publish an article; a villager of 青山镇 reads it as 县人大常委会's", async () => {
    const w = wx as unknown as Record<string, unknown>;
    w.showModal = (o: WechatMiniprogram.ShowModalOption) =>
      o.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);

    const list = await openPage('subpackages/presidium/pages/articles/index', { county: '1' });
    expect(list.data.errorMessage).toBe('');
    expect(list.text()).toContain('全县各乡镇群众都能看到');
    await list.call('write');
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: '/subpackages/presidium/pages/articles/edit?county=1' },
    });

    const edit = await openPage('subpackages/presidium/pages/articles/edit', { county: '1' });
    expect(edit.data.errorMessage).toBe('');
    expect((edit.data.categories as string[]).length).toBeGreaterThan(0);
    edit.root.setData({
      form: {
        title: '农村土地承包经营权可以依法流转',
        summary: '承包方可以自主决定依法采取出租、入股等方式流转土地经营权',
        category: (edit.data.categories as string[])[0],
        source: '《中华人民共和国农村土地承包法》第三十六条',
        keywordsText: '土地流转',
        coverFileId: '',
        body: '承包方可以自主决定依法采取**出租（转包）、入股**或者其他方式向他人流转土地经营权。',
      },
    });
    await edit.call('publish');
    expect(edit.data.status).toBe('published');
    expect(edit.data.issueLabel).toMatch(/^\d{4}年第\d+期$/);
    const id = edit.data.id as string;
    expect(cloud.store.get('articles', id)?.doc).toMatchObject({ townshipId: 'county', status: 'published' });

    const mine = await openPage('subpackages/presidium/pages/articles/index', { county: '1' });
    expect(mine.text()).toContain('农村土地承包经营权可以依法流转');
    expect(mine.text()).toContain('已发布');

    connectWx(cloud.url, PERSONAS.villager, { id: 'qingshan', name: '青山镇' });
    try {
      const reader = await openPage('pages/articles/index');
      const card = (reader.data.items as { id: string; publisher: string }[]).find((i) => i.id === id);
      expect(card?.publisher).toBe('县人大常委会');
      expect(reader.text()).toContain('县人大常委会发布');
      const article = await openPage('pages/article/index', { id });
      expect(article.text()).toContain('农村土地承包经营权可以依法流转');
      expect(article.text()).toContain('县人大常委会');

      // A township's presidium keeps writing in its own township: the county's article is not theirs.
      connectWx(cloud.url, PERSONAS.presidium);
      const theirs = await openPage('subpackages/presidium/pages/articles/index');
      expect(theirs.data.errorMessage).toBe('');
      expect(theirs.text()).not.toContain('农村土地承包经营权可以依法流转');
      expect(theirs.text()).not.toContain('全县各乡镇群众都能看到');
    } finally {
      connectWx(cloud.url, 'demo-county', null);
    }
  });
});
