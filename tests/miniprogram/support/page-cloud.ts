/**
 * The local cloud the page tests render against, and the user's side of WeChat: who is signed in, what
 * they answer in the subscription dialog, and the events a tap or typing hands a page method.
 */
import { startLocalCloud, type LocalCloud } from '../../../local/cloud';
import { DEMO_TOWNSHIP, seedDemoTownshipOnce } from '../../../local/demo/township.seed';
import { asTownshipUnlessSaid } from '../../../local/township-writes';
import { connectWx, requestsSettled, wxCalls } from './page-harness';

/**
 * The test's own calls and fixtures are the demo's first township's (金鼓乡), as the pages' calls are
 * (page-harness chooses it in storage): `cloud.invoke` sends `townshipId: 'jingu'` beside `action`
 * unless the event names a township itself (`townshipId`, or `townshipId: undefined` to send none), and
 * documents written straight to the store are 金鼓乡's unless they carry a `townshipId`. A keyed
 * collection read straight from the store needs the stored id (local/township-writes.ts storedIdIn).
 */
export function inDemoTownship(cloud: LocalCloud): LocalCloud {
  const invoke = cloud.invoke.bind(cloud);
  const commit = cloud.store.commit.bind(cloud.store);
  cloud.invoke = (name, event, options) =>
    invoke(
      name,
      event && typeof event === 'object' && !('townshipId' in event)
        ? { ...event, townshipId: DEMO_TOWNSHIP.id }
        : event,
      options,
    );
  cloud.store.commit = (writes) => commit(asTownshipUnlessSaid(DEMO_TOWNSHIP.id, writes));
  return cloud;
}

/**
 * An in-memory local cloud with the demo township, seeded as of now. Its `stop` first waits for the
 * requests pages sent without awaiting them (a subscription report after a tap), so none lands on a
 * stopped cloud.
 */
export async function startPageCloud(): Promise<LocalCloud> {
  const cloud = inDemoTownship(await startLocalCloud({ dataDir: null }));
  seedDemoTownshipOnce(cloud.store, new Date());
  const stop = cloud.stop.bind(cloud);
  return Object.assign(cloud, {
    stop: async () => {
      await requestsSettled();
      await stop();
    },
  });
}

/** WeChat's subscription dialog: from now on every request answers `choice` for each template asked. */
export function subscriptionDialogAnswers(choice: 'accept' | 'reject'): void {
  (wx as unknown as Record<string, unknown>).requestSubscribeMessage = (
    o: WechatMiniprogram.RequestSubscribeMessageOption,
  ) => {
    wxCalls.push({ api: 'requestSubscribeMessage', args: { tmplIds: o.tmplIds } });
    const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of o.tmplIds) res[id] = choice;
    o.success?.(res as never);
  };
}

/** Signs the pages in as `openid` on `cloud`; the user accepts every subscription asked for. */
export function signInAs(cloud: LocalCloud, openid: string): void {
  connectWx(cloud.url, openid);
  subscriptionDialogAnswers('accept');
}

/** The event of a tap on an element with `data-id`. */
export const tap = (id: string) => ({ currentTarget: { dataset: { id } } });
/** The event of typing `value` into an input. */
export const typed = (value: string) => ({ detail: { value } });
