/** A fresh in-memory local cloud with the demo township, for function tests; and what those tests share. */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { asTownshipUnlessSaid } from '../../local/township-writes';
import { DEMO_TOWNSHIP, seedDemoTownshipOnce } from '../../local/demo/township.seed';
import type { Envelope } from '../support/envelope';

export { unwrap, type Envelope } from '../support/envelope';

export type DemoCloud = LocalCloud & {
  call<T = unknown>(fn: string, event: object, openid?: string, at?: string): Promise<Envelope<T>>;
};

export async function demoCloud(now = new Date()): Promise<DemoCloud> {
  const cloud = await startLocalCloud({ dataDir: null });
  seedDemoTownshipOnce(cloud.store, now);
  writeFixturesAsDemoTownship(cloud);
  return Object.assign(cloud, {
    call: <T>(fn: string, event: object, openid?: string, at?: string) =>
      cloud.invoke<Envelope<T>>(fn, inDemoTownship(event), { openid, now: at }),
  });
}

/**
 * One demo cloud for the whole test file, seeded as of `now`: started before the first test, stopped
 * after the last. Answers a stand-in that reaches the running cloud (use it inside tests and hooks).
 */
export function useDemoCloud(now?: Date): DemoCloud {
  let cloud: DemoCloud | undefined;
  beforeAll(async () => {
    cloud = await demoCloud(now);
  });
  afterAll(() => cloud?.stop());
  return new Proxy({} as DemoCloud, {
    get(_, key) {
      if (!cloud) throw new Error(`the demo cloud is not started yet (reading ${String(key)})`);
      const value = Reflect.get(cloud, key, cloud) as unknown;
      return typeof value === 'function' ? value.bind(cloud) : value;
    },
  });
}

/**
 * Fixtures a test writes straight to the store (`cloud.store.commit`) are the demo township's records
 * (local/township-writes.ts), unless a document names its own `townshipId`; deletions (doc null) of a
 * keyed collection name the key too. Only the test's own writes: `cloud.store` becomes a view of the
 * store whose `commit` does this, while the database engine keeps committing to the store itself (its
 * writes are already stored ids: a removal of `jingu:v1` must not become one of `jingu:jingu:v1`).
 */
export function writeFixturesAsDemoTownship(cloud: LocalCloud): void {
  const store = cloud.store;
  const commit: typeof store.commit = (writes) =>
    store.commit(asTownshipUnlessSaid(DEMO_TOWNSHIP.id, writes));
  cloud.store = new Proxy(store, {
    get(target, key) {
      if (key === 'commit') return commit;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The event as the mini-program sends it while showing the demo's first township (金鼓乡), unless the
 * test names a township itself (`townshipId`, or `townshipId: undefined` to send none).
 */
export function inDemoTownship(event: object): object {
  return 'townshipId' in event ? event : { ...event, townshipId: DEMO_TOWNSHIP.id };
}

export function expectError(res: Envelope, code: string): void {
  expect(res).toMatchObject({ ok: false, error: { code } });
  if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

/** What the opinion form sends when the villager only writes the text: 金鼓站 (JG01), 金鼓村, 道路交通, named, not public. */
export const OPINION_FORM = {
  stationCode: 'JG01',
  villageCode: 'jingu',
  categoryCode: 'road',
  anonymous: false,
  consentToPublish: false,
} as const;

/** Files an opinion as `openid` (OPINION_FORM with `fields` over it); answers the envelope. */
export function submitOpinion<T = { id: string }>(
  cloud: DemoCloud,
  openid: string,
  fields: { requestId: string; text: string } & Record<string, unknown>,
  at?: string,
): Promise<Envelope<T>> {
  return cloud.call<T>('opinion', { action: 'submit', ...OPINION_FORM, ...fields }, openid, at);
}
