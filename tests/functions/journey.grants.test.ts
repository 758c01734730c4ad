/**
 * Journey (issue 12 §8): subscription grants, shown and used. WeChat sends a one-time subscribe message
 * only after that person tapped 允许 for that template, one message per acceptance. The mini-program
 * reports each accepted tap (account.recordSubscriptions, once per requestId); each sent message uses a
 * grant, WeChat's 43101 zeroes it; the deputy's inbox shows 您还可以收到N条提醒 from account.mySubscriptions;
 * the presidium's dashboard lists the open cases whose deputy holds no grant, so the presidium phones them.
 */
import { ABUSE_LIMITS_DEFAULT, ABUSE_LIMITS_RANGE } from '../../core/admin/abuse.limits';
import type { DashboardView } from '../../core/admin/admin.views';
import { TEMPLATES } from '../../core/notify/templates';
import { demoCloud, expectError, submitOpinion, type DemoCloud, unwrap as data } from './support';

let cloud: DemoCloud;
const AT = '2026-11-16T02:00:00.000Z'; // a Monday
beforeAll(async () => {
  cloud = await demoCloud(new Date(AT));
});
afterAll(() => cloud.stop());

const PRESIDIUM = 'demo-presidium';
const DEPUTY = 'demo-deputy-1'; // d01, JG01, 金鼓村: JG01 road cases from 金鼓村 are his
const VILLAGER = 'v-journey-grants';
const CASE_TEMPLATES = ['opinionAssigned', 'opinionDeadline'] as const;

interface Subscriptions {
  counts: Record<string, number>;
  reminders: number;
}
const mine = async (openid: string, templates: readonly string[] = CASE_TEMPLATES) =>
  data(await cloud.call<Subscriptions>('account', { action: 'mySubscriptions', templates }, openid, AT));
const tap = async (openid: string, requestId: string, templates: readonly string[] = CASE_TEMPLATES) =>
  data(
    await cloud.call<Subscriptions>(
      'account',
      { action: 'recordSubscriptions', requestId, templates },
      openid,
      AT,
    ),
  );
const dashboard = async () =>
  data(await cloud.call<DashboardView>('admin', { action: 'dashboard' }, PRESIDIUM, AT));
const ownerOf = async (id: string) =>
  data(
    await cloud.call<{ owner: { kind: string; deputyIds?: string[] } }>(
      'opinion',
      { action: 'get', opinionId: id },
      PRESIDIUM,
      AT,
    ),
  ).owner;

describe('§8 subscription grants, recorded at a tap, used by a send, shown, flagged', () => {
  let first: string;
  let second: string;

  it('a deputy who never accepted holds none', async () => {
    expect(await mine(DEPUTY)).toEqual({ counts: { opinionAssigned: 0, opinionDeadline: 0 }, reminders: 0 });
  });

  it('each accepted tap is one grant per template; a retried report (same requestId) adds nothing', async () => {
    expect(await tap(DEPUTY, 'grants-tap-0001')).toEqual({
      counts: { opinionAssigned: 1, opinionDeadline: 1 },
      reminders: 1,
    });
    expect((await tap(DEPUTY, 'grants-tap-0001')).reminders).toBe(1); // the same tap again
    expect(await tap(DEPUTY, 'grants-tap-0002')).toEqual({
      counts: { opinionAssigned: 2, opinionDeadline: 2 },
      reminders: 2,
    });
    // WeChat's side of the same two taps (the dev mini-program reports them to the local cloud).
    cloud.openapi.grant(DEPUTY, TEMPLATES.opinionAssigned.id, 1);
    cloud.openapi.grant(DEPUTY, TEMPLATES.opinionDeadline.id, 2);
    expectError(
      await cloud.call(
        'account',
        { action: 'recordSubscriptions', requestId: 'grants-tap-0003', templates: ['nope'] },
        DEPUTY,
        AT,
      ),
      'BAD_INPUT',
    );
  });

  it('a message sent uses one grant; the inbox count says so; the case is not flagged', async () => {
    const before = cloud.openapi.messages.length;
    first = data(
      await submitOpinion(
        cloud,
        VILLAGER,
        { requestId: 'grants-op-0001', text: '金鼓村村口的路灯坏了三盏' },
        AT,
      ),
    ).id;
    expect((await ownerOf(first)).deputyIds).toEqual(['d01']);
    const sent = cloud.openapi.messages.slice(before).filter((m) => m.touser === DEPUTY);
    expect(sent.map((m) => [m.templateId, m.outcome])).toEqual([[TEMPLATES.opinionAssigned.id, 'sent']]);
    expect(await mine(DEPUTY)).toEqual({ counts: { opinionAssigned: 1, opinionDeadline: 2 }, reminders: 1 });
    const board = await dashboard();
    expect(board.noReminders.items.map((i) => i.id)).not.toContain(first);
  });

  it('WeChat refusing (43101) zeroes the grant; both cases are then flagged on the dashboard', async () => {
    const before = cloud.openapi.messages.length;
    second = data(
      await submitOpinion(
        cloud,
        VILLAGER,
        { requestId: 'grants-op-0002', text: '金鼓村小学门口的路面塌陷了' },
        AT,
      ),
    ).id;
    expect((await ownerOf(second)).deputyIds).toEqual(['d01']);
    const sent = cloud.openapi.messages.slice(before).filter((m) => m.touser === DEPUTY);
    expect(sent.map((m) => m.outcome)).toEqual(['refused']); // WeChat held no more for him
    expect(await mine(DEPUTY)).toEqual({ counts: { opinionAssigned: 0, opinionDeadline: 2 }, reminders: 0 });

    const board = await dashboard();
    const flagged = board.noReminders.items.filter((i) => i.id === first || i.id === second);
    expect(flagged).toHaveLength(2);
    expect(flagged[0].why).toMatch(/收不到提醒/);
    expect(board.noReminders.count).toBeGreaterThanOrEqual(2);
  });

  it('asking again clears the flag', async () => {
    await tap(DEPUTY, 'grants-tap-0004');
    const board = await dashboard();
    expect(board.noReminders.items.map((i) => i.id)).not.toContain(first);
    expect((await mine(DEPUTY)).reminders).toBe(1);
  });

  it('a villager sees the progress messages they can still receive', async () => {
    expect((await mine(VILLAGER, ['opinionProgress'])).reminders).toBe(0);
    expect((await tap(VILLAGER, 'grants-tap-v001', ['opinionProgress'])).reminders).toBe(1);
  });
});

describe('fresh request ids do not inflate grants: at most subscriptionTapsPerHour taps an hour', () => {
  const FLOOD = 'v-journey-grants-flood';
  const LIMIT = ABUSE_LIMITS_DEFAULT.subscriptionTapsPerHour;
  const NEXT_HOUR = '2026-11-16T03:00:00.000Z';
  const tapAt = (openid: string, requestId: string, at = AT) =>
    cloud.call<Subscriptions>(
      'account',
      { action: 'recordSubscriptions', requestId, templates: ['opinionProgress'] },
      openid,
      at,
    );
  const progress = async (openid: string) => (await mine(openid, ['opinionProgress'])).counts.opinionProgress;

  it(`counts ${LIMIT} new taps in the hour, refuses the next (RATE_LIMITED) and adds nothing`, async () => {
    for (let i = 0; i < LIMIT; i++) data(await tapAt(FLOOD, `grants-flood-${String(i).padStart(4, '0')}`));
    expect(await progress(FLOOD)).toBe(LIMIT);
    expectError(await tapAt(FLOOD, 'grants-flood-over-1'), 'RATE_LIMITED');
    expectError(await tapAt(FLOOD, 'grants-flood-over-2'), 'RATE_LIMITED');
    expect(await progress(FLOOD)).toBe(LIMIT);
    // a retry of a tap already counted still answers (and adds nothing)
    expect(await tapAt(FLOOD, 'grants-flood-0000')).toMatchObject({ ok: true });
    expect(await progress(FLOOD)).toBe(LIMIT);
    // someone else is not held back by it
    expect((await tap('v-journey-grants-other', 'grants-other-0001', ['opinionProgress'])).reminders).toBe(1);
  });

  it('the next hour counts new taps again, and the refused request id is not spent', async () => {
    expect(data(await tapAt(FLOOD, 'grants-flood-over-1', NEXT_HOUR)).counts.opinionProgress).toBe(LIMIT + 1);
  });

  it("the township's presidium sets the limit (admin.setLimits), inside its range", async () => {
    const setLimits = (subscriptionTapsPerHour: number) =>
      cloud.call('admin', { action: 'setLimits', subscriptionTapsPerHour }, PRESIDIUM, AT);
    expectError(await setLimits(ABUSE_LIMITS_RANGE.subscriptionTapsPerHour.max + 1), 'LIMIT_INVALID');
    expect(await setLimits(5)).toMatchObject({ ok: true });
    const who = 'v-journey-grants-five';
    for (let i = 0; i < 5; i++) data(await tapAt(who, `grants-five-${i}000`));
    expectError(await tapAt(who, 'grants-five-over'), 'RATE_LIMITED');
    expect(await progress(who)).toBe(5);
    expect(await setLimits(LIMIT)).toMatchObject({ ok: true });
  });
});
