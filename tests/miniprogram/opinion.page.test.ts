/**
 * The opinion path on real pages against a real local cloud: the station page's 我要提意见建议 → the
 * form (village, category with its limits, text, anonymous/consent, contact; similar cases first) →
 * routed to the deputy → the deputy's inbox and case pages (受理, 答复, 办结) → the villager's case page
 * with the plain-words timeline and the rating form → the public answer on the station page.
 */
import { TEMPLATES } from '../../core/notify/templates';
import type { LocalCloud } from '../../local/cloud';
import { openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
const VILLAGER = 'villager-opinion-page';
const DEPUTY = 'demo-deputy-1';

/** Signs in as `openid`; the user accepts every subscription asked for. */
const as = (openid: string) => signInAs(cloud, openid);

beforeAll(async () => {
  cloud = await startPageCloud();
  as(VILLAGER);
});
afterAll(() => cloud.stop());

const opinions = () =>
  [...cloud.store.entries('opinions').values()].map((e) => e.doc as Record<string, unknown>);

describe('opinion pages', () => {
  let opinionId = '';

  it('lets a villager file an opinion from the station page', async () => {
    const station = await openPage('pages/station/index', { code: 'JG01' });
    // the public-answers component renders inside the station page
    await new Promise((r) => setTimeout(r, 50));
    expect(station.text()).toContain('我要提意见建议');

    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    expect(form.text()).toContain('金鼓村');
    expect(form.text()).toContain('道路交通');
    await form.call('submit');
    expect(form.data.formError).toBe('请选择您所在的村');

    await form.call('pickVillage', tap('jingu'));
    await form.call('pickCategory', tap('road'));
    expect(form.data.limitsText).toBe('2个工作日内受理，10个工作日内答复');
    expect(form.text()).toContain('2个工作日内受理，10个工作日内答复');
    await form.call('onText', typed('村口的路灯坏了一个月，晚上走路看不见'));
    await form.call('onName', typed('张大爷'));
    await form.call('onPhone', typed('13912340000'));
    await form.call('submit');

    expect(form.data.formError).toBe('');
    const done = form.data.done as { id: string; held: boolean };
    expect(done.held).toBe(false);
    expect(form.text()).toContain('提交成功');
    expect(wxCalls).toContainEqual({
      api: 'requestSubscribeMessage',
      args: { tmplIds: [TEMPLATES.opinionProgress.id] },
    });
    opinionId = done.id;
    const stored = cloud.store.get('opinions', opinionId)?.doc as Record<string, unknown>;
    expect(stored).toMatchObject({
      villagerOpenid: VILLAGER,
      status: 'assigned',
      owner: { kind: 'deputies', deputyIds: ['d01'] },
      contact: { name: '张大爷', phone: '13912340000' },
    });
  });

  it('shows similar cases before sending, and a second villager can follow instead', async () => {
    as('villager-opinion-page-2');
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    await form.call('pickVillage', tap('jingu'));
    await form.call('pickCategory', tap('road'));
    await form.call('onText', typed('村口路灯坏了好几天了'));
    const before = opinions().length;
    await form.call('submit');
    expect(form.text()).toContain('这些问题已经有人反映过');
    expect(form.text()).toContain('1位村民反映过');
    await form.call('follow', tap(opinionId));
    expect(form.text()).toContain('2位村民反映过');
    expect(opinions()).toHaveLength(before);
    as(VILLAGER);
  });

  it('lets the deputy accept, answer and resolve from the deputy pages', async () => {
    as(DEPUTY);
    const inbox = await openPage('subpackages/deputy/pages/inbox/index');
    expect(inbox.text()).toContain('村口的路灯坏了');
    await inbox.call('open', tap(opinionId));
    expect(wxCalls).toContainEqual({
      api: 'navigateTo',
      args: { url: `/subpackages/deputy/pages/case/index?id=${opinionId}` },
    });

    const page = await openPage('subpackages/deputy/pages/case/index', { id: opinionId });
    expect(page.text()).toContain('覆盖金鼓村 · 道路交通');
    expect(page.text()).toContain('13912340000');
    expect(page.text()).toContain('受理');
    await page.call('accept');
    expect((page.data.view as { status: string }).status).toBe('accepted');

    await page.call('startMode', { currentTarget: { dataset: { mode: 'reply' } } });
    await page.call('confirm');
    expect(page.data.formError).toBe('请填写答复内容');
    await page.call('onAnswer', typed('已联系电工，明天更换路灯'));
    await page.call('confirm');
    expect((page.data.view as { status: string }).status).toBe('replied');

    await page.call('startMode', { currentTarget: { dataset: { mode: 'resolve' } } });
    await page.call('confirm');
    expect((page.data.view as { status: string }).status).toBe('resolved');
    expect(page.text()).toContain('已联系电工，明天更换路灯');
    as(VILLAGER);
  });

  it('lets the villager read the plain-words timeline and rate the answer', async () => {
    as(VILLAGER);
    const mine = await openPage('pages/opinions/index');
    expect(mine.text()).toContain('请评价');

    const page = await openPage('pages/opinions/case', { id: opinionId });
    expect(page.text()).toContain('代表已受理');
    expect(page.text()).toContain('代表已答复：已联系电工，明天更换路灯');
    expect(page.text()).toContain('139****0000');
    expect(page.text()).not.toContain('13912340000');
    await page.call('rate');
    expect(page.data.formError).toBe('请选择满意、基本满意或不满意');
    await page.call('pickRating', { currentTarget: { dataset: { value: 'satisfied' } } });
    await page.call('onComment', typed('修得很快'));
    await page.call('rate');
    expect(page.data.rated).toBe('满意');
    expect(page.text()).toContain('您的评价：满意，此件已办结');
    expect(cloud.store.get('opinions', opinionId)?.doc).toMatchObject({
      status: 'closed',
      outcome: 'satisfied',
    });
  });

  it('shows the consented answer on the station page without identity', async () => {
    as('passer-by-page');
    const station = await openPage('pages/station/index', { code: 'JG01' });
    await new Promise((r) => setTimeout(r, 100));
    expect(station.text()).toContain('群众意见答复');
    expect(station.text()).toContain('已联系电工，明天更换路灯');
    expect(station.text()).not.toContain('张大爷');
    expect(station.text()).not.toContain('1391234');
  });
});
