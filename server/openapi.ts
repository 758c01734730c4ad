/**
 * The one door to the platform's services beyond the database: typed wrappers over `cloud.openapi`
 * (the SDK types it as `Record<string, any>`) and cloud storage. The function's config.json must grant
 * each openapi call it makes (`permissions.openapi`). A refusal throws as the SDK throws it, with
 * `errCode` (43101 no subscription, 47003 bad field, 87014 risky content …).
 */
import { sdk } from './cloud';

/** A mini-program code for `page` carrying `scene` (≤ 32 visible ASCII characters); answers the PNG bytes. */
export async function miniProgramCode(scene: string, page: string, width = 430): Promise<Buffer> {
  const res = await sdk().openapi.wxacode.getUnlimited({ scene, page, width, checkPath: false });
  return Buffer.from(res.buffer);
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

/** subscribeMessage.send, opened in the build `MINIPROGRAM_STATE` names (default the released one). */
export async function sendSubscribeMessage(msg: SubscribeMessage): Promise<void> {
  await sdk().openapi.subscribeMessage.send({
    ...msg,
    miniprogramState: process.env.MINIPROGRAM_STATE ?? 'formal',
    lang: 'zh_CN',
  });
}

/** security.msgSecCheck version 2: WeChat's suggestion ('pass' | 'review' | 'risky', or undefined). */
export async function msgSecCheck(
  content: string,
  openid: string,
  scene: number,
): Promise<string | undefined> {
  const res = (await sdk().openapi.security.msgSecCheck({ content, version: 2, scene, openid })) as {
    result?: { suggest?: string };
  };
  return res?.result?.suggest;
}

/** Temporary https URLs of cloud storage files, by file id; ids without one are left out. */
export async function tempFileUrls(fileIds: readonly string[]): Promise<Map<string, string>> {
  const res = (await sdk().getTempFileURL({ fileList: [...fileIds] })) as {
    fileList?: { fileID: string; tempFileURL?: string; status?: number }[];
  };
  return new Map(
    (res.fileList ?? [])
      .filter((f) => f.status === 0 && typeof f.tempFileURL === 'string' && f.tempFileURL)
      .map((f) => [f.fileID, f.tempFileURL as string]),
  );
}
