/**
 * Who rates a case a county system filed through the Open311 door: the key that filed it, passing on
 * the caller's answer to its callback (回访) — recorded as by that system (bySystem), never as staff on
 * a villager's behalf — and no one else; with the state machine's own rules (办结, not rated yet, 不满意
 * reopens). And the callback time's window (core/open311 checkCallbackAt), and the route of the door.
 */
import {
  canRate,
  checkRate,
  openOpinion,
  transition,
  villagerTimelineText,
} from '../../../core/opinion/opinion.state';
import type { Actor, Opinion } from '../../../core/opinion/opinion.types';
import { checkCallbackAt, parseRoute } from '../../../core/open311/open311.rules';
import { asDeputy, at, calendar, draft, env, presidium, run, toDeputyA, villager } from './opinion.fixtures';

const hotline: Actor = { role: 'countySystem', openid: '', keyId: 'k-12345', channel: '12345' };
const otherSystem: Actor = { role: 'countySystem', openid: '', keyId: 'k-grid', channel: 'api' };

/** A case the 12345 hotline filed (no villager account), answered and resolved by deputy d-a. */
function filedByHotline(): Opinion {
  const { opinion } = openOpinion({
    id: 'op-311',
    draft: draft(),
    limits: env,
    filedBy: { kind: 'self' },
    routing: toDeputyA,
    now: at('2026-09-30'),
    calendar,
  });
  const o: Opinion = { ...opinion, channel: '12345', open311: { keyId: 'k-12345', client: '县12345热线' } };
  return run(o, [
    { command: { type: 'accept' }, actor: asDeputy('d-a'), day: '2026-10-09' },
    { command: { type: 'reply', answer: '已修好' }, actor: asDeputy('d-a'), day: '2026-10-09' },
    { command: { type: 'resolve' }, actor: asDeputy('d-a'), day: '2026-10-09' },
  ]).opinion;
}

describe('a case filed through the Open311 door', () => {
  it('is rated by the key that filed it, and by no person nor another key', () => {
    const o = filedByHotline();
    expect(checkRate(o, hotline)).toEqual({ ok: true, value: undefined });
    for (const actor of [otherSystem, villager, presidium, asDeputy('d-a'), { ...hotline, keyId: undefined }])
      expect(checkRate(o, actor)).toMatchObject({ ok: false, reason: 'NOT_YOUR_OPINION' });
  });

  it('a 满意 from the callback closes it, recorded by the system (counted), with the callback time', () => {
    const callbackAt = at('2026-10-10', '15:00');
    const done = transition(
      filedByHotline(),
      { type: 'rate', rating: 'satisfied', comment: '修好了', callbackAt },
      hotline,
      at('2026-10-10', '16:00'),
      calendar,
    );
    if (!done.ok) throw new Error(done.reason);
    expect(done.value.patch).toMatchObject({ status: 'closed', outcome: 'satisfied' });
    expect(done.value.patch.ratings).toEqual([
      { rating: 'satisfied', at: at('2026-10-10', '16:00'), bySystem: '12345', callbackAt },
    ]);
    expect(done.value.event).toMatchObject({
      type: 'rated',
      actorRole: 'countySystem',
      note: '修好了',
      data: { rating: 'satisfied', bySystem: '12345' },
    });
    expect(done.value.event.data?.byStaff).toBeUndefined();
    expect(done.value.event.actorOpenid).toBeUndefined();
    expect(villagerTimelineText(done.value.event)).toBe('12345回访评价：满意，此件已办结');
    expect(canRate({ ...filedByHotline(), ...done.value.patch }, hotline)).toBe(false);
  });

  it('a 不满意 reopens it under supervision, as a villager’s would', () => {
    const { opinion, events } = run(filedByHotline(), [
      { command: { type: 'rate', rating: 'unsatisfied' }, actor: hotline, day: '2026-10-10' },
    ]);
    expect(opinion).toMatchObject({ status: 'accepted', supervised: true, reopenCount: 1 });
    expect(villagerTimelineText(events[0])).toBe('12345回访评价：不满意，乡镇人大主席团已督办，重新办理');
  });

  it('before 办结 it cannot be rated', () => {
    const { opinion } = openOpinion({
      id: 'op-311',
      draft: draft(),
      limits: env,
      filedBy: { kind: 'self' },
      routing: toDeputyA,
      now: at('2026-09-30'),
      calendar,
    });
    const o = { ...opinion, open311: { keyId: 'k-12345', client: '县12345热线' } };
    expect(checkRate(o, hotline)).toMatchObject({ ok: false, reason: 'NOT_RATABLE' });
  });

  it('the system passes on a rating and nothing else: the caller’s other choices are not its own', () => {
    const hidden = transition(filedByHotline(), { type: 'hideName' }, hotline, at('2026-10-10'), calendar);
    expect(hidden).toMatchObject({ ok: false, reason: 'NOT_YOUR_OPINION' });
    const supervised = transition(
      filedByHotline(),
      { type: 'closeUnrated' },
      hotline,
      at('2026-10-10'),
      calendar,
    );
    expect(supervised).toMatchObject({ ok: false, reason: 'FORBIDDEN' });
  });

  it('a county system never rates a villager’s own case', () => {
    const o = { ...filedByHotline(), villagerOpenid: villager.openid };
    expect(checkRate(o, hotline)).toMatchObject({ ok: false, reason: 'NOT_YOUR_OPINION' });
  });
});

describe('the callback time', () => {
  const resolvedAt = at('2026-10-09', '10:00');
  const now = at('2026-10-12', '10:00');
  it.each([
    ['at 办结', resolvedAt, { ok: true }],
    ['between', at('2026-10-10'), { ok: true }],
    ['a few minutes ahead of the clock', new Date(now.getTime() + 4 * 60_000), { ok: true }],
    ['before 办结', new Date(resolvedAt.getTime() - 1000), { ok: false, reason: 'CALLBACK_BEFORE_RESOLVED' }],
    ['in the future', new Date(now.getTime() + 6 * 60_000), { ok: false, reason: 'CALLBACK_IN_FUTURE' }],
  ])('%s', (_name, callbackAt, want) => {
    expect(checkCallbackAt(callbackAt, resolvedAt, now)).toEqual(want);
  });

  it('the door routes requests/{id}/rating.json apart from requests/{id}.json', () => {
    expect(parseRoute('/open311/v2/requests/op1/rating.json')).toEqual({
      route: { kind: 'rating', id: 'op1' },
      format: 'json',
    });
    expect(parseRoute('/open311/v2/requests/op1/rating.xml')?.format).toBe('xml');
    expect(parseRoute('/open311/v2/requests/op1.json')?.route).toEqual({ kind: 'request', id: 'op1' });
    expect(parseRoute('/open311/v2/requests/a/b/rating.json')).toBeNull();
  });
});
