/**
 * Cloud storage in the local cloud, served the way CloudBase serves it to the unchanged SDK
 * (@cloudbase/node-sdk dist/storage, which wx-server-sdk's uploadFile / getTempFileURL / downloadFile /
 * deleteFile go through):
 *   POST /admin {action: 'storage.getUploadMetadata', path}   → an upload URL and a one-time token;
 *   PUT  /local/cos/<bucket>/<path>                            ← the bytes (COS's PUT Object), with the token;
 *   POST /admin {action: 'storage.batchGetDownloadUrl', file_list: [{fileid, max_age}]}
 *                                                              → temporary URLs, signed, expiring after max_age;
 *   GET  /local/files/<bucket>/<path>?sign=…&t=<expiry>        → the bytes (HEAD: their size and type);
 *   POST /admin {action: 'storage.batchDeleteFile', fileid_list} → removed.
 * File ids are `cloud://<env>.<bucket>/<path>` as CloudBase forms them (bucket `<hex of the env's first two
 * letters>-<env>-<appid>`). An unknown file answers STORAGE_FILE_NONEXIST in its list entry, as CloudBase
 * does (wx-server-sdk turns it into status -503003); an expired or forged link is refused with COS's XML
 * error (403), an unknown path with NoSuchKey (404). Files live under DATA_DIR/storage/<bucket>/<path>, or in
 * memory when the cloud has no data directory.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as path from 'node:path';

/** The app id the local buckets are named with (a real one is the Tencent Cloud account's). */
const LOCAL_APPID = '1300000000';
/** getTempFileURL without max_age: one day, as CloudBase's default. */
export const DEFAULT_MAX_AGE_S = 86_400;
/** How long the upload URL of getUploadMetadata stays usable. */
const UPLOAD_WINDOW_MS = 10 * 60_000;
/** The largest file the local cloud takes (CloudBase's SDK upload takes far more; the tests do not). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** A cloud path: what CloudBase accepts, kept to what a file system can hold safely. */
const PATH_MAX = 850;

const CONTENT_TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
};

/** The content type COS gives a key, from its extension (what it was uploaded without a type). */
export function contentTypeOf(cloudPath: string): string {
  return CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

/** CloudBase's bucket of an environment: `7072-prod-…` for `prod`. */
export function bucketOf(env: string): string {
  return `${Buffer.from(env.slice(0, 2), 'utf8').toString('hex')}-${env}-${LOCAL_APPID}`;
}

export function fileIdOf(env: string, cloudPath: string): string {
  return `cloud://${env}.${bucketOf(env)}/${cloudPath}`;
}

/** The bucket and path a `cloud://<env>.<bucket>/<path>` id names; null for anything else. */
export function parseFileId(fileId: unknown): { env: string; bucket: string; path: string } | null {
  if (typeof fileId !== 'string') return null;
  const m = /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/.exec(fileId);
  if (!m || !validPath(m[3])) return null;
  return { env: m[1], bucket: m[2], path: m[3] };
}

function validPath(p: string): boolean {
  if (!p || p.length > PATH_MAX || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

interface StoredFile {
  size: number;
  contentType: string;
}

interface PendingUpload {
  bucket: string;
  path: string;
  expires: number;
}

type Answer = Record<string, unknown>;

export interface LocalStorageOptions {
  /** The local cloud's address (`http://127.0.0.1:<port>`), known once it listens. */
  baseUrl: () => string;
  /** Milliseconds since the epoch (tests move it to expire links); default Date.now. */
  now?: () => number;
}

export class LocalStorage {
  private readonly memory = new Map<string, Buffer>();
  private readonly pending = new Map<string, PendingUpload>();
  private readonly secret = randomBytes(32);
  private readonly root: string | null;
  private readonly now: () => number;

  /** Files go under `dataDir`/storage (null: in memory). */
  constructor(
    dataDir: string | null,
    private readonly options: LocalStorageOptions,
  ) {
    this.root = dataDir ? path.join(dataDir, 'storage') : null;
    this.now = options.now ?? Date.now;
  }

  /** Whether `action` (a request to /admin) is a storage request. */
  static handles(action: string): boolean {
    return action.startsWith('storage.');
  }

  /** Answers a `storage.*` request to /admin (the JSON body the tcb endpoint answers). */
  serve(action: string, params: Record<string, unknown>): Answer {
    const env = typeof params.envName === 'string' && params.envName ? params.envName : 'local';
    switch (action) {
      case 'storage.getUploadMetadata':
        return this.uploadMetadata(env, params.path);
      case 'storage.batchGetDownloadUrl':
        return this.downloadUrls(params.file_list);
      case 'storage.batchDeleteFile':
        return this.remove(params.fileid_list);
      default:
        return { code: 'INVALID_PARAM', message: `local cloud: ${action} is not served` };
    }
  }

  private uploadMetadata(env: string, cloudPath: unknown): Answer {
    const p = typeof cloudPath === 'string' ? cloudPath.replace(/^\/+/, '') : '';
    if (!validPath(p)) return { code: 'INVALID_PARAM', message: 'cloudPath is invalid' };
    const bucket = bucketOf(env);
    const token = randomBytes(16).toString('hex');
    this.pending.set(token, { bucket, path: p, expires: this.now() + UPLOAD_WINDOW_MS });
    const fileId = fileIdOf(env, p);
    return {
      data: {
        url: `${this.options.baseUrl()}/local/cos/${bucket}/${encodePath(p)}`,
        token,
        authorization: `q-sign-algorithm=sha1&q-ak=local&q-signature=${token}`,
        fileId,
        cosFileId: `local-${token.slice(0, 12)}`,
        download_url: this.signedUrl(bucket, p, DEFAULT_MAX_AGE_S),
      },
    };
  }

  private downloadUrls(list: unknown): Answer {
    if (!Array.isArray(list)) return { code: 'INVALID_PARAM', message: 'file_list must be an array' };
    const download_list = list.map((entry: { fileid?: unknown; max_age?: unknown }) => {
      const fileID = typeof entry?.fileid === 'string' ? entry.fileid : '';
      const where = parseFileId(fileID);
      const maxAge =
        typeof entry?.max_age === 'number' && Number.isFinite(entry.max_age) && entry.max_age > 0
          ? Math.floor(entry.max_age)
          : DEFAULT_MAX_AGE_S;
      if (!where || !this.stat(where.bucket, where.path))
        return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' };
      return {
        fileID,
        tempFileURL: this.signedUrl(where.bucket, where.path, maxAge),
        code: 'SUCCESS',
        maxAge,
      };
    });
    return { data: { download_list } };
  }

  private remove(list: unknown): Answer {
    if (!Array.isArray(list)) return { code: 'INVALID_PARAM', message: 'fileid_list must be an array' };
    const delete_list = list.map((fileID: unknown) => {
      const where = parseFileId(fileID);
      if (!where || !this.stat(where.bucket, where.path))
        return { fileID, code: 'STORAGE_FILE_NONEXIST', message: 'storage file not exist' };
      this.drop(where.bucket, where.path);
      return { fileID, code: 'SUCCESS' };
    });
    return { data: { delete_list } };
  }

  // ---------------------------------------------------------------- HTTP: upload and download

  /** Serves PUT /local/cos/… and GET|HEAD /local/files/…; false when the request is not one of them. */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
    const upload = /^\/local\/cos\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (upload && (req.method === 'PUT' || req.method === 'POST')) {
      this.receive(req, res, upload[1], decodePath(upload[2]));
      return true;
    }
    const download = /^\/local\/files\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (download && (req.method === 'GET' || req.method === 'HEAD')) {
      this.deliver(req, res, download[1], decodePath(download[2]), url.searchParams);
      return true;
    }
    return false;
  }

  private receive(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    bucket: string,
    p: string | null,
  ): void {
    const token = header(req, 'x-cos-security-token');
    const grant = token ? this.pending.get(token) : undefined;
    if (!grant || p === null || grant.bucket !== bucket || grant.path !== p || grant.expires < this.now()) {
      req.resume();
      return cosError(res, 403, 'AccessDenied', 'Access Denied.', p ?? '');
    }
    this.pending.delete(token!);
    // On disk the bytes go straight to a part file (memory stays flat for a large workbook); in memory, a buffer.
    const part = this.root ? this.partFile(bucket, p) : null;
    const out = part ? fs.createWriteStream(part) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FILE_BYTES) tooLarge = true;
      else if (out) {
        if (!out.write(c)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      } else chunks.push(c);
    });
    req.on('end', () => {
      const done = () => {
        if (tooLarge) {
          if (part) fs.rmSync(part, { force: true });
          return cosError(
            res,
            400,
            'EntityTooLarge',
            'Your proposed upload exceeds the maximum allowed object size.',
            p,
          );
        }
        if (part) fs.renameSync(part, this.fileOf(bucket, p));
        else this.memory.set(`${bucket}/${p}`, Buffer.concat(chunks, size));
        res.writeHead(200, { etag: `"${randomBytes(16).toString('hex')}"`, 'content-length': 0 });
        res.end();
      };
      if (out) out.end(done);
      else done();
    });
    req.on('error', () => {
      out?.destroy();
      if (part) fs.rmSync(part, { force: true });
      res.destroy();
    });
  }

  private deliver(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    bucket: string,
    p: string | null,
    query: URLSearchParams,
  ): void {
    const t = Number(query.get('t'));
    const sign = query.get('sign') ?? '';
    if (p === null || !Number.isInteger(t) || !this.validSign(bucket, p, t, sign))
      return cosError(res, 403, 'AccessDenied', 'Access Denied.', p ?? '');
    if (t * 1000 < this.now()) return cosError(res, 403, 'AccessDenied', 'Request has expired', p);
    const stat = this.stat(bucket, p);
    if (!stat) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', p);
    res.writeHead(200, {
      'content-type': stat.contentType,
      'content-length': stat.size,
      'cache-control': 'private, max-age=0',
    });
    if (req.method === 'HEAD') return void res.end();
    if (this.root) fs.createReadStream(this.fileOf(bucket, p)).pipe(res);
    else res.end(this.memory.get(`${bucket}/${p}`));
  }

  // ---------------------------------------------------------------- links

  private signature(bucket: string, p: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${bucket}/${p}\n${t}`).digest('hex').slice(0, 32);
  }

  private validSign(bucket: string, p: string, t: number, sign: string): boolean {
    const want = Buffer.from(this.signature(bucket, p, t));
    const got = Buffer.from(sign);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  /** A temporary link to the file, valid `maxAge` seconds (the raw path: the SDK encodes it itself). */
  private signedUrl(bucket: string, p: string, maxAge: number): string {
    const t = Math.floor(this.now() / 1000) + maxAge;
    return `${this.options.baseUrl()}/local/files/${bucket}/${p}?sign=${this.signature(bucket, p, t)}&t=${t}`;
  }

  // ---------------------------------------------------------------- the files

  private fileOf(bucket: string, p: string): string {
    return path.join(this.root!, bucket, ...p.split('/'));
  }

  private stat(bucket: string, p: string): StoredFile | null {
    if (!this.root) {
      const bytes = this.memory.get(`${bucket}/${p}`);
      return bytes ? { size: bytes.length, contentType: contentTypeOf(p) } : null;
    }
    try {
      const s = fs.statSync(this.fileOf(bucket, p));
      return s.isFile() ? { size: s.size, contentType: contentTypeOf(p) } : null;
    } catch {
      return null;
    }
  }

  /** Where an upload is written until it is complete (then renamed over the file). */
  private partFile(bucket: string, p: string): string {
    const file = this.fileOf(bucket, p);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return `${file}.${randomBytes(4).toString('hex')}.part`;
  }

  private drop(bucket: string, p: string): void {
    if (!this.root) this.memory.delete(`${bucket}/${p}`);
    else fs.rmSync(this.fileOf(bucket, p), { force: true });
  }

  /** The file ids stored (for tests and the curious developer). */
  list(env = 'local'): string[] {
    const bucket = bucketOf(env);
    if (!this.root) {
      return [...this.memory.keys()]
        .filter((k) => k.startsWith(`${bucket}/`))
        .map((k) => fileIdOf(env, k.slice(bucket.length + 1)));
    }
    const dir = path.join(this.root, bucket);
    if (!fs.existsSync(dir)) return [];
    return (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile() && !f.endsWith('.part'))
      .map((f) => fileIdOf(env, f.split(path.sep).join('/')));
  }
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function decodePath(p: string): string | null {
  try {
    const decoded = decodeURIComponent(p);
    return validPath(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** An error as COS answers it: the XML the SDK parses (Code, Message, Resource, RequestId, TraceId). */
function cosError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  resource: string,
): void {
  const id = randomBytes(12).toString('hex');
  const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${esc(message)}</Message>\n` +
    `  <Resource>/${esc(resource)}</Resource>\n  <RequestId>${id}</RequestId>\n  <TraceId>${id}</TraceId>\n</Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
