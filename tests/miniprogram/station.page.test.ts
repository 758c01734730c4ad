/**
 * The first villager path: scan a station's QR code → the station page, rendered from real
 * local-cloud data (page → api → function → store).
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { inDemoTownship } from './support/page-cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { connectWx, openPage, stored, wxCalls, requestsSettled } from './support/page-harness';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
  seedDemoTownshipOnce(cloud.store, new Date());
  connectWx(cloud.url, 'villager-openid-001');
});

afterAll(async () => {
  await requestsSettled(); // requests pages sent without awaiting them
  await cloud.stop();
});

describe('station page', () => {
  describe('when a villager scans JG01', () => {
    it('shows the station, its villages, its deputies with masked phones and the next reception days', async () => {
      const page = await openPage('pages/station/index', { scene: encodeURIComponent('JG01') });
      const text = page.text();
      expect(text).toContain('金鼓乡人大代表之家');
      expect(text).toContain('金鼓乡人民政府二楼');
      expect(text).toContain('金鼓村');
      expect(text).toContain('王建国');
      expect(text).toContain('县（区）人大代表');
      expect(text).toContain('138****1001');
      expect(text).not.toContain('13890001001');
      expect(text).toContain('牵头代表');
      expect(text).toMatch(/\d+月\d+日 周五 14:30-17:00/);
      expect(text).toContain('还剩10个名额');
      expect(wxCalls).toContainEqual({ api: 'setNavigationBarTitle', args: { title: '金鼓乡人大代表之家' } });
    });
  });

  describe('when an elderly villager reads it from the top', () => {
    it('puts leaving an opinion and booking first, then the deputies, the answers and the notice, staff last', async () => {
      const page = await openPage('pages/station/index', { code: 'JG01' });
      await new Promise((r) => setTimeout(r, 200));
      const text = page.text();
      const order = [
        '我要提意见建议',
        '我的意见建议',
        '近期接待日',
        '预约接待',
        '我的预约',
        '本站代表',
        '代表履职公示',
        '关于本站',
      ];
      const at = order.map((label) => text.indexOf(label));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // one of each button, not two from two sections
      for (const label of ['我的预约', '我要提意见建议', '我的意见建议'])
        expect(text.split(label).length - 1).toBe(1);
    });
  });

  describe('when the code is unknown', () => {
    it('shows a clear error, not a blank page', async () => {
      const page = await openPage('pages/station/index', { scene: 'ZZ99' });
      expect(page.data.errorCode).toBe('STATION_NOT_FOUND');
      expect(page.text()).toContain('没有找到这个联络站，请确认二维码是否正确');
      expect(page.text()).toContain('查看全部联络站');
    });
  });

  describe('when a day has unlimited places', () => {
    it('says so in plain words', async () => {
      const page = await openPage('pages/station/index', { code: 'JG02' });
      expect(page.text()).toContain('不限名额');
    });
  });
});

describe('home page', () => {
  it('lists the township stations with their villages', async () => {
    const page = await openPage('pages/home/index');
    const text = page.text();
    expect(text).toContain('金鼓乡的联络站（3个）');
    expect(text).toContain('白果代表联络站');
    expect(text).toContain('河坝村');
  });

  describe("when the station's code belongs to another township than the one shown", () => {
    afterAll(() => connectWx(cloud.url, 'villager-openid-001'));

    it('opens it in its own township (青山镇) and shows that township from then on', async () => {
      connectWx(cloud.url, 'villager-openid-001'); // 金鼓乡 chosen
      const page = await openPage('pages/station/index', { scene: encodeURIComponent('QS01') });
      expect(page.data.errorMessage).toBe('');
      expect(page.text()).toContain('青山镇人大代表之家');
      expect(page.text()).toContain('代表履职公示');
      expect(stored('townshipId')).toBe('qingshan');
      expect(stored('townshipName')).toBe('青山镇');
    });

    it('opens a first scan with no township chosen yet', async () => {
      connectWx(cloud.url, 'villager-first-scan', null);
      const page = await openPage('pages/station/index', { scene: encodeURIComponent('QS02') });
      expect(page.data.errorMessage).toBe('');
      expect(page.text()).toContain('东岭代表联络站');
      expect(stored('townshipId')).toBe('qingshan');
    });
  });
});
