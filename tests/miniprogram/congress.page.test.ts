/**
 * 人代会 in the mini-program, against a real local cloud: the presidium sets up a session with two
 * candidates on the ballot and convenes it; 李秀英 (a township deputy) checks in by scanning the code; once
 * the vote is open her ballot cannot be submitted incomplete, the confirm step lists every choice, the
 * final submit calls castBallot once, and afterwards the page says 已投票 without her choices. A villager
 * comments on a candidate from its page.
 */
import { chinaDate } from '../../core/calendar/china-time';
import type { LocalCloud } from '../../local/cloud';
import { signInAs, startPageCloud, typed } from './support/page-cloud';
import { openPage } from './support/page-harness';

jest.setTimeout(60_000);
let cloud: LocalCloud;
const today = chinaDate(new Date());
let scanResult = '';
let castCalls = 0;

type Envelope<T> = { ok: boolean; data: T; error?: { code: string } };
async function asPresidium<T>(event: Record<string, unknown>): Promise<T> {
  const res = await cloud.invoke<Envelope<T>>('congress', event, { openid: 'demo-presidium' });
  if (!res.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** Signs in, and counts the castBallot calls the pages send. */
function signIn(openid: string): void {
  signInAs(cloud, openid);
  const w = wx as unknown as Record<string, unknown>;
  const send = w.request as (o: WechatMiniprogram.RequestOption) => unknown;
  w.request = (o: WechatMiniprogram.RequestOption) => {
    if (JSON.stringify(o.data ?? {}).includes('"castBallot"')) castCalls += 1;
    return send(o);
  };
}

let sessionId = '';
const candidateIds: string[] = [];
let commenting = '';
const chinaDateAfterToday = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000));

beforeAll(async () => {
  cloud = await startPageCloud();
  const w = wx as unknown as Record<string, unknown>;
  w.scanCode = (o: { success: (r: { result: string }) => void }) => o.success({ result: scanResult });
  ({ sessionId } = await asPresidium<{ sessionId: string }>({
    action: 'createSession',
    term: 3,
    meeting: 1,
    date: today,
    place: '乡政府会议室',
    agenda: [{ time: '09:00', title: '票决民生实事项目' }],
  }));
  for (const [i, title] of ['页面测试路灯', '页面测试便民桥'].entries()) {
    const { candidateId } = await asPresidium<{ candidateId: string }>({
      action: 'saveCandidate',
      sessionId,
      requestId: `page-candidate-${i}`,
      title,
      description: `${title}的内容`,
      budgetWan: 20,
      departmentId: 'build',
      villageCodes: ['jingu'],
      opinionIds: [],
    });
    await asPresidium({ action: 'publishCandidate', candidateId, commentUntil: today });
    candidateIds.push(candidateId);
  }
  await asPresidium({ action: 'putOnBallot', sessionId, candidateIds });
  // one more, still open for comment (not on this ballot)
  ({ candidateId: commenting } = await asPresidium<{ candidateId: string }>({
    action: 'saveCandidate',
    sessionId,
    requestId: 'page-candidate-commenting',
    title: '页面测试卫生室',
    description: '卫生室改造',
    budgetWan: 15,
    departmentId: 'build',
    villageCodes: ['jingu'],
    opinionIds: [],
  }));
  await asPresidium({
    action: 'publishCandidate',
    candidateId: commenting,
    commentUntil: chinaDateAfterToday(10),
  });
  const convened = await asPresidium<{ checkInCode: string }>({ action: 'convene', sessionId });
  scanResult = convened.checkInCode;
  for (const deputyId of ['d05', 'd07']) await asPresidium({ action: 'markPresent', sessionId, deputyId });
});
afterAll(() => cloud?.stop());

describe('人代会 (presidium)', () => {
  it('shows the check-in QR code as a large image with the code under it', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/congress/index', { id: sessionId });
    const session = page.data.session as { checkInQrDataUrl: string; checkInCode: string };
    expect(session.checkInQrDataUrl).toMatch(/^data:image\/png;base64,/);
    const qr = page.root.querySelector('.qr');
    expect(qr).toBeTruthy();
    expect(page.text()).toContain(scanResult);
  });
});

describe('人代会: the pass rule (presidium)', () => {
  const tap = (dataset: Record<string, string>) => ({ currentTarget: { dataset } });
  it('reads the rule in plain words and changes it before the vote opens', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/congress/index', { id: sessionId });
    expect(page.text()).toContain('通过规则');
    expect(page.text()).toContain('获得全体代表过半数赞成票通过');
    expect(page.text()).toContain('开始投票前可以修改');
    await page.call('editRule');
    expect(page.text()).toContain('按哪些代表计算');
    expect(page.text()).toContain('赞成票要超过');
    expect(page.text()).toContain('三分之二');
    await page.call('pickRuleBase', tap({ value: 'present' }));
    await page.call('pickRuleShare', tap({ key: '2/3' }));
    expect(page.text()).toContain('改为：获得超过到会代表三分之二的赞成票通过');
    await page.call('saveRule');
    expect(page.data.ruleForm).toBe(false);
    expect(page.text()).toContain('获得超过到会代表三分之二的赞成票通过');
    // stored: the session the tally reads
    const stored = cloud.store.entries('congressSessions').get(sessionId)?.doc as unknown as {
      passRule: object;
    };
    expect(stored.passRule).toEqual({ base: 'present', numerator: 2, denominator: 3 });
    // and back to the default, in the same words as before
    await page.call('editRule');
    await page.call('pickRuleBase', tap({ value: 'all' }));
    await page.call('pickRuleShare', tap({ key: '1/2' }));
    await page.call('saveRule');
    expect(page.text()).toContain('获得全体代表过半数赞成票通过');
    expect(
      (cloud.store.entries('congressSessions').get(sessionId)?.doc as unknown as { passRule: object })
        .passRule,
    ).toEqual({
      base: 'all',
      numerator: 1,
      denominator: 2,
    });
  });
});

describe('人代会: a candidate from the villages and opinions picked in the form', () => {
  it('links the villages (chips) and an opinion (from the list) so the candidate counts 源自群众意见1件', async () => {
    const submitted = await cloud.invoke<Envelope<{ id: string }>>(
      'opinion',
      {
        action: 'submit',
        requestId: 'page-opinion-for-candidate',
        stationCode: 'JG01',
        villageCode: 'jingu',
        categoryCode: 'road',
        anonymous: false,
        consentToPublish: false,
        text: '页面测试：村口到小学的路没有路灯，晚上看不清',
      },
      { openid: 'demo-villager' },
    );
    expect(submitted.ok).toBe(true);
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/congress/index', { id: sessionId });
    await page.call('newCandidate');
    const chips = page.data.villageChips as { code: string; name: string; on: boolean }[];
    expect(chips.map((v) => v.name)).toContain('金鼓村');
    const rows = page.data.opinionRows as { id: string; excerpt: string; village: string }[];
    const mine = rows.find((r) => r.id === submitted.data.id);
    expect(mine).toMatchObject({ village: '金鼓村' });
    expect(page.text()).toContain('页面测试：村口到小学的路没有路灯');
    // the query narrows the list
    await page.call('typeOpinionQuery', typed('村口到小学'));
    await page.call('searchOpinions');
    expect((page.data.opinionRows as { id: string }[]).map((r) => r.id)).toEqual([submitted.data.id]);

    const tap = (dataset: Record<string, string>) => ({ currentTarget: { dataset } });
    await page.call('toggleVillage', tap({ code: 'jingu' }));
    await page.call('toggleOpinion', tap({ id: submitted.data.id }));
    expect(page.text()).toContain('已选1件');
    await page.call('typeCandidate', { ...typed('页面测试小学路灯'), ...tap({ field: 'title' }) });
    await page.call('typeCandidate', { ...typed('村口到小学装路灯'), ...tap({ field: 'description' }) });
    await page.call('typeCandidate', { ...typed('12'), ...tap({ field: 'budget' }) });
    await page.call('saveCandidate');
    expect(page.data.formError).toBe('');
    const saved = (
      page.data.candidates as {
        title: string;
        fromOpinions: number;
        villageCodes: string[];
        opinionIds: string[];
      }[]
    ).find((c) => c.title === '页面测试小学路灯');
    expect(saved).toMatchObject({
      fromOpinions: 1,
      villageCodes: ['jingu'],
      opinionIds: [submitted.data.id],
    });
    expect(page.text()).toContain('源自群众意见1件');
  });
});

describe('人代会 (deputy)', () => {
  it('checks in by scanning the session code and shows the quorum', async () => {
    signIn('demo-deputy-2');
    const page = await openPage('subpackages/deputy/pages/congress/index', { id: sessionId });
    expect(page.text()).toContain('扫码签到');
    expect(page.text()).toContain('已到2人 / 应到4人');
    await page.call('checkIn');
    expect(page.text()).toContain('已签到');
    expect(page.text()).toContain('已到3人 / 应到4人 / 需3人');
  });

  it('the ballot: cannot submit incomplete; confirm lists every choice; submit calls castBallot once', async () => {
    await asPresidium({ action: 'openVote', sessionId });
    signIn('demo-deputy-2');
    const page = await openPage('subpackages/deputy/pages/congress/index', { id: sessionId });
    const ballot = page.data.ballot as { id: string; choice: string }[];
    expect(ballot.map((r) => r.id).sort()).toEqual([...candidateIds].sort());
    expect(ballot.every((r) => r.choice === '')).toBe(true); // nothing preselected
    expect(page.data.complete).toBe(false);

    const choose = (id: string, value: string) =>
      page.call('choose', { currentTarget: { dataset: { id, value } } });
    await choose(ballot[0].id, 'yes');
    await page.call('review');
    expect(page.data.step).toBe('ballot'); // one candidate left: no confirm step
    await page.call('submit');
    expect(castCalls).toBe(0);

    await choose(ballot[1].id, 'no');
    expect(page.data.complete).toBe(true);
    await page.call('review');
    expect(page.data.step).toBe('confirm');
    expect(page.text()).toContain('提交后不能修改');
    expect(page.text()).toContain('赞成');
    expect(page.text()).toContain('反对');

    await page.call('submit');
    expect(castCalls).toBe(1);
    expect(page.text()).toContain('已投票');
    expect(page.data.ballot).toEqual([]);
    expect(page.text()).not.toContain('确认提交');
    const votes = [...cloud.store.entries('congressBallots').values()].map(
      (e) => e.doc as unknown as { sessionId: string; filled: boolean },
    );
    expect(votes.filter((b) => b.sessionId === sessionId && b.filled)).toHaveLength(1);

    // opened again: 已投票, and her choices are nowhere on the page
    const again = await openPage('subpackages/deputy/pages/congress/index', { id: sessionId });
    expect(again.text()).toContain('已投票');
    expect(again.data.ballot).toEqual([]);
  });

  it('the presidium can no longer change the pass rule once the vote is open', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/congress/index', { id: sessionId });
    expect(page.text()).toContain('获得全体代表过半数赞成票通过');
    expect(page.text()).toContain('票决已经开始，通过规则不能再改');
    expect(page.root.querySelectorAll('.rule-preview')).toHaveLength(0);
  });
});

describe('民生实事候选项目 (villager)', () => {
  it('lists the candidates and comments on one from its page', async () => {
    signIn('demo-villager');
    const list = await openPage('subpackages/congress/pages/candidates/index');
    expect(list.text()).toContain('页面测试卫生室');
    // the office and the villages by name, not their ids
    expect(list.text()).toContain('责任单位：乡村建设办公室');
    expect(list.text()).toContain('涉及村：金鼓村');
    // on the ballot: comments are closed, said plainly, and nothing is written
    const closed = await openPage('subpackages/congress/pages/candidate/index', { id: candidateIds[0] });
    expect(closed.text()).toContain('这个项目已停止收集意见');
    await closed.call('onText', typed('还想说一句'));
    await closed.call('send');
    expect(closed.data.formError).toBe('这个项目的意见征求已经结束');
    const page = await openPage('subpackages/congress/pages/candidate/index', { id: commenting });
    expect(page.text()).toContain('责任单位：乡村建设办公室');
    expect(page.text()).toContain('涉及村：金鼓村');
    await page.call('send');
    expect(page.data.formError).toBe('请先写下您的意见');
    await page.call('onText', typed('希望路灯装到村小学门口'));
    await page.call('send');
    expect(page.data.formError).toBe('');
    expect(page.text()).toContain('希望路灯装到村小学门口');
  });
});
