/**
 * The figures in the mini-program against a real local cloud (page → api → figures function → store):
 * the presidium's 统计 page asks for the period and scope chosen and shows what the function answers,
 * a figure opens its parts and records, the charts get the month series of the figures' parts, the
 * workbench shows the year's key figures, and a deputy's 我的履职档案 asks for their own figures only.
 */
import type { LocalCloud } from '../../local/cloud';
import type { FiguresReport, FigureDrill } from '../../core/figures/figures.types';
import { startPageCloud } from './support/page-cloud';
import { connectWx, openPage, wxCalls } from './support/page-harness';

jest.setTimeout(30_000);
let cloud: LocalCloud;
/** What the pages sent to the figures function. */
const sent: Record<string, unknown>[] = [];

const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
const TEXTS = [
  '村口路灯坏了，晚上看不清路',
  '三组水渠垮塌，春灌前急需修复',
  '小学门口没有减速带，车开得太快',
];

async function call<T>(fn: string, event: Record<string, unknown>, openid: string): Promise<T> {
  const res = (await cloud.invoke(fn, event, { openid })) as { ok: boolean; data: T; error?: unknown };
  if (!res.ok) throw new Error(`${fn}.${String(event.action)}: ${JSON.stringify(res.error)}`);
  return res.data;
}

function signIn(openid: string): void {
  connectWx(cloud.url, openid);
  const w = wx as unknown as { request: (o: WechatMiniprogram.RequestOption) => unknown };
  const request = w.request;
  w.request = (o) => {
    if (o.url.endsWith('/functions/figures')) sent.push(o.data as Record<string, unknown>);
    return request(o);
  };
}

const received = (r: FiguresReport) => r.figures.find((f) => f.code === 'opinions.received')!;

beforeAll(async () => {
  cloud = await startPageCloud();
  for (const [i, text] of TEXTS.entries())
    await call(
      'opinion',
      {
        action: 'submit',
        requestId: `figures-page-${i}`,
        stationCode: 'JG01',
        villageCode: 'jingu',
        categoryCode: 'road',
        anonymous: false,
        consentToPublish: false,
        text,
      },
      `figures-villager-${i}`,
    );
});

afterAll(() => cloud?.stop());

describe('the presidium 统计 page', () => {
  it('asks for this year and the whole township first, and shows every figure the function answers', async () => {
    signIn('demo-presidium');
    sent.length = 0;
    const page = await openPage('subpackages/presidium/pages/figures/index');
    expect(sent[0]).toMatchObject({
      action: 'report',
      period: { kind: 'year', year },
      scope: { kind: 'township' },
    });
    const direct = await call<FiguresReport>(
      'figures',
      { action: 'report', period: { kind: 'year', year }, scope: { kind: 'township' } },
      'demo-presidium',
    );
    expect(received(direct).value).toBeGreaterThanOrEqual(TEXTS.length);
    const text = page.text();
    expect(text).toContain('意见建议办理');
    expect(text).toContain('收集意见建议');
    expect(text).toContain(received(direct).display);
    expect(text).toContain(`${year}年`);
  });

  it('asks again for the half-year, the quarter and the station chosen, and shows their figures', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/figures/index');
    sent.length = 0;
    await page.call('pickPeriod', { currentTarget: { dataset: { key: 'half2' } } });
    expect(sent.pop()).toMatchObject({
      period: { kind: 'half', year, half: 2 },
      scope: { kind: 'township' },
    });
    expect(page.text()).toContain(`${year}年下半年`);
    await page.call('pickPeriod', { currentTarget: { dataset: { key: 'quarter' } } });
    await page.call('pickQuarter', { currentTarget: { dataset: { key: 3 } } });
    expect(sent.pop()).toMatchObject({ period: { kind: 'quarter', year, quarter: 3 } });
    expect(page.text()).toContain(`${year}年第三季度`);
    await page.call('pickPeriod', { currentTarget: { dataset: { key: 'year' } } });
    await page.call('pickScopeKind', { currentTarget: { dataset: { key: 'station' } } });
    const asked = sent.pop() as { scope: { kind: string; stationCode: string } };
    expect(asked.scope.kind).toBe('station');
    const direct = await call<FiguresReport>(
      'figures',
      { action: 'report', period: { kind: 'year', year }, scope: asked.scope },
      'demo-presidium',
    );
    expect(page.text()).toContain(direct.scopeLabel);
    expect(page.text()).toContain(received(direct).display);
    // a deputy of the township, by the picker
    await page.call('pickScopeKind', { currentTarget: { dataset: { key: 'deputy' } } });
    await page.call('pickScope', { detail: { value: 1 } });
    const deputy = sent.pop() as { scope: { kind: string; deputyId: string } };
    expect(deputy.scope).toEqual({
      kind: 'deputy',
      deputyId: (page.data.scopeOptions as { key: string }[])[1].key,
    });
  });

  it('gives the charts the month series of the figures’ parts', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/figures/index');
    const direct = await call<FiguresReport>(
      'figures',
      { action: 'report', period: { kind: 'year', year }, scope: { kind: 'township' } },
      'demo-presidium',
    );
    type Spec = { key: string; categories: string[]; series: { data: (number | null)[] }[] };
    const chart = (page.data.charts as Spec[]).find((c) => c.key === 'received')!;
    expect(chart.categories).toHaveLength(Math.min(12, Number(direct.asOf.slice(5, 7))));
    const months = new Map((received(direct).parts.month ?? []).map((p) => [p.key, p.value]));
    expect(chart.series[0].data).toEqual(
      chart.categories.map((_, i) => months.get(`${year}-${String(i + 1).padStart(2, '0')}`) ?? 0),
    );
    expect(chart.series[0].data.reduce((s: number, v) => s + (v ?? 0), 0)).toBe(received(direct).value);
    // the component itself holds the options it draws (and the screenshots draw)
    type ChartData = { chart: { key: string }; optionsJson: string };
    const component = page.root
      .querySelectorAll('.figure-chart')
      .find((c) => (c.data as ChartData).chart.key === 'received');
    expect(component).toBeTruthy();
    const options = JSON.parse((component!.data as ChartData).optionsJson) as {
      type: string;
      series: { data: number[] }[];
    };
    expect(options.series[0].data).toEqual(chart.series[0].data);
  });

  it('opens a figure: its parts, its records, and the records of a part tapped', async () => {
    signIn('demo-presidium');
    const list = await openPage('subpackages/presidium/pages/figures/index');
    wxCalls.length = 0;
    await list.call('openFigure', { currentTarget: { dataset: { code: 'opinions.received' } } });
    const nav = wxCalls.find((c) => c.api === 'navigateTo')?.args as { url: string };
    expect(nav.url).toMatch(/^\/subpackages\/presidium\/pages\/figure\/index\?code=opinions\.received&p=/);
    const query = Object.fromEntries(new URLSearchParams(nav.url.split('?')[1]));
    sent.length = 0;
    const page = await openPage('subpackages/presidium/pages/figure/index', query);
    expect(sent.map((s) => s.action)).toEqual(['report', 'drill']);
    const text = page.text();
    expect(text).toContain('按村（社区）');
    for (const t of TEXTS) expect(text).toContain(t);
    const drill = await call<FigureDrill>(
      'figures',
      {
        action: 'drill',
        period: { kind: 'year', year },
        scope: { kind: 'township' },
        code: 'opinions.received',
      },
      'demo-presidium',
    );
    expect(text).toContain(`全部记录（${drill.total}条）`);
    // tap the village part: its records only
    type Group = { breakdown: string; rows: { key: string; label: string }[] };
    const village = (page.data.groups as Group[]).find((g) => g.breakdown === 'village')!;
    const part = village.rows.find((r) => r.key === 'jingu')!;
    await page.call('pickPart', {
      currentTarget: { dataset: { breakdown: 'village', key: 'jingu', label: part.label } },
    });
    expect(sent.pop()).toMatchObject({ action: 'drill', part: { breakdown: 'village', key: 'jingu' } });
    expect(page.text()).toContain(`按村（社区）：${part.label} 的记录`);
    expect((page.data.records as unknown[]).length).toBeGreaterThanOrEqual(TEXTS.length);
  });

  it('makes the printable sheet of the period and scope chosen, and a ledger of the period', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/figures/index');
    await page.call('pickPeriod', { currentTarget: { dataset: { key: 'half1' } } });
    sent.length = 0;
    await page.call('printSheet');
    expect(sent).toEqual([
      expect.objectContaining({
        action: 'printableReport',
        period: { kind: 'half', year, half: 1 },
        scope: { kind: 'township' },
      }),
    ]);
    expect(page.data.sheetUrl).toMatch(/^https?:\/\//);
    expect(page.text()).toContain('统计表已生成');
    await page.call('exportLedger', { currentTarget: { dataset: { key: 'cases' } } });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(sent.pop()).toEqual(
      expect.objectContaining({
        action: 'exportLedger',
        ledger: 'cases',
        start: `${year}-01-01`,
        end: today < `${year}-06-30` ? today : `${year}-06-30`,
      }),
    );
    const exported = page.data.exported as { rows: number; fileName: string; url: string };
    expect(exported.rows).toBeGreaterThanOrEqual(0);
    expect(exported.url).toMatch(/^https?:\/\//);
    expect(page.text()).toContain(`${exported.fileName}（${exported.rows}行）已生成`);
  });

  it('shows the year’s key figures on the workbench, a door to the 统计 page', async () => {
    signIn('demo-presidium');
    const page = await openPage('subpackages/presidium/pages/dashboard/index');
    expect(page.text()).toContain('年度统计');
    expect(page.text()).toContain('收集意见建议');
    expect(page.data.yearChart).toMatchObject({ key: 'received' });
  });
});

describe('a deputy’s 我的履职档案', () => {
  it('asks for the deputy’s own figures of the year, and lists the records of a figure tapped', async () => {
    signIn('demo-deputy-1');
    const me = await call<{ deputyId: string; name: string }>(
      'account',
      { action: 'whoami' },
      'demo-deputy-1',
    );
    sent.length = 0;
    const page = await openPage('subpackages/deputy/pages/archive/index');
    expect(sent[0]).toMatchObject({
      action: 'report',
      period: { kind: 'year', year },
      scope: { kind: 'deputy', deputyId: me.deputyId },
    });
    const direct = await call<FiguresReport>(
      'figures',
      { action: 'report', period: { kind: 'year', year }, scope: { kind: 'deputy', deputyId: me.deputyId } },
      'demo-deputy-1',
    );
    expect(page.text()).toContain(direct.scopeLabel);
    expect(page.text()).toContain(received(direct).display);
    await page.call('openFigure', { currentTarget: { dataset: { code: 'opinions.received' } } });
    expect(sent.pop()).toMatchObject({ action: 'drill', scope: { kind: 'deputy', deputyId: me.deputyId } });
    expect(page.text()).toContain('收集意见建议的记录');
  });

  it('is not a villager’s', async () => {
    signIn('figures-villager-0');
    sent.length = 0;
    const page = await openPage('subpackages/deputy/pages/archive/index');
    expect(page.text()).toContain('履职档案只有代表本人可以查看');
    expect(sent).toEqual([]);
  });
});

describe('the public card on the station page', () => {
  it('tells a villager this year’s received and answered, and says kindly when there are too few ratings', async () => {
    signIn('figures-villager-1');
    sent.length = 0;
    const page = await openPage('pages/station/index', { code: 'JG01' });
    expect(sent).toContainEqual(expect.objectContaining({ action: 'publicCard', stationCode: 'JG01' }));
    type Card = { periodLabel: string; items: { code: string; value: number | null; display: string }[] };
    const card = await call<Card>(
      'figures',
      { action: 'publicCard', stationCode: 'JG01' },
      'figures-villager-1',
    );
    const text = page.text();
    expect(text).toContain(`本站${card.periodLabel}意见建议办理情况`);
    const item = (code: string) => card.items.find((i) => i.code === code)!;
    expect(text).toContain(`收到意见建议${item('opinions.received').display}`);
    expect(item('opinions.received').value).toBeGreaterThanOrEqual(TEXTS.length);
    expect(text).toContain(`已答复${item('opinions.answered').display}`);
    // nobody has rated a case of this new township's year yet: no number, kind words
    expect(item('opinions.satisfactionRate').value).toBeNull();
    expect(text).toContain('群众满意评价还不够多');
    expect(text).not.toContain('样本不足');
  });
});
