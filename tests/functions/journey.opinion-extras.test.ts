/**
 * Issue 12 §9 end to end through the functions and the store: a deputy's 常用答复 (their own only,
 * content-checked, retries never duplicate), a villager hiding their name after submitting (the
 * contact dropped, the timeline saying so without the name), and a follower saying 还没解决 (once,
 * seen by the presidium, the case not reopened). Also §10: a follower's timeline worded for them, the
 * villager's view with 答复期限 and 承办代表, and an anonymous submission's contact never stored.
 */
import { expectError, submitOpinion, unwrap, useDemoCloud, type Envelope } from './support';

const AT = '2026-11-02T02:00:00Z';
const LATER = '2026-11-03T02:00:00Z';
const cloud = useDemoCloud(new Date(AT));

const VILLAGER = 'extras-villager-openid';
const FOLLOWER = 'extras-neighbour-openid';
const NAME = '钱明理';
const PHONE = '13755556666';
const DEPUTY = 'demo-deputy-1';
const OTHER_DEPUTY = 'demo-deputy-2';
const PRESIDIUM = 'demo-presidium';

let rid = 0;
const requestId = () => `extras-${++rid}`;
const call = <T = Record<string, unknown>>(openid: string, action: string, payload: object = {}, at = AT) =>
  cloud.call<T>('opinion', { action, ...payload }, openid, at);
const data = <T>(res: Envelope<T>): T => unwrap(res);

interface Shelf {
  templates: { id: string; title: string; text: string }[];
}

describe('a deputy’s 常用答复', () => {
  it('are their own: saved once per request, edited, deleted; nobody else reads or changes them', async () => {
    const create = {
      requestId: requestId(),
      title: '路灯维修',
      text: '已联系乡供电所，三个工作日内修好路灯。',
    };
    const saved = data(await call<Shelf & { id: string }>(DEPUTY, 'saveTemplate', create));
    // A retried tap answers the same template, never a second one.
    const retried = data(await call<Shelf & { id: string }>(DEPUTY, 'saveTemplate', create));
    expect(retried.id).toBe(saved.id);
    expect(data(await call<Shelf>(DEPUTY, 'templates')).templates).toHaveLength(1);
    const again = data(
      await call<Shelf & { id: string }>(DEPUTY, 'saveTemplate', { ...create, requestId: requestId() }),
    );
    expect(again.templates).toHaveLength(2);
    data(await call(DEPUTY, 'deleteTemplate', { requestId: requestId(), templateId: again.id }));

    const edited = data(
      await call<Shelf>(DEPUTY, 'saveTemplate', {
        requestId: requestId(),
        templateId: saved.id,
        title: '路灯维修',
        text: '已联系乡供电所，五个工作日内修好路灯。',
      }),
    );
    expect(edited.templates).toEqual([
      { id: saved.id, title: '路灯维修', text: '已联系乡供电所，五个工作日内修好路灯。' },
    ]);

    // Another deputy sees none of them and cannot edit or delete one by its id.
    expect(data(await call<Shelf>(OTHER_DEPUTY, 'templates')).templates).toEqual([]);
    expectError(
      await call(OTHER_DEPUTY, 'saveTemplate', {
        requestId: requestId(),
        templateId: saved.id,
        title: '改',
        text: '改',
      }),
      'TEMPLATE_NOT_FOUND',
    );
    expectError(
      await call(OTHER_DEPUTY, 'deleteTemplate', { requestId: requestId(), templateId: saved.id }),
      'TEMPLATE_NOT_FOUND',
    );
    expect(data(await call<Shelf>(DEPUTY, 'templates')).templates).toHaveLength(1);
    // Villagers have none.
    expectError(await call(VILLAGER, 'templates'), 'FORBIDDEN');
  });

  it('are content-checked (answers can become public) and capped', async () => {
    expectError(
      await call(DEPUTY, 'saveTemplate', { requestId: requestId(), title: '提醒', text: '请勿参与赌博活动' }),
      'TEMPLATE_RISKY',
    );
    expectError(
      await call(DEPUTY, 'saveTemplate', { requestId: requestId(), title: ' ', text: '内容' }),
      'TEMPLATE_EMPTY',
    );
    expectError(
      await call(DEPUTY, 'saveTemplate', { requestId: requestId(), title: '长', text: '字'.repeat(501) }),
      'TEMPLATE_TOO_LONG',
    );
    expect(data(await call<Shelf>(DEPUTY, 'templates')).templates.map((t) => t.text)).not.toContain(
      '请勿参与赌博活动',
    );
  });
});

describe('a named case: hidden afterwards, followed, answered from a template, 还没解决', () => {
  let id = '';

  it('the villager files it named; the follower reads a timeline worded for them', async () => {
    id = data(
      await submitOpinion(
        cloud,
        VILLAGER,
        {
          requestId: requestId(),
          text: '金鼓村村口的路灯坏了三盏，晚上看不清路',
          contact: { name: NAME, phone: PHONE },
        },
        AT,
      ),
    ).id;
    const deputyView = data(await call<{ contactName: string | null }>(DEPUTY, 'get', { opinionId: id }));
    expect(deputyView.contactName).toBe(NAME);

    data(await call(FOLLOWER, 'follow', { opinionId: id }));
    const theirs = data(
      await call<{ role: string; timeline: { text: string }[] }>(FOLLOWER, 'get', { opinionId: id }),
    );
    expect(theirs.role).toBe('follower');
    expect(theirs.timeline[0].text).toBe('有群众提交了这条意见，您已关注');
    const own = data(
      await call<{
        timeline: { text: string }[];
        answerBy: string;
        handlingDeputies: string[];
        canHideName: boolean;
      }>(VILLAGER, 'get', { opinionId: id }),
    );
    expect(own.timeline[0].text).toBe('您的意见已提交');
    // 答复期限 and 承办代表 (names only).
    expect(own.answerBy).toMatch(/^2026-11-\d\d$/);
    expect(own.handlingDeputies.length).toBeGreaterThan(0);
    expect(JSON.stringify(own.handlingDeputies)).not.toMatch(/d0\d|demo-deputy/);
    expect(own.canHideName).toBe(true);
  });

  it('a follower cannot say 还没解决 before an answer', async () => {
    expectError(
      await call(FOLLOWER, 'notResolved', { requestId: requestId(), opinionId: id }),
      'NOT_ANSWERED_YET',
    );
  });

  it('the deputy answers from a template (edited before sending)', async () => {
    const [template] = data(await call<Shelf>(DEPUTY, 'templates')).templates;
    data(await call(DEPUTY, 'accept', { requestId: requestId(), opinionId: id }));
    const answer = `${template.text}（金鼓村村口）`;
    const replied = data(
      await call<{ status: string; answer: string }>(DEPUTY, 'reply', {
        requestId: requestId(),
        opinionId: id,
        answer,
      }),
    );
    expect(replied).toMatchObject({ status: 'replied', answer });
  });

  it('the villager hides their name: never the reverse, the contact gone, staff see that they chose it', async () => {
    expectError(
      await call(FOLLOWER, 'hideName', { requestId: requestId(), opinionId: id }, LATER),
      'NOT_YOUR_OPINION',
    );
    const hidden = data(
      await call<{ anonymous: boolean; canHideName: boolean; timeline: { text: string }[] }>(
        VILLAGER,
        'hideName',
        { requestId: requestId(), opinionId: id },
        LATER,
      ),
    );
    expect(hidden).toMatchObject({ anonymous: true, canHideName: false });
    expect(hidden.timeline.at(-1)?.text).toBe('您已隐藏姓名，此件改为匿名办理');
    expectError(
      await call(VILLAGER, 'hideName', { requestId: requestId(), opinionId: id }, LATER),
      'ALREADY_ANONYMOUS',
    );

    const stored = cloud.store.get('opinions', id)!.doc as Record<string, unknown>;
    expect(stored).toMatchObject({ anonymous: true });
    expect(stored.contact).toBeUndefined();

    for (const staff of [DEPUTY, PRESIDIUM]) {
      const view = await call<{ timeline: { label: string }[] }>(staff, 'get', { opinionId: id }, LATER);
      const body = JSON.stringify(view);
      for (const secret of [NAME, PHONE, VILLAGER]) expect(body).not.toContain(secret);
      expect(data(view).timeline.map((e) => e.label)).toContain('群众选择隐藏姓名，改为匿名');
    }
    const events = [...cloud.store.entries('opinionEvents').values()].map((r) => JSON.stringify(r.doc));
    expect(events.filter((e) => e.includes('nameHidden')).some((e) => e.includes(NAME))).toBe(false);
  });

  it('the follower says 还没解决 once; the presidium sees it; the case is not reopened', async () => {
    expectError(
      await call(VILLAGER, 'notResolved', { requestId: requestId(), opinionId: id }, LATER),
      'NOT_A_FOLLOWER',
    );
    const before = data(
      await call<{ canSayNotResolved: boolean }>(FOLLOWER, 'get', { opinionId: id }, LATER),
    );
    expect(before.canSayNotResolved).toBe(true);
    const said = data(
      await call<{ canSayNotResolved: boolean; saidNotResolved: boolean; status: string }>(
        FOLLOWER,
        'notResolved',
        { requestId: requestId(), opinionId: id, note: '路灯还是只亮了一盏' },
        LATER,
      ),
    );
    expect(said).toMatchObject({ canSayNotResolved: false, saidNotResolved: true, status: 'replied' });
    expectError(
      await call(FOLLOWER, 'notResolved', { requestId: requestId(), opinionId: id }, LATER),
      'ALREADY_SAID_NOT_RESOLVED',
    );
    const presidium = data(
      await call<{ status: string; notResolvedCount: number; notResolvedNotes: { note: string }[] }>(
        PRESIDIUM,
        'get',
        { opinionId: id },
        LATER,
      ),
    );
    expect(presidium).toMatchObject({ status: 'replied', notResolvedCount: 1 });
    expect(presidium.notResolvedNotes.map((n) => n.note)).toEqual(['路灯还是只亮了一盏']);
    expect(JSON.stringify(presidium)).not.toContain(FOLLOWER);
    // …and in the supervision list of replied cases.
    const list = data(
      await cloud.call<{ items: { id: string; notResolvedCount: number }[] }>(
        'admin',
        { action: 'supervisionList', status: 'replied' },
        PRESIDIUM,
        LATER,
      ),
    );
    expect(list.items.find((i) => i.id === id)?.notResolvedCount).toBe(1);
    // The author's timeline is theirs: the follower's signal is the presidium's.
    const own = data(await call<{ timeline: { text: string }[] }>(VILLAGER, 'get', { opinionId: id }, LATER));
    expect(own.timeline.map((e) => e.text).join()).not.toContain('还没解决');
  });
});

describe('an anonymous submission with a contact', () => {
  it('stores no contact, and says so in the answer', async () => {
    const res = data(
      await submitOpinion<{ id: string; contactDropped?: boolean }>(
        cloud,
        'extras-anon-openid',
        {
          requestId: requestId(),
          text: '新民村水渠堵塞，下雨天积水',
          anonymous: true,
          contact: { name: NAME, phone: PHONE },
        },
        AT,
      ),
    );
    expect(res.contactDropped).toBe(true);
    const stored = cloud.store.get('opinions', res.id)!.doc as Record<string, unknown>;
    expect(stored.contact).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(PHONE);
  });
});
