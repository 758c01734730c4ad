/**
 * The long-term switch (长期订阅): a template marked `longTerm` in core/notify/templates.ts is not used up
 * by sends — one acceptance keeps it sendable — while WeChat's 43101 still zeroes it.
 */
jest.mock('../../../core/notify/templates', () => {
  const actual = jest.requireActual('../../../core/notify/templates');
  return {
    ...actual,
    TEMPLATES: {
      ...actual.TEMPLATES,
      opinionProgress: { ...actual.TEMPLATES.opinionProgress, longTerm: true },
    },
  };
});

import { afterAcceptance, afterOutcome, isLongTerm } from '../../../core/notify/grants';

const T0 = new Date('2026-11-16T02:00:00.000Z');

describe('a long-term template', () => {
  it('is not used up by sends; a refusal still zeroes it; other templates are one-time', () => {
    expect(isLongTerm('opinionProgress')).toBe(true);
    expect(isLongTerm('opinionAssigned')).toBe(false);
    let g = afterAcceptance(null, 'u1', 'opinionProgress', T0);
    g = afterAcceptance(g, 'u1', 'opinionProgress', T0);
    expect(g.count).toBe(1); // not counted per tap
    for (let i = 0; i < 5; i++) g = afterOutcome(g, 'sent', T0);
    expect(g.count).toBe(1);
    expect(afterOutcome(g, 'refused', T0).count).toBe(0);
    const once = afterAcceptance(null, 'u1', 'opinionAssigned', T0);
    expect(afterOutcome(once, 'sent', T0).count).toBe(0);
  });
});
