import { chinaInstant } from '../../../core/calendar/china-time';
import { customPeriod, dueDefaultPeriods } from '../../../core/duty/disclosure.periods';
import {
  followIdOf,
  noticeIdOf,
  figuresAsOf,
  opinionFactsOf,
  ratingIdOf,
  receptionFactsOf,
} from '../../../core/duty/disclosure.sources';
import { draftNotice } from '../../../core/duty/disclosure.versioning';
import { noticeView, NOTICE_COLUMNS } from '../../../core/duty/disclosure.view';
import { zeroFigures } from '../../../core/duty/disclosure.aggregate';
import type { Evaluation } from '../../../core/duty/duty.types';
import {
  checkReportPosted,
  closeEvaluation,
  postReport,
  publishEvaluation,
  scheduleEvaluation,
} from '../../../core/duty/evaluation.rules';

describe('custom periods', () => {
  it.each([
    ['2025-Q3', '2025-07-01', '2025-09-30', true],
    ['spring', '2025-03-01', '2025-03-01', true],
    ['2025-05', '2025-01-01', '2025-03-31', false], // looks like a default half-year
    ['x', '2025-01-01', '2025-03-31', false], // id too short
    ['late', '2025-04-01', '2025-03-31', false], // ends before it starts
    ['long', '2024-01-01', '2025-01-02', false], // over a year
    ['bad', '2025-02-30x', '2025-03-01', false],
  ])('%s %s…%s → %s', (id, start, end, ok) => {
    expect(customPeriod(id, start, end).ok).toBe(ok);
  });

  it('labels a custom period in Chinese', () => {
    expect(customPeriod('2025-Q3', '2025-07-01', '2025-09-30')).toEqual({
      ok: true,
      value: { id: '2025-Q3', start: '2025-07-01', end: '2025-09-30', label: '2025年7月1日至2025年9月30日' },
    });
  });
});

describe('dueDefaultPeriods: the half-year(s) just ended', () => {
  it.each([
    ['2025-04-01', ['2025-05']],
    ['2025-09-30', ['2025-05']],
    ['2025-10-01', ['2025-11']],
    ['2026-03-31', ['2025-11']],
  ])('on %s → %j', (today, ids) => {
    expect(dueDefaultPeriods(today).map((p) => p.id)).toEqual(ids);
  });
  it('looks further back when asked', () => {
    expect(dueDefaultPeriods('2025-10-01', 2).map((p) => p.id)).toEqual(['2025-05', '2025-11']);
  });
});

describe('opinionFactsOf', () => {
  const base = {
    _id: 'o1',
    stationCode: 'JG01',
    status: 'accepted' as const,
    owner: { kind: 'deputies' as const, deputyIds: ['d1'] },
    submittedAt: chinaInstant('2025-01-10'),
    acceptBy: '2025-01-12',
    answerBy: '2025-01-20',
    ratings: [],
  };
  it.each([
    ['merged', { status: 'merged' as const }],
    ['in review', { status: 'review' as const }],
    ['refused at moderation', { status: 'closed' as const, outcome: 'rejected' as const }],
    ['in the presidium queue', { owner: { kind: 'presidium' as const } }],
  ])('counts nothing for a case %s', (_, over) => {
    expect(opinionFactsOf({ ...base, ...over }, '2025-04-01')).toBeNull();
  });
  it.each([
    ['accepted past answerBy', { status: 'accepted' as const }, '2025-01-21', true],
    ['accepted on answerBy', { status: 'accepted' as const }, '2025-01-20', false],
    ['assigned past acceptBy', { status: 'assigned' as const }, '2025-01-13', true],
    ['replied (no deadline running)', { status: 'replied' as const }, '2025-03-01', false],
  ])('overdue: %s', (_, over, today, overdue) => {
    expect(opinionFactsOf({ ...base, ...over }, today)?.overdue).toBe(overdue);
  });
  it.each([
    [
      'resolved after the period, overdue at its end',
      {
        status: 'closed' as const,
        acceptedOn: '2025-01-11',
        answeredOn: '2025-02-01',
        resolvedAt: chinaInstant('2025-02-02'),
      },
      '2025-01-31',
      true,
    ],
    [
      'resolved before the period ended',
      {
        status: 'closed' as const,
        acceptedOn: '2025-01-11',
        answeredOn: '2025-01-25',
        resolvedAt: chinaInstant('2025-01-26'),
      },
      '2025-01-31',
      false,
    ],
    [
      'answered before the end, resolved after',
      {
        status: 'resolved' as const,
        acceptedOn: '2025-01-11',
        answeredOn: '2025-01-19',
        resolvedAt: chinaInstant('2025-02-05'),
      },
      '2025-01-31',
      false,
    ],
    [
      'accepted only after the end',
      { status: 'replied' as const, acceptedOn: '2025-02-03', answeredOn: '2025-02-03' },
      '2025-01-31',
      true,
    ],
    [
      'still accepted, deadline after the end',
      { status: 'accepted' as const, acceptedOn: '2025-01-11' },
      '2025-01-15',
      false,
    ],
  ])('overdue as of the period end: %s', (_, over, asOf, overdue) => {
    expect(opinionFactsOf({ ...base, ...over }, asOf)?.overdue).toBe(overdue);
  });
  it('judges figures on the last day of the period, or today while it runs', () => {
    expect(figuresAsOf({ end: '2025-03-31' }, '2025-05-02')).toBe('2025-03-31');
    expect(figuresAsOf({ end: '2025-03-31' }, '2025-03-02')).toBe('2025-03-02');
  });
  it('maps the latest rating and the answer day', () => {
    const facts = opinionFactsOf(
      {
        ...base,
        status: 'closed',
        answeredOn: '2025-01-15',
        resolvedAt: chinaInstant('2025-01-16'),
        ratings: [
          { rating: 'unsatisfied', at: chinaInstant('2025-01-17') },
          { rating: 'basicallySatisfied', at: chinaInstant('2025-01-25') },
        ],
      },
      '2025-04-01',
    );
    expect(facts).toMatchObject({
      rating: 'basicallySatisfied',
      answeredAt: chinaInstant('2025-01-15', '12:00'),
    });
  });
});

describe('receptionFactsOf', () => {
  const day = { date: '2025-01-10', deputyIds: ['d1'], status: 'done' as const };
  it.each([
    ['a held day', day, '2025-01-10', 3],
    ['a cancelled day', { ...day, status: 'cancelled' as const }, '2025-02-01', null],
    ['a future day', { ...day, status: 'scheduled' as const }, '2025-01-09', null],
  ])('%s', (_, d, today, want) => {
    const facts = receptionFactsOf(d, 3, today);
    expect(facts ? facts.villagersReceived : null).toBe(want);
  });

  it('a past rota day with neither a record nor a check-in was not held', () => {
    expect(receptionFactsOf({ ...day, status: 'scheduled' }, 0, '2025-02-01')).toBeNull();
  });

  it('a day with a record was held, by the deputies the record names, even if nobody checked in', () => {
    expect(
      receptionFactsOf({ ...day, deputyIds: ['d1', 'd2'] }, 0, '2025-02-01', { deputyIds: ['d2'] }),
    ).toEqual({
      date: '2025-01-10',
      deputyIds: ['d2'],
      villagersReceived: 0,
    });
    expect(receptionFactsOf(day, 0, '2025-02-01', { deputyIds: [] })?.deputyIds).toEqual(['d1']);
  });
});

describe('deterministic ids', () => {
  it('one notice per station+period+version, one follow, one rating per person', () => {
    expect(noticeIdOf('JG01', '2025-05', 2)).toBe('JG01:2025-05:v2');
    expect(followIdOf('JG01', 'o1')).toBe('JG01:o1');
    expect(ratingIdOf('ev:d1:2025-01-10', 'o1')).toBe('ev:d1:2025-01-10:o1');
  });
});

describe('report-back evaluation lifecycle', () => {
  const presidium = { id: 'p', role: 'presidium' as const };
  const T0 = chinaInstant('2025-11-20');
  const plan = { deputyId: 'd1', stationCode: 'JG01', date: '2025-11-20', villageCodes: ['CS'], days: 7 };
  const scheduled = scheduleEvaluation(plan, T0, presidium, T0);
  const ev = (scheduled.ok ? scheduled.value : undefined) as Evaluation;

  it('schedules a week from the meeting day, presidium only', () => {
    expect(ev.closesAt).toEqual(chinaInstant('2025-11-27'));
    expect(scheduleEvaluation(plan, T0, { id: 'x', role: 'deputy' }, T0)).toEqual({
      ok: false,
      reason: 'FORBIDDEN',
    });
    expect(scheduleEvaluation({ ...plan, days: 0 }, T0, presidium, T0).ok).toBe(false);
  });

  it.each([
    ['another deputy', 'd2', '报告', false, 'NOT_EVALUATION_DEPUTY'],
    ['an empty report', 'd1', '  ', false, 'REPORT_REQUIRED'],
    ['a rewrite after a rating', 'd1', '报告', true, 'EVALUATION_HAS_RATINGS'],
  ])('refuses %s', (_, deputyId, text, hasRatings, reason) => {
    expect(postReport(ev, deputyId, text, hasRatings, T0)).toEqual({ ok: false, reason });
  });

  it('rating waits for the report; closing is final; publishing needs it closed', () => {
    expect(checkReportPosted(ev)).toEqual({ ok: false, reason: 'EVALUATION_NOT_OPEN' });
    const posted = postReport(ev, 'd1', ' 述职报告 ', false, T0);
    expect(posted).toMatchObject({ ok: true, value: { report: '述职报告' } });
    expect(publishEvaluation(ev, presidium, T0)).toEqual({ ok: false, reason: 'EVALUATION_NOT_CLOSED' });
    const closed = closeEvaluation(posted.ok ? posted.value : ev, presidium, T0);
    expect(closed.ok).toBe(true);
    const c = closed.ok ? closed.value : ev;
    expect(closeEvaluation(c, presidium, T0)).toEqual({ ok: false, reason: 'EVALUATION_CLOSED' });
    expect(postReport(c, 'd1', '改写', false, T0)).toEqual({ ok: false, reason: 'EVALUATION_CLOSED' });
    expect(publishEvaluation(c, presidium, T0)).toMatchObject({ ok: true, value: { publishedAt: T0 } });
  });
});

describe('noticeView', () => {
  it('lays out every column per deputy, with totals and a fair satisfaction label', () => {
    const figures = { ...zeroFigures(), satisfied: 4, dissatisfied: 1, visit: 2 };
    const n = draftNotice(
      'JG01',
      '2025-05',
      { rows: [{ deputyId: 'd1', deputyName: '张三', figures }], totals: zeroFigures() },
      T(),
    );
    const v = noticeView({ ...n, _id: 'JG01:2025-05:v1' }, '金鼓站', null, null);
    expect(v.columns).toHaveLength(NOTICE_COLUMNS.length);
    expect(v.rows[0].cells[NOTICE_COLUMNS.indexOf('visit')]).toBe(2);
    expect(v.rows[0].satisfaction).toBe('80%');
    expect(v.totals.cells[NOTICE_COLUMNS.indexOf('visit')]).toBe(2);
    expect(v.title).toBe('金鼓站代表履职登记公示');
  });
});

function T() {
  return chinaInstant('2025-04-01');
}
