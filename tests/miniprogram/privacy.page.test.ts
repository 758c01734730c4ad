/**
 * Privacy as WeChat enforces it (用户隐私保护指引, base library 2.32.3+): when WeChat asks for consent
 * (wx.onNeedPrivacyAuthorization), the page's privacy-consent popup shows plain words and a link to the
 * 个人信息保护说明 page; 同意 answers {event:'agree', buttonId} and the held API goes on, 不同意 answers
 * {event:'disagree'}. Photos and a name or phone are asked for only after consent. The statement page
 * renders its sections in large type; home and the forms link to it. A cloud build never shows the
 * development persona switcher, and its method refuses to act.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalCloud } from '../../local/cloud';
import { MINIPROGRAM, openPage, wxCalls, type RenderedPage } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
const VILLAGER = 'villager-privacy-page';
const CONTRACT = '《代表联络站小程序隐私保护指引》';

type Answer = { event: string; buttonId?: string };
type Listener = (resolve: (a: Answer) => void, info: { referrer: string }) => void;

/** WeChat's side of the consent: whether the user has agreed, the listener, every answer given. */
const wechat = { agreed: false, listener: null as Listener | null, registered: 0, answers: [] as Answer[] };

/** What WeChat does when a privacy API runs before consent: holds it and asks the listener. */
function heldForConsent(referrer: string, go: (agreed: boolean) => void): void {
  if (wechat.agreed) return go(true);
  if (!wechat.listener) return go(false);
  wechat.listener(
    (a) => {
      wechat.answers.push(a);
      if (a.event === 'exposureAuthorization') return;
      if (a.event === 'agree') wechat.agreed = true;
      go(a.event === 'agree');
    },
    { referrer },
  );
}

/** simulate's wx has none of the privacy APIs: define them as the base library behaves. */
function installWechatPrivacy(agreed: boolean): void {
  Object.assign(wechat, { agreed, listener: null, registered: 0, answers: [] });
  Object.assign(wx as unknown as Record<string, unknown>, {
    onNeedPrivacyAuthorization: (listener: Listener) => {
      wechat.listener = listener;
      wechat.registered += 1;
    },
    getPrivacySetting: (o: { success: (r: unknown) => void }) =>
      o.success({
        needAuthorization: !wechat.agreed,
        privacyContractName: CONTRACT,
        errMsg: 'getPrivacySetting:ok',
      }),
    requirePrivacyAuthorize: (o: { success: () => void; fail: (e: unknown) => void }) =>
      heldForConsent('requirePrivacyAuthorize', (ok) =>
        ok
          ? o.success()
          : o.fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' }),
      ),
    chooseMedia: (o: { success: (r: unknown) => void; fail: (e: unknown) => void }) =>
      heldForConsent('chooseMedia', (ok) => {
        wxCalls.push({ api: 'chooseMedia', args: { ok } });
        if (ok) o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/road.jpg' }], type: 'image' });
        else o.fail({ errMsg: 'chooseMedia:fail privacy permission is not authorized' });
      }),
    openPrivacyContract: () => wxCalls.push({ api: 'openPrivacyContract', args: {} }),
  });
}

const tick = () => new Promise((r) => setTimeout(r, 20));

/** The popup component rendered inside a page. */
function popupOf(page: RenderedPage) {
  const popup = page.root.querySelector('#privacy-consent');
  if (!popup) throw new Error('no privacy-consent component on the page');
  return popup;
}
const popupText = (page: RenderedPage) => (popupOf(page).dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  cloud = await startPageCloud();
  signInAs(cloud, VILLAGER);
});
afterAll(() => cloud.stop());

describe('the privacy consent popup', () => {
  beforeEach(() => installWechatPrivacy(false));

  it('stays hidden until WeChat asks, then shows plain words and the link', async () => {
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    expect(wechat.registered).toBe(1);
    expect(popupText(form)).toBe('');

    const picking = form.call('addPhotos');
    await tick();
    const text = popupText(form);
    expect(text).toContain('用您的信息前，先问您一声');
    expect(text).toContain('只交给办理的人大代表和工作人员');
    expect(text).toContain('看看个人信息保护说明');
    expect(text).toContain(`查看${CONTRACT}`);
    expect(text).toContain('同意');
    expect(text).toContain('不同意');
    // the popup told WeChat it is on screen
    expect(wechat.answers).toEqual([{ event: 'exposureAuthorization' }]);

    // 同意: WeChat fires agreeprivacyauthorization on the open-type button; the popup resolves agree
    const agree = popupOf(form).querySelector('#privacy-agree');
    expect(agree).toBeTruthy();
    agree!.dispatchEvent('agreeprivacyauthorization');
    await picking;
    expect(wechat.answers.at(-1)).toEqual({ event: 'agree', buttonId: 'privacy-agree' });
    expect(form.data.photos).toEqual(['wxfile://tmp/road.jpg']);
    expect(popupText(form)).toBe('');

    // once agreed WeChat does not ask again
    const asked = wechat.answers.length;
    await form.call('addPhotos');
    expect(wechat.answers).toHaveLength(asked);
    expect(form.data.photos).toHaveLength(2);
  });

  it('asks before a name or phone is typed; 不同意 answers disagree and nothing personal is sent', async () => {
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    const asking = form.call('askConsent');
    await tick();
    expect(popupText(form)).toContain('用您的信息前');
    popupOf(form).querySelector('.disagree')!.dispatchEvent('tap');
    await asking;
    expect(wechat.answers.at(-1)).toEqual({ event: 'disagree' });
    expect(popupText(form)).toBe('');
    expect(form.data.formError).toBe('您没有同意个人信息保护说明：可以不填称呼和电话再提交，或匿名反映');

    await form.call('pickVillage', tap('jingu'));
    await form.call('pickCategory', tap('environment'));
    await form.call('onText', typed('河边有人倒垃圾，气味很大'));
    await form.call('onName', typed('李大娘'));
    await form.call('onPhone', typed('13700001111'));
    const before = cloud.store.entries('opinions').size;

    // sending with a name asks again; a refusal files nothing
    let sending = form.call('send');
    await tick();
    popupOf(form).querySelector('.disagree')!.dispatchEvent('tap');
    await sending;
    expect(form.data.done).toBeNull();
    expect(cloud.store.entries('opinions').size).toBe(before);

    // an agreement files it with the contact
    sending = form.call('send');
    await tick();
    popupOf(form).querySelector('#privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
    await sending;
    const done = form.data.done as { id: string } | null;
    expect(done).not.toBeNull();
    expect(cloud.store.get('opinions', done!.id)?.doc).toMatchObject({
      contact: { name: '李大娘', phone: '13700001111' },
    });
  });

  it('is on every page that picks photos or collects a name or phone', () => {
    for (const page of [
      'pages/opinion/index',
      'pages/booking/index',
      'subpackages/station-admin/pages/day/index',
      'subpackages/deputy/pages/records/index',
      'subpackages/presidium/pages/articles/edit',
    ]) {
      const json = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, `${page}.json`), 'utf8')) as {
        usingComponents: Record<string, string>;
      };
      expect([page, json.usingComponents['privacy-consent']]).toEqual([
        page,
        '/components/privacy-consent/index',
      ]);
      expect(fs.readFileSync(path.join(MINIPROGRAM, `${page}.wxml`), 'utf8')).toContain(
        '<privacy-consent id="privacy-consent" />',
      );
    }
    const wxml = fs.readFileSync(path.join(MINIPROGRAM, 'components/privacy-consent/index.wxml'), 'utf8');
    expect(wxml).toContain(
      '<button id="privacy-agree" class="agree" open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="onAgree">同意</button>',
    );
    expect(wxml).toContain('url="/pages/privacy/index"');
  });

  it('refuses WeChat at once when no popup is on screen, so nothing waits for a tap that cannot come', async () => {
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    (form.root as unknown as { detach(): void }).detach();
    let refused = false;
    heldForConsent('chooseMedia', (ok) => (refused = !ok));
    expect(refused).toBe(true);
    expect(wechat.answers).toEqual([{ event: 'disagree' }]);
  });
});

describe('the 个人信息保护说明 page', () => {
  beforeEach(() => installWechatPrivacy(true));

  it('says what is collected, why, who sees it, how long it is kept and how to ask for deletion', async () => {
    const page = await openPage('pages/privacy/index');
    const sections = page.root
      .querySelectorAll('.section')
      .map((n) => (n.dom?.textContent ?? '').replace(/\s+/g, ' ').trim());
    const headings = [
      '一、我们收集什么',
      '二、为什么收集',
      '三、谁能看到',
      '四、保存多久',
      '五、想删除或改正怎么办',
      '六、您可以不同意',
    ];
    expect(sections.map((s, i) => s.startsWith(headings[i]))).toEqual(headings.map(() => true));
    const [what, , who, keep, erase] = sections;
    for (const item of ['姓名', '手机号', '照片', '意见内容', '微信身份标识']) expect(what).toContain(item);
    expect(who).toContain('匿名反映');
    expect(who).toContain('139****0000');
    expect(keep).toContain('满90天后，系统自动删除');
    expect(erase).toContain('联络员');
    await page.call('openContract');
    expect(wxCalls.at(-1)).toEqual({ api: 'openPrivacyContract', args: {} });
  });

  it('is in large type (no text under 32rpx) with dark text', () => {
    for (const file of [
      'pages/privacy/index.wxss',
      'components/privacy-consent/index.wxss',
      'components/privacy-link/index.wxss',
    ]) {
      const css = fs.readFileSync(path.join(MINIPROGRAM, file), 'utf8');
      const sizes = [...css.matchAll(/font-size:\s*(\d+)rpx/g)].map((m) => Number(m[1]));
      expect([file, sizes.length > 0 && sizes.every((s) => s >= 32)]).toEqual([file, true]);
    }
  });
});

describe('the links to the statement', () => {
  beforeEach(() => installWechatPrivacy(true));

  it('are on home, the opinion form and the booking form', async () => {
    const days = await cloud.invoke<{ ok: boolean; data: { id: string }[] }>(
      'booking',
      { action: 'listDays', stationCode: 'JG01' },
      { openid: VILLAGER },
    );
    expect(days.data.length).toBeGreaterThan(0);
    for (const [page, query] of [
      ['pages/home/index', {}],
      ['pages/opinion/index', { code: 'JG01' }],
      ['pages/booking/index', { code: 'JG01', dayId: encodeURIComponent(days.data[0].id) }],
    ] as const) {
      const opened = await openPage(page, query);
      const link = opened.root.querySelector('#privacy-link');
      expect([page, (link?.dom?.textContent ?? '').trim()]).toEqual([page, '个人信息保护说明 ›']);
    }
    const wxml = fs.readFileSync(path.join(MINIPROGRAM, 'components/privacy-link/index.wxml'), 'utf8');
    expect(wxml).toContain('url="/pages/privacy/index"');
  });
});

describe('a cloud build', () => {
  const configModule = path.join(MINIPROGRAM, 'services/config');

  beforeAll(() => {
    installWechatPrivacy(true);
    // the package as built for CloudBase: backend 'cloud', every call through wx.cloud.callFunction
    jest.doMock(configModule, () => {
      const actual = jest.requireActual<typeof import('../../miniprogram/services/config')>(configModule);
      return { ...actual, CONFIG: Object.freeze({ ...actual.CONFIG, backend: 'cloud' }) };
    });
    (wx as unknown as Record<string, unknown>).cloud = {
      callFunction: ({ name, data }: { name: string; data: unknown }) =>
        cloud.invoke(name, data, { openid: VILLAGER }).then((result) => ({ result })),
    };
  });
  afterAll(() => {
    jest.dontMock(configModule);
    delete (wx as unknown as Record<string, unknown>).cloud;
  });

  it('never renders the persona switcher, and pickPersona refuses to act', async () => {
    wx.setStorageSync('devOpenid', VILLAGER);
    const home = await openPage('pages/home/index');
    expect(home.text()).toContain('金鼓乡的联络站');
    expect(home.text()).not.toContain('开发调试');
    expect(home.root.querySelector('.dev-personas')).toBeFalsy();
    expect(home.data.devPersonas).toEqual([]);

    await home.call('pickPersona', { currentTarget: { dataset: { openid: 'demo-presidium' } } });
    expect(home.data.devOpenid).toBe('');
    expect(wx.getStorageSync('devOpenid')).toBe(VILLAGER);
    expect(home.text()).not.toContain('主席团工作台');
  });

  it('cannot be flipped back to local at run time', () => {
    const { CONFIG } = jest.requireActual<typeof import('../../miniprogram/services/config')>(configModule);
    expect(Object.isFrozen(CONFIG)).toBe(true);
    expect(() => {
      (CONFIG as { backend: string }).backend = 'local';
    }).toThrow(TypeError);
  });
});
