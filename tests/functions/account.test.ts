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

  it('creates the first presidium account when the township has none', async () => {
    const presidium = [...cloud.store.entries('users').values()].filter((e) => e.doc.role === 'presidium');
    cloud.store.commit(presidium.map((e) => ({ collection: 'users', id: e.doc._id, doc: null })));
    expect(
      await cloud.call('account', {
        action: 'bootstrapPresidium',
        openid: 'first-chair',
        name: '主席',
        token,
      }),
    ).toMatchObject({ ok: true });
    expect(await cloud.call('account', { action: 'whoami' }, 'first-chair')).toMatchObject({
      ok: true,
      data: { role: 'presidium' },
    });
    expectError(
      await cloud.call('account', {
        action: 'bootstrapPresidium',
        openid: 'second-chair',
        name: '主席',
        token,
      }),
      'BOOTSTRAP_CLOSED',
    );
  });
});
