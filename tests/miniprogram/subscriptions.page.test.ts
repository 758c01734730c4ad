/**
 * Issue 12 §8: WeChat shows the subscription dialog only from a tap gesture, so on every tap that asks,
 * `wx.requestSubscribeMessage` is the FIRST wx call, made before the handler awaits anything (the tap
 * is checked synchronously, before the handler's promise is awaited). Deputies and the presidium are
 * asked for the new-case and deadline messages (opinionAssigned, opinionDeadline) where they work on
 * cases: the deputy's inbox and each case action, the presidium's dashboard. On the opinion form the
 * first tap asks before it looks for similar cases, and 仍然提交 asks before the privacy consent.
 */
import { TEMPLATES } from '../../core/notify/templates';
import type { LocalCloud } from '../../local/cloud';
import { openPage, type RenderedPage } from './support/page-harness';
import { signInAs, startPageCloud, tap, typed } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startPageCloud();
});
afterAll(() => cloud.stop());

const HANDLER_TEMPLATES = [TEMPLATES.opinionAssigned.id, TEMPLATES.opinionDeadline.id];

/**
 * Taps `method` and answers the wx calls it made, in order, and those it made before its first await
 * (synchronously, still inside the gesture).
 */
async function tapAndRecord(page: RenderedPage, method: string, ...args: unknown[]) {
  const w = wx as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>();
  const calls: { api: string; args: unknown }[] = [];
  for (const key of Object.keys(w)) {
    const f = w[key];
    if (typeof f !== 'function') continue;
    saved.set(key, f);
    w[key] = (...a: unknown[]) => {
      calls.push({ api: key, args: a[0] });
      return (f as (...x: unknown[]) => unknown).apply(w, a);
    };
  }
  try {
    const running = page.call(method, ...args);
    const inGesture = calls.map((c) => c.api);
    await running;
    return { calls, inGesture };
  } finally {
    for (const [k, f] of saved) w[k] = f;
  }
}

function expectAskedFirst(
  rec: { calls: { api: string; args: unknown }[]; inGesture: string[] },
  ids: string[],
) {
  expect(rec.inGesture[0]).toBe('requestSubscribeMessage');
  expect(rec.calls[0]).toEqual({
    api: 'requestSubscribeMessage',
    args: expect.objectContaining({ tmplIds: ids }),
  });
}

const fileCase = async (openid: string, text: string) => {
  const res = await cloud.invoke<{ ok: boolean; data: { id: string } }>(
    'opinion',
    {
      action: 'submit',
      requestId: `sub-${openid}-${text.length}`,
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      anonymous: false,
      consentToPublish: false,
      text,
    },
    { openid },
  );
  return res.data.id;
};

describe('the opinion form asks from the tap, before anything is awaited', () => {
  it('提交 asks first, then looks for similar cases; 仍然提交 and 一起关注 ask first too', async () => {
    await fileCase('villager-sub-1', '村口的路灯坏了一个月，晚上走路看不见');
    signInAs(cloud, 'villager-sub-2');
    const form = await openPage('pages/opinion/index', { code: 'JG01' });
    await form.call('pickVillage', tap('jingu'));
    await form.call('pickCategory', tap('road'));
    await form.call('onText', typed('村口路灯坏了好几天了'));
    await form.call('onName', typed('李大妈'));

    const first = await tapAndRecord(form, 'submit');
    expectAskedFirst(first, [TEMPLATES.opinionProgress.id]);
    // The similar-cases call came after the request.
    expect(first.calls.findIndex((c) => c.api === 'request')).toBeGreaterThan(0);
    expect(form.text()).toContain('这些问题已经有人反映过');

    const again = await tapAndRecord(form, 'send');
    expectAskedFirst(again, [TEMPLATES.opinionProgress.id]);
    expect(form.data.done).toBeTruthy();

    signInAs(cloud, 'villager-sub-3');
    const other = await openPage('pages/opinion/index', { code: 'JG01' });
    await other.call('pickVillage', tap('jingu'));
    await other.call('pickCategory', tap('road'));
    await other.call('onText', typed('村口路灯坏了好几天了'));
    await other.call('submit');
    const similar = other.data.similar as { id: string }[];
    expect(similar.length).toBeGreaterThan(0);
    const follow = await tapAndRecord(other, 'follow', tap(similar[0].id));
    expectAskedFirst(follow, [TEMPLATES.opinionProgress.id]);
  });
});

describe('deputies are asked for new-case and deadline messages where they work', () => {
  let caseId = '';
  beforeAll(async () => {
    caseId = await fileCase('villager-sub-4', '金鼓村小学门口的水沟盖板坏了，孩子上学不安全');
    signInAs(cloud, 'demo-deputy-1');
  });

  it('on the inbox: the 接收提醒 button and opening a case ask first', async () => {
    const inbox = await openPage('subpackages/deputy/pages/inbox/index');
    expect(inbox.text()).toContain('接收新意见和期限提醒');
    expectAskedFirst(await tapAndRecord(inbox, 'subscribe'), HANDLER_TEMPLATES);
    const open = await tapAndRecord(inbox, 'open', tap(caseId));
    expectAskedFirst(open, HANDLER_TEMPLATES);
    expect(open.calls.map((c) => c.api)).toContain('navigateTo');
    // Accepted in the dialog: the local cloud holds the grants, so the next new case reaches the deputy.
    // (the page grants them locally with a request it does not wait for).
    const granted = () => cloud.openapi.grantsLeft('demo-deputy-1', TEMPLATES.opinionAssigned.id);
    for (let i = 0; i < 50 && granted() === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(granted()).toBeGreaterThan(0);
  });

  it('each case action (受理, 答复) asks first', async () => {
    const page = await openPage('subpackages/deputy/pages/case/index', { id: caseId });
    expectAskedFirst(await tapAndRecord(page, 'accept'), HANDLER_TEMPLATES);
    expect(page.data.view).toMatchObject({ status: 'accepted' });
    await page.call('startMode', { currentTarget: { dataset: { mode: 'reply' } } });
    // Nothing to send yet: no dialog, the form says what is missing.
    const empty = await tapAndRecord(page, 'confirm');
    expect(empty.calls.map((c) => c.api)).not.toContain('requestSubscribeMessage');
    expect(page.data.formError).toBe('请填写答复内容');
    await page.call('onAnswer', typed('已联系村委会，本周内更换盖板'));
    expectAskedFirst(await tapAndRecord(page, 'confirm'), HANDLER_TEMPLATES);
    expect(page.data.view).toMatchObject({ status: 'replied' });
  });
});

describe('无需答复 on the deputy case page', () => {
  it("records the villager's word, asks first, and closes the case", async () => {
    const id = await fileCase('villager-sub-6', '金鼓村文化广场的路灯有一盏不亮了');
    signInAs(cloud, 'demo-deputy-1');
    const page = await openPage('subpackages/deputy/pages/case/index', { id });
    expect(page.text()).toContain('群众表示无需答复');
    await page.call('startMode', { currentTarget: { dataset: { mode: 'noReply' } } });
    const empty = await tapAndRecord(page, 'confirm');
    expect(empty.calls.map((c) => c.api)).not.toContain('requestSubscribeMessage');
    expect(page.data.formError).toBe('请记下群众的原话');
    await page.call('onReason', typed('村民电话里说已经修好了，不用答复'));
    expectAskedFirst(await tapAndRecord(page, 'confirm'), HANDLER_TEMPLATES);
    expect(page.data.view).toMatchObject({ status: 'closed' });
  });
});

describe('the presidium is asked on the dashboard', () => {
  it('the 接收提醒 button and a figure tile ask first; cases whose owner cannot act are listed', async () => {
    const stuck = await fileCase('villager-sub-5', '新民村到金鼓村的便道塌了一段，需要修补');
    const reassigned = await cloud.invoke<{ ok: boolean }>(
      'admin',
      { action: 'reassign', id: stuck, deputyIds: ['d05'], reason: '陈桂兰熟悉这段便道' },
      { openid: 'demo-presidium' },
    );
    expect(reassigned.ok).toBe(true);
    signInAs(cloud, 'demo-presidium');
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    expect(page.text()).toContain('负责代表无法办理');
    expect(page.text()).toContain('陈桂兰未绑定微信');
    const opened = await tapAndRecord(page, 'openCase', { currentTarget: { dataset: { id: stuck } } });
    expect(opened.calls[0]).toEqual({
      api: 'navigateTo',
      args: { url: `/subpackages/presidium/pages/case/index?id=${stuck}` },
    });
    expect(page.text()).toContain('接收待分办和超期提醒');
    expectAskedFirst(await tapAndRecord(page, 'subscribe'), HANDLER_TEMPLATES);
    const tile = await tapAndRecord(page, 'openCases', {
      currentTarget: { dataset: { url: '/subpackages/presidium/pages/supervision/index?bucket=queue' } },
    });
    expectAskedFirst(tile, HANDLER_TEMPLATES);
    expect(tile.calls.map((c) => c.api)).toContain('navigateTo');
  });
});
