import { answerVerdict, submissionVerdict } from '../../../core/opinion/opinion.content';

describe('what a content-check verdict means for public text', () => {
  it.each([
    ['pass', false, { ok: true, value: { review: false, privateReport: false } }],
    ['pass', true, { ok: true, value: { review: false, privateReport: false } }],
    ['review', true, { ok: true, value: { review: true, privateReport: false } }],
    // A private report of wrongdoing is accepted, for staff only.
    ['risky', false, { ok: true, value: { review: true, privateReport: true } }],
    ['risky', true, { ok: false, reason: 'REPORT_NOT_PUBLIC' }],
  ] as const)('a villager’s %s text, public %s', (verdict, consent, expected) => {
    expect(submissionVerdict(verdict, consent)).toMatchObject(expected);
  });

  it('an answer: risky refused, review held from the public, pass public', () => {
    expect(answerVerdict('risky')).toMatchObject({ ok: false, reason: 'ANSWER_RISKY' });
    expect(answerVerdict('review')).toEqual({ ok: true, value: true });
    expect(answerVerdict('pass')).toEqual({ ok: true, value: false });
  });
});
