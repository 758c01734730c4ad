/**
 * Typed wrappers over `cloud.openapi` (the SDK types it as `Record<string, any>`). The function's
 * config.json must grant each call it makes (`permissions.openapi`).
 */
import { sdk } from './cloud';

export interface OpenApiFailure {
  errCode: number;
  errMsg: string;
}

export function openApiErrCode(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'errCode' in err) return Number((err as OpenApiFailure).errCode);
  return undefined;
}

/** A mini-program code for `page` carrying `scene` (≤ 32 visible ASCII characters); answers the PNG bytes. */
export async function miniProgramCode(scene: string, page: string, width = 430): Promise<Buffer> {
  const res = await sdk().openapi.wxacode.getUnlimited({ scene, page, width, checkPath: false });
  return Buffer.from(res.buffer);
}

export type ContentVerdict = 'pass' | 'review' | 'risky';

/** WeChat's content-security check for user text (version 2). */
export async function checkText(
  content: string,
  openid: string,
  scene: 1 | 2 | 3 | 4 = 2,
): Promise<ContentVerdict> {
  const res = await sdk().openapi.security.msgSecCheck({ content, version: 2, scene, openid });
  return (res.result?.suggest ?? 'review') as ContentVerdict;
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

export async function sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
  await sdk().openapi.subscribeMessage.send({ ...message, miniprogramState: 'formal', lang: 'zh_CN' });
}
