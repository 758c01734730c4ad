/**
 * The Open311 door's callback rating (extension: POST requests/{id}/rating.json), over HTTP against the
 * local cloud: the 12345 hotline files a case, the deputy answers and resolves it in the mini-program's
 * function, the hotline calls the caller back (回访) and posts 满意/基本满意/不满意 — which is the case's
 * rating, by the state machine's own `rate`: the case closes (or 不满意 reopens it under supervision),
 * its timeline says 12345回访评价, and the township's figures count it as the caller's own answer under
 * the 12345 channel. Retried, it answers the same and rates nothing; anyone else's key, a WeChat case,
 * a case not yet 办结, a bad rating or a bad callback time is refused in the specification's error body.
 */
import { villagerTimelineText } from '../../core/opinion/opinion.state';
import type { FiguresReport, FigureValue } from '../../core/figures/figures.types';
import { PERSONAS } from '../../local/demo/township.seed';
import { renderOpenApi } from '../../server/open311/openapi';
import { submitOpinion, unwrap, useDemoCloud } from './support';

jest.setTimeout(120_000);

const cloud = useDemoCloud();

interface Reply {
  status: number;
  json: unknown;
}

async function http(
  method: 'GET' | 'POST',
  route: string,
  options: { query?: Record<string, string>; form?: Record<string, string>; json?: unknown } = {},
): Promise<Reply> {
  const url = new URL(`/open311/v2/${route}`, cloud.url);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(url, { method, headers, body });
  expect(res.headers.get('content-type')).toMatch(/^application\/json; charset=utf-8/i);
  return { status: res.status, json: JSON.parse(await res.text()) };
}

/** The specification's error body, with the stable code in the description when one is named. */
function expectSpecError(reply: Reply, status: number, code?: string): string {
  expect(reply.status).toBe(status);
  const errors = reply.json as { code: number; description: string }[];
  expect(errors).toHaveLength(1);
  expect(Object.keys(errors[0]).sort()).toEqual(['code', 'description']);
  expect(errors[0].code).toBe(status);
  expect(errors[0].description).toMatch(/[\u4e00-\u9fa5]/);
  if (code) expect(errors[0].description).toContain(`（${code}）`);
  return errors[0].description;
}

interface Issued {
  id: string;
  token: string;
}

const issue = async (fields: Record<string, unknown>) =>
  unwrap(await cloud.call<Issued>('open311', { action: 'issueKey', ...fields }, PERSONAS.presidium));

let hotline: Issued;
let other: Issued;
let readOnly: Issued;

beforeAll(async () => {
  hotline = await issue({ name: '县12345热线', channel: '12345', scopes: ['read', 'file'] });
  other = await issue({ name: '县网格化平台', channel: 'api', scopes: ['read', 'file'] });
  readOnly = await issue({ name: '县数据平台', channel: 'api', scopes: ['read'] });
});

let seq = 0;
const req = (n: string) => `o311r-${n}-${++seq}-${Date.now()}`;

/** The hotline files a case (form-encoded, the key in the body): its service_request_id. */
async function file(caseNumber: string, key: Issued = hotline): Promise<string> {
  const reply = await http('POST', 'requests.json', {
    form: {
      api_key: key.token,
      service_code: 'road',
      address_id: 'jingu',
      description: `金鼓村三组村道路灯不亮，来电人希望尽快修好（${caseNumber}）。`,
      phone: '13677778888',
      'attribute[case_number]': caseNumber,
    },
  });
  expect(reply.status).toBe(200);
  return (reply.json as { service_request_id: string }[])[0].service_request_id;
}

/** The deputy accepts, answers and resolves it in the mini-program's function. */
async function resolve(id: string): Promise<void> {
  unwrap(
    await cloud.call('opinion', { action: 'accept', requestId: req('a'), opinionId: id }, PERSONAS.deputy1),
  );
  unwrap(
    await cloud.call(
      'opinion',
      { action: 'resolve', requestId: req('r'), opinionId: id, answer: '已请村委会更换灯泡，今晚恢复照明。' },
      PERSONAS.deputy1,
    ),
  );
}

const rate = (id: string, fields: Record<string, string>, key: Issued = hotline) =>
  http('POST', `requests/${id}/rating.json`, { form: { api_key: key.token, ...fields } });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const stored = (id: string) => cloud.store.get('opinions', id)?.doc as Doc;
const eventsOf = (id: string) =>
  [...cloud.store.entries('opinionEvents').values()]
    .map((e) => e.doc as Doc)
    .filter((e) => e.opinionId === id);

async function figures(): Promise<Map<string, FigureValue>> {
  const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  const report = unwrap(
    await cloud.call<FiguresReport>(
      'figures',
      { action: 'report', period: { kind: 'year', year }, scope: { kind: 'township' } },
      PERSONAS.presidium,
    ),
  );
  return new Map(report.figures.map((f) => [f.code, f]));
}
const channelPart = (f: FigureValue | undefined, key: string) =>
  f?.parts.channel?.find((p) => p.key === key)?.value ?? 0;

describe('the hotline calls the caller back and rates the case it filed', () => {
  let id: string;
  let before: Map<string, FigureValue>;
  let resolvedAt: Date;
  let first: unknown;

  beforeAll(async () => {
    before = await figures();
    id = await file('RX2026120300101');
  });

  it('before 办结 the rating is refused (NOT_RATABLE), and nothing is rated', async () => {
    expectSpecError(await rate(id, { rating: 'satisfied' }), 400, 'NOT_RATABLE');
    await resolve(id);
    resolvedAt = new Date(stored(id).resolvedAt);
    expect(stored(id)).toMatchObject({ status: 'resolved', ratings: [] });
  });

  it('refuses a rating value it does not know and a callback time it cannot take', async () => {
    expectSpecError(await rate(id, { rating: 'verySatisfied' }), 400);
    expectSpecError(await rate(id, {}), 400);
    expect(expectSpecError(await rate(id, { rating: 'satisfied', callback_at: '昨天下午' }), 400)).toContain(
      'callback_at',
    );
    const early = new Date(resolvedAt.getTime() - 60_000).toISOString();
    expect(expectSpecError(await rate(id, { rating: 'satisfied', callback_at: early }), 400)).toContain(
      '不能早于办结时间',
    );
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(expectSpecError(await rate(id, { rating: 'satisfied', callback_at: tomorrow }), 400)).toContain(
      '不能晚于现在',
    );
    expectSpecError(await rate(id, { rating: 'satisfied', comment: '很'.repeat(201) }), 400);
    expectSpecError(await rate(id, { rating: 'satisfied', unknown_field: 'x' }), 400);
    expect(stored(id)).toMatchObject({ status: 'resolved', ratings: [] });
  });

  it('refuses another system’s key (403), a read-only key (403), and a path it does not serve', async () => {
    expectSpecError(await rate(id, { rating: 'unsatisfied' }, other), 403, 'NOT_YOUR_OPINION');
    expectSpecError(await rate(id, { rating: 'unsatisfied' }, readOnly), 403);
    expectSpecError(
      await http('GET', `requests/${id}/rating.json`, { query: { api_key: hotline.token } }),
      405,
    );
    expectSpecError(
      await http('POST', `requests/${id}/rating.xml`, { form: { api_key: hotline.token } }),
      400,
    );
    expectSpecError(await rate('op0000000000000000000000', { rating: 'satisfied' }), 404);
    expect(stored(id)).toMatchObject({ status: 'resolved', ratings: [] });
  });

  it('满意 from the callback closes the case as the caller’s rating, by 12345', async () => {
    // Called back just after 办结 (the test runs in the same second).
    const callbackAt = new Date(resolvedAt.getTime() + 5);
    const reply = await rate(id, {
      rating: 'satisfied',
      comment: '路灯已经亮了，谢谢',
      callback_at: callbackAt.toISOString(),
    });
    expect(reply.status).toBe(200);
    first = reply.json;
    const [r] = reply.json as Doc[];
    expect(r).toMatchObject({
      service_request_id: id,
      status: 'closed',
      rating: 'satisfied',
      rating_name: '满意',
      reopened: false,
      notes: '12345回访评价：满意，此件已办结',
    });
    expect(r.callback_datetime).toMatch(/\+08:00$/);
    expect(Math.abs(Date.parse(r.callback_datetime as string) - callbackAt.getTime())).toBeLessThan(1000);

    const o = stored(id);
    expect(o).toMatchObject({ status: 'closed', outcome: 'satisfied' });
    expect(o.ratings).toHaveLength(1);
    expect(o.ratings[0]).toMatchObject({ rating: 'satisfied', bySystem: '12345' });
    expect(o.ratings[0].byStaff).toBeUndefined();

    const rated = eventsOf(id).filter((e) => e.type === 'rated');
    expect(rated).toHaveLength(1);
    expect(rated[0]).toMatchObject({
      actorRole: 'countySystem',
      note: '路灯已经亮了，谢谢',
      data: { rating: 'satisfied', bySystem: '12345' },
      visibleToVillager: true,
    });
    expect(rated[0].actorOpenid).toBeUndefined();
    // The villager-facing words of the timeline, and the staff's view of the case.
    expect(villagerTimelineText(rated[0] as never)).toBe('12345回访评价：满意，此件已办结');
    const view = unwrap(
      await cloud.call<{ timeline: { type: string; label: string }[]; ratings: Doc[] }>(
        'opinion',
        { action: 'get', opinionId: id },
        PERSONAS.presidium,
      ),
    );
    expect(view.timeline.find((t) => t.type === 'rated')?.label).toBe('评价（12345回访评价）');

    const [after] = (await http('GET', `requests/${id}.json`, { query: { api_key: readOnly.token } }))
      .json as Doc[];
    expect(after.status).toBe('closed');
  });

  it('the same rating posted again answers the same and rates nothing; a different one is refused', async () => {
    const again = await rate(id, { rating: 'satisfied', comment: '重复提交' });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first);
    const [a, b] = await Promise.all([rate(id, { rating: 'satisfied' }), rate(id, { rating: 'satisfied' })]);
    expect(a.json).toEqual(first);
    expect(b.json).toEqual(first);
    expect(
      expectSpecError(await rate(id, { rating: 'unsatisfied' }), 400, 'OPINION_ALREADY_RATED'),
    ).toContain('满意');
    expect(stored(id).ratings).toHaveLength(1);
    expect(eventsOf(id).filter((e) => e.type === 'rated' || e.type === 'reopened')).toHaveLength(1);
  });

  it('the figures count it as the caller’s own rating, under the 12345 channel', async () => {
    const now = await figures();
    for (const code of ['opinions.rated', 'opinions.satisfied']) {
      expect(now.get(code)!.value).toBe((before.get(code)!.value ?? 0) + 1);
      expect(channelPart(now.get(code), '12345')).toBe(channelPart(before.get(code), '12345') + 1);
    }
    expect(now.get('opinions.satisfactionRate')!.numerator).toBe(
      (before.get('opinions.satisfactionRate')!.numerator ?? 0) + 1,
    );
    expect(now.get('opinions.satisfactionRate')!.denominator).toBe(
      (before.get('opinions.satisfactionRate')!.denominator ?? 0) + 1,
    );
  });
});

describe('不满意 from the callback reopens the case as a villager’s would', () => {
  let id: string;

  beforeAll(async () => {
    id = await file('RX2026120300102');
    await resolve(id);
  });

  it('reopens it with the deputies under supervision, and tells the hotline it is open again', async () => {
    const reply = await rate(id, { rating: 'unsatisfied', comment: '只修了一盏' });
    expect(reply.status).toBe(200);
    expect((reply.json as Doc[])[0]).toMatchObject({
      status: 'open',
      rating: 'unsatisfied',
      reopened: true,
      notes: '12345回访评价：不满意，乡镇人大主席团已督办，重新办理',
    });
    const o = stored(id);
    expect(o).toMatchObject({ status: 'accepted', supervised: true, reopenCount: 1, resolvedAt: null });
    expect(o.owner).toMatchObject({ kind: 'deputies' });
    const reopened = eventsOf(id).filter((e) => e.type === 'reopened');
    expect(reopened).toHaveLength(1);
    expect(villagerTimelineText(reopened[0] as never)).toBe(
      '12345回访评价：不满意，乡镇人大主席团已督办，重新办理',
    );
    // Retried: the same answer; another answer before the next 办结 is refused.
    expect((await rate(id, { rating: 'unsatisfied' })).json).toEqual(reply.json);
    expectSpecError(await rate(id, { rating: 'satisfied' }), 400, 'OPINION_ALREADY_RATED');
    expect(stored(id).ratings).toHaveLength(1);
    const [r] = (await http('GET', `requests/${id}.json`, { query: { api_key: hotline.token } }))
      .json as Doc[];
    expect(r.status).toBe('open');
  });

  it('resolved again, the next callback rates it again', async () => {
    unwrap(
      await cloud.call(
        'opinion',
        { action: 'resolve', requestId: req('r2'), opinionId: id, answer: '三盏路灯已全部更换。' },
        PERSONAS.deputy1,
      ),
    );
    const reply = await rate(id, { rating: 'basicallySatisfied' });
    expect((reply.json as Doc[])[0]).toMatchObject({
      status: 'closed',
      rating_name: '基本满意',
      reopened: false,
    });
    expect(stored(id)).toMatchObject({ status: 'closed', outcome: 'basicallySatisfied' });
    expect(stored(id).ratings.map((x: Doc) => x.rating)).toEqual(['unsatisfied', 'basicallySatisfied']);
  });
});

describe('no one rates a case that is not theirs', () => {
  it('a WeChat villager’s case is not found through the door; a case another key filed is refused', async () => {
    const own = unwrap(
      await submitOpinion(cloud, PERSONAS.villager, {
        requestId: req('v'),
        text: '村口的垃圾桶满了没人清理。',
      }),
    );
    await resolve(own.id);
    expectSpecError(await rate(own.id, { rating: 'satisfied' }), 404);
    expect(stored(own.id)).toMatchObject({ status: 'resolved', ratings: [] });

    const theirs = await file('GRID-0001', other);
    await resolve(theirs);
    expectSpecError(await rate(theirs, { rating: 'satisfied' }), 403, 'NOT_YOUR_OPINION');
    // Its own system rates it: 接入系统回访评价.
    const reply = await rate(theirs, { rating: 'satisfied' }, other);
    expect((reply.json as Doc[])[0].notes).toBe('接入系统回访评价：满意，此件已办结');
  });
});

it('the contract documents the callback rating as an extension', () => {
  const doc = JSON.parse(renderOpenApi()) as { paths: Record<string, Record<string, Doc>> };
  const op = doc.paths['/requests/{service_request_id}/rating.json']?.post;
  expect(op).toBeDefined();
  expect(op['x-open311-extension']).toBe(true);
  expect(op.summary).toMatch(/Extension/);
  const schema = op.requestBody.content['application/x-www-form-urlencoded'].schema as Doc;
  expect(schema.properties.rating.enum).toEqual(['satisfied', 'basicallySatisfied', 'unsatisfied']);
  expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '429']));
});
