/**
 * Legal-knowledge articles end to end, with the real pages rendered by miniprogram-simulate against a
 * local cloud: a villager taps 订阅下一期 on the article page (WeChat's dialog is accepted) → the
 * presidium writes and publishes on its pages → the subscriber's message goes out through the outbox,
 * a subscriber without permission is recorded as refused → villagers read the rich-text page → one read
 * per person. Also the list with its category tabs and search, and the related articles the opinion
 * form shows for the picked category.
 */
import { storedIdIn } from '../../local/township-writes';
import type { RichTextNode } from '../../core/article/article.render';
import { TEMPLATES } from '../../core/notify/templates';
import type { LocalCloud } from '../../local/cloud';
import { connectWx, openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, subscriptionDialogAnswers as dialogAnswers } from './support/page-cloud';

let cloud: LocalCloud;
const w = wx as unknown as Record<string, unknown>;

/** Every modal is confirmed (the presidium taps 发布 / 下架). */
function modalsConfirm(): void {
  w.showModal = (o: WechatMiniprogram.ShowModalOption) => {
    wxCalls.push({ api: 'showModal', args: { title: o.title } });
    o.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);
  };
}

async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function walk(nodes: readonly RichTextNode[]): RichTextNode[] {
  return nodes.flatMap((n) => ('type' in n ? [n] : [n, ...walk(n.children ?? [])]));
}

const TEMPLATE_ID = TEMPLATES.articlePublished.id;
let articleId = '';

beforeAll(async () => {
  cloud = await startPageCloud();
  modalsConfirm();
});

afterAll(() => cloud.stop());

describe('a villager asks for the next issue on an article page', () => {
  it('the tap asks WeChat for one articlePublished message, then records the subscription', async () => {
    // any published article will do: the demo township has some
    signInAs(cloud, 'villager-sub-page'); // and accepts the subscription dialog
    const list = await openPage('pages/articles/index');
    const first = (list.data.items as { id: string }[])[0];
    expect(first).toBeDefined();
    const page = await openPage('pages/article/index', { id: first.id });
    expect(page.text()).toContain('订阅下一期');
    await page.call('subscribeNext');
    expect(wxCalls).toContainEqual({ api: 'requestSubscribeMessage', args: { tmplIds: [TEMPLATE_ID] } });
    expect(page.data.subscribed).toBe(true);
    expect(page.text()).toContain('已订阅下一期');
    expect(
      cloud.store.get('articleSubscribers', storedIdIn('jingu', 'articleSubscribers', 'villager-sub-page')),
    ).toBeDefined();
    // the page's accepted dialog granted the one-time subscription in the local cloud
    await until(() => cloud.openapi.grantsLeft('villager-sub-page', TEMPLATE_ID) === 1, 'the local grant');
  });

  it('when the villager declines the dialog, nothing is recorded and the page says so', async () => {
    connectWx(cloud.url, 'villager-declines');
    dialogAnswers('reject');
    const list = await openPage('pages/articles/index');
    const page = await openPage('pages/article/index', { id: (list.data.items as { id: string }[])[0].id });
    await page.call('subscribeNext');
    expect(page.data.subscribed).toBe(false);
    expect(
      cloud.store.get('articleSubscribers', storedIdIn('jingu', 'articleSubscribers', 'villager-declines')),
    ).toBeUndefined();
    expect(wxCalls.at(-1)).toMatchObject({ api: 'showToast' });
  });

  it('a subscriber who never allowed the message is recorded too (and will be refused)', async () => {
    const res = await cloud.invoke<{ ok: boolean }>(
      'article',
      { action: 'subscribeNext' },
      { openid: 'no-permission' },
    );
    expect(res.ok).toBe(true);
  });
});

describe('the presidium writes and publishes on its pages', () => {
  it('saves a draft, previews it and publishes it; the subscribers are messaged', async () => {
    connectWx(cloud.url, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/articles/edit');
    expect((page.data.categories as string[]).length).toBeGreaterThan(5);
    page.root.setData({
      form: {
        title: '村委会选举，谁有选举权',
        summary: '年满十八周岁的村民，除依法被剥夺政治权利的人外，都有选举权和被选举权',
        category: '村民委员会组织法',
        source: '《中华人民共和国村民委员会组织法》第十三条',
        keywordsText: '选举权、村委会换届',
        coverFileId: '',
        body: '## 第十三条\n\n年满**十八周岁**的村民……\n\n<script>alert("x")</script>\n\n![图](cloud://env/a.png)',
      },
    });
    await page.call('preview');
    const previewNames = walk(page.data.previewNodes as RichTextNode[]).map((n) =>
      'type' in n ? 'text' : n.name,
    );
    expect(previewNames).toEqual(expect.arrayContaining(['h2', 'strong', 'img']));
    expect(previewNames).not.toContain('script');

    await page.call('save');
    expect(page.data.status).toBe('draft');
    articleId = page.data.id as string;
    expect(articleId).toMatch(/^[A-Za-z0-9]+$/);

    const sentBefore = cloud.openapi.messages.length;
    await page.call('publish');
    expect(page.data.status).toBe('published');
    expect(page.data.issueLabel).toMatch(/^\d{4}年第\d+期$/);
    expect(page.text()).toContain('推送情况');

    const outcomes = cloud.openapi.messages.slice(sentBefore).map((m) => [m.touser, m.outcome]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        ['villager-sub-page', 'sent'],
        ['no-permission', 'refused'],
      ]),
    );
    expect(cloud.store.get('outbox', `msg:article:${articleId}:villager-sub-page`)?.doc).toMatchObject({
      status: 'sent',
      page: `pages/article/index?id=${articleId}&t=jingu`,
    });
    expect(cloud.store.get('outbox', `msg:article:${articleId}:no-permission`)?.doc).toMatchObject({
      status: 'refused',
    });
    expect(page.data.reach).toMatchObject({ sent: 1, refused: 1, failed: 0, pending: 0 });
  });

  it('the presidium finds its writing pages from the article list; a villager does not', async () => {
    connectWx(cloud.url, 'demo-presidium');
    const mine = await openPage('pages/articles/index');
    expect(mine.text()).toContain('写文章、看推送情况');
    await mine.call('manage');
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: '/subpackages/presidium/pages/articles/index' },
    });
    connectWx(cloud.url, 'demo-villager');
    expect((await openPage('pages/articles/index')).text()).not.toContain('写文章');
  });

  it("lists it on the presidium's page as published", async () => {
    connectWx(cloud.url, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/articles/index');
    expect(page.text()).toContain('村委会选举，谁有选举权');
    expect(page.text()).toContain('已发布');
  });

  it('refuses a villager on the presidium page', async () => {
    connectWx(cloud.url, 'demo-villager');
    const page = await openPage('subpackages/presidium/pages/articles/index');
    expect(page.text()).toContain('您没有权限进行此操作');
  });
});

describe('villagers read it', () => {
  it('the article page renders the rich-text nodes (no script) and counts one read per person', async () => {
    connectWx(cloud.url, 'villager-reader');
    const first = await openPage('pages/article/index', { id: articleId });
    const nodes = first.data.nodes as RichTextNode[];
    const names = walk(nodes).map((n) => ('type' in n ? 'text' : n.name));
    expect(names).toEqual(expect.arrayContaining(['h2', 'strong', 'img']));
    expect(names).not.toContain('script');
    expect(JSON.stringify(nodes)).not.toMatch(/<script/i);
    const richText = first.root.querySelector('.article-body');
    expect(richText).toBeTruthy();
    expect(first.text()).toContain('村委会选举，谁有选举权');
    expect(first.text()).toContain('1人读过');
    expect(wxCalls).toContainEqual({
      api: 'setNavigationBarTitle',
      args: {
        title: `法律知识 ${first.data.article && (first.data.article as { issueLabel: string }).issueLabel}`,
      },
    });

    const second = await openPage('pages/article/index', { id: articleId });
    expect(second.text()).toContain('1人读过');
    expect(
      [...cloud.store.entries('articleReads').values()].filter(
        (e) => (e.doc as unknown as { articleId: string }).articleId === articleId,
      ),
    ).toHaveLength(1);
  });

  it("shares to a chat and to Moments with the issue in the title, in the article's township (t=)", async () => {
    connectWx(cloud.url, 'villager-reader');
    const page = await openPage('pages/article/index', { id: articleId });
    const chat = (await page.call('onShareAppMessage')) as { title: string; path: string };
    expect(chat.path).toBe(`/pages/article/index?id=${articleId}&t=jingu`);
    expect(chat.title).toContain('村委会选举');
    const moments = (await page.call('onShareTimeline')) as { title: string; query: string };
    expect(moments.query).toBe(`id=${articleId}&t=jingu`);
  });

  it('an unknown or unpublished article shows a clear message', async () => {
    connectWx(cloud.url, 'villager-reader');
    const page = await openPage('pages/article/index', { id: 'nope' });
    expect(page.text()).toContain('没有找到这篇文章');
  });
});

describe('the article list', () => {
  it('shows 第N期 with category tabs, filters by tab and finds by a search word', async () => {
    connectWx(cloud.url, 'villager-list');
    const page = await openPage('pages/articles/index');
    expect(page.text()).toContain('全部');
    expect(page.text()).toContain('村民委员会组织法');
    expect(page.text()).toMatch(/\d{4}年第\d+期/);
    expect(page.text()).toContain('村委会选举，谁有选举权');

    await page.call('selectCategory', { currentTarget: { dataset: { key: '宪法' } } });
    expect((page.data.items as { category: string }[]).every((i) => i.category === '宪法')).toBe(true);
    expect(page.text()).not.toContain('村委会选举，谁有选举权');

    page.root.setData({ query: '换届' });
    await page.call('search');
    expect(page.text()).toContain('“换届”的查找结果（1篇）');
    expect(page.text()).toContain('村委会选举，谁有选举权');

    await page.call('openArticle', { currentTarget: { dataset: { id: articleId } } });
    expect(wxCalls.at(-1)).toEqual({
      api: 'navigateTo',
      args: { url: `/pages/article/index?id=${articleId}` },
    });
  });
});

describe('the related articles on the opinion form', () => {
  it('shows 相关法律知识 for the picked opinion category, and nothing for a category without any', async () => {
    connectWx(cloud.url, 'villager-form');
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    await form.call('pickCategory', { currentTarget: { dataset: { id: 'dispute' } } });
    const related = () => form.data.related as { items: unknown[]; loading: boolean; errorMessage: string };
    await until(() => related().items.length > 0, 'related articles');
    const text = form.text();
    expect(text).toContain('相关法律知识');
    expect(text).toContain('村委会选举，谁有选举权');

    await form.call('pickCategory', { currentTarget: { dataset: { id: 'nothing-here' } } });
    await until(() => !related().loading && related().items.length === 0, 'an empty list');
    expect(related().errorMessage).toBe('');
    expect(form.text()).not.toContain('相关法律知识');
  });

  it('a failed load shows its message in the section, with 重新加载 that loads them again', async () => {
    connectWx(cloud.url, 'villager-form-offline');
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    const request = w.request;
    w.request = (o: { fail?: (e: { errMsg: string }) => void }) => o.fail?.({ errMsg: 'request:fail' });
    try {
      await form.call('pickCategory', { currentTarget: { dataset: { id: 'dispute' } } });
    } finally {
      w.request = request;
    }
    const related = form.data.related as { items: unknown[]; errorMessage: string; errorRetry: boolean };
    expect(related.items).toEqual([]);
    expect(related.errorMessage).not.toBe('');
    expect(form.text()).toContain(related.errorMessage);
    expect(form.text()).not.toContain('相关法律知识');
    // a network failure: trying again can help
    expect(related.errorRetry).toBe(true);
    expect(form.text()).toContain('重新加载');
    await form.call('loadRelated');
    expect(form.text()).toContain('相关法律知识');
  });
});

describe('on the opinion form', () => {
  it('picking a category shows 相关法律知识 for it', async () => {
    connectWx(cloud.url, 'villager-opinion-form');
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    expect(form.text()).not.toContain('相关法律知识');
    await form.call('pickCategory', { currentTarget: { dataset: { id: 'dispute' } } });
    await until(() => form.text().includes('相关法律知识'), 'the related articles on the form');
    expect(form.text()).toContain('相邻关系：邻里纠纷怎么办');
  });
});
