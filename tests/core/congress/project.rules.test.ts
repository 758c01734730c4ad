import type { Candidate } from '../../../core/congress/congress.types';
import {
  checkFindings,
  checkRatingOpen,
  checkReportText,
  checkRerate,
  completedOnTime,
  doneOnTime,
  lateMilestones,
  markMilestoneDone,
  nextDueOf,
  planProject,
  ratingResult,
} from '../../../core/congress/project.rules';
import type { PlanInput, Project, RatingRound } from '../../../core/congress/project.types';

const NOW = new Date('2026-03-10T02:00:00Z');
const passed: Candidate = {
  _id: 'c1',
  sessionId: 's1',
  title: '金鼓村道路硬化',
  description: '硬化村道2公里',
  budgetWan: 80,
  departmentId: 'build',
  villageCodes: ['jingu'],
  opinionIds: [],
  status: 'passed',
  result: { yes: 20, no: 2, abstain: 1, passed: true },
  createdAt: NOW,
  updatedAt: NOW,
};
const plan: PlanInput = {
  departmentId: 'build',
  lead: '王副乡长',
  milestones: [
    { title: '完成施工招标', due: '2026-05-31' },
    { title: '完成路基', due: '2026-04-30' },
  ],
};
const ctx = { year: 2026, by: 'presidium', now: NOW };

function planned(input = plan): Project {
  const d = planProject(passed, null, input, ctx);
  if (!d.ok) throw new Error(d.reason);
  return { ...d.value, _id: 'pj:c1' };
}

describe('writing the plan', () => {
  it('makes a project under way with milestones in due order and numbered ids', () => {
    const p = planned();
    expect(p.milestones.map((m) => [m.id, m.due])).toEqual([
      ['m2', '2026-04-30'],
      ['m1', '2026-05-31'],
    ]);
    expect(p).toMatchObject({
      status: 'underway',
      nextDue: '2026-04-30',
      year: 2026,
      title: '金鼓村道路硬化',
    });
  });

  it.each([
    ['a candidate that did not pass', { ...passed, status: 'failed' as const }, plan, 'PROJECT_NOT_PASSED'],
    [
      'a candidate still on the ballot',
      { ...passed, status: 'onBallot' as const, result: undefined },
      plan,
      'PROJECT_NOT_PASSED',
    ],
    ['no lead', passed, { ...plan, lead: '  ' }, 'PROJECT_LEAD_REQUIRED'],
    ['no milestones', passed, { ...plan, milestones: [] }, 'PROJECT_MILESTONES_INVALID'],
    [
      'a milestone without a title',
      passed,
      { ...plan, milestones: [{ title: ' ', due: '2026-04-01' }] },
      'PROJECT_MILESTONES_INVALID',
    ],
    [
      '13 milestones',
      passed,
      { ...plan, milestones: Array.from({ length: 13 }, () => ({ title: 'x', due: '2026-04-01' })) },
      'PROJECT_MILESTONES_INVALID',
    ],
    [
      'an unknown milestone id',
      passed,
      { ...plan, milestones: [{ id: 'm9', title: 'x', due: '2026-04-01' }] },
      'PROJECT_MILESTONE_NOT_FOUND',
    ],
  ])('refuses %s', (_, candidate, input, reason) => {
    expect(planProject(candidate as Candidate, null, input as PlanInput, ctx)).toEqual({ ok: false, reason });
  });

  it('keeps ids across an edit and gives a new milestone the next id', () => {
    const p = planned();
    const d = planProject(
      passed,
      p,
      {
        ...plan,
        milestones: [
          { id: 'm1', title: '完成施工招标', due: '2026-06-15' },
          { title: '竣工验收', due: '2026-11-30' },
        ],
      },
      ctx,
    );
    expect(d.ok && d.value.milestones.map((m) => `${m.id}:${m.due}`)).toEqual([
      'm1:2026-06-15',
      'm3:2026-11-30',
    ]);
  });

  it('never drops or moves a done milestone', () => {
    const done = markMilestoneDone(planned(), 'm2', byPresidium('2026-04-28'), '', NOW);
    if (!done.ok) throw new Error(done.reason);
    const p = { ...done.value, _id: 'pj:c1' };
    const dropped = { ...plan, milestones: [{ id: 'm1', title: '完成施工招标', due: '2026-05-31' }] };
    const moved = {
      ...plan,
      milestones: [
        { id: 'm2', title: '完成路基', due: '2026-05-01' },
        { id: 'm1', title: '完成施工招标', due: '2026-05-31' },
      ],
    };
    expect(planProject(passed, p, dropped, ctx)).toEqual({ ok: false, reason: 'PROJECT_MILESTONE_DONE' });
    expect(planProject(passed, p, moved, ctx)).toEqual({ ok: false, reason: 'PROJECT_MILESTONE_DONE' });
  });
});

/** Marked by the presidium on the day given (its given day is the one judged). */
const byPresidium = (doneOn: string) => ({ doneOn, reportedOn: doneOn, reportedBy: 'presidium' as const });

describe('milestones done and late', () => {
  it("judges an office's milestone by the day it reported it, the presidium's by the day it gives", () => {
    const office = markMilestoneDone(
      planned(),
      'm2',
      { doneOn: '2026-04-28', reportedOn: '2026-05-03', reportedBy: 'department' },
      '',
      NOW,
    );
    if (!office.ok) throw new Error(office.reason);
    const m2 = office.value.milestones.find((m) => m.id === 'm2');
    expect(m2).toMatchObject({ doneOn: '2026-04-28', reportedOn: '2026-05-03', reportedBy: 'department' });
    expect(m2 && doneOnTime(m2)).toBe(false);
    const presidium = markMilestoneDone(
      planned(),
      'm2',
      { doneOn: '2026-04-28', reportedOn: '2026-05-03', reportedBy: 'presidium' },
      '',
      NOW,
    );
    const p2 = presidium.ok && presidium.value.milestones.find((m) => m.id === 'm2');
    expect(p2 && doneOnTime(p2)).toBe(true);
  });

  it('counts a report and findings in characters, up to 500', () => {
    expect(checkReportText('  ')).toEqual({ ok: false, reason: 'PROJECT_REPORT_REQUIRED' });
    expect(checkReportText('路'.repeat(501))).toEqual({ ok: false, reason: 'PROJECT_REPORT_TOO_LONG' });
    expect(checkReportText('𠀀'.repeat(500)).ok).toBe(true);
    expect(checkFindings('看'.repeat(501))).toEqual({ ok: false, reason: 'PROJECT_FINDINGS_TOO_LONG' });
    expect(checkFindings(' 看了 ')).toEqual({ ok: true, value: '看了' });
  });

  it('completes the project on its last milestone, on time when every one was', () => {
    const a = markMilestoneDone(planned(), 'm2', byPresidium('2026-04-30'), '路基完成', NOW);
    if (!a.ok) throw new Error(a.reason);
    expect(a.value).toMatchObject({ status: 'underway', nextDue: '2026-05-31' });
    const b = markMilestoneDone({ ...a.value, _id: 'pj:c1' }, 'm1', byPresidium('2026-05-20'), '', NOW);
    if (!b.ok) throw new Error(b.reason);
    expect(b.value).toMatchObject({ status: 'completed', nextDue: null, completedOn: '2026-05-20' });
    expect(completedOnTime(b.value)).toBe(true);
  });

  it('is completed but not on time when a milestone was done after its day', () => {
    const a = markMilestoneDone(planned(), 'm2', byPresidium('2026-05-02'), '', NOW);
    const b =
      a.ok && markMilestoneDone({ ...a.value, _id: 'pj:c1' }, 'm1', byPresidium('2026-05-20'), '', NOW);
    expect(b && b.ok && completedOnTime(b.value)).toBe(false);
  });

  it('refuses a milestone done twice or unknown', () => {
    const a = markMilestoneDone(planned(), 'm2', byPresidium('2026-04-30'), '', NOW);
    expect(
      a.ok && markMilestoneDone({ ...a.value, _id: 'x' }, 'm2', byPresidium('2026-04-30'), '', NOW),
    ).toEqual({
      ok: false,
      reason: 'PROJECT_MILESTONE_ALREADY_DONE',
    });
    expect(markMilestoneDone(planned(), 'm7', byPresidium('2026-04-30'), '', NOW)).toEqual({
      ok: false,
      reason: 'PROJECT_MILESTONE_NOT_FOUND',
    });
  });

  it.each([
    ['the due day itself', '2026-04-30', []],
    ['the day after', '2026-05-01', ['m2']],
    ['after both', '2026-06-01', ['m2', 'm1']],
  ])('late on %s', (_, today, ids) => {
    expect(lateMilestones(planned(), today).map((m) => m.id)).toEqual(ids);
  });

  it('next due is the earliest open milestone', () => {
    expect(
      nextDueOf([
        { id: 'm1', title: 'a', due: '2026-05-01', doneOn: '2026-04-01' },
        { id: 'm2', title: 'b', due: '2026-06-01' },
      ]),
    ).toBe('2026-06-01');
    expect(nextDueOf([])).toBeNull();
  });
});

describe('the year-end rating', () => {
  const round = (status: RatingRound['status'], year = 2026): RatingRound => ({
    _id: `year:${year}`,
    year,
    status,
    openedAt: NOW,
    openedBy: 'p',
  });

  it.each([
    ['no round', null, 'PROJECT_RATING_NOT_OPEN'],
    ["another year's round", round('open', 2025), 'PROJECT_RATING_NOT_OPEN'],
    ['a closed round', round('closed'), 'PROJECT_RATING_CLOSED'],
  ])('refuses a rating with %s', (_, r, reason) => {
    expect(checkRatingOpen(r, { year: 2026 })).toEqual({ ok: false, reason });
  });

  it('admits a rating in the open round of the project year', () => {
    expect(checkRatingOpen(round('open'), { year: 2026 }).ok).toBe(true);
  });

  it('takes the same answer again as a retry and refuses another', () => {
    expect(checkRerate('satisfied', 'satisfied').ok).toBe(true);
    expect(checkRerate('satisfied', 'dissatisfied')).toEqual({ ok: false, reason: 'PROJECT_ALREADY_RATED' });
  });

  it('publishes counts, and a share only on a fair sample', () => {
    expect(ratingResult({ satisfied: 2, basicallySatisfied: 1, dissatisfied: 0 })).toMatchObject({
      total: 3,
      rate: { kind: 'insufficient' },
      rateLabel: '样本不足（3/5）',
    });
    expect(ratingResult({ satisfied: 6, basicallySatisfied: 2, dissatisfied: 2 })).toMatchObject({
      total: 10,
      rate: { kind: 'rate', value: 0.8 },
      rateLabel: '80%',
    });
  });
});
