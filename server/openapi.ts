/**
 * Typed wrappers over `cloud.openapi` (the SDK types it as `Record<string, any>`). The function's
 * config.json must grant each call it makes (`permissions.openapi`).
 */
import { sdk } from './cloud';

/** A mini-program code for `page` carrying `scene` (≤ 32 visible ASCII characters); answers the PNG bytes. */
export async function miniProgramCode(scene: string, page: string, width = 430): Promise<Buffer> {
  const res = await sdk().openapi.wxacode.getUnlimited({ scene, page, width, checkPath: false });
  return Buffer.from(res.buffer);
}
