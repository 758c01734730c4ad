/**
 * Round trips: the local cloud counts the database requests of each function call and the longest
 * chain of sequential ones (a parallel Promise.all is one link).
 */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';
import { summarise, type RoundTrips } from '../../local/round-trips';

jest.setTimeout(60_000);

describe('summarise', () => {
  it('counts requests and the longest chain of sequential ones', () => {
    const t = (action: string, start: number, end: number) => ({ action, start, end });
    // a, then b and c together, then d: 4 requests, a chain of 3.
    const trips = [t('a', 0, 1), t('b', 2, 4), t('c', 2, 3), t('d', 5, 6)];
    expect(summarise(trips)).toEqual({ calls: 4, chain: 3, actions: ['a', 'b', 'c', 'd'] });
    expect(summarise([])).toEqual({ calls: 0, chain: 0, actions: [] });
  });
});

describe('per function call', () => {
  let lc: LocalCloud;
  beforeAll(async () => {
    lc = await startLocalCloud({ dataDir: null });
    seedDemoTownshipOnce(lc.store, new Date());
  });
  afterAll(() => lc.stop());

  it('reaches the caller of invoke, one record per call', async () => {
    let trips: RoundTrips | undefined;
    const spy = jest.spyOn(lc.engine, 'handle');
    await lc.invoke(
      'station',
      { action: 'get', code: 'JG01' },
      { openid: 'v1', onRoundTrips: (t) => (trips = t) },
    );
    expect(trips!.calls).toBe(spy.mock.calls.length);
    expect(trips!.calls).toBeGreaterThan(0);
    expect(trips!.chain).toBeGreaterThan(0);
    expect(trips!.chain).toBeLessThanOrEqual(trips!.calls);
    expect(trips!.actions.every((a) => /Document|Transaction/.test(a))).toBe(true);
    spy.mockRestore();
  });

  it('is answered over HTTP in x-local-db-calls and x-local-db-chain', async () => {
    const res = await fetch(`${lc.url}/functions/station`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'v1' },
      body: JSON.stringify({ action: 'get', code: 'JG01' }),
    });
    expect(Number(res.headers.get('x-local-db-calls'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('x-local-db-chain'))).toBeGreaterThan(0);
  });
});
