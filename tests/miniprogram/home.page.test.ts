/**
 * The home page is role-aware: a villager sees the doors everyone has and none of the staff's; a
 * deputy, a station admin and the presidium each see their own work; a villager with an invite code
 * binds here and then sees the deputy's doors.
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { connectWx, openPage, wxCalls, type RenderedPage, requestsSettled } from './support/page-harness';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: null });
  seedDemoTownshipOnce(cloud.store, new Date());
});

afterAll(async () => {
  await requestsSettled(); // requests pages sent without awaiting them
  await cloud.stop();
});

/**
 * The doors rendered on the page, by class (simulate does not keep a navigator's url attribute; the
 * navigation test checks the urls in the wxml).
 */
function links(page: RenderedPage): string[] {
  return Array.from(page.root.dom!.querySelectorAll('.main--entry')).map((n) =>
    Array.from(n.classList)
      .find((c) => c.endsWith('-link'))!
      .replace(/^main--/, ''),
  );
}

const EVERYONE = ['bookings-link', 'opinions-link', 'articles-link'];
const DEPUTY = ['deputy-inbox-link', 'deputy-records-link', 'deputy-notice-link'];

async function homeAs(openid: string): Promise<RenderedPage> {
  connectWx(cloud.url, openid);
  return openPage('pages/home/index');
}

describe('home page', () => {
  describe('when a villager opens it', () => {
    it('shows the stations and the doors everyone has, and no staff door', async () => {
      const page = await homeAs('demo-villager');
      const text = page.text();
      expect(text).toContain('本乡的联络站（3个）');
      expect(links(page)).toEqual(EVERYONE);
      for (const label of ['代表待办', '履职登记', '公示确认', '接待日工作台', '主席团工作台'])
        expect(text).not.toContain(label);
      expect(text).toContain('我是代表/工作人员，输入邀请码');
    });
  });

  describe('when a deputy opens it', () => {
    it('shows the deputy their inbox, duty records and notice confirmation, greeted by name', async () => {
      const page = await homeAs('demo-deputy-1');
      const text = page.text();
      expect(text).toContain('您好，王建国');
      expect(links(page)).toEqual([...DEPUTY, ...EVERYONE]);
      expect(text).not.toContain('主席团工作台');
      expect(text).not.toContain('输入邀请码');
    });
  });

  describe('when the station admin opens it', () => {
    it("opens the reception desk of the admin's own station", async () => {
      const page = await homeAs('demo-station-admin');
      expect(page.text()).toContain('接待日工作台');
      expect(links(page)).toEqual(['desk-link', ...EVERYONE]);
      await page.call('openDesk');
      expect(wxCalls.at(-1)).toEqual({
        api: 'navigateTo',
        args: { url: '/subpackages/station-admin/pages/days/index?code=JG01' },
      });
    });
  });

  describe('when the presidium opens it', () => {
    it('shows the workbench and not the deputy doors', async () => {
      const page = await homeAs('demo-presidium');
      expect(page.text()).toContain('主席团工作台');
      expect(links(page)).toEqual(['presidium-link', ...EVERYONE]);
      await page.call('openPresidium');
      expect(wxCalls.at(-1)).toEqual({
        api: 'navigateTo',
        args: { url: '/subpackages/presidium/pages/dashboard/index' },
      });
    });
  });

  describe('when a deputy binds with an invite code', () => {
    it('refuses a wrong code in plain words, then binds and shows the deputy doors', async () => {
      const invite = await cloud.invoke<{ ok: boolean; data: { code: string } }>(
        'account',
        { action: 'createInvite', role: 'deputy', name: '张明', deputyId: 'd03' },
        { openid: 'demo-presidium' },
      );
      expect(invite.ok).toBe(true);

      const page = await homeAs('new-deputy-zhangming');
      await page.call('toggleInvite');
      await page.call('redeemInvite');
      expect(page.data.inviteError).toBe('请输入主席团给您的邀请码');
      await page.call('onInviteCode', { detail: { value: 'WRONG123' } });
      await page.call('redeemInvite');
      expect(page.data.inviteError).toBe('邀请码不正确，请核对后重新输入');
      expect(page.text()).toContain('邀请码不正确，请核对后重新输入');
      expect(links(page)).toEqual(EVERYONE);

      await page.call('onInviteCode', { detail: { value: invite.data.code } });
      await page.call('redeemInvite');
      expect(page.data.inviteError).toBe('');
      expect(links(page)).toEqual([...DEPUTY, ...EVERYONE]);
      expect(page.text()).toContain('您好，张明');
      expect(cloud.store.get('users', 'new-deputy-zhangming')?.doc).toMatchObject({
        role: 'deputy',
        deputyId: 'd03',
      });
    });
  });

  describe('when a developer switches persona on the local cloud', () => {
    it('shows the home page as the picked demo persona sees it', async () => {
      const page = await homeAs('demo-villager');
      expect(page.text()).toContain('开发调试（本地云）');
      expect(links(page)).toEqual(EVERYONE);
      await page.call('pickPersona', { currentTarget: { dataset: { openid: 'demo-deputy-2' } } });
      expect(page.data.devOpenid).toBe('demo-deputy-2');
      expect(page.text()).toContain('您好，李秀英');
      expect(links(page)).toEqual([...DEPUTY, ...EVERYONE]);
    });
  });
});
