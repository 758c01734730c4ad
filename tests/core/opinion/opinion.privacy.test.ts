import {
  WORDS_NOT_PUBLISHED,
  caseRelation,
  caseTextFor,
  isOwnCase,
  redactPhones,
  toDeputyView,
  toPresidiumView,
  toPublicAnswer,
  toVillagerView,
  villageFor,
} from '../../../core/opinion/opinion.privacy';
import type { Opinion, TimelineEvent } from '../../../core/opinion/opinion.types';
import {
  asDeputy,
  at,
  run,
  submitted,
  villager,
  VILLAGER_NAME,
  VILLAGER_OPENID,
  VILLAGER_PHONE,
  type Step,
} from './opinion.fixtures';

const MASKED_PHONE = '138****5678';
const deputyA = asDeputy('d-a');
const follower = 'oFOLLOWER-secret-openid';

const handled: Step[] = [
  { day: '2026-10-08', actor: deputyA, command: { type: 'accept' } },
  { day: '2026-10-12', actor: deputyA, command: { type: 'reply', answer: '路灯已修好' } },
  { day: '2026-10-13', actor: deputyA, command: { type: 'resolve' } },
];

function caseOf(anonymous: boolean, steps: Step[] = []) {
  const start = { ...submitted('2026-09-30', { anonymous }), followers: [follower] };
  // An anonymous draft has its contact dropped by checkDraft; the views must hold even if one slipped in.
  const opinion: Opinion = { ...start, contact: { name: VILLAGER_NAME, phone: VILLAGER_PHONE } };
  return run(opinion, steps);
}

const ser = (value: unknown) => JSON.stringify(value);

describe('toDeputyView', () => {
  describe('when the opinion is anonymous', () => {
    const { opinion, events } = caseOf(true, handled.slice(0, 1));
    const view = ser(toDeputyView(opinion, events, 'd-a'));

    it('shows everything needed to answer', () => {
      expect(view).toContain('村口的路灯坏了');
      expect(view).toContain('cloud://photo-1');
      expect(view).toContain('"villageCode":"JG"');
      expect(view).toContain('"answerBy":"2026-10-27"');
    });

    it.each([
      ['openid', VILLAGER_OPENID],
      ['name', VILLAGER_NAME],
      ['phone', VILLAGER_PHONE],
      ['masked phone', MASKED_PHONE],
      ['follower openid', follower],
    ])('never carries the villager’s %s', (_, secret) => {
      expect(view).not.toContain(secret);
    });
  });

  describe('when the villager left a contact', () => {
    const open = caseOf(false, handled.slice(0, 1));

    it('the deputy handling the open case sees the full phone to call back, never the openid', () => {
      const view = toDeputyView(open.opinion, open.events, 'd-a');
      expect(view).toMatchObject({ contactName: VILLAGER_NAME, contactPhone: VILLAGER_PHONE });
      expect(ser(view)).not.toContain(VILLAGER_OPENID);
      expect(ser(view)).not.toContain(follower);
    });

    it('another deputy sees it masked', () => {
      const view = ser(toDeputyView(open.opinion, open.events, 'd-b'));
      expect(view).toContain(MASKED_PHONE);
      expect(view).not.toContain(VILLAGER_PHONE);
    });

    it('once the case is finished even the handling deputy sees it masked', () => {
      const finished = caseOf(false, handled);
      const view = ser(toDeputyView(finished.opinion, finished.events, 'd-a'));
      expect(view).toContain(MASKED_PHONE);
      expect(view).not.toContain(VILLAGER_PHONE);
    });
  });
});

describe('toPresidiumView', () => {
  it('shows the whole record with the phone masked and no openid', () => {
    const { opinion, events } = caseOf(false, handled);
    const view = toPresidiumView(opinion, events);
    expect(view).toMatchObject({
      contactName: VILLAGER_NAME,
      contactPhoneMasked: MASKED_PHONE,
      reporters: 2,
    });
    expect(view.routingReason).toBe('覆盖金鼓村 · 环境保护 · 在办0件');
    expect(ser(view)).not.toContain(VILLAGER_PHONE);
    expect(ser(view)).not.toContain(VILLAGER_OPENID);
    expect(ser(view)).not.toContain(follower);
  });

  it('shows no contact for an anonymous case', () => {
    const { opinion, events } = caseOf(true, handled);
    const view = ser(toPresidiumView(opinion, events));
    for (const secret of [VILLAGER_OPENID, VILLAGER_NAME, VILLAGER_PHONE, MASKED_PHONE])
      expect(view).not.toContain(secret);
  });
});

describe('toVillagerView', () => {
  const { opinion, events } = caseOf(false, handled);
  const view = toVillagerView(opinion, events, villager);

  it('shows the villager’s own case with the timeline in plain words', () => {
    expect(view.timeline.map((e) => e.text)).toEqual([
      '代表已受理',
      '代表已答复：路灯已修好',
      '已办结，请您评价',
    ]);
    expect(view).toMatchObject({ canRate: true, answer: '路灯已修好', statusLabel: '已办结待评价' });
  });

  it('shows their own phone masked and never an openid or an office note', () => {
    expect(view.contactPhoneMasked).toBe(MASKED_PHONE);
    expect(ser(view)).not.toContain(VILLAGER_PHONE);
    expect(ser(view)).not.toContain(VILLAGER_OPENID);
    expect(ser(view)).not.toContain('o-d-a');
  });

  it('leaves out events meant for the office (催办)', () => {
    const reminded = run(submitted(), [
      { day: '2026-10-08', actor: { role: 'system', openid: '' }, command: { type: 'remind' } },
    ]);
    expect(toVillagerView(reminded.opinion, reminded.events, villager).timeline).toEqual([]);
  });
});

describe('toPublicAnswer', () => {
  it('publishes a resolved, consented case with no identity at all', () => {
    const { opinion } = caseOf(false, handled);
    const answer = toPublicAnswer(opinion);
    expect(answer).toMatchObject({
      text: '村口的路灯坏了，晚上走路看不见',
      answer: '路灯已修好',
      villageCode: 'JG',
    });
    expect(answer?.resolvedOn).toBe('2026-10-13');
    for (const secret of [
      VILLAGER_OPENID,
      VILLAGER_NAME,
      VILLAGER_PHONE,
      MASKED_PHONE,
      follower,
      'cloud://photo-1',
    ])
      expect(ser(answer)).not.toContain(secret);
  });

  it('names the deputies who answered (public figures), and nobody when their names are unknown', () => {
    const { opinion } = caseOf(false, handled);
    expect(opinion.owner.kind).toBe('deputies');
    const names = (id: string) => `代表${id}`;
    const ids = opinion.owner.kind === 'deputies' ? opinion.owner.deputyIds : [];
    expect(toPublicAnswer(opinion, names)?.answeredBy).toBe(`${ids.map(names).join('、')}代表`);
    expect(toPublicAnswer(opinion)?.answeredBy).toBeNull();
  });

  it('does not name the village of an anonymous case', () => {
    expect(toPublicAnswer(caseOf(true, handled).opinion)?.villageCode).toBeNull();
  });

  it('stays published after the villager rates it', () => {
    const rated = caseOf(false, [
      ...handled,
      { day: '2026-10-14', actor: villager, command: { type: 'rate', rating: 'satisfied' } },
    ]);
    expect(toPublicAnswer(rated.opinion)).not.toBeNull();
  });

  it.each([
    ['still being handled', caseOf(false, handled.slice(0, 2)).opinion],
    ['without consent', { ...caseOf(false, handled).opinion, consentToPublish: false }],
    [
      'refused at moderation',
      { ...caseOf(false, handled).opinion, status: 'closed' as const, outcome: 'rejected' as const },
    ],
    ['merged into another', { ...caseOf(false, handled).opinion, status: 'merged' as const }],
  ])('publishes nothing when %s', (_, opinion) => {
    expect(toPublicAnswer(opinion)).toBeNull();
  });

  it('uses the China day of resolution', () => {
    const late = { ...caseOf(false, handled).opinion, resolvedAt: new Date('2026-10-13T16:30:00Z') };
    expect(toPublicAnswer(late)?.resolvedOn).toBe('2026-10-14');
    expect(at('2026-10-14', '00:30')).toEqual(late.resolvedAt);
  });
});

describe('phone numbers typed into free text', () => {
  it.each([
    ['请打我电话13812345678联系', '请打我电话138****5678联系'],
    ['两个号码 13812345678 和 15900001111', '两个号码 138****5678 和 159****1111'],
    ['编号 213812345678 不是手机号', '编号 213812345678 不是手机号'],
    ['没有号码', '没有号码'],
    ['空格分开 137 0000 1111 的', '空格分开 137****1111 的'],
    ['横线 137-0000-1111', '横线 137****1111'],
    ['国际区号 +86 137 0000 1111', '国际区号 137****1111'],
    ['0086-13700001111', '137****1111'],
    ['全角 １３７００００１１１１', '全角 137****1111'],
    ['全角空格 １３７　００００　１１１１。', '全角空格 137****1111。'],
    ['座机 0838-6201234 打过', '座机 *******1234 打过'],
    ['座机 (0838)62012345', '座机 ********2345'],
    ['日期 2026-12-01 和金额 1300 元', '日期 2026-12-01 和金额 1300 元'],
    ['身份证 510722199001011234 不动', '身份证 510722199001011234 不动'],
  ])('redactPhones(%s) = %s', (text, expected) => {
    expect(redactPhones(text)).toBe(expected);
  });

  it('masks them in the public answer and, for an anonymous case, in the deputy view', () => {
    const o: Opinion = {
      ...caseOf(true, handled).opinion,
      text: '我的电话13900001234，桥坏了',
      consentToPublish: true,
    };
    expect(toPublicAnswer(o)?.text).toBe('我的电话139****1234，桥坏了');
    expect(toDeputyView(o, [], 'd-a').text).toBe('我的电话139****1234，桥坏了');
    const comment: TimelineEvent = {
      opinionId: o._id,
      type: 'reopened',
      actorRole: 'resident',
      at: new Date('2026-10-12T02:00:00Z'),
      note: '还没修好，打13900001234',
      visibleToVillager: true,
    };
    expect(toDeputyView(o, [comment], 'd-a').timeline[0].note).toBe('还没修好，打139****1234');
  });
});

describe('caseTextFor: the words each reader may see', () => {
  const text = '我的电话13900001234，桥坏了';
  it.each([
    ['villager', { anonymous: true, consentToPublish: false }, text],
    ['staff', { anonymous: false, consentToPublish: false }, text],
    ['staff', { anonymous: true, consentToPublish: false }, '我的电话139****1234，桥坏了'],
    ['follower', { anonymous: false, consentToPublish: false }, WORDS_NOT_PUBLISHED],
    ['follower', { anonymous: false, consentToPublish: true }, '我的电话139****1234，桥坏了'],
  ] as const)('%s of %j reads the right words', (reader, flags, expected) => {
    expect(caseTextFor({ text, ...flags }, reader)).toBe(expected);
  });
});

describe('villageFor (the village of a case, by reader)', () => {
  it.each([
    [false, 'villager', 'JG'],
    [false, 'staff', 'JG'],
    [false, 'follower', 'JG'],
    [false, 'public', 'JG'],
    // Anonymous: staff need the place to act; other villagers and the public never see it.
    [true, 'villager', 'JG'],
    [true, 'staff', 'JG'],
    [true, 'follower', null],
    [true, 'public', null],
  ] as const)('anonymous=%s, %s → %s', (anonymous, reader, expected) => {
    expect(villageFor({ villageCode: 'JG', anonymous }, reader)).toBe(expected);
  });

  it('the deputy view and the public answer follow it for an anonymous case', () => {
    const { opinion, events } = caseOf(true, handled);
    expect(toDeputyView(opinion, events, 'd-a').villageCode).toBe('JG');
    expect(toPresidiumView(opinion, events).villageCode).toBe('JG');
    expect(toPublicAnswer(opinion)?.villageCode).toBeNull();
  });
});

describe('caseRelation (which view of a case a caller gets, deny by default)', () => {
  const record = {
    villagerOpenid: 'oV',
    filedBy: { kind: 'self' } as const,
    followers: ['oF'],
    deputyHistory: ['d-old', 'd-now'],
  };
  const onBehalf = {
    ...record,
    villagerOpenid: undefined,
    filedBy: { kind: 'stationAdmin', openid: 'oADMIN' } as const,
  };
  it.each([
    ['the presidium, any case', record, { role: 'presidium', openid: 'oP' }, 'presidium'],
    ['a deputy it was assigned to', record, { role: 'deputy', openid: 'oD', deputyId: 'd-now' }, 'deputy'],
    [
      'a deputy it was assigned to before',
      record,
      { role: 'deputy', openid: 'oD', deputyId: 'd-old' },
      'deputy',
    ],
    ['another deputy', record, { role: 'deputy', openid: 'oD', deputyId: 'd-x' }, null],
    ['a deputy without a deputy id', record, { role: 'deputy', openid: 'oD' }, null],
    ['a resident claiming a deputy id', record, { role: 'resident', openid: 'oX', deputyId: 'd-now' }, null],
    ['its villager', record, { role: 'resident', openid: 'oV' }, 'villager'],
    ['a follower', record, { role: 'resident', openid: 'oF' }, 'follower'],
    ['a stranger', record, { role: 'resident', openid: 'oX' }, null],
    ['the station admin who filed it', onBehalf, { role: 'stationAdmin', openid: 'oADMIN' }, 'villager'],
    ['another station admin', onBehalf, { role: 'stationAdmin', openid: 'oOTHER' }, null],
  ] as const)('%s → %s', (_name, o, who, expected) => {
    expect(caseRelation(o, who)).toBe(expected);
  });

  it.each([
    ['oV', true],
    ['oF', false],
    ['oX', false],
  ])('isOwnCase for %s → %s', (openid, expected) => {
    expect(isOwnCase(record, openid)).toBe(expected);
  });
});
