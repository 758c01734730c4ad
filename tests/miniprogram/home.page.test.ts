/**
 * The home page is role-aware: a villager sees the doors everyone has and none of the staff's; a
 * deputy, a station admin and the presidium each see their own work; a villager with an invite code
 * binds here and then sees the deputy's doors. In the demo county of two townships a villager who has
 * chosen none is asked 选择您所在的乡镇 first; staff bound in one township are shown theirs; a deputy
 * bound in two switches between them.
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { inDemoTownship } from './support/page-cloud';
import { PERSONAS, seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { storedIdIn } from '../../local/township-writes';
import {
  TEST_TOWNSHIP,
  connectWx,
  openPage,
  stored,
  wxCalls,
  type RenderedPage,
  requestsSettled,
} from './support/page-harness';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
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

const EVERYONE = ['bookings-link', 'opinions-link', 'articles-link', 'projects-link', 'candidates-link'];
const DEPUTY = [
  'deputy-inbox-link',
  'deputy-records-link',
  'deputy-notice-link',
  'deputy-activities-link',
  'deputy-contacts-link',
  'deputy-suggestions-link',
  'deputy-inspections-link',
  'deputy-congress-link',
];

async function homeAs(
  openid: string,
  township: { id: string; name: string } | null = TEST_TOWNSHIP,
  query: Record<string, string> = {},
): Promise<RenderedPage> {
  connectWx(cloud.url, openid, township);
  return openPage('pages/home/index', query);
}

/** The township buttons of 选择乡镇, as shown. */
function townshipChoices(page: RenderedPage): string[] {
  return Array.from(page.root.dom!.querySelectorAll('.main--township-name')).map((n) =>
    (n.textContent ?? '').trim(),
  );
}

/** The station names listed. */
function stationNames(page: RenderedPage): string[] {
  return (page.data.stations as { name: string }[]).map((s) => s.name);
}

const pick = (id: string, name = '') => ({ currentTarget: { dataset: { id, name } } });

describe('home page', () => {
  describe('when a villager opens it', () => {
    it('shows the stations and the doors everyone has, and no staff door', async () => {
      const page = await homeAs('demo-villager');
      const text = page.text();
      expect(text).toContain('金鼓乡的联络站（3个）');
      expect(text).toContain('切换乡镇');
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
      expect(links(page)).toEqual(['presidium-link', 'presidium-suggestions-link', ...EVERYONE]);
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
      expect(
        cloud.store.get('users', storedIdIn('jingu', 'users', 'new-deputy-zhangming'))?.doc,
      ).toMatchObject({
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

  describe('when a villager has chosen no township yet', () => {
    it('asks 选择您所在的乡镇 first, then lists the stations of the township picked', async () => {
      const page = await homeAs(PERSONAS.villager, null);
      expect(page.text()).toContain('选择您所在的乡镇');
      expect(townshipChoices(page)).toEqual(['金鼓乡', '青山镇']);
      expect(page.data.stations).toEqual([]);
      expect(page.text()).not.toContain('的联络站（');

      await page.call('pickTownship', pick('qingshan'));
      expect(stored('townshipId')).toBe('qingshan');
      expect(page.text()).not.toContain('选择您所在的乡镇');
      expect(page.text()).toContain('青山镇的联络站（2个）');
      expect(stationNames(page)).toEqual(['青山镇人大代表之家', '东岭代表联络站']);
      expect(links(page)).toEqual(EVERYONE);
    });

    it('keeps the choice: the next visit opens on that township, and 切换乡镇 changes it', async () => {
      const page = await homeAs(PERSONAS.villager, { id: 'qingshan', name: '青山镇' });
      expect(page.text()).toContain('青山镇的联络站（2个）');

      await page.call('switchTownship');
      expect(page.text()).toContain('选择您所在的乡镇');
      expect(page.text()).toContain('现在看的是这里');
      await page.call('pickTownship', pick('jingu'));
      expect(stored('townshipId')).toBe('jingu');
      expect(page.text()).toContain('金鼓乡的联络站（3个）');
      expect(stationNames(page)).toHaveLength(3);
    });

    it('opens on the township a message link names (t=)', async () => {
      const page = await homeAs(PERSONAS.villager, null, { t: 'qingshan' });
      expect(stored('townshipId')).toBe('qingshan');
      expect(page.text()).toContain('青山镇的联络站（2个）');
    });
  });

  describe('when staff bound in one township open it with none chosen', () => {
    it("shows their own township and work without asking (青山镇's presidium)", async () => {
      const page = await homeAs(PERSONAS.presidiumQs, null);
      expect(page.text()).not.toContain('选择您所在的乡镇');
      expect(stored('townshipId')).toBe('qingshan');
      expect(page.text()).toContain('青山镇的联络站（2个）');
      expect(links(page)).toEqual(['presidium-link', 'presidium-suggestions-link', ...EVERYONE]);
    });
  });

  describe('when county staff open it with no township chosen', () => {
    it('shows their 各乡镇情况 door above the choice of township', async () => {
      const page = await homeAs(PERSONAS.county, null);
      expect(page.text()).toContain('各乡镇情况');
      expect(page.text()).toContain('选择您所在的乡镇');
      expect(townshipChoices(page)).toEqual(['金鼓乡', '青山镇']);
      expect(links(page)).toEqual(['county-link']);
    });
  });

  describe('when a deputy bound in two townships opens it', () => {
    it('offers 切换乡镇 to the other township, where the deputy works as its deputy', async () => {
      const page = await homeAs(PERSONAS.deputy1);
      expect(links(page)).toEqual([...DEPUTY, ...EVERYONE]);
      expect(page.text()).toContain('切换乡镇：到青山镇');
      expect(page.text()).toContain('您在青山镇是人大代表');

      await page.call('pickTownship', pick('qingshan', '青山镇'));
      expect(stored('townshipId')).toBe('qingshan');
      expect(page.text()).toContain('青山镇的联络站（2个）');
      expect(page.text()).toContain('您好，王建国');
      expect(links(page)).toEqual([...DEPUTY, ...EVERYONE]);
      expect(page.text()).toContain('切换乡镇：到金鼓乡');
      expect(page.text()).not.toContain('切换乡镇：到青山镇');
    });
  });
});
