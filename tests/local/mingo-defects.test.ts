/**
 * Defects of the query library (mingo) that the local engine works around. Each test asserts that the
 * defect is still there: when an upgrade of mingo fixes it, the test fails, saying which workaround in
 * local/engine/database.ts can go. The engine's own answers are checked in engine.contract.test.ts.
 */
import { Query } from 'mingo';
import { elemMatchOnDocuments } from '../../local/engine/database';

describe('mingo 7.2.7: $elemMatch with field conditions on an array of plain values', () => {
  const query = { tags: { $elemMatch: { value: { $exists: true } } } };
  const doc = { tags: ['JavaScript', 'C#'] };

  it('still matches (MongoDB does not): when this fails, drop elemMatchOnDocuments', () => {
    expect(new Query(query).test(doc)).toBe(true);
  });

  it('does not match through the workaround, and documents still do', () => {
    expect(new Query(elemMatchOnDocuments(query)).test(doc)).toBe(false);
    expect(new Query(elemMatchOnDocuments(query)).test({ tags: ['a', { value: 1 }] })).toBe(true);
    // $elemMatch on operators tests the element itself: unchanged.
    const onValues = { tags: { $elemMatch: { $gt: 'D' } } };
    expect(elemMatchOnDocuments(onValues)).toEqual(onValues);
    expect(new Query(onValues).test(doc)).toBe(true);
  });
});
