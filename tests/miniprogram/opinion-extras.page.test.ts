/**
 * Issue 12 §9–10 on real pages against a real local cloud: the deputy's answer box with 常用答复 (save
 * the answer as one, pick it, edit, send; delete), the villager's case page (答复期限, 承办代表, 隐藏我的
 * 姓名), a follower's 还没解决, and the form's 匿名 clearing the contact with a line saying why.
 */
import type { LocalCloud } from '../../local/cloud';
import { openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
const VILLAGER = 'villager-extras-page';
const FOLLOWER = 'neighbour-extras-page';
const DEPUTY = 'demo-deputy-1';
const as = (openid: string) => signInAs(cloud, openid);

beforeAll(async () => {
  cloud = await startPageCloud();
  // The confirm dialog (改为匿名？) answers yes.
  (wx as unknown as Record<string, unknown>).showModal = (o: WechatMiniprogram.ShowModalOption) => {
    wxCalls.push({ api: 'showModal', args: { title: o.title } });
    o.success?.({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never);
  };
});
afterAll(() => cloud.stop());

const opinion = (id: string) => cloud.store.get('opinions', id)?.doc as Record<string, unknown>;

describe('the form: 匿名 clears the contact and says why', () => {
  it('hides and empties the name and phone', async () => {
    as(VILLAGER);
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    await form.call('onName', typed('张大爷'));
    await form.call('onPhone', typed('13912340000'));
    await form.call('onAnonymous', { detail: { value: true } });
    expect(form.data).toMatchObject({ anonymous: true, name: '', phone: '' });
    expect(form.text()).toContain('匿名提交时不留联系方式，代表无法回电');
    expect(form.text()).not.toContain('称呼和电话');
  });
});

describe('a case through the pages', () => {
  let id = '';

  it('the villager files a named case', async () => {
    as(VILLAGER);
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    await form.call('pickVillage', tap('jingu'));
    await form.call('pickCategory', tap('road'));
    await form.call('onText', typed('村口到小学的路灯坏了两盏，晚上看不清'));
    await form.call('onName', typed('孙大姐'));
    await form.call('onPhone', typed('13912348888'));
    await form.call('submit');
    id = (form.data.done as { id: string }).id;
    expect(opinion(id).contact).toEqual({ name: '孙大姐', phone: '13912348888' });
  });

  it('the villager’s case page shows 答复期限 and 承办代表', async () => {
    as(VILLAGER);
    const page = await openPage('pages/opinions/case', { id });
    expect(page.text()).toMatch(/答复期限：\d{4}-\d\d-\d\d前/);
    expect(page.text()).toMatch(/承办代表：\S+代表/);
    expect(page.data.canHideName).toBe(true);
  });

  it('the deputy saves an answer as 常用答复, picks it, edits it and sends it', async () => {
    as(DEPUTY);
    const page = await openPage('subpackages/deputy/pages/case/index', { id });
    await page.call('accept');
    await page.call('startMode', { currentTarget: { dataset: { mode: 'reply' } } });
    expect(page.text()).toContain('还没有常用答复');
    await page.call('onAnswer', typed('已联系乡供电所，三个工作日内修好。'));
    await page.call('onTemplateTitle', typed('路灯维修'));
    await page.call('saveTemplate', { currentTarget: { dataset: {} } });
    expect(page.data.templateMessage).toBe('已存为常用答复');
    expect(page.text()).toContain('路灯维修');

    await page.call('onAnswer', typed(''));
    const [template] = page.data.templates as { id: string }[];
    await page.call('pickTemplate', tap(template.id));
    expect(page.data.answer).toBe('已联系乡供电所，三个工作日内修好。');
    await page.call('onAnswer', typed('已联系乡供电所，三个工作日内修好村口两盏路灯。'));
    await page.call('confirm');
    expect(page.data.formError).toBe('');
    expect(opinion(id)).toMatchObject({
      status: 'replied',
      answer: '已联系乡供电所，三个工作日内修好村口两盏路灯。',
    });
  });

  it('the deputy deletes the template in 管理常用答复', async () => {
    as(DEPUTY);
    const page = await openPage('subpackages/deputy/pages/case/index', { id });
    // The case is answered (no answer box now): the page's own loader fills 管理常用答复.
    await page.call('loadTemplates');
    await page.call('toggleManage');
    const [template] = page.data.templates as { id: string }[];
    await page.call('deleteTemplate', tap(template.id));
    expect(page.data.templates).toEqual([]);
    expect(page.data.templateMessage).toBe('已删除');
  });

  it('a follower says 还没解决 once; the case is not reopened', async () => {
    as(FOLLOWER);
    const station = await openPage('pages/opinion/index', { code: 'JG01' });
    expect(station.data).toBeDefined();
    await station.call('follow', tap(id));
    const page = await openPage('pages/opinions/case', { id });
    expect(page.text()).toContain('有群众提交了这条意见');
    expect(page.data.canSayNotResolved).toBe(true);
    await page.call('onNotResolvedNote', typed('还是只亮了一盏'));
    await page.call('sayNotResolved');
    expect(page.data).toMatchObject({ canSayNotResolved: false, saidNotResolved: true, formError: '' });
    expect(page.text()).toContain('您已反馈“还没解决”');
    expect(opinion(id)).toMatchObject({ status: 'replied', notResolvedBy: [FOLLOWER] });

    // The presidium's case page shows it, with the note.
    as('demo-presidium');
    const presidium = await openPage('subpackages/presidium/pages/case/index', { id });
    expect(presidium.text()).toContain('1位关注的群众反馈：还没解决');
    expect(presidium.text()).toContain('还是只亮了一盏');
  });

  it('the villager hides their name: asked first, the contact gone', async () => {
    as(VILLAGER);
    const page = await openPage('pages/opinions/case', { id });
    await page.call('hideName');
    expect(wxCalls).toContainEqual({ api: 'showModal', args: { title: '改为匿名？' } });
    expect(page.data.canHideName).toBe(false);
    expect(page.text()).toContain('您已隐藏姓名，此件改为匿名办理');
    expect(opinion(id).anonymous).toBe(true);
    expect(opinion(id).contact).toBeUndefined();
  });
});
