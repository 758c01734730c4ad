import { checkComment, checkDraft, commentsOpen } from '../../../core/congress/candidate.rules';

const DRAFT = {
  title: ' 金鼓村道路硬化 ',
  description: '硬化2公里',
  budgetWan: 80.126,
  departmentId: 'build',
  villageCodes: ['jingu', 'jingu'],
  opinionIds: ['o1', 'o1', 'o2'],
};

describe('candidate rules', () => {
  it('tidies a draft', () => {
    expect(checkDraft(DRAFT)).toEqual({
      ok: true,
      value: {
        ...DRAFT,
        title: '金鼓村道路硬化',
        budgetWan: 80.13,
        villageCodes: ['jingu'],
        opinionIds: ['o1', 'o2'],
      },
    });
  });
  it.each([
    [{ title: '路' }, 'CANDIDATE_TEXT_INVALID'],
    [{ title: '路'.repeat(41) }, 'CANDIDATE_TEXT_INVALID'],
    [{ description: '  ' }, 'CANDIDATE_TEXT_INVALID'],
    [{ budgetWan: -1 }, 'CANDIDATE_BUDGET_INVALID'],
    [{ budgetWan: 100001 }, 'CANDIDATE_BUDGET_INVALID'],
    [{ budgetWan: Number.NaN }, 'CANDIDATE_BUDGET_INVALID'],
  ])('refuses %j', (over, reason) => {
    expect(checkDraft({ ...DRAFT, ...over })).toEqual({ ok: false, reason });
  });
  it('takes comments until the end of the last day, while published for comment', () => {
    expect(commentsOpen({ status: 'commenting', commentUntil: '2026-11-25' }, '2026-11-25')).toBe(true);
    expect(commentsOpen({ status: 'commenting', commentUntil: '2026-11-25' }, '2026-11-26')).toBe(false);
    expect(commentsOpen({ status: 'onBallot', commentUntil: '2026-11-25' }, '2026-11-20')).toBe(false);
  });
  it('takes a comment of 1 to 300 characters', () => {
    expect(checkComment('  好  ')).toEqual({ ok: true, value: '好' });
    expect(checkComment('   ').ok).toBe(false);
    expect(checkComment('字'.repeat(301)).ok).toBe(false);
  });
});
