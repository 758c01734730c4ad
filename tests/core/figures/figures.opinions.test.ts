/**
 * The opinions' figures as the table declares them: every rate made of two counts of the table, fair;
 * every definition a Chinese sentence that says what counts and as of when; the channel of a case.
 */
import {
  OPINION_CHANNEL_LABELS,
  OPINION_CHANNELS,
  OPINION_FIGURES,
  PUBLIC_CARD_FIGURES,
  opinionChannel,
} from '../../../core/figures/figures.opinions';
import { figureValue, partsThatDoNotAddUp } from '../../../core/figures/figures.format';
import { figureDef } from '../../../core/figures/figures.table';
import type { RawFigure } from '../../../core/figures/figures.types';

describe('the opinions’ figures', () => {
  it('have unique codes of their source, in the table', () => {
    const codes = OPINION_FIGURES.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) {
      expect(c).toMatch(/^opinions\.[A-Za-z]{1,40}$/);
      expect(figureDef(c)).toBeDefined();
    }
    for (const c of PUBLIC_CARD_FIGURES) expect(codes).toContain(c);
  });

  it('make every rate of two counts of the table, fair, with no parts of its own', () => {
    const rates = OPINION_FIGURES.filter((f) => f.rate);
    expect(rates.map((f) => f.code).sort()).toEqual(
      [
        'opinions.disputeRate',
        'opinions.onTimeRate',
        'opinions.resolvedRate',
        'opinions.satisfactionRate',
      ].sort(),
    );
    for (const f of rates) {
      expect(f.unit).toBe('rate');
      expect(f.breakdowns).toEqual([]);
      expect(f.rate!.fair).toBe(true);
      for (const c of [f.rate!.numerator, f.rate!.denominator]) {
        const count = figureDef(c);
        expect(count?.unit).toBe('items');
        expect(count?.rate).toBeUndefined();
      }
    }
  });

  it('say in Chinese what counts, and never count 无需答复 or staff ratings against anyone', () => {
    for (const f of OPINION_FIGURES) {
      expect(f.definition).toMatch(/[\u4e00-\u9fff]/);
      expect(f.definition).toMatch(/统计时段/);
      expect(f.sentence).toContain('{value}');
    }
    for (const c of ['opinions.resolvedRate', 'opinions.onTimeRate', 'opinions.satisfactionRate'])
      expect(figureDef(c)!.definition).toContain('无需答复的');
    expect(figureDef('opinions.satisfactionRate')!.definition).toContain('工作人员代为评价的');
    expect(figureDef('opinions.resolvedRate')!.definition).toContain('已办结 ÷ 需办理');
  });

  it('are 样本不足 below the fair minimum, a number from it on', () => {
    const def = figureDef('opinions.satisfactionRate')!;
    const raw = (n: number, d: number) =>
      new Map<string, RawFigure>([
        ['opinions.satisfied', { value: n }],
        ['opinions.rated', { value: d }],
      ]);
    expect(figureValue(def, raw(3, 4))).toMatchObject({ value: null, display: '样本不足（4/5）' });
    expect(figureValue(def, raw(4, 5))).toMatchObject({
      value: 0.8,
      display: '80%',
      numerator: 4,
      denominator: 5,
    });
    expect(partsThatDoNotAddUp(def, figureValue(def, raw(4, 5)))).toEqual([]);
  });

  it('find a case’s channel: the stored one first (代录, Open311), else the filer’s', () => {
    expect(opinionChannel('self')).toBe('scan');
    expect(opinionChannel('reception')).toBe('reception');
    expect(opinionChannel('stationAdmin')).toBe('proxy');
    expect(opinionChannel('stationAdmin', 'hotline')).toBe('hotline');
    expect(opinionChannel('self', '12345')).toBe('12345');
    expect(opinionChannel('self', 'nonsense')).toBe('scan');
    for (const c of OPINION_CHANNELS) expect(OPINION_CHANNEL_LABELS[c]).toMatch(/[\u4e00-\u9fff]/);
  });
});
