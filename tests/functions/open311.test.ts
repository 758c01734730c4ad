/**
 * The Open311 GeoReport v2 door, over HTTP against the local cloud, checked against the specification
 * (wiki.open311.org/GeoReport_v2) — its field tables, its examples and its errors — not against the
 * door's own schemas: the shapes below are written from the specification's text.
 *
 *   - GET Service List: service_code, service_name, description, metadata (true/false),
 *     type (realtime/batch/blackbox), keywords, group.
 *   - GET Service Definition: service_code, attributes[] of variable, code, datatype (string, number,
 *     datetime, text, singlevaluelist, multivaluelist), required, datatype_description, order (positive,
 *     unique), description, values[] of key/name for the list types. 404 for a service_code not found.
 *   - POST Service Request: form-encoded, api_key required, service_code and a location (lat & long, or
 *     address_string, or address_id) required, attribute[code]=value; the answer is an array of
 *     service_request_id (no token: realtime), service_notice, account_id.
 *   - GET Service Requests / Request: service_request_id, status (open/closed), status_notes,
 *     service_name, service_code, description (≤ 4000), agency_responsible, service_notice,
 *     requested_datetime, updated_datetime, expected_datetime, address, address_id, zipcode, lat, long,
 *     media_url; dates in w3 format with a time zone; start_date/end_date at most 90 days apart.
 *   - Errors: an array of {code, description}; 403 for a wrong or missing api_key, 404 for what does not
 *     exist, 400 for any other request that cannot be fulfilled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PERSONAS } from '../../local/demo/township.seed';
import { GROWING_COLLECTIONS } from '../../server/db/collections';
import { renderOpenApi } from '../../server/open311/openapi';
import { expectError, submitOpinion, unwrap, useDemoCloud } from './support';

jest.setTimeout(120_000);

const cloud = useDemoCloud();

/** Every body the door answered, searched at the end for personal data. */
const answered: string[] = [];

interface Reply {
  status: number;
  headers: Headers;
  json: unknown;
}

async function http(
  method: 'GET' | 'POST' | 'PUT',
  route: string,
  options: { query?: Record<string, string>; form?: string; json?: unknown; now?: string } = {},
): Promise<Reply> {
  const url = new URL(`/open311/v2/${route}`, cloud.url);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    body = options.form;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.now) headers['x-local-now'] = options.now;
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  answered.push(text);
  expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/i);
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** The specification's error body: an array of code/description, the code matching the HTTP status. */
function expectSpecError(reply: Reply, status: number): void {
  expect(reply.status).toBe(status);
  expect(Array.isArray(reply.json)).toBe(true);
  const errors = reply.json as { code: unknown; description: unknown }[];
  expect(errors.length).toBeGreaterThanOrEqual(1);
  for (const e of errors) {
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(e.code).toBe(status);
    expect(typeof e.description).toBe('string');
    expect(e.description as string).toMatch(/[\u4e00-\u9fa5]/);
  }
}

/** w3 datetime (a subset of ISO 8601) with the time zone the specification requires. */
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

/** A service request as the specification's GET Service Request(s) response table lists its fields. */
function expectSpecRequest(r: Record<string, unknown>): void {
  expect(typeof r.service_request_id).toBe('string');
  expect(['open', 'closed']).toContain(r.status);
  expect(r.status_notes === null || typeof r.status_notes === 'string').toBe(true);
  expect(typeof r.service_name).toBe('string');
  expect(typeof r.service_code).toBe('string');
  expect(typeof r.description).toBe('string');
  expect((r.description as string).length).toBeLessThanOrEqual(4000);
  expect(r.description as string).not.toMatch(/<[a-z/]/i);
  expect(r.agency_responsible === null || typeof r.agency_responsible === 'string').toBe(true);
  expect(r.service_notice === null || typeof r.service_notice === 'string').toBe(true);
  expect(r.requested_datetime).toMatch(W3);
  expect(r.updated_datetime).toMatch(W3);
  if (r.expected_datetime !== null) expect(r.expected_datetime).toMatch(W3);
  expect(typeof r.address).toBe('string');
  expect(typeof r.address_id).toBe('string');
  for (const optional of ['zipcode', 'lat', 'long', 'media_url']) expect(optional in r).toBe(true);
  // Nothing the specification does not name (no contact, no openid, no internal state).
  const named = [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ];
  expect(Object.keys(r).filter((k) => !named.includes(k))).toEqual([]);
}

interface Issued {
  id: string;
  token: string;
}

async function issue(fields: Record<string, unknown>, openid: string = PERSONAS.presidium): Promise<Issued> {
  return unwrap(await cloud.call<Issued>('open311', { action: 'issueKey', ...fields }, openid));
}

let hotline: Issued;
let readOnly: Issued;

beforeAll(async () => {
  hotline = await issue({ name: '县12345热线', channel: '12345', scopes: ['read', 'file'] });
  readOnly = await issue({ name: '县数据平台', channel: 'api', scopes: ['read'] });
});

/** What the 12345 hotline sends for a caller from 金鼓村 about a road (the specification's example, our values). */
const HOTLINE_CALL = {
  service_code: 'road',
  address_id: 'jingu',
  address_string: '金鼓乡金鼓村三组村道',
  email: 'caller@example.com',
  device_id: 'hotline-seat-07',
  account_id: 'acct-778',
  first_name: '小明',
  last_name: '赵',
  phone: '13677778888',
  description: '金鼓村三组到村部的村道有一段塌陷，雨天车辆无法通行，来电人希望尽快修复。',
  media_url: 'http://hotline.example.gov.cn/media/778.jpg',
  'attribute[case_number]': 'RX2026120200778',
};

describe('keys: issued by the presidium, shown once, stored hashed', () => {
  it('answers the key once and lists keys without it', async () => {
    expect(hotline.token).toMatch(/^o311_[a-f0-9]{16}_[A-Za-z0-9_-]{43}$/);
    const list = unwrap(
      await cloud.call<Record<string, unknown>[]>('open311', { action: 'listKeys' }, PERSONAS.presidium),
    );
    const mine = list.find((k) => k.id === hotline.id)!;
    expect(mine).toMatchObject({
      name: '县12345热线',
      channel: '12345',
      scopes: ['read', 'file'],
      active: true,
    });
    expect(JSON.stringify(list)).not.toContain(hotline.token.slice(22));
    for (const k of list)
      for (const hidden of ['token', 'hash', 'salt']) expect(k).not.toHaveProperty(hidden);
    const stored = JSON.stringify(cloud.store.get('apiKeys', hotline.id)?.doc);
    expect(stored).not.toContain(hotline.token.slice(22));
  });

  it('is the presidium’s only', async () => {
    expectError(
      await cloud.call(
        'open311',
        { action: 'issueKey', name: 'x', channel: 'api', scopes: ['read'] },
        PERSONAS.villager,
      ),
      'FORBIDDEN',
    );
    expectError(await cloud.call('open311', { action: 'listKeys' }, PERSONAS.deputy1), 'FORBIDDEN');
    expectError(
      await cloud.call(
        'open311',
        { action: 'issueKey', name: '', channel: 'fax', scopes: [] },
        PERSONAS.presidium,
      ),
      'BAD_INPUT',
    );
  });
});

describe('errors as the specification says', () => {
  it('403 without a key, with a wrong one, or one without the scope', async () => {
    expectSpecError(await http('GET', 'services.json'), 403);
    expectSpecError(await http('GET', 'services.json', { query: { api_key: 'xyz' } }), 403);
    const forged = hotline.token.slice(0, -4) + 'AAAA';
    expectSpecError(await http('GET', 'services.json', { query: { api_key: forged } }), 403);
    expectSpecError(
      await http('POST', 'requests.json', { form: form({ api_key: readOnly.token, ...HOTLINE_CALL }) }),
      403,
    );
  });

  it('404 for what does not exist, 400 for a format it does not serve or a bad request', async () => {
    const q = { api_key: hotline.token };
    expectSpecError(await http('GET', 'services/nosuch.json', { query: q }), 404);
    expectSpecError(await http('GET', 'requests/op0000000000000000000000.json', { query: q }), 404);
    expectSpecError(await http('GET', 'services.xml', { query: q }), 400);
    expectSpecError(
      await http('GET', 'services.json', { query: { ...q, jurisdiction_id: 'qingshan' } }),
      404,
    );
    expectSpecError(
      await http('GET', 'requests.json', {
        query: { ...q, start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' },
      }),
      400,
    );
    expectSpecError(await http('GET', 'requests.json', { query: { ...q, start_date: 'yesterday' } }), 400);
    expectSpecError(await http('GET', 'requests.json', { query: { ...q, status: 'pending' } }), 400);
  });

  it('400 for a POST without service_code, location or description, or one too long', async () => {
    const { service_code: _c, ...noCode } = HOTLINE_CALL;
    const { address_id: _a, address_string: _s, ...noPlace } = HOTLINE_CALL;
    const base = { api_key: hotline.token };
    expectSpecError(await http('POST', 'requests.json', { form: form({ ...base, ...noCode }) }), 400);
    expectSpecError(await http('POST', 'requests.json', { form: form({ ...base, ...noPlace }) }), 400);
    expectSpecError(
      await http('POST', 'requests.json', { form: form({ ...base, ...HOTLINE_CALL, description: '' }) }),
      400,
    );
    expectSpecError(
      await http('POST', 'requests.json', {
        form: form({ ...base, ...HOTLINE_CALL, description: '路'.repeat(4001) }),
      }),
      400,
    );
    // A phone to call back is a mobile number: the one kind every case keeps masked wherever it is shown.
    expectSpecError(
      await http('POST', 'requests.json', { form: form({ ...base, ...HOTLINE_CALL, phone: '0731-8888' }) }),
      400,
    );
    expectSpecError(
      await http('POST', 'requests.json', {
        form: form({ ...base, ...HOTLINE_CALL, service_code: 'nosuch' }),
      }),
      404,
    );
    expectSpecError(
      await http('POST', 'requests.json', {
        form: form({ ...base, ...HOTLINE_CALL, address_id: 'atlantis' }),
      }),
      400,
    );
  });

  it('hostile bodies and paths answer the same error body, never a crash', async () => {
    const key = { api_key: hotline.token };
    const post = (json: unknown) => http('POST', 'requests.json', { query: key, json });
    expectSpecError(await post([1, 2, 3]), 400);
    expectSpecError(await post('a string'), 400);
    expectSpecError(await post({ ...HOTLINE_CALL, __proto__: { admin: true }, constructor: 'x' }), 400);
    expectSpecError(await post({ service_code: 'road', address_id: 'jingu', description: { $gt: '' } }), 400);
    expectSpecError(
      await http('POST', 'requests.json', {
        form: form({ ...key, ...HOTLINE_CALL, 'attribute[owner]': 'd01' }),
      }),
      400,
    );
    expectSpecError(
      await http('POST', 'requests.json', {
        form: form({ ...key, ...HOTLINE_CALL, filler: 'x'.repeat(70_000) }),
      }),
      400,
    );
    expectSpecError(await http('PUT', 'requests.json', { query: key, form: '' }), 405);
    expectSpecError(await http('GET', 'services/%E0%A4%A.json', { query: key }), 404);
    expectSpecError(await http('GET', '../functions/admin', { query: key }), 404);
    expectSpecError(
      await http('GET', 'requests.json', { query: { ...key, service_request_id: 'op1,{"$ne":1}' } }),
      400,
    );
  });

  it('429, in the same body, past the key’s calls per minute', async () => {
    const slow = await issue({ name: '限速测试', channel: 'api', scopes: ['read'], ratePerMinute: 3 });
    const now = '2026-12-02T02:00:10.000Z';
    for (let i = 0; i < 3; i++)
      expect((await http('GET', 'services.json', { query: { api_key: slow.token }, now })).status).toBe(200);
    const over = await http('GET', 'services.json', { query: { api_key: slow.token }, now });
    expectSpecError(over, 429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // The next minute is a new allowance.
    const later = '2026-12-02T02:01:05.000Z';
    expect((await http('GET', 'services.json', { query: { api_key: slow.token }, now: later })).status).toBe(
      200,
    );
  });
});

describe('services', () => {
  it('lists the categories with the specification’s fields, the working-day limits as description', async () => {
    const reply = await http('GET', 'services.json', { query: { api_key: readOnly.token } });
    expect(reply.status).toBe(200);
    const list = reply.json as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) {
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.service_name).toBe('string');
      expect(typeof s.description).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
      expect(typeof s.keywords).toBe('string');
      expect(typeof s.group).toBe('string');
    }
    const road = list.find((s) => s.service_code === 'road')!;
    expect(road.description).toMatch(/\d+个工作日/);
  });

  it('defines a service’s attributes as the specification’s table says', async () => {
    const reply = await http('GET', 'services/road.json', { query: { api_key: readOnly.token } });
    expect(reply.status).toBe(200);
    const def = reply.json as { service_code: string; attributes: Record<string, unknown>[] };
    expect(def.service_code).toBe('road');
    const orders = def.attributes.map((a) => a.order as number);
    expect(new Set(orders).size).toBe(orders.length);
    for (const a of def.attributes) {
      expect(typeof a.variable).toBe('boolean');
      expect(typeof a.code).toBe('string');
      expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(
        a.datatype,
      );
      expect(typeof a.required).toBe('boolean');
      expect(a.datatype_description === null || typeof a.datatype_description === 'string').toBe(true);
      expect(Number.isInteger(a.order) && (a.order as number) > 0).toBe(true);
      expect(typeof a.description).toBe('string');
      if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') {
        expect(Array.isArray(a.values)).toBe(true);
        for (const v of a.values as Record<string, unknown>[])
          expect(Object.keys(v).sort()).toEqual(['key', 'name']);
      }
    }
    const village = def.attributes.find((a) => a.code === 'village')!;
    expect((village.values as { key: string; name: string }[]).find((v) => v.key === 'jingu')?.name).toBe(
      '金鼓村',
    );
  });
});

describe('a hotline files a case, it lands with the right deputy, and the answer comes back', () => {
  let id: string;
  const FILED_AT = new Date();

  it('POST requests (form-encoded, the key in the body) answers service_request_id and service_notice', async () => {
    const reply = await http('POST', 'requests.json', {
      form: form({ api_key: hotline.token, ...HOTLINE_CALL }),
    });
    expect(reply.status).toBe(200);
    const body = reply.json as Record<string, unknown>[];
    expect(body).toHaveLength(1);
    expect(Object.keys(body[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    expect(body[0]).not.toHaveProperty('token');
    expect(typeof body[0].service_request_id).toBe('string');
    expect(body[0].service_notice).toMatch(/工作日/);
    id = body[0].service_request_id as string;
  });

  it('the same case_number filed again is the same request', async () => {
    const again = await http('POST', 'requests.json', {
      form: form({ api_key: hotline.token, ...HOTLINE_CALL }),
    });
    expect((again.json as { service_request_id: string }[])[0].service_request_id).toBe(id);
    // The same request without a case number, twice in a few minutes: one case too.
    const { 'attribute[case_number]': _n, ...plain } = HOTLINE_CALL;
    const call = { api_key: hotline.token, ...plain, description: '金鼓村路灯坏了三盏，晚上出行不便。' };
    const a = await http('POST', 'requests.json', { form: form(call) });
    const b = await http('POST', 'requests.json', { form: form(call) });
    expect((a.json as { service_request_id: string }[])[0].service_request_id).toBe(
      (b.json as { service_request_id: string }[])[0].service_request_id,
    );
  });

  it('is routed as any opinion: in the deputy’s inbox, with the channel recorded', async () => {
    const inbox = unwrap(
      await cloud.call<{ open: { id: string }[] }>('opinion', { action: 'inbox' }, PERSONAS.deputy1),
    );
    expect(inbox.open.map((o) => o.id)).toContain(id);
    const stored = cloud.store.get('opinions', id)?.doc as Record<string, unknown>;
    expect(stored).toMatchObject({
      channel: '12345',
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
    });
    expect(stored.open311).toMatchObject({ keyId: hotline.id, ref: 'RX2026120200778' });
  });

  it('GET requests/{id} tells it open, with the deputy responsible and the deadline', async () => {
    const reply = await http('GET', `requests/${id}.json`, { query: { api_key: readOnly.token } });
    expect(reply.status).toBe(200);
    const [r] = reply.json as Record<string, unknown>[];
    expectSpecRequest(r);
    expect(r).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'road',
      address_id: 'jingu',
    });
    expect(r.agency_responsible).toContain('王建国');
    expect(r.expected_datetime).not.toBeNull();
    expect(Date.parse(r.requested_datetime as string)).toBeGreaterThanOrEqual(FILED_AT.getTime() - 1000);
  });

  it('the deputy answers and resolves: status closed, status_notes the answer', async () => {
    const req = (n: string) => `o311-${n}-${Date.now()}`;
    unwrap(
      await cloud.call('opinion', { action: 'accept', requestId: req('a'), opinionId: id }, PERSONAS.deputy1),
    );
    const answer = '已联系乡交管站，塌陷路段本周五前完成修复。';
    unwrap(
      await cloud.call(
        'opinion',
        { action: 'resolve', requestId: req('r'), opinionId: id, answer },
        PERSONAS.deputy1,
      ),
    );
    const [r] = (await http('GET', `requests/${id}.json`, { query: { api_key: hotline.token } }))
      .json as Record<string, unknown>[];
    expectSpecRequest(r);
    expect(r.status).toBe('closed');
    expect(r.status_notes).toBe(answer);
    expect(r.expected_datetime).toBeNull();
  });

  it('GET requests filters by status, service and dates, newest first, within 90 days', async () => {
    const q = { api_key: readOnly.token };
    const all = (await http('GET', 'requests.json', { query: q })).json as Record<string, unknown>[];
    expect(all.map((r) => r.service_request_id)).toContain(id);
    all.forEach(expectSpecRequest);
    const closed = (
      await http('GET', 'requests.json', { query: { ...q, status: 'closed', service_code: 'road' } })
    ).json as Record<string, unknown>[];
    expect(closed.map((r) => r.service_request_id)).toContain(id);
    expect(closed.every((r) => r.status === 'closed' && r.service_code === 'road')).toBe(true);
    const open = (await http('GET', 'requests.json', { query: { ...q, status: 'open' } })).json as Record<
      string,
      unknown
    >[];
    expect(open.map((r) => r.service_request_id)).not.toContain(id);
    const old = (
      await http('GET', 'requests.json', {
        query: { ...q, start_date: '2025-01-01T00:00:00+08:00', end_date: '2025-03-01T00:00:00+08:00' },
      })
    ).json as unknown[];
    expect(old).toEqual([]);
    const byId = (await http('GET', 'requests.json', { query: { ...q, service_request_id: id } }))
      .json as unknown[];
    expect(byId).toHaveLength(1);
  });

  it('changed since (extension): every change once, paged, oldest first', async () => {
    const q = {
      api_key: hotline.token,
      updated_after: new Date(FILED_AT.getTime() - 60_000).toISOString(),
      page_size: '1',
    };
    const seen: string[] = [];
    let page = await http('GET', 'requests.json', { query: q });
    for (let i = 0; i < 20; i++) {
      const list = page.json as Record<string, unknown>[];
      list.forEach(expectSpecRequest);
      seen.push(...list.map((r) => r.service_request_id as string));
      const next = page.headers.get('x-next-page-token');
      if (!next) break;
      page = await http('GET', 'requests.json', {
        query: { api_key: hotline.token, page_token: next, page_size: '1' },
      });
    }
    expect(seen).toContain(id);
    expect(new Set(seen).size).toBe(seen.length);
    expectSpecError(
      await http('GET', 'requests.json', { query: { api_key: hotline.token, page_token: 'nonsense' } }),
      400,
    );
    // Nothing changed after the last change.
    const after = (
      await http('GET', 'requests.json', {
        query: { api_key: hotline.token, updated_after: new Date(Date.now() + 60_000).toISOString() },
      })
    ).json;
    expect(after).toEqual([]);
  });
});

describe('nothing personal leaves, and no other case', () => {
  it('a villager’s WeChat case is not found; another township’s key sees nothing of this one', async () => {
    const own = unwrap(
      await submitOpinion(cloud, PERSONAS.villager, {
        requestId: `o311-villager-${Date.now()}`,
        text: '我家门口的排水沟堵了，请帮忙疏通。',
        contact: { name: '钱阿婆', phone: '13512340000' },
      }),
    );
    expectSpecError(
      await http('GET', `requests/${own.id}.json`, { query: { api_key: readOnly.token } }),
      404,
    );
    const listed = (await http('GET', 'requests.json', { query: { api_key: readOnly.token } }))
      .json as Record<string, unknown>[];
    expect(listed.map((r) => r.service_request_id)).not.toContain(own.id);

    const qingshan = await issue(
      { name: '青山镇热线', channel: '12345', scopes: ['read'], townshipId: 'qingshan' },
      PERSONAS.presidiumQs,
    );
    const mine = (await http('GET', 'requests.json', { query: { api_key: hotline.token } })).json as Record<
      string,
      unknown
    >[];
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine)
      expectSpecError(
        await http('GET', `requests/${r.service_request_id as string}.json`, {
          query: { api_key: qingshan.token },
        }),
        404,
      );
  });

  it('a revoked key is refused at once; its last use was recorded', async () => {
    const spare = await issue({ name: '临时', channel: 'api', scopes: ['read'] });
    expect((await http('GET', 'services.json', { query: { api_key: spare.token } })).status).toBe(200);
    const listed = unwrap(
      await cloud.call<Record<string, unknown>[]>('open311', { action: 'listKeys' }, PERSONAS.presidium),
    );
    expect(listed.find((k) => k.id === spare.id)?.lastUsedAt).toBeTruthy();
    unwrap(await cloud.call('open311', { action: 'revokeKey', id: spare.id }, PERSONAS.presidium));
    expectSpecError(await http('GET', 'services.json', { query: { api_key: spare.token } }), 403);
  });

  it('no response carries a name, phone or openid of anyone', () => {
    const text = answered.join('\n');
    const docs = (name: string) =>
      [...cloud.store.entries(name).values()].map((e) => e.doc as Record<string, unknown>);
    const deputies = docs('deputies').map((d) => String(d.phone));
    // Every contact any case keeps (the seeded villagers', the walk-ins', the hotline caller's).
    const contacts = docs('opinions').flatMap((o) => {
      const c = (o.contact ?? {}) as { name?: string; phone?: string };
      return [c.name, c.phone].filter((v): v is string => typeof v === 'string' && v.length > 1);
    });
    const users = docs('users')
      .map((u) => u.openid)
      .filter((o): o is string => typeof o === 'string');
    const secrets = [
      '赵小明',
      '小明',
      '13677778888',
      'caller@example.com',
      'acct-778',
      'hotline-seat-07',
      '钱阿婆',
      '13512340000',
      ...Object.values(PERSONAS),
      ...deputies,
      ...users,
      ...contacts,
    ];
    expect(contacts.length).toBeGreaterThan(2);
    expect(answered.length).toBeGreaterThan(30);
    for (const s of secrets)
      expect({ secret: s, found: text.includes(s) }).toEqual({ secret: s, found: false });
  });
});

it('every query the door made on a growing collection is served by a declared index', () => {
  const unserved = cloud.engine
    .unindexedQueries()
    .filter((q) => GROWING_COLLECTIONS.has(q.collection))
    .map((q) => q.shape);
  expect(unserved).toEqual([]);
});

describe('the machine-readable contract', () => {
  it('is committed as generated from the schemas, and served', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '../../docs/open311.openapi.json'), 'utf8');
    expect(committed).toBe(renderOpenApi());
    const served = await http('GET', 'openapi.json');
    expect(served.status).toBe(200);
    expect(served.json).toEqual(JSON.parse(committed));
    const doc = served.json as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/requests.json',
      '/requests/{service_request_id}.json',
      '/requests/{service_request_id}/rating.json',
      '/services.json',
      '/services/{service_code}.json',
    ]);
  });
});
