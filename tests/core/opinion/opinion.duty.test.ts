import {
  OPINION_DUTY_EXCERPT_MAX,
  OPINION_DUTY_OF,
  opinionDutyFor,
} from '../../../core/opinion/opinion.duty';
import { OPINION_DUTY_TYPES } from '../../../core/duty/duty.types';
import type { Actor, TimelineEventType } from '../../../core/opinion/opinion.types';
import { TIMELINE_EVENT_TYPES } from '../../../core/opinion/opinion.types';

const TEXT = '村口的桥栏杆坏了，晚上路过很危险，希望尽快修好，老人小孩天天从这里走';
const opinion = { text: TEXT, anonymous: false, consentToPublish: false, followers: ['oF1', 'oF2'] };
const deputy: Actor = { role: 'deputy', openid: 'o-d1', deputyId: 'd1' };

describe('opinionDutyFor (which case events count as a deputy’s duty record)', () => {
  it.each([
    ['accepted', 'opinionAccepted', '受理群众意见'],
    ['replied', 'opinionReplied', '答复群众意见'],
    ['transferred', 'opinionTransferred', '转办群众意见'],
    ['resolved', 'opinionResolved', '办结群众意见'],
  ] as const)('%s by the deputy → %s', (eventType, type, words) => {
    expect(opinionDutyFor(opinion, eventType, deputy)).toEqual({
      deputyId: 'd1',
      type,
      description: `${words}：${Array.from(TEXT).slice(0, OPINION_DUTY_EXCERPT_MAX).join('')}`,
      peopleReached: 3,
    });
  });

  it.each(TIMELINE_EVENT_TYPES.filter((t) => !(t in OPINION_DUTY_OF)))('%s earns no duty record', (t) => {
    expect(opinionDutyFor(opinion, t as TimelineEventType, deputy)).toBeNull();
  });

  it.each([
    ['the presidium', { role: 'presidium', openid: 'oP' }],
    ['the scheduler', { role: 'system', openid: '' }],
    ['a deputy role without a deputy id', { role: 'deputy', openid: 'o-x' }],
    ['a resident claiming a deputy id', { role: 'resident', openid: 'oR', deputyId: 'd1' }],
  ] as const)('%s earns none', (_who, actor) => {
    expect(opinionDutyFor(opinion, 'resolved', actor)).toBeNull();
  });

  it('counts the villager alone when nobody follows the case', () => {
    expect(opinionDutyFor({ ...opinion, followers: [] }, 'accepted', deputy)?.peopleReached).toBe(1);
  });

  it.each([
    [false, '请打13812345678联系我'],
    [true, '请打138****5678联系我'],
  ])('quotes the case as staff read it (anonymous=%s: a typed phone masked)', (anonymous, quoted) => {
    const d = opinionDutyFor({ ...opinion, anonymous, text: '请打13812345678联系我' }, 'replied', deputy);
    expect(d?.description).toBe(`答复群众意见：${quoted}`);
  });

  it('maps onto exactly the opinion duty types', () => {
    expect(Object.values(OPINION_DUTY_OF).sort()).toEqual([...OPINION_DUTY_TYPES].sort());
  });
});
