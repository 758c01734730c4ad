/**
 * Authorization table for the `opinion` function: every action × every role, each on a fresh case in
 * the state the action needs, so an allowed call never changes what the next role meets.
 * Roles: the villager who filed the case, another villager, the deputy it is assigned to, another
 * deputy, a station admin (who did not file it), the presidium.
 */
import { OPINION_FORM, submitOpinion, unwrap as ok, useDemoCloud } from './support';

const cloud = useDemoCloud(new Date('2026-11-02T02:00:00Z'));

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

type State = 'assigned' | 'accepted' | 'replied' | 'resolved';

/** A fresh case of a fresh villager, routed to d01 (demo-deputy-1), brought to `state`. */
async function freshCase(state: State): Promise<{ id: string; owner: string }> {
  const owner = `auth-owner-${++n}`;
  const { id } = ok(
    await submitOpinion(
      cloud,
      owner,
      { requestId: requestId(), text: `村道第${n}段路面塌陷`, consentToPublish: true },
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

/** Only the deputy the case is assigned to; another deputy is told it is not theirs. */
const ASSIGNED_DEPUTY_ONLY: Record<RoleName, Expect> = {
  owner: 'FORBIDDEN',
  otherVillager: 'FORBIDDEN',
  assignedDeputy: 'ok',
  otherDeputy: 'NOT_ASSIGNEE',
  stationAdmin: 'FORBIDDEN',
  presidium: 'FORBIDDEN',
};
/** The assigned deputy, or the presidium stepping in. */
const ASSIGNED_DEPUTY_OR_PRESIDIUM: Record<RoleName, Expect> = { ...ASSIGNED_DEPUTY_ONLY, presidium: 'ok' };
const EVERYONE: Record<RoleName, Expect> = {
  owner: 'ok',
  otherVillager: 'ok',
  assignedDeputy: 'ok',
  otherDeputy: 'ok',
  stationAdmin: 'ok',
  presidium: 'ok',
};

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
  ['accept', 'assigned', (id) => ({ opinionId: id, requestId: requestId() }), ASSIGNED_DEPUTY_ONLY],
  [
    'reply',
    'accepted',
    (id) => ({ opinionId: id, requestId: requestId(), answer: '答复内容' }),
    ASSIGNED_DEPUTY_ONLY,
  ],
  [
    'transfer',
    'accepted',
    (id) => ({ opinionId: id, requestId: requestId(), departmentId: 'build' }),
    ASSIGNED_DEPUTY_OR_PRESIDIUM,
  ],
  [
    'handBack',
    'assigned',
    (id) => ({ opinionId: id, requestId: requestId(), reason: '不在我的联系范围' }),
    ASSIGNED_DEPUTY_ONLY,
  ],
  ['resolve', 'replied', (id) => ({ opinionId: id, requestId: requestId() }), ASSIGNED_DEPUTY_OR_PRESIDIUM],
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
    () => ({ ...OPINION_FORM, requestId: requestId(), text: '桥头的警示牌倒了', anonymous: true }),
    {
      owner: 'ok',
      otherVillager: 'ok',
      assignedDeputy: 'FORBIDDEN',
      otherDeputy: 'FORBIDDEN',
      stationAdmin: 'ok',
      presidium: 'FORBIDDEN',
    },
  ],
  ...(['mine', 'categories'] as const).map((action): Row => [action, null, () => ({}), EVERYONE]),
  ['similar', null, () => ({ stationCode: 'JG01', categoryCode: 'road', text: '路面塌陷' }), EVERYONE],
  ['publicAnswers', null, () => ({ stationCode: 'JG01' }), EVERYONE],
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
    const fileAs = (openid: string, stationCode: string, villageCode: string) =>
      submitOpinion(
        cloud,
        openid,
        { requestId: requestId(), stationCode, villageCode, text: '代村民登记：路面塌陷' },
        AT,
      );
    const other = await fileAs('demo-station-admin', 'JG02', 'baiguo');
    expect(other).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_STATION' } });
    cloud.store.commit([
      {
        collection: 'users',
        id: 'admin-without-station',
        doc: {
          _id: 'admin-without-station',
          openid: 'admin-without-station',
          role: 'stationAdmin',
          boundAt: new Date(AT),
        },
      },
    ]);
    const none = await fileAs('admin-without-station', 'JG01', 'jingu');
    expect(none).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_STATION' } });
  });

  it('refuses callers outside WeChat', async () => {
    expect(await cloud.call('opinion', { action: 'mine' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
  });
});
