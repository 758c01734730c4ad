/**
 * Journey (issue 12 §2): nothing becomes public unchecked. A deputy's answer, a department's answer and
 * an article go through the same content check as a villager's text: risky is refused with a clear
 * message, text the check wants read is kept from the public until the presidium confirms it. A private
 * report of wrongdoing is not refused: it reaches staff as a private case and is never public. An article
 * against gambling is published once the presidium confirms it. What each person sees at each step.
 */
import { demoCloud, expectError, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud();
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const D01 = 'demo-deputy-1'; // d01: 金鼓村, 道路交通
const REPORTER = 'v-journey-reporter';
const ASKER = 'v-journey-asker';
const STRANGER = 'v-journey-stranger';
const REPORT = '村后山有人聚众赌博，晚上很吵';
const AT = '2026-11-16T02:00:00.000Z'; // a Monday

let rid = 0;
const requestId = () => `public-rq-${++rid}`;
const doc = <T = Record<string, unknown>>(collection: string, id: string) =>
  cloud.store.get(collection, id)?.doc as unknown as T;
const submit = (openid: string, fields: Record<string, unknown>) =>
  cloud.call<{ id: string; status: string; held: boolean }>(
    'opinion',
    {
      action: 'submit',
      requestId: requestId(),
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      anonymous: false,
      consentToPublish: false,
      ...fields,
    },
    openid,
    AT,
  );
const publicAnswers = async () =>
  data(
    await cloud.call<{ id: string; answer: string }[]>(
      'opinion',
      { action: 'publicAnswers', stationCode: 'JG01', limit: 50 },
      STRANGER,
      AT,
    ),
  );
const act = (action: string, opinionId: string, extra: object = {}, openid = D01) =>
  cloud.call<{ status: string; answer?: string | null }>(
    'opinion',
    { action, requestId: requestId(), opinionId, ...extra },
    openid,
    AT,
  );

describe('a private report of wrongdoing reaches staff and is never public', () => {
  let reportId = '';

  it('is refused only when the villager asks for it to be public, with a message saying how to report', async () => {
    const refused = await submit(REPORTER, { text: REPORT, consentToPublish: true });
    expectError(refused, 'REPORT_NOT_PUBLIC');
    expect(!refused.ok && refused.error.message).toContain('不要选择公开');

    const filed = data(await submit(REPORTER, { text: REPORT }));
    expect(filed).toMatchObject({ status: 'review', held: true });
    reportId = filed.id;
    expect(doc('opinions', reportId)).toMatchObject({
      privateReport: true,
      consentToPublish: false,
      owner: { kind: 'presidium' },
      routing: { reason: '举报线索，仅工作人员可见，由主席团处理' },
    });
  });

  it('the villager sees it under review; another villager finds nothing; the presidium has it marked', async () => {
    const mine = data(await cloud.call<{ id: string }[]>('opinion', { action: 'mine' }, REPORTER, AT));
    expect(mine.map((m) => m.id)).toEqual([reportId]);
    const view = data(
      await cloud.call<{ role: string; timeline: { text: string }[] }>(
        'opinion',
        { action: 'get', opinionId: reportId },
        REPORTER,
        AT,
      ),
    );
    expect(view.role).toBe('villager');
    expect(view.timeline.map((e) => e.text)).toContain('您的意见正在审核，审核通过后交代表办理');

    const similar = data(
      await cloud.call<{ matches: { id: string }[] }>(
        'opinion',
        { action: 'similar', stationCode: 'JG01', categoryCode: 'road', text: REPORT },
        STRANGER,
        AT,
      ),
    );
    expect(similar.matches.map((m) => m.id)).not.toContain(reportId);
    expectError(
      await cloud.call('opinion', { action: 'get', opinionId: reportId }, STRANGER, AT),
      'NOT_YOUR_OPINION',
    );

    const queue = data(
      await cloud.call<{ id: string; text: string; privateReport: boolean }[]>(
        'admin',
        { action: 'moderationQueue' },
        PRESIDIUM,
        AT,
      ),
    );
    expect(queue.find((q) => q.id === reportId)).toMatchObject({ text: REPORT, privateReport: true });
  });

  it('approved, it goes to a deputy; answered and resolved, it still never becomes public', async () => {
    data(await cloud.call('admin', { action: 'moderate', id: reportId, decision: 'approve' }, PRESIDIUM, AT));
    const o = doc<{ status: string; owner: { kind: string; deputyIds: string[] } }>('opinions', reportId);
    expect(o.status).toBe('assigned');
    expect(o.owner.kind).toBe('deputies');
    const deputy = o.owner.deputyIds
      .map((id) => doc<{ openid?: string }>('deputies', id).openid)
      .find((x): x is string => !!x)!;
    data(await act('accept', reportId, {}, deputy));
    data(await act('resolve', reportId, { answer: '已转派出所核查处理，感谢您的举报。' }, deputy));
    expect((await publicAnswers()).map((a) => a.id)).not.toContain(reportId);
  });
});

describe("a deputy's answer is checked before it can be public", () => {
  let caseId = '';

  it('a risky answer is refused and nothing changes; the villager sees no answer', async () => {
    caseId = data(await submit(ASKER, { text: '村道路灯坏了一个月了', consentToPublish: true })).id;
    data(await act('accept', caseId));
    const refused = await act('reply', caseId, { answer: '有需要代开发票的可以加我微信' });
    expectError(refused, 'ANSWER_RISKY');
    expect(doc('opinions', caseId)).toMatchObject({ status: 'accepted' });
    expect(doc<{ answer?: string }>('opinions', caseId).answer).toBeUndefined();
    expectError(await act('resolve', caseId, { answer: '代开发票请找我' }), 'ANSWER_RISKY');
    expect(doc('opinions', caseId)).toMatchObject({ status: 'accepted' });
  });

  it('an answer the check wants read reaches the villager, but not the public until the presidium confirms it', async () => {
    data(await act('resolve', caseId, { answer: '路灯已报修，详情可以加我微信了解' }));
    expect(doc('opinions', caseId)).toMatchObject({ status: 'resolved', publicHold: true });
    const villager = data(
      await cloud.call<{ timeline: { text: string }[] }>(
        'opinion',
        { action: 'get', opinionId: caseId },
        ASKER,
        AT,
      ),
    );
    expect(villager.timeline.map((e) => e.text)).toContain('代表已答复：路灯已报修，详情可以加我微信了解');
    expect((await publicAnswers()).map((a) => a.id)).not.toContain(caseId);
    // Another villager following the case does not read the held answer either.
    const FOLLOWER = 'public-text-follower';
    const followerView = async () =>
      data(
        await cloud.call<{ role: string; answer: string | null }>(
          'opinion',
          { action: 'get', opinionId: caseId },
          FOLLOWER,
          AT,
        ),
      );
    data(await cloud.call('opinion', { action: 'follow', opinionId: caseId }, FOLLOWER, AT));
    expect(await followerView()).toMatchObject({ role: 'follower', answer: null });

    const held = data(
      await cloud.call<{ id: string; answer: string }[]>('admin', { action: 'heldAnswers' }, PRESIDIUM, AT),
    );
    expect(held).toEqual([
      expect.objectContaining({ id: caseId, answer: '路灯已报修，详情可以加我微信了解' }),
    ]);
    expectError(await cloud.call('admin', { action: 'confirmPublic', id: caseId }, D01, AT), 'FORBIDDEN');
    data(await cloud.call('admin', { action: 'confirmPublic', id: caseId }, PRESIDIUM, AT));
    expect((await followerView()).answer).toBe('路灯已报修，详情可以加我微信了解');
    expectError(
      await cloud.call('admin', { action: 'confirmPublic', id: caseId }, PRESIDIUM, AT),
      'NOTHING_HELD',
    );
    expect((await publicAnswers()).map((a) => a.id)).toContain(caseId);
    expect(data(await cloud.call<unknown[]>('admin', { action: 'heldAnswers' }, PRESIDIUM, AT))).toEqual([]);
    const presidium = data(
      await cloud.call<{ timeline: { type: string; label: string }[] }>(
        'opinion',
        { action: 'get', opinionId: caseId },
        PRESIDIUM,
        AT,
      ),
    );
    expect(presidium.timeline.at(-1)).toMatchObject({
      type: 'publicConfirmed',
      label: '答复审核通过，可以公开',
    });
  });
});

describe("a department's answer is checked the same way", () => {
  it('risky is refused, the case stays with the department; a clean answer goes through', async () => {
    const id = data(await submit(ASKER, { text: '村口排水沟堵了', consentToPublish: true })).id;
    data(await act('accept', id));
    const departments = data(
      await cloud.call<{ id: string }[]>('opinion', { action: 'departments' }, D01, AT),
    );
    data(await act('transfer', id, { departmentId: departments[0].id }));
    expectError(
      await cloud.call(
        'admin',
        { action: 'recordDepartmentAnswer', id, answer: '可以代开发票' },
        PRESIDIUM,
        AT,
      ),
      'ANSWER_RISKY',
    );
    expect(doc('opinions', id)).toMatchObject({ status: 'transferred' });
    data(
      await cloud.call(
        'admin',
        { action: 'recordDepartmentAnswer', id, answer: '已安排清淤。' },
        PRESIDIUM,
        AT,
      ),
    );
    expect(doc('opinions', id)).toMatchObject({ status: 'replied', answer: '已安排清淤。' });
    expect(doc<{ publicHold?: boolean }>('opinions', id).publicHold).toBeUndefined();
  });
});

describe('an article against gambling', () => {
  it('is refused unconfirmed and published once the presidium confirms it', async () => {
    const when = '2035-03-10T02:00:00.000Z';
    const saved = data(
      await cloud.call<{ id: string }>(
        'article',
        {
          action: 'saveDraft',
          requestId: requestId(),
          title: '远离赌博，守护家庭',
          summary: '聚众赌博是违法行为，发现请举报',
          category: '民法典',
          source: '《中华人民共和国治安管理处罚法》第七十条',
          body: '## 第七十条\n\n以营利为目的，为赌博提供条件的，或者参与赌博赌资较大的，处五日以下拘留或者五百元以下罚款。',
        },
        PRESIDIUM,
        when,
      ),
    );
    const publish = (extra: object = {}) =>
      cloud.call<{ status: string }>(
        'article',
        { action: 'publish', requestId: requestId(), articleId: saved.id, ...extra },
        PRESIDIUM,
        when,
      );
    expectError(await publish(), 'CONTENT_RISKY');
    expect(data(await publish({ confirmed: true }))).toMatchObject({ status: 'published' });
  });
});

describe("a notice's texts: a deputy's comment and a correction's reason", () => {
  it('risky comments are refused; a flagged correction reason is published only once the presidium confirms it', async () => {
    const when = '2026-11-20T02:00:00.000Z';
    const periods = data(
      await cloud.call<{ id: string; start: string; end: string; custom: boolean }[]>(
        'duty',
        { action: 'listPeriods' },
        PRESIDIUM,
        when,
      ),
    );
    const period = periods.find((p) => !p.custom && p.start <= '2026-11-20' && '2026-11-20' <= p.end)!;
    const duty = <T = { id: string; status: string }>(action: string, payload: object, openid: string) =>
      cloud.call<T>('duty', { action, ...payload }, openid, when);
    const notice = data(await duty('draftNotice', { stationCode: 'JG01', periodId: period.id }, PRESIDIUM));

    expectError(
      await duty('commentNotice', { id: notice.id, comment: '数字不对，有事加我微信，可以代开发票' }, D01),
      'NOTICE_TEXT_RISKY',
    );
    data(await duty('commentNotice', { id: notice.id, comment: '接待次数少记了一次' }, D01));
    for (const d of ['demo-deputy-2', 'demo-deputy-3'])
      data(await duty('confirmNotice', { id: notice.id }, d));
    data(await duty('approveNotice', { id: notice.id }, PRESIDIUM));
    data(await duty('publishNotice', { id: notice.id }, PRESIDIUM));
    // The records change after publication (a new case for d01): a correction is due.
    data(await submit(ASKER, { text: '村东头桥面有裂缝' }));

    expectError(
      await duty('correctNotice', { id: notice.id, reason: '更正接待次数，详情加我微信' }, PRESIDIUM),
      'NOTICE_TEXT_REVIEW',
    );
    expectError(
      await duty('correctNotice', { id: notice.id, reason: '更正：代开发票' }, PRESIDIUM),
      'NOTICE_TEXT_RISKY',
    );
    const corrected = data(
      await duty<{ version: number; correction: { reason: string } | null }>(
        'correctNotice',
        { id: notice.id, reason: '更正接待次数，详情加我微信', confirmed: true },
        PRESIDIUM,
      ),
    );
    expect(corrected).toMatchObject({ version: 2, correction: { reason: '更正接待次数，详情加我微信' } });
  });
});
