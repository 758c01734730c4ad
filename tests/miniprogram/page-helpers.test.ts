/**
 * The small helpers the pages share: the case timeline lines (villager and staff wording) and the form
 * send guard. The pages that use them are covered end to end by the page tests.
 */
import { staffTimelineLines, villagerTimelineLines } from '../../miniprogram/services/case-timeline';
import { readyToSend } from '../../miniprogram/services/page-state';

describe('case timeline lines', () => {
  it('shows the villager the plain words at the China time', () => {
    expect(villagerTimelineLines([{ at: '2026-10-08T02:00:00.000Z', text: '代表已受理' }])).toEqual([
      { when: '2026-10-08 10:00', text: '代表已受理' },
    ]);
  });

  it('shows staff the label, then the note when there is one', () => {
    expect(
      staffTimelineLines([
        { at: new Date('2026-10-08T16:30:00.000Z'), label: '受理', note: null },
        { at: '2026-10-09T01:05:00.000Z', label: '退回', note: '不属于本站' },
      ]),
    ).toEqual([
      { when: '2026-10-09 00:30', text: '受理' },
      { when: '2026-10-09 09:05', text: '退回：不属于本站' },
    ]);
  });
});

describe('readyToSend', () => {
  const form = (submitting: boolean) => {
    const shown: { formError: string }[] = [];
    return { shown, page: { data: { submitting }, setData: (d: { formError: string }) => shown.push(d) } };
  };

  it('sends a complete form', () => {
    const { page, shown } = form(false);
    expect(readyToSend(page, '')).toBe(true);
    expect(shown).toEqual([]);
  });

  it('shows what is missing instead of sending', () => {
    const { page, shown } = form(false);
    expect(readyToSend(page, '请选择您所在的村')).toBe(false);
    expect(shown).toEqual([{ formError: '请选择您所在的村' }]);
  });

  it('ignores a second tap while a send is under way', () => {
    const { page, shown } = form(true);
    expect(readyToSend(page, '请选择您所在的村')).toBe(false);
    expect(shown).toEqual([]);
  });
});
