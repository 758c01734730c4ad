import { COUNTY, isTownshipId, TOWNSHIP_ID_PATTERN } from '../../../core/identity/township.rules';

describe('what names a township', () => {
  it('takes short lowercase ids that start with a letter', () => {
    for (const id of ['jingu', 'qingshan', 'hexi2', 'ab']) expect([id, isTownshipId(id)]).toEqual([id, true]);
  });

  it('refuses the county’s own id, capitals, a leading digit, separators and long ids', () => {
    for (const id of [COUNTY, 'Jingu', '2hexi', 'a', 'he-xi', 'he:xi', 'a'.repeat(17), ''])
      expect([id, isTownshipId(id)]).toEqual([id, false]);
    // The county's id has the shape of a township's: only isTownshipId keeps it apart.
    expect(TOWNSHIP_ID_PATTERN.test(COUNTY)).toBe(true);
  });
});
