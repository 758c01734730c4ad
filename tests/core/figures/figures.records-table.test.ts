/**
 * The reception, duty-record and publicity figures of the table: each a code of its source, in a
 * section of the sheet, said in one Chinese sentence, with a report sentence that shows the figure,
 * breakdowns only where its parts can add up, and a scope list its records support.
 */
import { MANUAL_DUTY_TYPES } from '../../../core/duty/duty.types';
import { DUTY_FIGURE_TYPES, DUTY_FIGURES } from '../../../core/figures/figures.duties';
import { PUBLICITY_FIGURES } from '../../../core/figures/figures.publicity';
import { RECEPTION_FIGURES } from '../../../core/figures/figures.reception';
import { figureDef, FIGURES, sourceOf } from '../../../core/figures/figures.table';
import { BREAKDOWNS, FIGURE_SECTIONS, SCOPE_KINDS } from '../../../core/figures/figures.types';

const SOURCES = [
  ['reception', RECEPTION_FIGURES],
  ['duties', DUTY_FIGURES],
  ['publicity', PUBLICITY_FIGURES],
] as const;

describe.each(SOURCES)('the %s figures', (source, defs) => {
  it.each(defs.map((d) => [d.code, d] as const))('%s is well formed and in the table', (code, def) => {
    expect(sourceOf(code)).toBe(source);
    expect(figureDef(code)).toBe(def);
    expect(FIGURE_SECTIONS).toContain(def.section);
    expect(def.label).toMatch(/^[\u4e00-\u9fa5（）]+$/);
    // One sentence: ends with 。 and has no other full stop.
    expect(def.definition).toMatch(/^[^。]+。$/);
    expect(def.definition).toMatch(/统计时段内/);
    // …and as of when: the period's last day, or today while it runs.
    expect(def.definition).toMatch(/截至统计日|计至统计截止日/);
    expect(def.sentence).toContain('{value}');
    for (const b of def.breakdowns) expect(BREAKDOWNS).toContain(b);
    for (const s of def.scopes) expect(SCOPE_KINDS).toContain(s);
    expect(def.scopes).toContain('township');
    expect(def.rate).toBeUndefined();
  });
});

it('gives each code once, in the order of the sheet', () => {
  const codes = FIGURES.map((f) => f.code);
  expect(new Set(codes).size).toBe(codes.length);
  const sections = FIGURES.map((f) => FIGURE_SECTIONS.indexOf(f.section));
  expect([...sections].sort((a, b) => a - b)).toEqual(sections);
});

it('counts each activity type of the records by the figure that names it', () => {
  for (const type of Object.values(DUTY_FIGURE_TYPES)) expect(MANUAL_DUTY_TYPES).toContain(type);
  expect(new Set(Object.values(DUTY_FIGURE_TYPES)).size).toBe(Object.keys(DUTY_FIGURE_TYPES).length);
});

it('keeps the township-only figures (notices, legal-knowledge issues) to the township', () => {
  for (const code of [
    'publicity.noticesPublished',
    'publicity.noticeCorrections',
    'publicity.deputiesCovered',
    'publicity.lawIssues',
    'publicity.lawReach',
    'publicity.lawReads',
  ])
    expect(figureDef(code)?.scopes).toEqual(['township']);
  // Reception days and duty records carry no village: only the bookings and matters do.
  const village = FIGURES.filter((f) => f.scopes.includes('village') && /^(reception|duties)\./.test(f.code));
  expect(village.map((f) => f.code).sort()).toEqual([
    'reception.bookings',
    'reception.matters',
    'reception.visitors',
  ]);
});
