/**
 * The Open311 GeoReport v2 door over HTTP. CloudBase's HTTP access service calls the function with an
 * integration event ({ path, httpMethod, headers, queryStringParameters, body, isBase64Encoded }) and
 * sends back { statusCode, headers, body }; the local cloud routes `/open311/*` the same way.
 *
 *   GET  …/v2/services.json                 GET  …/v2/services/{service_code}.json
 *   POST …/v2/requests.json                 GET  …/v2/requests.json    GET …/v2/requests/{id}.json
 *   GET  …/discovery.json  (service discovery)   GET …/v2/openapi.json  (the machine-readable contract)
 *   POST …/v2/requests/{id}/rating.json     (extension: the filing system's callback rating, 回访评价)
 *
 * Every call but discovery and the contract needs `api_key` (query string or body; the key names the
 * township the call runs in: one endpoint serves the county's townships, so no data is shown without
 * one), scope `read` for GETs and `file` for POST; a missing, invalid or revoked key, or one without the
 * scope, is 403 as the specification says (so is a rating of a case another key filed); past the key's per-minute rate 429. Errors are the
 * specification's body, `[{"code":403,"description":"…"}]`. JSON only: `.xml` is refused with 400.
 */
import { z } from 'zod';
import { now as clockNow } from '../clock';
import { AppError } from '../errors';
import { isWriteConflict } from '../db/collection';
import { withTownship } from '../tenancy';
import { parseRoute, type KeyScope, type Open311Route } from '../../core/open311/open311.rules';
import { authenticate, takeCall, type ApiKeyRecord } from './keys.service';
import { listRequestsQuery, plainQuery, postRequestInput, ratingInput } from './open311.schemas';
import { rateRequest } from './rating.service';
import {
  Open311Error,
  fileRequest,
  fromAppError,
  getRequest,
  listRequests,
  serviceDefinition,
  services,
} from './requests.service';

export interface HttpEvent {
  path?: string;
  httpMethod?: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** Whether a function's event came through the HTTP access service (not callFunction). */
export function isHttpEvent(event: unknown): event is HttpEvent {
  return (
    !!event &&
    typeof event === 'object' &&
    typeof (event as HttpEvent).httpMethod === 'string' &&
    typeof (event as HttpEvent).path === 'string'
  );
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** A body larger than this is refused before it is parsed (a description is at most 4000 characters). */
const BODY_MAX = 64 * 1024;

function answer(statusCode: number, data: unknown, extra: Record<string, string> = {}): HttpAnswer {
  return {
    statusCode,
    headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(data),
    isBase64Encoded: false,
  };
}

function errors(status: number, description: string, extra: Record<string, string> = {}): HttpAnswer {
  return answer(status, [{ code: status, description }], extra);
}

/** The form's fields: `attribute[code]=value` gathered into `attribute`, `attribute[code][]` as a list. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attribute: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (m) {
      if (m[2]) attribute[m[1]] = [...((attribute[m[1]] as string[] | undefined) ?? []), v];
      else attribute[m[1]] = v;
    } else out[k] = v;
  }
  if (Object.keys(attribute).length) out.attribute = attribute;
  return out;
}

function headerOf(event: HttpEvent, name: string): string | undefined {
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
}

function bodyOf(event: HttpEvent): Record<string, unknown> | Open311Error {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (text.length > BODY_MAX) return new Open311Error(400, `请求内容太大（最多${BODY_MAX / 1024} KB）`);
  if (!text) return {};
  if ((headerOf(event, 'content-type') ?? '').includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // answered below
    }
    return new Open311Error(400, '请求内容不是有效的 JSON 对象');
  }
  return parseForm(text);
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const field = i.path.map(String).join('.') || '请求';
      return i.code === 'unrecognized_keys'
        ? `不支持的参数：${i.keys.slice(0, 5).join('、')}`
        : `${field}：${i.message}`.slice(0, 200);
    })
    .join('；');
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Open311Error(400, describe(parsed.error));
  return parsed.data;
}

const KEY_REFUSALS = {
  missing: '缺少 api_key：请在查询参数或请求内容中提供乡镇人大主席团发放的接口密钥',
  invalid: 'api_key 无效，请核对乡镇人大主席团发放的接口密钥',
  revoked: 'api_key 已被撤销，请联系乡镇人大主席团重新发放',
} as const;

/** Serves one HTTP call of the door; never throws. */
export async function serveHttp(event: HttpEvent, openapi: () => unknown): Promise<HttpAnswer> {
  try {
    return await route(event, openapi);
  } catch (err) {
    if (err instanceof Open311Error) return errors(err.status, err.description);
    if (err instanceof AppError) {
      const e = fromAppError(err);
      return errors(e.status, e.description);
    }
    if (isWriteConflict(err)) return errors(400, '数据正忙，请稍后重试');
    console.error('[open311] unexpected error', err);
    return errors(500, '系统繁忙，请稍后再试');
  }
}

async function route(event: HttpEvent, openapi: () => unknown): Promise<HttpAnswer> {
  const method = (event.httpMethod ?? '').toUpperCase();
  const found = parseRoute(event.path ?? '');
  if (!found)
    return errors(404, '没有这个接口：请使用 …/v2/services.json、…/v2/requests.json 等（见 openapi.json）');
  const { route: r, format } = found;
  if (format !== 'json') return errors(400, `只提供 JSON 格式：请把 .${format} 换成 .json`);
  if (r.kind === 'discovery' || r.kind === 'openapi') {
    if (method !== 'GET') return errors(405, '只支持 GET', { allow: 'GET' });
    return answer(200, r.kind === 'openapi' ? openapi() : discovery(event));
  }
  const wants: KeyScope =
    (r.kind === 'requests' && method === 'POST') || r.kind === 'rating' ? 'file' : 'read';
  const allowed = r.kind === 'requests' ? ['GET', 'POST'] : r.kind === 'rating' ? ['POST'] : ['GET'];
  if (!allowed.includes(method))
    return errors(405, `只支持 ${allowed.join('、')}`, { allow: allowed.join(', ') });

  const query = { ...(event.queryStringParameters ?? {}) };
  const body = method === 'POST' ? bodyOf(event) : {};
  if (body instanceof Open311Error) return errors(body.status, body.description);
  const token = pickKey(query.api_key, body.api_key);
  delete query.api_key;
  delete body.api_key;

  const now = clockNow();
  const auth = await authenticate(token, now);
  if (!auth.ok) return errors(403, KEY_REFUSALS[auth.reason]);
  const key = auth.key;
  if (!key.scopes.includes(wants))
    return errors(
      403,
      wants === 'file'
        ? `这个 api_key 只能查询，不能${r.kind === 'rating' ? '回访评价' : '转交意见建议'}`
        : '这个 api_key 不能查询',
    );

  return withTownship(key.townshipId, async () => {
    if (!(await takeCall(key, now)))
      return errors(429, `调用太频繁：这个 api_key 每分钟最多调用${key.ratePerMinute}次，请稍后再试`, {
        'retry-after': String(60 - now.getUTCSeconds()),
      });
    return dispatch(r, method, key, query, body, now);
  });
}

function pickKey(...given: unknown[]): string | undefined {
  const v = given.find((g) => typeof g === 'string' && g.length > 0);
  return typeof v === 'string' ? v.slice(0, 200) : undefined;
}

/** jurisdiction_id is optional (the key names the township); given, it must be the key's. */
function checkJurisdiction(key: ApiKeyRecord, jurisdiction: string | undefined): void {
  if (jurisdiction !== undefined && jurisdiction !== '' && jurisdiction !== key.townshipId)
    throw new Open311Error(
      404,
      `没有找到 jurisdiction_id ${jurisdiction}（这个 api_key 属于 ${key.townshipId}）`,
    );
}

async function dispatch(
  r: Open311Route,
  method: string,
  key: ApiKeyRecord,
  query: Record<string, string | undefined>,
  body: Record<string, unknown>,
  now: Date,
): Promise<HttpAnswer> {
  if (r.kind === 'requests' && method === 'POST') {
    // The specification sends the fields form-encoded in the body; the query string is accepted too.
    const input = parse(postRequestInput(), { ...query, ...body });
    checkJurisdiction(key, input.jurisdiction_id);
    return answer(200, await fileRequest(key, input, now));
  }
  if (r.kind === 'rating') {
    const input = parse(ratingInput(), { ...query, ...body });
    checkJurisdiction(key, input.jurisdiction_id);
    return answer(200, await rateRequest(key, r.id, input, now));
  }
  if (r.kind === 'requests') {
    const q = parse(listRequestsQuery(), query);
    checkJurisdiction(key, q.jurisdiction_id);
    const { requests, next } = await listRequests(q, now);
    return answer(200, requests, next ? { 'x-next-page-token': next } : {});
  }
  const { jurisdiction_id } = parse(plainQuery(), query);
  checkJurisdiction(key, jurisdiction_id);
  if (r.kind === 'services') return answer(200, await services());
  if (r.kind === 'service') return answer(200, await serviceDefinition(r.code));
  if (r.kind === 'request') return answer(200, await getRequest(r.id));
  return errors(404, '没有这个接口');
}

/** Service discovery (wiki.open311.org/Service_discovery): where the GeoReport v2 endpoint is. */
function discovery(event: HttpEvent) {
  const base = (event.path ?? '').replace(/\/?discovery\.json$/, '');
  return {
    changeset: '2026-12-01T00:00:00+08:00',
    contact: '请联系所在乡镇人大主席团获取接口密钥（api_key）。',
    key_service: '乡镇人大主席团在小程序“接口密钥”页发放',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${base}/v2`,
        changeset: '2026-12-01T00:00:00+08:00',
        type: 'production',
        formats: ['application/json'],
      },
    ],
  };
}
