/** A fresh in-memory local cloud with the demo township, for function tests. */
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { seedDemoTownshipOnce } from '../../local/demo/township.seed';

export type Envelope<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export async function demoCloud(now = new Date()): Promise<
  LocalCloud & {
    call<T = unknown>(fn: string, event: object, openid?: string, at?: string): Promise<Envelope<T>>;
  }
> {
  const cloud = await startLocalCloud({ dataDir: null });
  seedDemoTownshipOnce(cloud.store, now);
  return Object.assign(cloud, {
    call: <T>(fn: string, event: object, openid?: string, at?: string) =>
      cloud.invoke<Envelope<T>>(fn, event, { openid, now: at }),
  });
}

export function expectError(res: Envelope, code: string): void {
  expect(res).toMatchObject({ ok: false, error: { code } });
  if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
}
