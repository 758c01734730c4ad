import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { demoCloud, expectError } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

describe('station.list', () => {
  it('answers every active station to any villager, with villages and deputy counts', async () => {
    const res = await cloud.call<{ code: string; villageNames: string[]; deputyCount: number }[]>(
      'station',
      { action: 'list' },
      'any-villager-01',
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.map((s) => s.code)).toEqual(['JG01', 'JG02', 'JG03']);
    expect(res.data[0].deputyCount).toBe(3);
    expect(res.data[1].villageNames.sort()).toEqual(['白果村', '石桥村'].sort());
  });

  it('answers the township shown, and says it on every station', async () => {
    type Summary = { code: string; township: { id: string; name: string } };
    const jingu = await cloud.call<Summary[]>('station', { action: 'list' }, 'any-villager-01');
    const qingshan = await cloud.call<Summary[]>(
      'station',
      { action: 'list', townshipId: 'qingshan' },
      'any-villager-01',
    );
    if (!jingu.ok || !qingshan.ok) throw new Error(JSON.stringify([jingu, qingshan]));
    expect(jingu.data.map((s) => s.township)).toEqual(Array(3).fill({ id: 'jingu', name: '金鼓乡' }));
    expect(qingshan.data.map((s) => s.code)).toEqual(['QS01', 'QS02']);
    expect(qingshan.data.map((s) => s.township)).toEqual(Array(2).fill({ id: 'qingshan', name: '青山镇' }));
  });
});

describe('station.get', () => {
  it('fills the first screen in one call and never shows a raw phone or an openid', async () => {
    const res = await cloud.call('station', { action: 'get', code: 'jg01' }, 'any-villager-01');
    expect(res.ok).toBe(true);
    const text = JSON.stringify(res);
    expect(text).toContain('金鼓乡人大代表之家');
    expect(text).not.toContain('13890001001');
    expect(text).not.toContain('demo-deputy-1');
  });

  it("says the station's township, which a scanned code decides whatever township was shown", async () => {
    type View = { code: string; name: string; township: { id: string; name: string } };
    const own = await cloud.call<View>('station', { action: 'get', code: 'JG01' }, 'any-villager-01');
    expect(own).toMatchObject({ ok: true, data: { township: { id: 'jingu', name: '金鼓乡' } } });
    // The mini-program still shows 金鼓乡 (it sends townshipId 'jingu'); the QR code is 青山镇's.
    const scanned = await cloud.call<View>(
      'station',
      { action: 'get', code: 'QS01', townshipId: 'jingu' },
      'any-villager-01',
    );
    expect(scanned).toMatchObject({
      ok: true,
      data: { code: 'QS01', name: '青山镇人大代表之家', township: { id: 'qingshan', name: '青山镇' } },
    });
  });

  it('answers STATION_NOT_FOUND for an unknown code', async () => {
    expectError(
      await cloud.call('station', { action: 'get', code: 'ZZ99' }, 'any-villager-01'),
      'STATION_NOT_FOUND',
    );
  });

  it.each([
    ['a number', { code: 1 }],
    ['a missing code', {}],
    ['an over-long code', { code: 'A'.repeat(40) }],
    ['an unknown field', { code: 'JG01', extra: true }],
    ['an injection attempt', { code: { $ne: null } }],
  ])('refuses %s with BAD_INPUT and the field at fault', async (_name, payload) => {
    const res = await cloud.call('station', { action: 'get', ...payload }, 'any-villager-01');
    expectError(res, 'BAD_INPUT');
  });

  it('refuses a call with no WeChat user', async () => {
    expectError(await cloud.call('station', { action: 'get', code: 'JG01' }), 'NOT_SIGNED_IN');
  });
});

describe('station.qrcode', () => {
  it('gives the presidium a real QR PNG whose text is the station code', async () => {
    const res = await cloud.call<{ scene: string; page: string; pngBase64: string }>(
      'station',
      { action: 'qrcode', code: 'JG02' },
      'demo-presidium',
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const png = PNG.sync.read(Buffer.from(res.data.pngBase64, 'base64'));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe('JG02');
    expect(res.data.page).toBe('pages/station/index');
  });

  it('lets a station admin print only their own station', async () => {
    expect((await cloud.call('station', { action: 'qrcode', code: 'JG01' }, 'demo-station-admin')).ok).toBe(
      true,
    );
    expectError(
      await cloud.call('station', { action: 'qrcode', code: 'JG02' }, 'demo-station-admin'),
      'NOT_YOUR_STATION',
    );
  });

  it.each(['any-villager-01', 'demo-deputy-1'])('refuses %s', async (openid) => {
    expectError(await cloud.call('station', { action: 'qrcode', code: 'JG01' }, openid), 'FORBIDDEN');
  });
});

describe('the pipeline', () => {
  it('answers UNKNOWN_ACTION for an action the function does not have', async () => {
    expectError(await cloud.call('station', { action: 'dropDatabase' }, 'any-villager-01'), 'UNKNOWN_ACTION');
  });

  it.each([null, 'text', 42, [], { action: 7 }])('never throws on a malformed event (%p)', async (event) => {
    const res = await cloud.invoke('station', event, { openid: 'any-villager-01' });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });

  it('ignores an identity claimed in the payload (userInfo)', async () => {
    const res = await cloud.call(
      'account',
      { action: 'whoami', userInfo: { openId: 'demo-presidium' } },
      'any-villager-01',
    );
    expect(res).toMatchObject({ ok: true, data: { role: 'resident' } });
  });
});
