/** 常用答复: a deputy's own answer templates (core/opinion/opinion.templates.ts). */
import {
  TEMPLATES_MAX,
  TEMPLATE_TEXT_MAX,
  TEMPLATE_TITLE_MAX,
  checkTemplate,
  removeTemplate,
  saveTemplate,
  templateVerdict,
  type AnswerTemplate,
} from '../../../core/opinion/opinion.templates';

const now = new Date('2026-10-09T02:00:00Z');
const later = new Date('2026-10-10T02:00:00Z');
const t = (id: string): AnswerTemplate => ({ id, title: `标题${id}`, text: `内容${id}`, updatedAt: now });

describe('checkTemplate', () => {
  it.each([
    ['an empty title', { title: ' ', text: '已转交' }, 'TEMPLATE_EMPTY'],
    ['an empty text', { title: '路灯', text: '  ' }, 'TEMPLATE_EMPTY'],
    ['a long title', { title: '字'.repeat(TEMPLATE_TITLE_MAX + 1), text: '内容' }, 'TEMPLATE_TOO_LONG'],
    ['a long text', { title: '路灯', text: '字'.repeat(TEMPLATE_TEXT_MAX + 1) }, 'TEMPLATE_TOO_LONG'],
  ])('refuses %s', (_w, draft, reason) => {
    expect(checkTemplate(draft)).toEqual({ ok: false, reason });
  });
  it('trims', () => {
    expect(checkTemplate({ title: ' 路灯  维修 ', text: ' 已联系供电所 ' })).toEqual({
      ok: true,
      value: { title: '路灯 维修', text: '已联系供电所' },
    });
  });
});

describe('saveTemplate', () => {
  it('adds a new one on top', () => {
    const r = saveTemplate([t('a')], 'b', { title: '新', text: '新内容' }, now, false);
    expect(r.ok && r.value.map((x) => x.id)).toEqual(['b', 'a']);
  });
  it('edits in place (moved to the top), and a retry of a create edits instead of duplicating', () => {
    const r = saveTemplate([t('a'), t('b')], 'b', { title: '改', text: '改后' }, later, false);
    expect(r.ok && r.value).toEqual([{ id: 'b', title: '改', text: '改后', updatedAt: later }, t('a')]);
  });
  it('refuses a new one when the shelf is full, but still edits', () => {
    const full = Array.from({ length: TEMPLATES_MAX }, (_, i) => t(`x${i}`));
    expect(saveTemplate(full, 'new', { title: '新', text: '新' }, now, false)).toEqual({
      ok: false,
      reason: 'TEMPLATE_LIMIT',
    });
    expect(saveTemplate(full, 'x3', { title: '改', text: '改' }, now, true).ok).toBe(true);
  });
  it('refuses an edit of a template not on the shelf (deleted, or another deputy’s)', () => {
    expect(saveTemplate([t('a')], 'z', { title: '改', text: '改' }, now, true)).toEqual({
      ok: false,
      reason: 'TEMPLATE_NOT_FOUND',
    });
  });
});

describe('removeTemplate and templateVerdict', () => {
  it('removes one, or TEMPLATE_NOT_FOUND', () => {
    expect(removeTemplate([t('a'), t('b')], 'a')).toEqual({ ok: true, value: [t('b')] });
    expect(removeTemplate([t('a')], 'b')).toEqual({ ok: false, reason: 'TEMPLATE_NOT_FOUND' });
  });
  it('refuses risky text; review is kept (the answer is checked again when sent)', () => {
    expect(templateVerdict('risky')).toEqual({ ok: false, reason: 'TEMPLATE_RISKY' });
    expect(templateVerdict('review').ok).toBe(true);
    expect(templateVerdict('pass').ok).toBe(true);
  });
});
