import { demoCloud, expectError } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud()));
afterAll(() => cloud.stop());

describe('scheduler', () => {
  it('runs on its timer trigger and purges answered request ids past their retention', async () => {
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    cloud.store.commit([
      {
        collection: 'idempotency',
        id: 'old',
        doc: { _id: 'old', state: 'done', claimedAt: new Date(now - 8 * day) },
      },
      {
        collection: 'idempotency',
        id: 'fresh',
        doc: { _id: 'fresh', state: 'done', claimedAt: new Date(now - 1 * day) },
      },
    ]);
    const res = await cloud.invoke('scheduler', {
      Type: 'Timer',
      TriggerName: 'hourly',
      Time: new Date().toISOString(),
    });
    expect(res).toMatchObject({ ok: true, data: { purgeIdempotency: 1 } });
    expect(cloud.store.get('idempotency', 'old')).toBeUndefined();
    expect(cloud.store.get('idempotency', 'fresh')).toBeDefined();
  });

  it('forgets counted subscription taps past the same retention (a retry that old never comes)', async () => {
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    const tap = (id: string, age: number) => ({
      collection: 'subscriptionTaps',
      id,
      doc: { _id: id, openid: 'o-tap', templates: ['opinionProgress'], at: new Date(now - age * day) },
    });
    cloud.store.commit([tap('tap:o-tap:old', 8), tap('tap:o-tap:fresh', 1)]);
    const res = await cloud.invoke('scheduler', { action: 'runDue' });
    expect(res).toMatchObject({ ok: true, data: { purgeSubscriptionTaps: 1 } });
    expect(cloud.store.get('subscriptionTaps', 'tap:o-tap:old')).toBeUndefined();
    expect(cloud.store.get('subscriptionTaps', 'tap:o-tap:fresh')).toBeDefined();
  });

  it('refuses to be run by a WeChat user, even the presidium', async () => {
    expectError(await cloud.call('scheduler', { action: 'runDue' }, 'demo-presidium'), 'FORBIDDEN');
    expectError(await cloud.call('scheduler', { Type: 'Timer' }, 'demo-villager'), 'FORBIDDEN');
  });
});
