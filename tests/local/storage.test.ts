/**
 * Cloud storage in the local cloud, through the real SDK path: server/storage.ts calls wx-server-sdk,
 * which asks the local cloud's /admin for upload metadata and temporary links and PUTs / GETs the bytes
 * at the URLs it is given, as it does against CloudBase and COS.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../../local/cloud';
import { bucketOf } from '../../local/storage/local-storage';
import { sdk } from '../../server/cloud';
import { tempFileUrls } from '../../server/openapi';
import {
  deleteFiles,
  downloadFile,
  FILE_NOT_FOUND_ERRCODE,
  tempFileUrl,
  uploadFile,
} from '../../server/storage';

jest.setTimeout(60_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function refusal(p: Promise<unknown>): Promise<{ errCode?: number; errMsg?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errCode?: number; errMsg?: string };
  }
  throw new Error('expected the call to be refused');
}

describe.each([
  ['in memory', false],
  ['on disk', true],
])('cloud storage %s', (_label, onDisk) => {
  let dataDir: string | null = null;
  let lc: LocalCloud;
  let clock = Date.now();

  beforeAll(async () => {
    dataDir = onDisk ? fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-storage-')) : null;
    lc = await startLocalCloud({ dataDir, storageNow: () => clock });
  });

  afterAll(async () => {
    await lc.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    clock = Date.now();
  });

  it('uploads bytes, links them for a while, and the link gives the same bytes with their type', async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));
    const fileId = await uploadFile('ledgers/jingu/cases-2025-abc.xlsx', bytes);
    expect(fileId).toBe(`cloud://local.${bucketOf('local')}/ledgers/jingu/cases-2025-abc.xlsx`);

    const url = await tempFileUrl(fileId, 7200);
    expect(
      url.startsWith(`${lc.url}/local/files/${bucketOf('local')}/ledgers/jingu/cases-2025-abc.xlsx?`),
    ).toBe(true);
    const t = Number(new URL(url).searchParams.get('t'));
    expect(t).toBe(Math.floor(clock / 1000) + 7200);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    // downloadFile goes the same way (a temp link, then GET) inside the SDK.
    expect((await downloadFile(fileId)).equals(bytes)).toBe(true);
    if (dataDir)
      expect(
        fs.existsSync(path.join(dataDir, 'storage', bucketOf('local'), 'ledgers/jingu/cases-2025-abc.xlsx')),
      ).toBe(true);
  });

  it('streams a file from disk (fs.ReadStream) as the ledgers do', async () => {
    const tmp = path.join(os.tmpdir(), `liaison-upload-${process.pid}.pdf`);
    fs.writeFileSync(tmp, Buffer.from('%PDF-1.4 local'));
    try {
      const fileId = await uploadFile('notices/a b/通知.pdf', { filePath: tmp });
      const res = await fetch(encodeURI(await tempFileUrl(fileId, 60)));
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(await res.text()).toBe('%PDF-1.4 local');
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });

  it('refuses an expired link, and a link whose signature or expiry was changed', async () => {
    const fileId = await uploadFile('tmp/expiring.txt', Buffer.from('soon gone'));
    const url = await tempFileUrl(fileId, 60);
    expect((await fetch(url)).status).toBe(200);

    clock += 61_000;
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code>[\s\S]*Request has expired/);

    const later = new URL(url);
    later.searchParams.set('t', String(Number(later.searchParams.get('t')) + 3600));
    expect((await fetch(later)).status).toBe(403);
    const forged = new URL(url);
    forged.searchParams.set('sign', '0'.repeat(32));
    expect((await fetch(forged)).status).toBe(403);
  });

  it('answers an unknown file as CloudBase does: STORAGE_FILE_NONEXIST (-503003)', async () => {
    const missing = `cloud://local.${bucketOf('local')}/nothing/here.png`;
    const raw = (await sdk().getTempFileURL({ fileList: [missing] })) as {
      fileList: { fileID: string; status: number; errMsg: string; tempFileURL: string }[];
    };
    expect(raw.fileList).toEqual([
      expect.objectContaining({ fileID: missing, status: FILE_NOT_FOUND_ERRCODE, tempFileURL: '' }),
    ]);
    expect((await refusal(tempFileUrl(missing, 60))).errCode).toBe(FILE_NOT_FOUND_ERRCODE);
    // The SDK's downloadFile throws CloudBase's code itself (errCode -1); the wrapper names it -503003.
    expect(await refusal(sdk().downloadFile({ fileID: missing }))).toMatchObject({
      code: 'STORAGE_FILE_NONEXIST',
      errMsg: expect.stringContaining('storage file not exist'),
    });
    expect((await refusal(downloadFile(missing))).errCode).toBe(FILE_NOT_FOUND_ERRCODE);
    // The lenient batch read (article images) leaves it out; the stand-in ids of the dev mini-program too.
    const present = await uploadFile('photos/p.jpg', Buffer.from([0xff, 0xd8, 0xff]));
    const urls = await tempFileUrls([present, missing, 'cloud://local-dev/opinions/photo.jpg']);
    expect([...urls.keys()]).toEqual([present]);
  });

  it('deletes a file: its link then finds nothing, and a second delete says it was not there', async () => {
    const fileId = await uploadFile('tmp/delete-me.txt', Buffer.from('x'));
    const url = await tempFileUrl(fileId, 600);
    expect(await deleteFiles([fileId])).toEqual(new Map([[fileId, true]]));
    expect((await fetch(url)).status).toBe(404);
    expect(await deleteFiles([fileId])).toEqual(new Map([[fileId, false]]));
  });

  it('takes an upload only with the token of its metadata, for its own path', async () => {
    const res = await fetch(`${lc.url}/local/cos/${bucketOf('local')}/ledgers/forged.xlsx`, {
      method: 'PUT',
      headers: { 'x-cos-security-token': 'not-a-token' },
      body: 'forged',
    });
    expect(res.status).toBe(403);
    expect(lc.storage.list()).not.toContain(`cloud://local.${bucketOf('local')}/ledgers/forged.xlsx`);
  });
});
