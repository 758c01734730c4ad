/**
 * Cloud storage, typed: the wx-server-sdk calls (uploadFile, getTempFileURL, downloadFile, deleteFile)
 * that the SDK types loosely, narrowed once here. The same calls run in CloudBase and in the local
 * cloud (local/storage/local-storage.ts serves them). A failure throws as the SDK throws it, with
 * `errCode` (-503003 the file does not exist …); `tempFileUrls` in ./openapi.ts is the lenient batch read.
 */
import * as fs from 'node:fs';
import { sdk } from './cloud';

/** CloudBase's answer for a file that is not there (wx-server-sdk's STORAGE_FILE_NONEXIST). */
export const FILE_NOT_FOUND_ERRCODE = -503003;

/** The longest temporary link CloudBase signs here: one day. */
export const TEMP_URL_MAX_AGE_S = 86_400;

export class StorageError extends Error {
  constructor(
    readonly errCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Uploads bytes (or a file on disk, streamed) to `cloudPath`; answers the `cloud://` file id. */
export async function uploadFile(cloudPath: string, content: Buffer | { filePath: string }): Promise<string> {
  const fileContent = Buffer.isBuffer(content) ? content : fs.createReadStream(content.filePath);
  const res = (await sdk().uploadFile({ cloudPath, fileContent })) as { fileID?: string };
  if (typeof res?.fileID !== 'string' || !res.fileID)
    throw new StorageError(-503001, 'upload answered no file id');
  return res.fileID;
}

/** A temporary link to one file, valid `maxAgeSeconds`; throws StorageError when there is no such file. */
export async function tempFileUrl(fileId: string, maxAgeSeconds: number): Promise<string> {
  const maxAge = Math.max(1, Math.min(TEMP_URL_MAX_AGE_S, Math.floor(maxAgeSeconds)));
  const res = (await sdk().getTempFileURL({ fileList: [{ fileID: fileId, maxAge }] })) as {
    fileList?: { fileID: string; tempFileURL?: string; status?: number; errMsg?: string }[];
  };
  const entry = res.fileList?.[0];
  if (!entry || entry.status !== 0 || !entry.tempFileURL)
    throw new StorageError(entry?.status ?? -503001, entry?.errMsg ?? 'no temporary link');
  return entry.tempFileURL;
}

/** The bytes of a file; throws (errCode FILE_NOT_FOUND_ERRCODE) when there is no such file. */
export async function downloadFile(fileId: string): Promise<Buffer> {
  let res: { fileContent?: Buffer };
  try {
    res = (await sdk().downloadFile({ fileID: fileId })) as { fileContent?: Buffer };
  } catch (err) {
    // The SDK throws CloudBase's own code here (errCode -1, code STORAGE_FILE_NONEXIST).
    if ((err as { code?: unknown })?.code === 'STORAGE_FILE_NONEXIST')
      throw new StorageError(FILE_NOT_FOUND_ERRCODE, 'storage file not exist');
    throw err;
  }
  if (!Buffer.isBuffer(res?.fileContent)) throw new StorageError(-503001, 'download answered no bytes');
  return res.fileContent;
}

/** Deletes files; answers, per id, whether it was deleted (false: it was not there). */
export async function deleteFiles(fileIds: readonly string[]): Promise<Map<string, boolean>> {
  const res = (await sdk().deleteFile({ fileList: [...fileIds] })) as {
    fileList?: { fileID: string; status?: number }[];
  };
  return new Map((res.fileList ?? []).map((f) => [f.fileID, f.status === 0]));
}
