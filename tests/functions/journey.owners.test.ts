/**
 * Journey (issue 12 §4): every case has an owner who can act. In the demo only JG01's three deputies have
 * bound WeChat; JG02's 刘德华 (d04, lead, 白果村) and 陈桂兰 (d05) have not. A 白果村 case skips them and
 * says so, landing in the presidium queue; once 刘德华 binds, the next case reaches him. A case the
 * presidium gives to an unbound deputy shows on the dashboard as one whose owner cannot act. A JG02
 * notice cannot be approved until each unbound deputy's confirmation, given by phone or on paper, is
 * recorded by the presidium with a reason, which the notice then shows.
 */
import type { DashboardView } from '../../core/admin/admin.views';
import type { NoticeView } from '../../core/duty/disclosure.view';
import { demoCloud, expectError, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud(new Date('2026-11-16T02:00:00.000Z'));
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const VILLAGER = 'v-journey-owners';
const LIU = 'w-liu-dehua'; // 刘德华's WeChat, once bound
const AT = '2026-11-16T02:00:00.000Z'; // a Monday

let rid = 0;
const requestId = () => `owners-rq-${++rid}`;
const submitBaiguo = async (text: string) =>
  data(
    await cloud.call<{ id: string; status: string }>(
      'opinion',
      {
        action: 'submit',
        requestId: requestId(),
        stationCode: 'JG02',
        villageCode: 'baiguo',
        categoryCode: 'road',
        anonymous: false,
        consentToPublish: false,
        text,
      },
      VILLAGER,
      AT,
    ),
  ).id;
const staffView = async (id: string) =>
  data(
    await cloud.call<{
      owner: { kind: string; deputyIds?: string[] };
      routingReason: string;
      status: string;
    }>('opinion', { action: 'get', opinionId: id }, PRESIDIUM, AT),
  );
const dashboard = async () =>
  data(await cloud.call<DashboardView>('admin', { action: 'dashboard' }, PRESIDIUM, AT));

describe('§4 every case has an owner who can act', () => {
  let queued: string;

  it('routing skips deputies who never bound WeChat, says so, and falls to the presidium queue', async () => {
    const before = await dashboard();
    queued = await submitBaiguo('白果村到石桥村的路口没有路灯，晚上看不清');
    const view = await staffView(queued);
    expect(view.owner).toEqual({ kind: 'presidium' });
    expect(view.routingReason).toBe(
      '联络站无可联系的代表，进入主席团待分办队列（跳过未绑定微信的代表：刘德华）',
    );
    const after = await dashboard();
    expect(after.counts.queue).toBe(before.counts.queue + 1);
    // The presidium is told it waits for them (they are asked for this message on the dashboard).
    const toPresidium = [...cloud.store.entries('outbox').values()]
      .map(
        (e) =>
          e.doc as unknown as {
            openid: string;
            template: string;
            page: string;
            data: Record<string, { value: string }>;
          },
      )
      .filter((m) => m.openid === PRESIDIUM && m.page.endsWith(`?id=${queued}&t=jingu`));
    expect(toPresidium).toEqual([
      expect.objectContaining({
        template: 'opinionAssigned',
        page: `subpackages/presidium/pages/case/index?id=${queued}&t=jingu`,
      }),
    ]);
    expect(toPresidium[0].data.thing4.value).toMatch(/^待分办，请\d{4}-\d{2}-\d{2}前交办$/);
    // The villager sees it is in hand (with the township), never a stalled deputy.
    const mine = data(
      await cloud.call<{ id: string; status: string }[]>('opinion', { action: 'mine' }, VILLAGER, AT),
    );
    expect(mine.find((o) => o.id === queued)).toBeDefined();
  });

  it('the dashboard lists a case whose owning deputy cannot act, and drops it once they bind', async () => {
    const before = await dashboard();
    expect(before.cannotAct.items.map((i) => i.id)).not.toContain(queued);
    data(
      await cloud.call(
        'admin',
        { action: 'reassign', id: queued, deputyIds: ['d05'], reason: '陈桂兰熟悉白果村道路情况' },
        PRESIDIUM,
        AT,
      ),
    );
    const listed = await dashboard();
    expect(listed.cannotAct.count).toBe(before.cannotAct.count + 1);
    expect(listed.cannotAct.items).toContainEqual(
      expect.objectContaining({
        id: queued,
        stationName: '白果代表联络站',
        owner: '代表陈桂兰',
        why: '陈桂兰未绑定微信',
        statusLabel: expect.any(String),
      }),
    );
    // Bound with an invite: 陈桂兰 can act now, the case leaves the list.
    const invite = data(
      await cloud.call<{ code: string }>(
        'account',
        { action: 'createInvite', role: 'deputy', name: '陈桂兰', deputyId: 'd05' },
        PRESIDIUM,
        AT,
      ),
    );
    data(await cloud.call('account', { action: 'redeemInvite', code: invite.code }, 'w-chen-guilan', AT));
    const bound = await dashboard();
    expect(bound.cannotAct.items.map((i) => i.id)).not.toContain(queued);
    expect(bound.cannotAct.count).toBe(before.cannotAct.count);
  });

  it('once 刘德华 binds WeChat, the next 白果村 case is his, and he is told', async () => {
    const invite = data(
      await cloud.call<{ code: string }>(
        'account',
        { action: 'createInvite', role: 'deputy', name: '刘德华', deputyId: 'd04' },
        PRESIDIUM,
        AT,
      ),
    );
    data(await cloud.call('account', { action: 'redeemInvite', code: invite.code }, LIU, AT));
    const id = await submitBaiguo('白果村小学门口需要减速带');
    const view = await staffView(id);
    expect(view.owner).toEqual({ kind: 'deputies', deputyIds: ['d04'] });
    expect(view.routingReason).toMatch(/^覆盖白果村 · 道路交通 · 在办\d+件$/);
    const inbox = data(await cloud.call<{ open: { id: string }[] }>('opinion', { action: 'inbox' }, LIU, AT));
    expect(inbox.open.map((o) => o.id)).toContain(id);
    const queuedMessages = [...cloud.store.entries('outbox').values()].map(
      (e) => e.doc as unknown as { openid?: string },
    );
    expect(queuedMessages.some((m) => m.openid === LIU)).toBe(true);
  });
});

describe('§4 the presidium records a confirmation given on paper or by phone', () => {
  const setup = async () => {
    data(
      await cloud.call(
        'duty',
        { action: 'setPeriod', id: 'owners', start: '2026-09-01', end: '2026-10-31' },
        PRESIDIUM,
        AT,
      ),
    );
    return data(
      await cloud.call<NoticeView>(
        'duty',
        { action: 'draftNotice', stationCode: 'JG03', periodId: 'owners' },
        PRESIDIUM,
        AT,
      ),
    );
  };

  it('approval waits for every deputy; a recorded confirmation needs a reason and counts, and says so', async () => {
    const draft = await setup();
    const ids = draft.rows.map((r) => r.deputyId).sort();
    expect(ids).toEqual(['d06', 'd07', 'd08']); // JG03: nobody bound WeChat
    expectError(
      await cloud.call('duty', { action: 'approveNotice', id: draft.id }, PRESIDIUM, AT),
      'NOTICE_NOT_APPROVABLE',
    );

    // Only the presidium records, and only with a reason.
    expectError(
      await cloud.call(
        'duty',
        { action: 'recordConfirmation', id: draft.id, deputyId: 'd06', channel: 'phone', reason: '已确认' },
        'demo-deputy-1',
        AT,
      ),
      'FORBIDDEN',
    );
    expectError(
      await cloud.call(
        'duty',
        { action: 'recordConfirmation', id: draft.id, deputyId: 'd06', channel: 'phone', reason: '  ' },
        PRESIDIUM,
        AT,
      ),
      'CONFIRMATION_REASON_REQUIRED',
    );
    expectError(
      await cloud.call(
        'duty',
        { action: 'recordConfirmation', id: draft.id, deputyId: 'd01', channel: 'phone', reason: '电话确认' },
        PRESIDIUM,
        AT,
      ),
      'NOT_NOTICE_DEPUTY',
    );

    const reasons: Record<string, [string, string]> = {
      d06: ['phone', '杨志强未绑定微信，11月16日电话逐项核对无误'],
      d07: ['paper', '赵丽在纸质公示稿上签字确认'],
    };
    let view = draft;
    for (const [deputyId, [channel, reason]] of Object.entries(reasons))
      view = data(
        await cloud.call<NoticeView>(
          'duty',
          { action: 'recordConfirmation', id: draft.id, deputyId, channel, reason },
          PRESIDIUM,
          AT,
        ),
      );
    expect(view.status).toBe('draft');
    expectError(
      await cloud.call('duty', { action: 'approveNotice', id: draft.id }, PRESIDIUM, AT),
      'NOTICE_NOT_APPROVABLE',
    );
    view = data(
      await cloud.call<NoticeView>(
        'duty',
        {
          action: 'recordConfirmation',
          id: draft.id,
          deputyId: 'd08',
          channel: 'phone',
          reason: '黄大山电话确认',
        },
        PRESIDIUM,
        AT,
      ),
    );
    expect(view.status).toBe('deputyConfirmed');
    expect(view.rows.find((r) => r.deputyId === 'd06')).toMatchObject({
      response: 'confirmed',
      recordedNote: '主席团代录·电话确认：杨志强未绑定微信，11月16日电话逐项核对无误',
    });
    expect(view.rows.find((r) => r.deputyId === 'd07')?.recordedNote).toBe(
      '主席团代录·书面确认：赵丽在纸质公示稿上签字确认',
    );
    const approved = data(
      await cloud.call<NoticeView>('duty', { action: 'approveNotice', id: draft.id }, PRESIDIUM, AT),
    );
    expect(approved.status).toBe('approved');
    // The stored answer names who recorded it; no view carries the openid.
    const stored = cloud.store.get('disclosureNotices', draft.id)!.doc as unknown as {
      responses: { deputyId: string; recorded?: { by: string; channel: string } }[];
    };
    expect(stored.responses.find((r) => r.deputyId === 'd06')?.recorded).toMatchObject({
      by: PRESIDIUM,
      channel: 'phone',
    });
    expect(JSON.stringify(approved)).not.toContain(PRESIDIUM);
  });

  it("a deputy's own answer in WeChat is never overwritten by a recorded one", async () => {
    const draft = data(
      await cloud.call<NoticeView>(
        'duty',
        { action: 'draftNotice', stationCode: 'JG01', periodId: 'owners' },
        PRESIDIUM,
        AT,
      ),
    );
    data(
      await cloud.call(
        'duty',
        { action: 'commentNotice', id: draft.id, comment: '走访次数少算了一次' },
        'demo-deputy-1',
        AT,
      ),
    );
    expectError(
      await cloud.call(
        'duty',
        { action: 'recordConfirmation', id: draft.id, deputyId: 'd01', channel: 'phone', reason: '电话确认' },
        PRESIDIUM,
        AT,
      ),
      'NOTICE_DEPUTY_ANSWERED',
    );
  });
});
