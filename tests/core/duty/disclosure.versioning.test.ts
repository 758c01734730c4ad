import { withTotals, zeroFigures } from '../../../core/duty/disclosure.aggregate';
import {
  approveNotice,
  canReadDraftNotice,
  commentOnNotice,
  confirmNotice,
  correctNotice,
  describeChanges,
  diffFigures,
  draftNotice,
  publishNotice,
  redraftNotice,
} from '../../../core/duty/disclosure.versioning';
import type {
  DeputyFigureRow,
  DisclosureFigures,
  DisclosureNotice,
  Figures,
} from '../../../core/duty/duty.types';
import type { Decision } from '../../../core/result';

const T0 = new Date('2025-04-01T01:00:00Z');
const T1 = new Date('2025-04-10T01:00:00Z');
const T2 = new Date('2025-05-06T01:00:00Z');
const presidium = { id: 'p1', role: 'presidium' as const };

const row = (deputyId: string, deputyName: string, over: Partial<Figures> = {}): DeputyFigureRow => ({
  deputyId,
  deputyName,
  figures: { ...zeroFigures(), ...over },
});
const FIGURES = withTotals([
  row('d1', '张锦英', { visit: 3, opinionsReceived: 2 }),
  row('d2', '陈光琴', { meeting: 1 }),
]);

function value<T>(decision: Decision<T>): T {
  if (!decision.ok) throw new Error(`expected ok, got ${decision.reason}`);
  return decision.value;
}

const draft = () => draftNotice('JG01', '2025-05', FIGURES, T0);
const confirmedByAll = () => value(confirmNotice(value(confirmNotice(draft(), 'd1', T1)), 'd2', T1));
const published = (): DisclosureNotice => ({
  ...value(publishNotice(value(approveNotice(confirmedByAll(), presidium, T1)), T2)),
  _id: 'n1',
});

describe('a notice from draft to publication', () => {
  it('starts as version 1, a draft with no answers, totals the sum of its rows', () => {
    const bogusTotals: DisclosureFigures = { ...FIGURES, totals: zeroFigures() };
    expect(draftNotice('JG01', '2025-05', bogusTotals, T0)).toEqual({
      stationCode: 'JG01',
      periodId: '2025-05',
      version: 1,
      status: 'draft',
      figures: FIGURES,
      responses: [],
      createdAt: T0,
    });
  });

  it('is confirmed only when every deputy has confirmed', () => {
    const once = value(confirmNotice(draft(), 'd1', T1));
    expect(once.status).toBe('draft');
    expect(confirmedByAll().status).toBe('deputyConfirmed');
  });

  it("a comment marks it commented; confirming again replaces that deputy's answer", () => {
    const commented = value(commentOnNotice(draft(), 'd2', ' 走访次数少算了一次 ', T1));
    expect(commented.status).toBe('deputyCommented');
    expect(commented.responses).toEqual([
      { deputyId: 'd2', answer: 'commented', comment: '走访次数少算了一次', at: T1 },
    ]);
    const changedMind = value(confirmNotice(value(confirmNotice(commented, 'd2', T2)), 'd1', T2));
    expect(changedMind.status).toBe('deputyConfirmed');
    expect(changedMind.responses).toHaveLength(2);
  });

  it('can be approved once everyone answered, even with a comment, then published', () => {
    const commented = value(commentOnNotice(value(confirmNotice(draft(), 'd1', T1)), 'd2', '有异议', T1));
    const approved = value(approveNotice(commented, presidium, T1));
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'p1', approvedAt: T1 });
    expect(value(publishNotice(approved, T2))).toMatchObject({
      status: 'published',
      publishedAt: T2,
      version: 1,
    });
  });

  it.each([
    ['a comment without text', () => commentOnNotice(draft(), 'd1', '  ', T1), 'NOTICE_COMMENT_REQUIRED'],
    [
      'an answer from a deputy not in the notice',
      () => confirmNotice(draft(), 'd9', T1),
      'NOT_NOTICE_DEPUTY',
    ],
    [
      'approval before every deputy answered',
      () => approveNotice(value(confirmNotice(draft(), 'd1', T1)), presidium, T1),
      'NOTICE_NOT_APPROVABLE',
    ],
    [
      'approval by a deputy',
      () => approveNotice(confirmedByAll(), { id: 'd1', role: 'deputy' }, T1),
      'FORBIDDEN',
    ],
    [
      'approving twice',
      () => approveNotice(value(approveNotice(confirmedByAll(), presidium, T1)), presidium, T1),
      'NOTICE_ALREADY_APPROVED',
    ],
    [
      'an answer after approval',
      () => confirmNotice(value(approveNotice(confirmedByAll(), presidium, T1)), 'd1', T1),
      'NOTICE_ALREADY_APPROVED',
    ],
    ['publishing an unapproved notice', () => publishNotice(confirmedByAll(), T2), 'NOTICE_NOT_APPROVED'],
    ['publishing twice', () => publishNotice(published(), T2), 'NOTICE_PUBLISHED'],
    ['an answer after publication', () => confirmNotice(published(), 'd1', T2), 'NOTICE_PUBLISHED'],
    ['redrafting a published notice', () => redraftNotice(published(), FIGURES, T2), 'NOTICE_PUBLISHED'],
  ])('refuses %s', (_, act, reason) => {
    expect(act()).toEqual({ ok: false, reason });
  });

  it('a redraft takes fresh figures and asks everyone again', () => {
    const approved = value(approveNotice(confirmedByAll(), presidium, T1));
    const fresh = withTotals([row('d1', '张锦英', { visit: 4 }), row('d2', '陈光琴')]);
    const redrafted = value(redraftNotice(approved, fresh, T2));
    expect(redrafted).toEqual({ ...draft(), figures: fresh, createdAt: T2 });
  });
});

describe('correcting a published notice', () => {
  const fixed = withTotals([
    row('d1', '张锦英', { visit: 4, opinionsReceived: 2 }),
    row('d2', '陈光琴', { meeting: 1 }),
  ]);

  it('makes a new published version that supersedes the old one and says what changed', () => {
    const old = published();
    const snapshot = structuredClone(old);
    const correction = value(correctNotice(old, fixed, ' 漏登一次走访 ', T2));
    expect(correction).toEqual({
      stationCode: 'JG01',
      periodId: '2025-05',
      version: 2,
      status: 'published',
      figures: fixed,
      responses: [],
      createdAt: T2,
      publishedAt: T2,
      supersedes: 'n1',
      correctionReason: '漏登一次走访',
      changeNote: '张锦英：走访选民（次）由 3 改为 4',
      changesByDeputy: { d1: '走访选民（次）由 3 改为 4' },
    });
    expect(old).toEqual(snapshot);
  });

  it('recomputes the totals from the rows it is given', () => {
    const correction = value(correctNotice(published(), { ...fixed, totals: zeroFigures() }, '更正', T2));
    expect(correction.figures.totals.visit).toBe(4);
  });

  it.each([
    ['without a reason', () => correctNotice(published(), fixed, '   ', T2), 'CORRECTION_REASON_REQUIRED'],
    [
      'with the same figures',
      () => correctNotice(published(), FIGURES, '核对无误', T2),
      'CORRECTION_NO_CHANGE',
    ],
    [
      'of a notice not yet published',
      () => correctNotice(confirmedByAll(), fixed, '更正', T2),
      'NOTICE_NOT_PUBLISHED',
    ],
  ])('is refused %s', (_, act, reason) => {
    expect(act()).toEqual({ ok: false, reason });
  });

  it('a correction of a correction is version 3', () => {
    const v2 = { ...value(correctNotice(published(), fixed, '漏登', T2)), _id: 'n2' };
    const v3 = value(correctNotice(v2, withTotals([row('d1', '张锦英', { visit: 5 })]), '再次更正', T2));
    expect(v3).toMatchObject({ version: 3, supersedes: 'n2' });
  });
});

describe('diffFigures', () => {
  it('lists each changed figure per deputy, a deputy missing on one side as zeros', () => {
    const before = withTotals([
      row('d1', '张锦英', { visit: 3, satisfied: 2 }),
      row('d2', '陈光琴', { help: 1 }),
    ]);
    const after = withTotals([
      row('d1', '张锦英', { visit: 3, satisfied: 1, dissatisfied: 1 }),
      row('d3', '李岑莉', { meeting: 2 }),
    ]);
    const changes = diffFigures(before, after);
    expect(changes).toEqual([
      { deputyId: 'd1', deputyName: '张锦英', key: 'satisfied', from: 2, to: 1 },
      { deputyId: 'd1', deputyName: '张锦英', key: 'dissatisfied', from: 0, to: 1 },
      { deputyId: 'd2', deputyName: '陈光琴', key: 'help', from: 1, to: 0 },
      { deputyId: 'd3', deputyName: '李岑莉', key: 'meeting', from: 0, to: 2 },
    ]);
    expect(describeChanges(changes)).toBe(
      '张锦英：群众评价满意（件）由 2 改为 1，群众评价不满意（件）由 0 改为 1；陈光琴：为民办实事（件）由 1 改为 0；李岑莉：参加会议（次）由 0 改为 2',
    );
  });

  it('finds nothing between equal tables', () => {
    expect(diffFigures(FIGURES, structuredClone(FIGURES))).toEqual([]);
  });
});

describe('canReadDraftNotice (who reads a notice before publication)', () => {
  const notice = { stationCode: 'JG01', figures: FIGURES };
  it.each([
    ['the presidium', { role: 'presidium' }, true],
    ["the station's admin", { role: 'stationAdmin', stationCode: 'JG01' }, true],
    ["another station's admin", { role: 'stationAdmin', stationCode: 'JG02' }, false],
    ['a station admin with no station', { role: 'stationAdmin' }, false],
    ['a deputy with a row', { role: 'deputy', deputyId: 'd2' }, true],
    ['a deputy without a row', { role: 'deputy', deputyId: 'd9' }, false],
    ['a deputy with no deputy id', { role: 'deputy' }, false],
    ['a resident naming a deputy with a row', { role: 'resident', deputyId: 'd1' }, false],
    ['a resident naming the station', { role: 'resident', stationCode: 'JG01' }, false],
  ] as const)('%s → %s', (_who, reader, expected) => {
    expect(canReadDraftNotice(notice, reader)).toBe(expected);
  });
});
