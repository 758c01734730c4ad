import { PERSONAS } from '../../local/demo/township.seed';
import { DocumentStore } from '../../local/engine/store';
import { storedIdIn } from '../../local/township-writes';
import { COUNTY } from '../../server/tenancy';
import { demoCloud, expectError } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

async function invite(payload: object): Promise<string> {
  const res = await cloud.call<{ code: string }>(
    'account',
    { action: 'createInvite', ...payload },
    'demo-presidium',
  );
  if (!res.ok) throw new Error(JSON.stringify(res));
  return res.data.code;
}

describe('account.whoami', () => {
  it('treats an unknown WeChat user as a resident', async () => {
    expect(await cloud.call('account', { action: 'whoami' }, 'first-time-user')).toMatchObject({
      ok: true,
      data: { role: 'resident', roleLabel: '群众' },
    });
  });
});

describe('invite codes', () => {
  it('bind a new deputy once: the deputy record gets the openid and the role is deputy', async () => {
    const code = await invite({ role: 'deputy', name: '张明', deputyId: 'd03' });
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`;
    expect(
      await cloud.call('account', { action: 'redeemInvite', code: typed }, 'wx-zhangming'),
    ).toMatchObject({ ok: true, data: { role: 'deputy' } });
    expect(await cloud.call('account', { action: 'whoami' }, 'wx-zhangming')).toMatchObject({
      ok: true,
      data: {
        role: 'deputy',
        deputyId: 'd03',
        stationCode: cloud.store.get('deputies', 'd03')?.doc.stationCode,
      },
    });
    expect(cloud.store.get('deputies', 'd03')?.doc.stationCode).toMatch(/^JG0\d$/);
    expect(cloud.store.get('deputies', 'd03')?.doc.openid).toBe('wx-zhangming');
    expectError(
      await cloud.call('account', { action: 'redeemInvite', code }, 'someone-else-1'),
      'INVITE_USED',
    );
  });

  it('can be redeemed by exactly one of many people trying at once', async () => {
    const code = await invite({ role: 'stationAdmin', name: '联络员', stationCode: 'JG02' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        cloud.call('account', { action: 'redeemInvite', code }, `racer-${i}-openid`),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok))
      expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/INVITE_USED|CONFLICT/) } });
    const admins = [...cloud.store.entries('users').values()].filter((e) => e.doc.stationCode === 'JG02');
    expect(admins).toHaveLength(1);
  });

  it('expire after their days', async () => {
    const code = await invite({ role: 'presidium', name: '副主席', ttlDays: 1 });
    const later = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    expectError(
      await cloud.call('account', { action: 'redeemInvite', code }, 'late-comer-1', later),
      'INVITE_EXPIRED',
    );
  });

  it('refuse a wrong code and a second binding', async () => {
    expectError(
      await cloud.call('account', { action: 'redeemInvite', code: 'ZZZZZZZZ' }, 'guesser-0001'),
      'INVITE_NOT_FOUND',
    );
    const code = await invite({ role: 'deputy', name: '赵丽', deputyId: 'd07' });
    expectError(await cloud.call('account', { action: 'redeemInvite', code }, 'demo-deputy-1'), 'FORBIDDEN');
  });

  it('are issued by the presidium only, for a deputy that exists', async () => {
    expectError(
      await cloud.call('account', { action: 'createInvite', role: 'presidium', name: '我' }, 'demo-deputy-1'),
      'FORBIDDEN',
    );
    expectError(
      await cloud.call('account', { action: 'createInvite', role: 'presidium', name: '我' }, 'a-villager-01'),
      'FORBIDDEN',
    );
    expectError(
      await cloud.call(
        'account',
        { action: 'createInvite', role: 'deputy', name: '无名', deputyId: 'nobody' },
        'demo-presidium',
      ),
      'NOT_FOUND',
    );
    expectError(
      await cloud.call('account', { action: 'createInvite', role: 'deputy', name: '无名' }, 'demo-presidium'),
      'BAD_INPUT',
    );
  });
});

describe('account.bootstrapPresidium', () => {
  const token = 'a-long-enough-bootstrap-token';
  beforeAll(() => (process.env.BOOTSTRAP_TOKEN = token));
  afterAll(() => delete process.env.BOOTSTRAP_TOKEN);

  it('cannot be called from WeChat', async () => {
    expectError(
      await cloud.call(
        'account',
        { action: 'bootstrapPresidium', openid: 'new-chair-01', name: '主席', token },
        'demo-villager',
      ),
      'FORBIDDEN',
    );
  });

  it('needs the token and closes once a presidium exists', async () => {
    expectError(
      await cloud.call('account', {
        action: 'bootstrapPresidium',
        openid: 'new-chair-01',
        name: '主席',
        token: 'wrong-token-wrong-token',
      }),
      'FORBIDDEN',
    );
    expectError(
      await cloud.call('account', {
        action: 'bootstrapPresidium',
        openid: 'new-chair-01',
        name: '主席',
        token,
      }),
      'BOOTSTRAP_CLOSED',
    );
  });

  it('creates the first presidium account of the township it names when that township has none', async () => {
    // 金鼓乡 loses its presidium; 青山镇 keeps its own.
    const jinguPresidium = [...cloud.store.entries('users').values()].filter(
      (e) => e.doc.role === 'presidium' && e.doc.townshipId === 'jingu',
    );
    expect(jinguPresidium.length).toBeGreaterThan(0);
    cloud.store.commit(
      jinguPresidium.map((e) => ({ collection: 'users', id: String(e.doc.openid), doc: null })),
    );
    expect(
      await cloud.call('account', {
        action: 'bootstrapPresidium',
        townshipId: 'jingu',
        openid: 'first-chair',
        name: '主席',
        token,
      }),
    ).toMatchObject({ ok: true, data: { role: 'presidium', townshipId: 'jingu' } });
    expect(cloud.store.get('users', storedIdIn('jingu', 'users', 'first-chair'))?.doc).toMatchObject({
      openid: 'first-chair',
      townshipId: 'jingu',
      role: 'presidium',
    });
    expect(await cloud.call('account', { action: 'whoami' }, 'first-chair')).toMatchObject({
      ok: true,
      data: { role: 'presidium', bindings: [{ townshipId: 'jingu', role: 'presidium' }] },
    });
    // Bound in 金鼓乡 only: in 青山镇 the new chair is a villager.
    expect(
      await cloud.call('account', { action: 'whoami', townshipId: 'qingshan' }, 'first-chair'),
    ).toMatchObject({ ok: true, data: { role: 'resident' } });
    expectError(
      await cloud.call('account', {
        action: 'bootstrapPresidium',
        townshipId: 'jingu',
        openid: 'second-chair',
        name: '主席',
        token,
      }),
      'BOOTSTRAP_CLOSED',
    );
  });

  it("refuses a township that already has a presidium member, an unknown one, the county's, and none named", async () => {
    const attempt = (townshipId: string | undefined) =>
      cloud.call('account', {
        action: 'bootstrapPresidium',
        townshipId,
        openid: 'o-chair-x',
        name: '主席',
        token,
      });
    expectError(await attempt('qingshan'), 'BOOTSTRAP_CLOSED');
    expectError(await attempt('nowhere'), 'TOWNSHIP_NOT_FOUND');
    expectError(await attempt('county'), 'TOWNSHIP_NOT_FOUND');
    // Two townships: the console must say which.
    expectError(await attempt(undefined), 'TOWNSHIP_REQUIRED');
    expect(cloud.store.get('users', storedIdIn('qingshan', 'users', 'o-chair-x'))).toBeUndefined();
  });
});

describe('account.bootstrapCounty', () => {
  const token = 'a-long-enough-bootstrap-token';
  beforeAll(() => (process.env.BOOTSTRAP_TOKEN = token));
  afterAll(() => delete process.env.BOOTSTRAP_TOKEN);
  const bootstrap = (openid: string, fields: object = {}, caller?: string) =>
    cloud.call(
      'account',
      { action: 'bootstrapCounty', openid, name: '县人大常委会', token, ...fields },
      caller,
    );

  it('cannot be called from WeChat, nor without the token', async () => {
    expectError(await bootstrap('o-county-1', {}, 'demo-villager'), 'FORBIDDEN');
    expectError(await bootstrap('o-county-1', { token: 'wrong-token-wrong-token' }), 'FORBIDDEN');
    delete process.env.BOOTSTRAP_TOKEN;
    expectError(await bootstrap('o-county-1'), 'FORBIDDEN');
    process.env.BOOTSTRAP_TOKEN = token;
  });

  it('is closed while the county has a staff member', async () => {
    expect(cloud.store.get('users', storedIdIn(COUNTY, 'users', PERSONAS.county))?.doc.role).toBe('county');
    expectError(await bootstrap('o-county-1'), 'BOOTSTRAP_CLOSED');
  });

  it("binds the county's first staff member in the county with role county, once", async () => {
    // Straight to the store: a fixture deletion would name a key of 金鼓乡 (tests/functions/support.ts).
    DocumentStore.prototype.commit.call(cloud.store, [
      { collection: 'users', id: storedIdIn(COUNTY, 'users', PERSONAS.county), doc: null },
    ]);
    expect(cloud.store.get('users', storedIdIn(COUNTY, 'users', PERSONAS.county))).toBeUndefined();
    // Whichever township the console happens to name, the account is the county's.
    expect(await bootstrap('o-county-1', { townshipId: 'qingshan' })).toMatchObject({
      ok: true,
      data: { role: 'county', townshipId: COUNTY },
    });
    expect(cloud.store.get('users', storedIdIn(COUNTY, 'users', 'o-county-1'))?.doc).toMatchObject({
      openid: 'o-county-1',
      townshipId: COUNTY,
      role: 'county',
    });
    expect(cloud.store.get('users', storedIdIn('qingshan', 'users', 'o-county-1'))).toBeUndefined();
    // County staff are the county's in every township.
    for (const townshipId of ['jingu', 'qingshan'])
      expect(await cloud.call('account', { action: 'whoami', townshipId }, 'o-county-1')).toMatchObject({
        ok: true,
        data: { role: 'county', bindings: [{ townshipId: COUNTY, role: 'county' }] },
      });
    expectError(await bootstrap('o-county-2'), 'BOOTSTRAP_CLOSED');
    expect(cloud.store.get('users', storedIdIn(COUNTY, 'users', 'o-county-2'))).toBeUndefined();
  });
});
