/**
 * The small helpers the pages share: the case timeline lines (villager and staff wording), the form
 * send guard, what a failed load offers, and the supervision list's tab queries. The pages that use
 * them are covered end to end by the page tests.
 */
import { staffTimelineLines, villagerTimelineLines } from '../../miniprogram/services/case-timeline';
import { errorState, readyToSend } from '../../miniprogram/services/page-state';
import { deadlineText, supervisionQuery } from '../../miniprogram/services/supervision';

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

describe('errorState', () => {
  it('offers 去选择乡镇 when the township is missing or gone, and not 重新加载', () => {
    for (const code of ['TOWNSHIP_REQUIRED', 'TOWNSHIP_NOT_FOUND'])
      expect(errorState({ code, message: '请先选择您所在的乡镇' })).toEqual({
        loading: false,
        errorMessage: '请先选择您所在的乡镇',
        errorRetry: false,
        errorTownship: true,
      });
  });

  it('offers 重新加载 where trying again can help, and no township choice', () => {
    expect(errorState({ code: 'NETWORK', message: '网络不太好' })).toMatchObject({
      errorRetry: true,
      errorTownship: false,
    });
    expect(errorState({ code: 'FORBIDDEN', message: '您没有权限进行此操作' })).toMatchObject({
      errorRetry: false,
      errorTownship: false,
    });
  });
});

describe("the supervision list (the presidium's and the county's)", () => {
  it('asks for each tab: waiting for a department by status, a bucket by name, else the default', () => {
    expect(supervisionQuery('transferred')).toEqual({ status: 'transferred' });
    expect(supervisionQuery('overdue')).toEqual({ bucket: 'overdue' });
    expect(supervisionQuery('')).toEqual({});
  });

  it('says a deadline, or that there is none', () => {
    expect(deadlineText('2026-11-20')).toBe('2026-11-20到期');
    expect(deadlineText(null)).toBe('无办理时限');
  });
});
