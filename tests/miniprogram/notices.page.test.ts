/**
 * Issue 12 §4 on the presidium's notices page: for each deputy of a draft notice who never bound WeChat,
 * 记录纸质/电话确认 opens a form (纸质/电话 + reason) that saves through duty.recordConfirmation, and the row
 * then shows the recorded confirmation. A failed load shows why (page-state), never an empty list.
 */
import type { LocalCloud } from '../../local/cloud';
import { openPage } from './support/page-harness';
import { signInAs, startPageCloud } from './support/page-cloud';

jest.setTimeout(30_000);

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startPageCloud();
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const tapData = (dataset: Record<string, string>) => ({ currentTarget: { dataset } });
const typed = (value: string) => ({ detail: { value } });

type Row = {
  id: string;
  stationCode: string;
  deputyAnswers: {
    deputyId: string;
    deputyName: string;
    canRecord: boolean;
    recorded: string | null;
    bound: boolean;
  }[];
};

describe('记录纸质/电话确认 on the presidium notices page', () => {
  it('records an unbound deputy’s phone confirmation with a reason, then shows it as recorded', async () => {
    signInAs(cloud, PRESIDIUM);
    let page = await openPage('subpackages/presidium/pages/notices/index');
    const periodId = (page.data.periods as { id: string }[])[0].id;
    const drafted = await cloud.invoke<{ ok: boolean }>(
      'duty',
      { action: 'draftNotice', stationCode: 'JG02', periodId },
      { openid: PRESIDIUM },
    );
    expect(drafted.ok).toBe(true);
    page = await openPage('subpackages/presidium/pages/notices/index');
    const notice = (page.data.notices as Row[]).find((n) => n.stationCode === 'JG02')!;
    const unbound = notice.deputyAnswers.find((d) => d.canRecord)!;
    expect(unbound.bound).toBe(false);
    expect(page.text()).toContain('记录纸质/电话确认');
    expect(page.text()).toContain(`${unbound.deputyName}：未答复（未绑定微信）`);

    await page.call('openConfirm', tapData({ id: notice.id, deputy: unbound.deputyId }));
    await page.call('sendConfirm');
    expect(page.text()).toContain('请选择纸质确认或电话确认');
    await page.call('pickChannel', tapData({ value: 'phone' }));
    await page.call('sendConfirm');
    expect(page.text()).toContain('请写明原因');
    await page.call('typeReason', typed('代表未绑定微信，11月20日已电话确认'));
    await page.call('sendConfirm');

    const after = (page.data.notices as Row[]).find((n) => n.id === notice.id)!;
    const row = after.deputyAnswers.find((d) => d.deputyId === unbound.deputyId)!;
    expect(row).toMatchObject({
      canRecord: false,
      recorded: '主席团代录·电话确认：代表未绑定微信，11月20日已电话确认',
    });
    expect(page.text()).toContain('主席团代录·电话确认：代表未绑定微信，11月20日已电话确认');
    expect(page.data.confirmFor).toBe('');
    // Saved on the server: the notice counts it as the deputy's confirmation.
    const stored = cloud.store.get('disclosureNotices', notice.id)?.doc as unknown as {
      responses: { deputyId: string; recorded?: { channel: string } }[];
    };
    expect(stored.responses.find((r) => r.deputyId === unbound.deputyId)?.recorded?.channel).toBe('phone');
  });

  it('a failed load shows the reason, not an empty list', async () => {
    signInAs(cloud, 'v-not-presidium');
    const page = await openPage('subpackages/presidium/pages/notices/index');
    expect(page.data.errorMessage).not.toBe('');
    expect(page.text()).not.toContain('这个公示期还没有公示');
  });
});

describe('the presidium evaluations page', () => {
  it('a failed load (no network) shows why with 重新加载, not an empty list; reloading shows the list', async () => {
    signInAs(cloud, PRESIDIUM);
    const w = wx as unknown as Record<string, unknown>;
    const request = w.request;
    w.request = (o: WechatMiniprogram.RequestOption) => {
      if (String(o.url).includes('/functions/duty')) o.fail?.({ errMsg: 'request:fail', errno: 0 } as never);
      else (request as (x: unknown) => unknown)(o);
    };
    let page;
    try {
      page = await openPage('subpackages/presidium/pages/evaluations/index');
      expect(page.data.errorMessage).not.toBe('');
      expect(page.text()).toContain('重新加载');
      expect(page.text()).not.toContain('本站还没有安排述职测评');
    } finally {
      w.request = request;
    }
    await page.call('load');
    expect(page.data.errorMessage).toBe('');
    expect(page.text()).toContain('安排述职测评');
  });
});
