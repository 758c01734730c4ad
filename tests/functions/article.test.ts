/**
 * The `article` function through the local cloud and the real wx-server-sdk: the presidium writes,
 * publishes (content-checked, numbered, pushed to subscribers through the outbox), revises and
 * unpublishes; villagers list, search, read (one read per person) and subscribe to the next issue.
 */
import { TEMPLATES } from '../../core/notify/templates';
import type { RichTextNode } from '../../core/article/article.render';
import { PERSONAS } from '../../local/demo/township.seed';
import { storedIdIn } from '../../local/township-writes';
import { COUNTY } from '../../server/tenancy';
import { expectError, unwrap as data, useDemoCloud, type Envelope } from './support';

const cloud = useDemoCloud();

const PRESIDIUM = 'demo-presidium';
const VILLAGER = 'demo-villager';
const DEPUTY = 'demo-deputy-1';
const TEMPLATE_ID = TEMPLATES.articlePublished.id;

let rid = 0;
const requestId = () => `req-article-${++rid}`;

interface Card {
  id: string;
  title: string;
  category: string;
  issueLabel: string;
  issueYear: number | null;
  issueNumber: number | null;
  status?: string;
  revision?: number;
}
interface Page {
  items: Card[];
  total: number;
  hasMore: boolean;
}
interface Reading extends Card {
  nodes: RichTextNode[];
  reads: number;
  status: string;
  subscribed: boolean;
}

const content = (over: Record<string, unknown> = {}) => ({
  title: '土地承包经营权可以流转吗',
  summary: '讲清楚流转的条件和程序',
  category: '农村土地承包法',
  source: '《中华人民共和国农村土地承包法》第三十六条',
  body: '## 第三十六条\n\n承包方可以**自主决定**依法采取出租（转包）、入股或者其他方式向他人流转土地经营权。',
  keywords: ['承包地', '流转合同'],
  ...over,
});

const article = <T = unknown>(action: string, payload: object, openid = PRESIDIUM, at?: string) =>
  cloud.call<T>('article', { action, ...payload }, openid, at);

async function draft(over: Record<string, unknown> = {}, at?: string): Promise<string> {
  const res = await article<Card>('saveDraft', { requestId: requestId(), ...content(over) }, PRESIDIUM, at);
  return data(res).id;
}

const publish = (articleId: string, at?: string, extra: object = {}) =>
  article<Card & { queued: number; sent: number }>(
    'publish',
    { requestId: requestId(), articleId, ...extra },
    PRESIDIUM,
    at,
  );

/** 金鼓乡's stored id of a key (keyed collections: articleSubscribers, articleIssues). */
const jg = (collection: string, key: string) => storedIdIn('jingu', collection, key);

const outbox = (id: string) =>
  cloud.store.get('outbox', `msg:article:${id}`)?.doc as { status: string; lastError?: string } | undefined;

/** Every node of a tree, depth first. */
function walk(nodes: readonly RichTextNode[]): RichTextNode[] {
  return nodes.flatMap((n) => ('type' in n ? [n] : [n, ...walk(n.children ?? [])]));
}

describe('when a villager or deputy tries to write', () => {
  it.each([VILLAGER, DEPUTY])('%s is refused every presidium action', async (openid) => {
    expectError(await article('saveDraft', { requestId: requestId(), ...content() }, openid), 'FORBIDDEN');
    expectError(await article('publish', { requestId: requestId(), articleId: 'x' }, openid), 'FORBIDDEN');
    expectError(await article('setCategories', { list: ['宪法'] }, openid), 'FORBIDDEN');
    expectError(await article('reach', { articleId: 'x' }, openid), 'FORBIDDEN');
    expectError(await article('listAll', {}, openid), 'FORBIDDEN');
  });
});

describe('law categories', () => {
  it('start with the default list and a related-law table', async () => {
    const res = data(
      await article<{ list: string[]; related: Record<string, string[]> }>('listCategories', {}, VILLAGER),
    );
    expect(res.list).toEqual(
      expect.arrayContaining(['宪法', '代表法', '选举法', '村民委员会组织法', '民法典']),
    );
    expect(res.related.agriculture).toContain('农村土地承包法');
  });

  it('the presidium adds a category and maps an opinion category to it', async () => {
    const before = data(await article<{ list: string[] }>('listCategories', {}));
    const list = [...before.list, '信访工作条例'];
    const res = data(
      await article<{ related: Record<string, string[]> }>('setCategories', {
        list,
        related: { dispute: ['信访工作条例', '民法典'], agriculture: ['农村土地承包法', '土地管理法'] },
      }),
    );
    expect(res.related.dispute).toEqual(['信访工作条例', '民法典']);
    expectError(await article('setCategories', { list, related: { road: ['刑法'] } }), 'RELATED_LAW_INVALID');
    expectError(await article('setCategories', { list: ['宪法', '宪法'] }), 'LAW_CATEGORIES_INVALID');
    // a category not in the list cannot be used
    expectError(
      await article('saveDraft', { requestId: requestId(), ...content({ category: '刑法' }) }),
      'LAW_CATEGORY_UNKNOWN',
    );
  });
});

describe('the whole flow: write → publish → push → read', () => {
  const T0 = '2031-03-01T02:00:00.000Z';
  const T1 = '2031-03-05T02:00:00.000Z';
  const T2 = '2031-03-06T02:00:00.000Z';
  let id = '';

  it('a draft is visible only to the presidium', async () => {
    id = await draft({}, T0);
    expectError(await article('get', { articleId: id }, VILLAGER), 'ARTICLE_NOT_FOUND');
    const mine = data(await article<Reading>('get', { articleId: id }));
    expect(mine.status).toBe('draft');
    const listed = data(await article<Page>('list', { category: '农村土地承包法', year: 2031 }, VILLAGER));
    expect(listed.items.map((c) => c.id)).not.toContain(id);
    const all = data(await article<Page>('listAll', {}));
    expect(all.items.find((c) => c.id === id)).toMatchObject({ status: 'draft', issueLabel: '' });
  });

  it('preview renders what villagers will see, without saving', async () => {
    const res = data(await article<{ nodes: RichTextNode[] }>('preview', content({ title: '预览' })));
    expect(walk(res.nodes).some((n) => !('type' in n) && n.name === 'h2')).toBe(true);
    expect(walk(res.nodes).some((n) => !('type' in n) && n.name === 'strong')).toBe(true);
  });

  it('villagers and a deputy tap 订阅下一期; some of them allowed the message in WeChat', async () => {
    for (const openid of ['v-sub-granted', 'v-sub-refused', DEPUTY])
      expect(data(await article('subscribeNext', {}, openid, T0))).toEqual({ subscribed: true });
    // tapping twice is still one record
    data(await article('subscribeNext', {}, 'v-sub-granted', T0));
    expect(cloud.store.entries('articleSubscribers').size).toBe(3);
    cloud.openapi.grant('v-sub-granted', TEMPLATE_ID, 1);
    cloud.openapi.grant(DEPUTY, TEMPLATE_ID, 1);
  });

  it('publishing numbers the issue and sends one message per subscriber; refusals are recorded', async () => {
    const sentBefore = cloud.openapi.messages.length;
    const res = data(await publish(id, T1));
    expect(res).toMatchObject({ status: 'published', issueLabel: '2031年第1期', queued: 3, sent: 2 });

    expect(outbox(`${id}:v-sub-granted`)).toMatchObject({ status: 'sent' });
    expect(outbox(`${id}:${DEPUTY}`)).toMatchObject({ status: 'sent' });
    expect(outbox(`${id}:v-sub-refused`)).toMatchObject({ status: 'refused' });
    expect(outbox(`${id}:v-sub-refused`)?.lastError).toMatch(/43101/);

    const sent = cloud.openapi.messages.slice(sentBefore).filter((m) => m.outcome === 'sent');
    expect(sent.map((m) => m.touser).sort()).toEqual([DEPUTY, 'v-sub-granted'].sort());
    expect(sent[0]).toMatchObject({
      templateId: TEMPLATE_ID,
      // The link opens the article in its township (金鼓乡).
      page: `pages/article/index?id=${id}&t=jingu`,
      data: {
        thing1: { value: '土地承包经营权可以流转吗' },
        thing2: { value: '农村土地承包法 2031年第1期' },
        date3: { value: '2031年3月5日' },
      },
    });
    // one-time subscriptions are used up by this issue
    expect(cloud.store.entries('articleSubscribers').size).toBe(0);
  });

  it('a retried publish (same request id) answers the first result and sends nothing again', async () => {
    const requestIdOnce = requestId();
    const other = await draft({ title: '重试测试' }, T1);
    const first = data(
      await article<Card>('publish', { requestId: requestIdOnce, articleId: other }, PRESIDIUM, T1),
    );
    const again = data(
      await article<Card>('publish', { requestId: requestIdOnce, articleId: other }, PRESIDIUM, T1),
    );
    expect(again).toEqual(first);
    expect(first.issueLabel).toBe('2031年第2期');
  });

  it('the presidium sees how many were reached', async () => {
    const reach = data(await article('reach', { articleId: id }));
    expect(reach).toMatchObject({
      issueLabel: '2031年第1期',
      sent: 2,
      refused: 1,
      failed: 0,
      pending: 0,
      queued: 3,
      pushDone: true,
      reads: 0,
    });
  });

  it('a villager reads it: one read counted per person, however often', async () => {
    const first = data(await article<Reading>('get', { articleId: id }, VILLAGER, T2));
    expect(first).toMatchObject({ title: '土地承包经营权可以流转吗', issueLabel: '2031年第1期', reads: 1 });
    expect(first.nodes.length).toBeGreaterThan(0);
    const second = data(await article<Reading>('get', { articleId: id }, VILLAGER, T2));
    expect(second.reads).toBe(1);
    expect(cloud.store.get('articleReads', `read:${id}:${VILLAGER}`)).toBeDefined();
    data(await article('get', { articleId: id }, 'v-sub-granted', T2));
    expect(data(await article<{ reads: number }>('reach', { articleId: id })).reads).toBe(2);
    // Staff reads never count: the presidium, a deputy looking before sharing, a station admin.
    for (const staff of [PRESIDIUM, DEPUTY, 'demo-station-admin'])
      data(await article('get', { articleId: id }, staff, T2));
    expect(data(await article<{ reads: number }>('reach', { articleId: id })).reads).toBe(2);
    expect(cloud.store.get('articleReads', `read:${id}:${DEPUTY}`)).toBeUndefined();
  });

  it('lists by category and by issue, and finds it by a title word or a keyword', async () => {
    const byCategory = data(await article<Page>('list', { category: '农村土地承包法' }, VILLAGER));
    expect(byCategory.items.map((c) => c.id)).toContain(id);
    const byIssue = data(await article<Page>('list', { year: 2031, number: 1 }, VILLAGER));
    expect(byIssue.items.map((c) => c.id)).toEqual([id]);
    const wrongCategory = data(await article<Page>('list', { category: '宪法', year: 2031 }, VILLAGER));
    expect(wrongCategory.items.map((c) => c.id)).not.toContain(id);
    const paged = data(await article<Page>('list', { year: 2031, pageSize: 1 }, VILLAGER));
    expect(paged).toMatchObject({ total: 2, hasMore: true });
    expect(paged.items[0].issueNumber).toBe(2); // newest issue first

    const byTitle = data(await article<{ items: Card[] }>('search', { query: '流转' }, VILLAGER));
    expect(byTitle.items.map((c) => c.id)).toContain(id);
    const byKeyword = data(await article<{ items: Card[] }>('search', { query: '承包地 合同' }, VILLAGER));
    expect(byKeyword.items.map((c) => c.id)).toContain(id);
    const none = data(await article<{ items: Card[] }>('search', { query: '不存在的词语' }, VILLAGER));
    expect(none.items).toEqual([]);
  });

  it('editing the published article makes revision 2 and keeps revision 1', async () => {
    const revised = data(
      await article<Card>(
        'revise',
        {
          requestId: requestId(),
          articleId: id,
          ...content({ body: '更正：承包方**可以**流转土地经营权。' }),
        },
        PRESIDIUM,
        T2,
      ),
    );
    expect(revised).toMatchObject({ revision: 2, status: 'published', issueLabel: '2031年第1期' });
    const edit = data(
      await article<{ body: string; history: { revision: number }[] }>('getForEdit', { articleId: id }),
    );
    expect(edit.body).toContain('更正');
    expect(edit.history.map((h) => h.revision)).toEqual([1]);
    const reading = data(await article<Reading>('get', { articleId: id }, VILLAGER));
    expect(JSON.stringify(reading.nodes)).toContain('更正');
    // saveDraft does not touch a published article
    expectError(
      await article('saveDraft', { requestId: requestId(), articleId: id, ...content() }),
      'ARTICLE_ALREADY_PUBLISHED',
    );
  });

  it('unpublishing hides it from villagers; publishing again keeps 第1期 and pushes nothing', async () => {
    data(await article('unpublish', { requestId: requestId(), articleId: id }));
    expectError(await article('get', { articleId: id }, VILLAGER), 'ARTICLE_NOT_FOUND');
    const listed = data(await article<Page>('list', { year: 2031 }, VILLAGER));
    expect(listed.items.map((c) => c.id)).not.toContain(id);
    const search = data(await article<{ items: Card[] }>('search', { query: '流转' }, VILLAGER));
    expect(search.items.map((c) => c.id)).not.toContain(id);

    data(await article('subscribeNext', {}, 'v-late', T2));
    const again = data(await publish(id, T2));
    expect(again).toMatchObject({ issueLabel: '2031年第1期', queued: 0 });
    expect(cloud.store.get('articleSubscribers', jg('articleSubscribers', 'v-late'))).toBeDefined();
  });

  it('the next new issue goes to whoever subscribed since', async () => {
    const next = await draft({ title: '宅基地能继承吗', category: '民法典', keywords: ['宅基地'] }, T2);
    const res = data(await publish(next, T2));
    expect(res).toMatchObject({ issueLabel: '2031年第3期', queued: 1, sent: 0 });
    expect(outbox(`${next}:v-late`)).toMatchObject({ status: 'refused' });
  });
});

describe('content check before publishing', () => {
  const AT = '2033-01-10T02:00:00.000Z';

  it('refuses risky text and leaves the article a draft', async () => {
    const id = await draft({ body: '谨防网络赌博诈骗' }, AT);
    expectError(await publish(id, AT), 'CONTENT_RISKY');
    const edit = data(await article<{ status: string }>('getForEdit', { articleId: id }));
    expect(edit.status).toBe('draft');
  });

  it('holds text WeChat wants reviewed until the presidium confirms it', async () => {
    const id = await draft({ summary: '不要轻信加微信办贷款的广告' }, AT);
    expectError(await publish(id, AT), 'ARTICLE_CONTENT_REVIEW');
    expect(data(await publish(id, AT, { confirmed: true }))).toMatchObject({ status: 'published' });
  });

  it('checks a revision too', async () => {
    const id = await draft({}, AT);
    data(await publish(id, AT));
    expectError(
      await article('revise', { requestId: requestId(), articleId: id, ...content({ title: '毒品的危害' }) }),
      'CONTENT_RISKY',
    );
  });
});

describe('retries and races', () => {
  const AT = '2034-03-10T02:00:00.000Z';

  it('a saveDraft retried after its first answer was lost makes one draft, not two', async () => {
    const rq = requestId();
    const before = cloud.store.entries('articles').size;
    const first = data(await article<Card>('saveDraft', { requestId: rq, ...content({ title: '重试' }) }));
    // The idempotency record is gone (a crash before it was marked done, then it went stale).
    // (its id names the caller, the call's township, the action and the request id: server/pipeline.ts)
    const claims = [...cloud.store.entries('idempotency').keys()].filter(
      (k) => k.startsWith(`${PRESIDIUM}:`) && k.endsWith(`:article.saveDraft:${rq}`),
    );
    expect(claims).toHaveLength(1);
    const claim = claims[0];
    cloud.store.commit([{ collection: 'idempotency', id: claim, doc: null }]);
    const again = data(await article<Card>('saveDraft', { requestId: rq, ...content({ title: '重试' }) }));
    expect(again.id).toBe(first.id);
    expect(cloud.store.entries('articles').size).toBe(before + 1);
  });

  it('publishes nothing when the draft changed while its content was being checked', async () => {
    const id = await draft({ body: '宪法是国家的根本法' }, AT);
    const openapi = cloud.openapi as unknown as { msgSecCheck: (p: { content: string }) => Promise<unknown> };
    const check = openapi.msgSecCheck.bind(openapi);
    let edited = false;
    openapi.msgSecCheck = async (p) => {
      const verdict = await check(p);
      if (!edited) {
        edited = true; // another presidium member saves the draft while the check runs
        data(
          await article(
            'saveDraft',
            { requestId: requestId(), articleId: id, ...content({ body: '谨防网络赌博诈骗' }) },
            PRESIDIUM,
            AT,
          ),
        );
      }
      return verdict;
    };
    try {
      expectError(await publish(id, AT), 'CONFLICT');
    } finally {
      openapi.msgSecCheck = check;
    }
    const edit = data(await article<{ status: string }>('getForEdit', { articleId: id }));
    expect(edit.status).toBe('draft');
    // Published again, the new text is checked and refused.
    expectError(await publish(id, AT), 'CONTENT_RISKY');
  });
});

describe('issue numbers under concurrent publishes', () => {
  it('sixteen drafts published at once get 第1期…第16期, each once', async () => {
    const AT = '2032-05-01T02:00:00.000Z';
    const ids = await Promise.all(Array.from({ length: 16 }, (_, i) => draft({ title: `并发${i}` }, AT)));
    const results = await Promise.all(ids.map((id) => publish(id, AT)));
    const numbers = results.map((r) => data(r).issueNumber).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(cloud.store.get('articleIssues', jg('articleIssues', 'counter:2032'))?.doc).toMatchObject({
      last: 16,
    });
    for (let n = 1; n <= 16; n++)
      expect(cloud.store.get('articleIssues', jg('articleIssues', `issue:2032:${n}`))).toBeDefined();
  });
});

describe('hostile Markdown through publish → get', () => {
  it('comes out as whitelisted nodes: no script, no event attributes, images only from cloud storage', async () => {
    const AT = '2034-02-01T02:00:00.000Z';
    const body = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '<iframe src="https://evil.example"></iframe>',
      '![外链](https://evil.example/x.png)',
      '![封面](cloud://env-1/articles/a.png)',
      '![伪装](cloud://env-1/a.png" onerror="alert(3))',
      '[点我](javascript:alert(4))',
      '<a href="https://evil.example" onclick="x()">链接</a>',
      '正文 <b onmouseover=alert(5)>加粗</b>',
    ].join('\n\n');
    const id = await draft({ body }, AT);
    data(await publish(id, AT));
    const reading = data(await article<Reading>('get', { articleId: id }, VILLAGER, AT));
    const all = walk(reading.nodes);
    const elements = all.filter((n): n is Exclude<RichTextNode, { type: 'text' }> => !('type' in n));
    expect(
      elements.map((e) => e.name).filter((n) => !['p', 'img', 'br', 'strong', 'em', 'h2'].includes(n)),
    ).toEqual([]);
    for (const e of elements) {
      for (const key of Object.keys(e.attrs ?? {})) expect(['class', 'style', 'src', 'alt']).toContain(key);
      if (e.name === 'img') expect(e.attrs?.src).toMatch(/^cloud:\/\/[A-Za-z0-9._~%/-]+$/);
    }
    expect(elements.filter((e) => e.name === 'img').map((e) => e.attrs?.src)).toEqual([
      'cloud://env-1/articles/a.png',
    ]);
    const text = all.map((n) => ('type' in n ? n.text : '')).join('');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toMatch(/[<>]/);
  });
});

describe('related law for the opinion form', () => {
  it('shows published articles of the law categories mapped from an opinion category', async () => {
    const AT = '2035-04-01T02:00:00.000Z';
    const land = await draft({ title: '土地管理法里的宅基地审批', category: '土地管理法' }, AT);
    data(await publish(land, AT));
    const hidden = await draft({ title: '未发布的土地文章', category: '土地管理法' }, AT);
    const res = data(
      await article<{ lawCategories: string[]; items: Card[] }>(
        'related',
        { opinionCategory: 'agriculture', limit: 10 },
        VILLAGER,
      ),
    );
    expect(res.lawCategories).toEqual(['农村土地承包法', '土地管理法']);
    expect(res.items.map((c) => c.id)).toContain(land);
    expect(res.items.map((c) => c.id)).not.toContain(hidden);
    expect(res.items.every((c) => res.lawCategories.includes(c.category))).toBe(true);
    expect(data(await article('related', { opinionCategory: 'nope' }, VILLAGER))).toEqual({
      lawCategories: [],
      items: [],
    });
  });
});

describe("the scheduler's pushArticles job", () => {
  it('finishes a push the publish call left unfinished', async () => {
    const AT = '2036-06-01T02:00:00.000Z';
    const id = await draft({ title: '未推送完的一期' }, AT);
    data(await publish(id, AT));
    // a subscriber the publish call did not reach (e.g. it stopped at PUSH_INLINE_MAX)
    cloud.store.commit([
      {
        collection: 'articleSubscribers',
        id: 'v-later',
        doc: {
          _id: 'v-later',
          openid: 'v-later',
          role: 'resident',
          subscribedAt: new Date('2036-05-01T00:00:00Z'),
        },
      },
    ]);
    const stored = cloud.store.get('articles', id)!.doc;
    cloud.store.commit([{ collection: 'articles', id, doc: { ...stored, pushState: 'pending' } }]);
    cloud.openapi.grant('v-later', TEMPLATE_ID, 1);

    const run = await cloud.invoke<Envelope<Record<string, unknown>>>(
      'scheduler',
      { action: 'runDue' },
      { now: '2036-06-01T03:00:00.000Z' },
    );
    expect(data(run).pushArticles).toBe(1);
    expect(outbox(`${id}:v-later`)).toMatchObject({ status: 'sent' });
    expect(cloud.store.get('articles', id)?.doc).toMatchObject({ pushState: 'done' });
    expect(cloud.store.get('articleSubscribers', jg('articleSubscribers', 'v-later'))).toBeUndefined();
  });
});

describe('with long-term subscriptions (ARTICLE_SUBSCRIPTION=longTerm)', () => {
  afterEach(() => delete process.env.ARTICLE_SUBSCRIPTION);

  it('a subscriber record is not consumed: every new issue is sent', async () => {
    process.env.ARTICLE_SUBSCRIPTION = 'longTerm';
    const AT0 = '2037-01-01T02:00:00.000Z';
    data(await article('subscribeNext', {}, 'v-longterm', AT0));
    cloud.openapi.grant('v-longterm', TEMPLATE_ID, 2);
    const first = await draft({ title: '长期订阅第一篇' }, AT0);
    const second = await draft({ title: '长期订阅第二篇' }, AT0);
    expect(data(await publish(first, '2037-01-02T02:00:00.000Z'))).toMatchObject({ queued: 1, sent: 1 });
    expect(cloud.store.get('articleSubscribers', jg('articleSubscribers', 'v-longterm'))).toBeDefined();
    expect(data(await publish(second, '2037-01-03T02:00:00.000Z'))).toMatchObject({ queued: 1, sent: 1 });
    expect(outbox(`${first}:v-longterm`)).toMatchObject({ status: 'sent' });
    expect(outbox(`${second}:v-longterm`)).toMatchObject({ status: 'sent' });
    cloud.store.commit([{ collection: 'articleSubscribers', id: 'v-longterm', doc: null }]);
  });
});

describe("the county's articles (县人大常委会 publishes to every township)", () => {
  const COUNTY_STAFF = PERSONAS.county;
  const AT = '2038-03-01T02:00:00.000Z';
  const asCounty = <T = unknown>(action: string, payload: object = {}) =>
    article<T>(action, { ...payload, townshipId: 'county' }, COUNTY_STAFF, AT);
  let countyId = '';
  let countyDraft = '';
  let jinguId = '';

  it('county staff write in the county itself: elsewhere they may not write', async () => {
    expectError(
      await article('saveDraft', { requestId: requestId(), ...content(), townshipId: 'jingu' }, COUNTY_STAFF),
      'NOT_YOUR_TOWNSHIP',
    );
    expectError(await article('listAll', { townshipId: 'qingshan' }, COUNTY_STAFF), 'NOT_YOUR_TOWNSHIP');
    // Only county staff may name the county.
    expectError(await article('listAll', { townshipId: 'county' }), 'TOWNSHIP_NOT_FOUND');
    expectError(await article('list', { townshipId: 'county' }, VILLAGER), 'TOWNSHIP_NOT_FOUND');
  });

  it("number the county's issues on their own and go to the townships' subscribers", async () => {
    jinguId = await draft({ title: '金鼓乡的一期' }, AT);
    expect(data(await publish(jinguId, AT))).toMatchObject({ issueLabel: '2038年第1期' });
    data(await article('subscribeNext', {}, 'v-county-sub', AT));
    countyDraft = data(
      await asCounty<Card>('saveDraft', { requestId: requestId(), ...content({ title: '县里的草稿' }) }),
    ).id;
    countyId = data(
      await asCounty<Card>('saveDraft', {
        requestId: requestId(),
        ...content({ title: '县人大常委会讲选举法' }),
      }),
    ).id;
    const published = data(
      await asCounty<Card & { queued: number }>('publish', { requestId: requestId(), articleId: countyId }),
    );
    // 金鼓乡's subscriber is told of it: it is the next issue 金鼓乡 shows them.
    expect(published).toMatchObject({ issueLabel: '2038年第1期', queued: 1 });
    expect(cloud.store.get('articles', countyId)?.doc).toMatchObject({
      townshipId: COUNTY,
      status: 'published',
    });
    expect(
      cloud.store.get('articleIssues', storedIdIn(COUNTY, 'articleIssues', 'counter:2038'))?.doc,
    ).toMatchObject({ last: 1 });
    expect(cloud.store.get('articleIssues', jg('articleIssues', 'counter:2038'))?.doc).toMatchObject({
      last: 1,
    });
    expect(cloud.store.get('outbox', `msg:article:${countyId}:jingu:v-county-sub`)?.doc).toMatchObject({
      page: `pages/article/index?id=${countyId}&t=jingu`,
    });
    expect(cloud.store.get('articleSubscribers', jg('articleSubscribers', 'v-county-sub'))).toBeUndefined();
    const all = data(await asCounty<Page>('listAll'));
    expect(all.items.map((c) => c.id).sort()).toEqual([countyDraft, countyId].sort());
  });

  it("every township's villagers read it beside their own township's, saying who published it", async () => {
    const jingu = data(await article<Page>('list', { year: 2038 }, VILLAGER));
    expect(jingu.items.map((c) => [c.id, (c as Card & { publisher: string }).publisher]).sort()).toEqual(
      [
        [countyId, '县人大常委会'],
        [jinguId, ''],
      ].sort(),
    );
    const qingshan = data(await article<Page>('list', { year: 2038, townshipId: 'qingshan' }, VILLAGER));
    expect(qingshan.items.map((c) => c.id)).toEqual([countyId]);
    expectError(
      await article('get', { articleId: jinguId, townshipId: 'qingshan' }, VILLAGER),
      'ARTICLE_NOT_FOUND',
    );
    // Its reads are the county's, from every township.
    data(await article('get', { articleId: countyId }, 'v-county-reader-1'));
    data(await article('get', { articleId: countyId, townshipId: 'qingshan' }, 'v-county-reader-2'));
    expect(data(await asCounty<{ reads: number }>('reach', { articleId: countyId }))).toMatchObject({
      reads: 2,
    });
    const found = data(
      await article<{ items: Card[] }>('search', { query: '县人大常委会讲选举法' }, VILLAGER),
    );
    expect(found.items.map((c) => c.id)).toContain(countyId);
  });

  it("a township's presidium neither sees the county's drafts nor changes the county's articles", async () => {
    for (const presidium of [
      { openid: PRESIDIUM, townshipId: 'jingu' },
      { openid: PERSONAS.presidiumQs, townshipId: 'qingshan' },
    ]) {
      const as = (action: string, payload: object) =>
        article(action, { ...payload, townshipId: presidium.townshipId }, presidium.openid, AT);
      expectError(await as('get', { articleId: countyDraft }), 'ARTICLE_NOT_FOUND');
      expectError(await as('getForEdit', { articleId: countyId }), 'ARTICLE_NOT_FOUND');
      expectError(await as('reach', { articleId: countyId }), 'ARTICLE_NOT_FOUND');
      expectError(
        await as('unpublish', { requestId: requestId(), articleId: countyId }),
        'ARTICLE_NOT_FOUND',
      );
      expectError(
        await as('revise', {
          requestId: requestId(),
          articleId: countyId,
          ...content({ title: '改县里的' }),
        }),
        'ARTICLE_NOT_FOUND',
      );
      expectError(
        await as('publish', { requestId: requestId(), articleId: countyDraft }),
        'ARTICLE_NOT_FOUND',
      );
      const own = data(await as('listAll', {})) as Page;
      expect(own.items.map((c) => c.id)).not.toContain(countyId);
      expect(own.items.map((c) => c.id)).not.toContain(countyDraft);
    }
    expect(cloud.store.get('articles', countyId)?.doc).toMatchObject({ status: 'published', revision: 1 });
    expect(cloud.store.get('articles', countyDraft)?.doc).toMatchObject({ status: 'draft' });
    // The county takes its own article down: no township shows it any more.
    data(await asCounty('unpublish', { requestId: requestId(), articleId: countyId }));
    expectError(await article('get', { articleId: countyId }, VILLAGER), 'ARTICLE_NOT_FOUND');
  });
});

describe("a county article and the townships' subscribers (订阅下一期)", () => {
  const COUNTY_STAFF = PERSONAS.county;
  const QS_PRESIDIUM = PERSONAS.presidiumQs;
  const T0 = '2039-01-10T02:00:00.000Z';
  const T1 = '2039-01-11T02:00:00.000Z';
  const T2 = '2039-01-12T02:00:00.000Z';
  const T3 = '2039-01-13T02:00:00.000Z';
  const subscribe = (openid: string, townshipId: string, at: string) =>
    article('subscribeNext', { townshipId }, openid, at);
  const countyDraft = async (title: string, at: string) =>
    data(
      await article<Card>(
        'saveDraft',
        { requestId: requestId(), ...content({ title }), townshipId: COUNTY },
        COUNTY_STAFF,
        at,
      ),
    ).id;
  const countyPublish = async (articleId: string, at: string) =>
    data(
      await article<Card & { queued: number; sent: number }>(
        'publish',
        { requestId: requestId(), articleId, townshipId: COUNTY },
        COUNTY_STAFF,
        at,
      ),
    );
  const qsPublish = async (title: string, at: string) => {
    const id = data(
      await article<Card>(
        'saveDraft',
        { requestId: requestId(), ...content({ title }), townshipId: 'qingshan' },
        QS_PRESIDIUM,
        at,
      ),
    ).id;
    const res = data(
      await article<Card & { queued: number }>(
        'publish',
        { requestId: requestId(), articleId: id, townshipId: 'qingshan' },
        QS_PRESIDIUM,
        at,
      ),
    );
    return { id, queued: res.queued };
  };
  const subscriberIn = (townshipId: string, openid: string) =>
    cloud.store.get('articleSubscribers', storedIdIn(townshipId, 'articleSubscribers', openid));
  const message = (articleId: string, townshipId: string, openid: string) =>
    cloud.store.get('outbox', `msg:article:${articleId}:${townshipId}:${openid}`)?.doc as
      { openid: string; page: string; status: string } | undefined;
  const runScheduler = async (now: string) =>
    data(await cloud.invoke<Envelope<Record<string, unknown>>>('scheduler', { action: 'runDue' }, { now }));
  let countyId = '';

  it("is pushed to every township's subscribers, each from their own township, once", async () => {
    for (const [openid, t] of [
      ['v-jg-1', 'jingu'],
      ['v-qs-1', 'qingshan'],
      ['v-both', 'jingu'],
      ['v-both', 'qingshan'],
    ])
      data(await subscribe(openid, t, T0));
    for (const openid of ['v-jg-1', 'v-qs-1', 'v-both']) cloud.openapi.grant(openid, TEMPLATE_ID, 2);
    countyId = await countyDraft('县人大常委会讲信访条例', T0);
    // asked after it was published: waits for the next one
    const sentBefore = cloud.openapi.messages.length;
    const published = await countyPublish(countyId, T1);
    data(await subscribe('v-qs-late', 'qingshan', T2));

    expect(published).toMatchObject({ queued: 4, sent: 4 });
    expect(message(countyId, 'jingu', 'v-jg-1')).toMatchObject({
      status: 'sent',
      page: `pages/article/index?id=${countyId}&t=jingu`,
    });
    expect(message(countyId, 'qingshan', 'v-qs-1')).toMatchObject({
      status: 'sent',
      page: `pages/article/index?id=${countyId}&t=qingshan`,
    });
    // subscribed in both townships: told in each
    expect(message(countyId, 'jingu', 'v-both')?.page).toMatch(/&t=jingu$/);
    expect(message(countyId, 'qingshan', 'v-both')?.page).toMatch(/&t=qingshan$/);
    const sent = cloud.openapi.messages.slice(sentBefore).filter((m) => m.outcome === 'sent');
    expect(sent.map((m) => m.touser).sort()).toEqual(['v-both', 'v-both', 'v-jg-1', 'v-qs-1']);
    // the one-time subscriptions are used up, the late one kept
    for (const [t, openid] of [
      ['jingu', 'v-jg-1'],
      ['qingshan', 'v-qs-1'],
      ['jingu', 'v-both'],
      ['qingshan', 'v-both'],
    ])
      expect(subscriberIn(t, openid)).toBeUndefined();
    expect(subscriberIn('qingshan', 'v-qs-late')).toBeDefined();
    expect(cloud.store.get('articles', countyId)?.doc).toMatchObject({ pushState: 'done' });
    expect(
      data(await article('reach', { articleId: countyId, townshipId: COUNTY }, COUNTY_STAFF, T2)),
    ).toMatchObject({
      sent: 4,
      queued: 4,
      pushDone: true,
    });
  });

  it("a rerun queues nothing again, and the township's own next issue goes only to who asked since", async () => {
    const outboxBefore = cloud.store.entries('outbox').size;
    expect((await runScheduler('2039-01-12T03:00:00.000Z')).pushArticles).toBe(0);
    expect(cloud.store.entries('outbox').size).toBe(outboxBefore);
    cloud.openapi.grant('v-qs-late', TEMPLATE_ID, 1);
    const own = await qsPublish('青山镇的一期', T3);
    expect(own.queued).toBe(1);
    expect(cloud.store.get('outbox', `msg:article:${own.id}:v-qs-late`)?.doc).toMatchObject({
      page: `pages/article/index?id=${own.id}&t=qingshan`,
    });
    expect(subscriberIn('qingshan', 'v-qs-late')).toBeUndefined();
  });

  it('whichever is published first is the one told: an unfinished county push is not overtaken', async () => {
    const AT0 = '2039-02-01T02:00:00.000Z';
    const AT1 = '2039-02-02T02:00:00.000Z';
    const AT2 = '2039-02-03T02:00:00.000Z';
    data(await subscribe('v-qs-wait', 'qingshan', AT0));
    data(await subscribe('v-jg-wait', 'jingu', AT0));
    cloud.openapi.grant('v-qs-wait', TEMPLATE_ID, 1);
    cloud.openapi.grant('v-jg-wait', TEMPLATE_ID, 1);
    const earlier = await countyDraft('县里先发的一期', AT0);
    await countyPublish(earlier, AT1);
    // as if the publish call stopped after 金鼓乡 (PUSH_INLINE_MAX): 青山镇's subscriber not yet told
    cloud.store.commit([
      { collection: 'outbox', id: `msg:article:${earlier}:qingshan:v-qs-wait`, doc: null },
      {
        collection: 'articleSubscribers',
        id: storedIdIn('qingshan', 'articleSubscribers', 'v-qs-wait'),
        doc: {
          _id: storedIdIn('qingshan', 'articleSubscribers', 'v-qs-wait'),
          townshipId: 'qingshan',
          openid: 'v-qs-wait',
          role: 'resident',
          subscribedAt: new Date(AT0),
        },
      },
    ]);
    const stored = cloud.store.get('articles', earlier)!.doc;
    cloud.store.commit([
      {
        collection: 'articles',
        id: earlier,
        doc: { ...stored, pushState: 'pending', pushedIn: ['jingu'] },
      },
    ]);
    expect(message(earlier, 'jingu', 'v-jg-wait')).toBeDefined();

    // 青山镇 publishes later: its subscriber is told of the county's issue, published first.
    const later = await qsPublish('青山镇后发的一期', AT2);
    expect(later.queued).toBe(0);
    expect(message(earlier, 'qingshan', 'v-qs-wait')).toMatchObject({
      page: `pages/article/index?id=${earlier}&t=qingshan`,
    });
    expect(cloud.store.get('outbox', `msg:article:${later.id}:v-qs-wait`)).toBeUndefined();
    expect(cloud.store.get('articles', earlier)?.doc).toMatchObject({ pushState: 'done' });
  });

  it("the scheduler finishes a county push in each township, from that township's context", async () => {
    const AT0 = '2039-03-01T02:00:00.000Z';
    const AT1 = '2039-03-02T02:00:00.000Z';
    const id = await countyDraft('县里的一期，由定时任务推完', AT0);
    await countyPublish(id, AT1);
    // subscribers the publish call did not reach, one in each township
    const fixtures = ['jingu', 'qingshan'].map((t) => {
      const key = storedIdIn(t, 'articleSubscribers', `v-sched-${t}`);
      return {
        collection: 'articleSubscribers',
        id: key,
        doc: {
          _id: key,
          townshipId: t,
          openid: `v-sched-${t}`,
          role: 'resident',
          subscribedAt: new Date(AT0),
        },
      };
    });
    const stored = cloud.store.get('articles', id)!.doc;
    cloud.store.commit([
      ...fixtures,
      { collection: 'articles', id, doc: { ...stored, pushState: 'pending', pushedIn: [] } },
    ]);

    const run = await runScheduler('2039-03-02T03:00:00.000Z');
    expect(run.pushArticles).toBe(2);
    expect(message(id, 'jingu', 'v-sched-jingu')?.page).toBe(`pages/article/index?id=${id}&t=jingu`);
    expect(message(id, 'qingshan', 'v-sched-qingshan')?.page).toBe(`pages/article/index?id=${id}&t=qingshan`);
    expect(subscriberIn('jingu', 'v-sched-jingu')).toBeUndefined();
    expect(subscriberIn('qingshan', 'v-sched-qingshan')).toBeUndefined();
    expect(cloud.store.get('articles', id)?.doc).toMatchObject({ pushState: 'done' });
    expect((await runScheduler('2039-03-02T04:00:00.000Z')).pushArticles).toBe(0);
  });
});
