/**
 * Authorization table for the `opinion` function: every action × every role, each on a fresh case in
 * the state the action needs, so an allowed call never changes what the next role meets.
 * Roles: the villager who filed the case, another villager, the deputy it is assigned to, another
 * deputy, a station admin (who did not file it), the presidium.
 */
import { demoCloud, type Envelope } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
beforeAll(async () => (cloud = await demoCloud(new Date('2026-11-02T02:00:00Z'))));
afterAll(() => cloud.stop());

const AT = '2026-11-02T02:00:00Z';
const ROLES = [
  'owner',
  'otherVillager',
  'assignedDeputy',
  'otherDeputy',
  'stationAdmin',
  'presidium',
] as const;
type RoleName = (typeof ROLES)[number];

let n = 0;
let rid = 0;
const requestId = () => `auth-req-${++rid}`;

function ok<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
}

type State = 'assigned' | 'accepted' | 'replied' | 'resolved';

/** A fresh case of a fresh villager, routed to d01 (demo-deputy-1), brought to `state`. */
async function freshCase(state: State): Promise<{ id: string; owner: string }> {
  const owner = `auth-owner-${++n}`;
  const { id } = ok(
    await cloud.call<{ id: string }>(
      'opinion',
      {
        action: 'submit',
        requestId: requestId(),
        stationCode: 'JG01',
        villageCode: 'jingu',
        categoryCode: 'road',
        text: `村道第${n}段路面塌陷`,
        anonymous: false,
        consentToPublish: true,
      },
      owner,
      AT,
    ),
  );
  const step = (action: string, extra: object = {}) =>
    cloud
      .call('opinion', { action, requestId: requestId(), opinionId: id, ...extra }, 'demo-deputy-1', AT)
      .then(ok);
  if (state !== 'assigned') await step('accept');
  if (state === 'replied' || state === 'resolved') await step('reply', { answer: '已安排维修' });
  if (state === 'resolved') await step('resolve');
  return { id, owner };
}

function openidOf(role: RoleName, owner: string): string {
  return {
    owner,
    otherVillager: 'auth-stranger',
    assignedDeputy: 'demo-deputy-1',
    otherDeputy: 'demo-deputy-2',
    stationAdmin: 'demo-station-admin',
    presidium: 'demo-presidium',
  }[role];
}

type Expect = 'ok' | string;
type Row = [
  action: string,
  state: State | null,
  payload: (id: string) => Record<string, unknown>,
  expected: Record<RoleName, Expect>,
];

const table: Row[] = [
  [
    'get',
    'assigned',
    (id) => ({ opinionId: id }),
    {
      owner: 'ok',
      otherVillager: 'NOT_YOUR_OPINION',
      assignedDeputy: 'ok',
      otherDeputy: 'NOT_ASSIGNEE',
      stationAdmin: 'NOT_YOUR_OPINION',
      presidium: 'ok',
    },
  ],
  [
    'accept',
    'assigned',
    (id) => ({ opinionId: id, requestId: requestId() }),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'NOT_ASSIGNEE',
      stationAdmin: 'FORBIDDEN',
      presidium: 'FORBIDDEN',
    },
  ],
  [
    'reply',
    'accepted',
    (id) => ({ opinionId: id, requestId: requestId(), answer: '答复内容' }),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'NOT_ASSIGNEE',
      stationAdmin: 'FORBIDDEN',
      presidium: 'FORBIDDEN',
    },
  ],
  [
    'transfer',
    'accepted',
    (id) => ({ opinionId: id, requestId: requestId(), departmentId: 'build' }),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'NOT_ASSIGNEE',
      stationAdmin: 'FORBIDDEN',
      presidium: 'ok',
    },
  ],
  [
    'handBack',
    'assigned',
    (id) => ({ opinionId: id, requestId: requestId(), reason: '不在我的联系范围' }),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'NOT_ASSIGNEE',
      stationAdmin: 'FORBIDDEN',
      presidium: 'FORBIDDEN',
    },
  ],
  [
    'resolve',
    'replied',
    (id) => ({ opinionId: id, requestId: requestId() }),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'NOT_ASSIGNEE',
      stationAdmin: 'FORBIDDEN',
      presidium: 'ok',
    },
  ],
  [
    'rate',
    'resolved',
    (id) => ({ opinionId: id, requestId: requestId(), rating: 'satisfied' }),
    {
      owner: 'ok',
      otherVillager: 'NOT_YOUR_OPINION',
      assignedDeputy: 'FORBIDDEN',
      otherDeputy: 'FORBIDDEN',
      stationAdmin: 'NOT_YOUR_OPINION',
      presidium: 'FORBIDDEN',
    },
  ],
  [
    'follow',
    'assigned',
    (id) => ({ opinionId: id }),
    {
      owner: 'ALREADY_FOLLOWING',
      otherVillager: 'ok',
      assignedDeputy: 'FORBIDDEN',
      otherDeputy: 'FORBIDDEN',
      stationAdmin: 'FORBIDDEN',
      presidium: 'FORBIDDEN',
    },
  ],
  [
    'inbox',
    null,
    () => ({}),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'ok',
      stationAdmin: 'FORBIDDEN',
      presidium: 'FORBIDDEN',
    },
  ],
  [
    'departments',
    null,
    () => ({}),
    {
      owner: 'FORBIDDEN',
      otherVillager: 'FORBIDDEN',
      assignedDeputy: 'ok',
      otherDeputy: 'ok',
      stationAdmin: 'FORBIDDEN',
      presidium: 'ok',
    },
  ],
  [
    'submit',
    null,
    () => ({
      requestId: requestId(),
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      text: '桥头的警示牌倒了',
      anonymous: true,
      consentToPublish: false,
    }),
    {
      owner: 'ok',
      otherVillager: 'ok',
      assignedDeputy: 'FORBIDDEN',
      otherDeputy: 'FORBIDDEN',
      stationAdmin: 'ok',
      presidium: 'FORBIDDEN',
    },
  ],
  ...(['mine', 'categories'] as const).map((action): Row => [
    action,
    null,
    () => ({}),
    {
      owner: 'ok',
      otherVillager: 'ok',
      assignedDeputy: 'ok',
      otherDeputy: 'ok',
      stationAdmin: 'ok',
      presidium: 'ok',
    },
  ]),
  [
    'similar',
    null,
    () => ({ stationCode: 'JG01', categoryCode: 'road', text: '路面塌陷' }),
    {
      owner: 'ok',
      otherVillager: 'ok',
      assignedDeputy: 'ok',
      otherDeputy: 'ok',
      stationAdmin: 'ok',
      presidium: 'ok',
    },
  ],
  [
    'publicAnswers',
    null,
    () => ({ stationCode: 'JG01' }),
    {
      owner: 'ok',
      otherVillager: 'ok',
      assignedDeputy: 'ok',
      otherDeputy: 'ok',
      stationAdmin: 'ok',
      presidium: 'ok',
    },
  ],
];

describe('opinion authorization: every action × role', () => {
  const cases = table.flatMap(([action, state, payload, expected]) =>
    ROLES.map((role) => [action, role, state, payload, expected[role]] as const),
  );

  it.each(cases)('%s as %s', async (action, role, state, payload, expected) => {
    const c = state ? await freshCase(state) : { id: '', owner: 'auth-owner-plain' };
    const res = await cloud.call('opinion', { action, ...payload(c.id) }, openidOf(role, c.owner), AT);
    if (expected === 'ok') {
      expect(res).toMatchObject({ ok: true });
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: expected } });
    }
  });

  it("lists only the caller's own cases in mine", async () => {
    const { id, owner } = await freshCase('assigned');
    const own = ok(await cloud.call<{ id: string }[]>('opinion', { action: 'mine' }, owner, AT));
    expect(own.map((o) => o.id)).toEqual([id]);
    const other = ok(
      await cloud.call<{ id: string }[]>('opinion', { action: 'mine' }, 'auth-stranger-2', AT),
    );
    expect(other.map((o) => o.id)).not.toContain(id);
  });

  it('lets a station admin file (代录) only at their own station, and not at all without one', async () => {
    const draft = (stationCode: string, villageCode: string) => ({
      action: 'submit',
      requestId: requestId(),
      stationCode,
      villageCode,
      categoryCode: 'road',
      text: '代村民登记：路面塌陷',
      anonymous: false,
      consentToPublish: false,
    });
    const other = await cloud.call('opinion', draft('JG02', 'baiguo'), 'demo-station-admin', AT);
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    cloud.store.commit([
      {
        collection: 'users',
        id: 'admin-without-station',
        doc: { _id: 'admin-without-station', role: 'stationAdmin', boundAt: new Date(AT) },
      },
    ]);
    const none = await cloud.call('opinion', draft('JG01', 'jingu'), 'admin-without-station', AT);
    expect(none).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses callers outside WeChat', async () => {
    expect(await cloud.call('opinion', { action: 'mine' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
  });
});
