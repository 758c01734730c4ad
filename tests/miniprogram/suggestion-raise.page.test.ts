/**
 * 转为代表建议 on real pages against a real local cloud: a villager's case routed to the deputy → the
 * deputy's case page offers 转为代表建议 → the filing form opens prefilled from the case
 * (?opinionId=) and submitting raises the opinion (suggestion.raiseOpinion) → the case page says
 * 已转为代表建议 and offers it no more → the villager's case page shows the suggestion: title, status,
 * then 办理单位, result class and the answer once the office answered; the page still shows when that
 * call fails.
 */
import type { LocalCloud } from '../../local/cloud';
import { openPage, wxCalls } from './support/page-harness';
import { signInAs, startPageCloud, typed } from './support/page-cloud';

jest.setTimeout(60_000);

let cloud: LocalCloud;
const VILLAGER = 'villager-raise-page';
const DEPUTY = 'demo-deputy-1'; // d01 王建国, takes 金鼓村 道路交通
const PRESIDIUM = 'demo-presidium';
const OFFICE = 'demo-department'; // 乡村建设办公室 (build)

type Envelope<T> = { ok: boolean; data: T; error?: { code: string } };
async function invoke<T>(fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = await cloud.invoke<Envelope<T>>(fn, event, { openid });
  if (!res.ok) throw new Error(`${String(event.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

let opinionId = '';
beforeAll(async () => {
  cloud = await startPageCloud();
  const filed = await invoke<{ id: string }>(
    'opinion',
    {
      action: 'submit',
      requestId: 'raise-page-1',
      stationCode: 'JG01',
      villageCode: 'jingu',
      categoryCode: 'road',
      anonymous: false,
      consentToPublish: false,
      text: '村里通往学校的机耕道坑洼不平，下雨天孩子上学很难走',
    },
    VILLAGER,
  );
  opinionId = filed.id;
});
afterAll(() => cloud.stop());

const suggestions = () =>
  [...cloud.store.entries('suggestions').values()].map((e) => e.doc as Record<string, unknown>);

describe('转为代表建议', () => {
  it('lets the deputy raise the open case into a suggestion from the case page', async () => {
    signInAs(cloud, DEPUTY);
    const page = await openPage('subpackages/deputy/pages/case/index', { id: opinionId });
    expect(page.data.canRaise).toBe(true);
    expect(page.text()).toContain('转为代表建议');
    expect(page.text()).not.toContain('已转为代表建议');
    await page.call('raise');
    const url = `/subpackages/deputy/pages/suggestions/index?opinionId=${opinionId}`;
    expect(wxCalls).toContainEqual({ api: 'navigateTo', args: { url } });

    const form = await openPage('subpackages/deputy/pages/suggestions/index', { opinionId });
    expect(form.data.showForm).toBe(true);
    expect(form.data.title).toBe('关于金鼓村道路交通的建议');
    expect(form.data.content).toBe('村里通往学校的机耕道坑洼不平，下雨天孩子上学很难走');
    expect(form.text()).toContain('把群众的意见转为代表建议');
    expect(form.text()).not.toContain('邀请代表附议');
    await form.call('typeTitle', typed('修缮金鼓村通往学校的机耕道'));
    await form.call('submit');
    expect(form.data.showForm).toBe(false);
    const raised = suggestions().filter((s) => s.sourceOpinionId === opinionId);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      title: '修缮金鼓村通往学校的机耕道',
      content: '村里通往学校的机耕道坑洼不平，下雨天孩子上学很难走',
    });
    expect(form.text()).toContain('修缮金鼓村通往学校的机耕道');

    const again = await openPage('subpackages/deputy/pages/case/index', { id: opinionId });
    expect(again.text()).toContain('已转为代表建议');
    expect(again.text()).toContain('修缮金鼓村通往学校的机耕道');
    expect(again.data.raised).toBeTruthy();
  });

  it("shows the villager the suggestion on their case page, then the office's answer", async () => {
    signInAs(cloud, VILLAGER);
    const page = await openPage('pages/opinions/case', { id: opinionId });
    expect(page.text()).toContain('已转为代表建议');
    expect(page.text()).toContain('修缮金鼓村通往学校的机耕道');
    expect(page.text()).toContain('办理情况：等待交办');
    expect(page.text()).not.toContain('办理单位');

    const [s] = suggestions().filter((x) => x.sourceOpinionId === opinionId);
    await invoke(
      'suggestion',
      { action: 'assign', suggestionId: s._id, leadDepartmentId: 'build' },
      PRESIDIUM,
    );
    await invoke(
      'suggestion',
      {
        action: 'answer',
        suggestionId: s._id,
        text: '已列入今年村道修缮计划，下月动工。',
        fileId: 'cloud://env/suggestions/raise-page.pdf',
        resultClass: 'A',
      },
      OFFICE,
    );
    signInAs(cloud, VILLAGER);
    const answered = await openPage('pages/opinions/case', { id: opinionId });
    expect(answered.text()).toContain('办理单位：乡村建设办公室');
    expect(answered.text()).toContain('已列入今年村道修缮计划，下月动工。');
    expect((answered.data.raised as { resultLabel: string }).resultLabel).toBeTruthy();
    expect(answered.text()).toContain(
      `办理结果：${(answered.data.raised as { resultLabel: string }).resultLabel}`,
    );
  });

  it('still shows the case when the suggestion call fails (a neighbour who follows it)', async () => {
    const FOLLOWER = 'villager-raise-follower';
    await invoke('opinion', { action: 'follow', opinionId }, FOLLOWER);
    const refused = await cloud.invoke<Envelope<unknown>>(
      'suggestion',
      { action: 'ofOpinion', opinionId },
      { openid: FOLLOWER },
    );
    expect(refused.ok).toBe(false);
    signInAs(cloud, FOLLOWER);
    const page = await openPage('pages/opinions/case', { id: opinionId });
    expect(page.data.errorMessage).toBe('');
    expect(page.text()).toContain('道路交通 · 金鼓村');
    expect(page.text()).toContain('承办代表：王建国代表');
    expect(page.data.raised).toBeNull();
    expect(page.text()).not.toContain('已转为代表建议');
  });
});
