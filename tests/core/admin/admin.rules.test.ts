import {
  checkBaseVersion,
  checkCategoryDays,
  checkDeputy,
  checkHolidayOverrides,
  checkStationLead,
  checkVillageMove,
  normaliseRoutingTable,
  validateRoutingTable,
  type RoutingReferences,
} from '../../../core/admin/admin.rules';
import type { RoutingRule } from '../../../core/opinion/opinion.types';

const stations = [
  { code: 'A', leadDeputyId: 'a1', active: true },
  { code: 'B', leadDeputyId: '', active: true },
  { code: 'OFF', leadDeputyId: '', active: false },
];
const villages = [
  { code: 'va', stationCode: 'A' },
  { code: 'vb', stationCode: 'B' },
];
const categories = [
  { code: 'road', active: true },
  { code: 'old', active: false },
];
const deputies = [
  { _id: 'a1', stationCode: 'A', active: true, villageCodes: ['va'] },
  { _id: 'a2', stationCode: 'A', active: false, villageCodes: [] },
  { _id: 'b1', stationCode: 'B', active: true, villageCodes: ['vb'] },
];
const refs: RoutingReferences = { stations, villages, categories, deputies };
const rule = (
  stationCode: string,
  villageCode: string,
  categoryCode: string,
  deputyIds: string[],
): RoutingRule => ({
  stationCode,
  villageCode,
  categoryCode,
  deputyIds,
});

describe('validateRoutingTable', () => {
  it('accepts a table whose every reference is known', () => {
    expect(
      validateRoutingTable(
        [rule('A', 'va', 'road', ['a1']), rule('A', '*', '*', ['a1']), rule('B', 'vb', '*', ['b1'])],
        refs,
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'a duplicate key',
      [rule('A', 'va', 'road', ['a1']), rule('A', 'va', 'road', ['a1'])],
      'ROUTING_RULE_DUPLICATE',
      [0, 1],
      undefined,
    ],
    ['a rule naming nobody', [rule('A', '*', '*', [])], 'ROUTING_RULE_EMPTY', [0], undefined],
    ['an unknown station', [rule('ZZ', '*', '*', ['a1'])], 'ROUTING_UNKNOWN_STATION', [0], 'ZZ'],
    ['an inactive station', [rule('OFF', '*', '*', ['a1'])], 'ROUTING_UNKNOWN_STATION', [0], 'OFF'],
    ["another station's village", [rule('A', 'vb', '*', ['a1'])], 'ROUTING_UNKNOWN_VILLAGE', [0], 'vb'],
    ['an unknown category', [rule('A', '*', 'nope', ['a1'])], 'ROUTING_UNKNOWN_CATEGORY', [0], 'nope'],
    ['an inactive category', [rule('A', '*', 'old', ['a1'])], 'ROUTING_UNKNOWN_CATEGORY', [0], 'old'],
    ['an unknown deputy', [rule('A', '*', '*', ['ghost'])], 'ROUTING_UNKNOWN_DEPUTY', [0], 'ghost'],
    ['an inactive deputy', [rule('A', '*', '*', ['a2'])], 'ROUTING_DEPUTY_INACTIVE', [0], 'a2'],
    ["another station's deputy", [rule('A', '*', '*', ['b1'])], 'ROUTING_DEPUTY_OTHER_STATION', [0], 'b1'],
  ])('refuses %s', (_, rules, code, rows, ref) => {
    const problems = validateRoutingTable(rules, refs);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code, rows });
    expect(problems[0].ref).toBe(ref);
    expect(problems[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('reports every problem, row by row', () => {
    const problems = validateRoutingTable(
      [rule('A', 'vb', '*', ['a1']), rule('A', '*', 'nope', ['ghost'])],
      refs,
    );
    expect(problems.map((p) => [p.code, p.rows])).toEqual([
      ['ROUTING_UNKNOWN_VILLAGE', [0]],
      ['ROUTING_UNKNOWN_CATEGORY', [1]],
      ['ROUTING_UNKNOWN_DEPUTY', [1]],
    ]);
  });
});

describe('normaliseRoutingTable', () => {
  it('sorts by key and drops repeated deputies', () => {
    expect(normaliseRoutingTable([rule('B', '*', '*', ['b1', 'b1']), rule('A', 'va', '*', ['a1'])])).toEqual([
      rule('A', 'va', '*', ['a1']),
      rule('B', '*', '*', ['b1']),
    ]);
  });
});

describe('checkBaseVersion', () => {
  it.each([
    [0, 0, { ok: true, value: 1 }],
    [3, 3, { ok: true, value: 4 }],
    [4, 3, { ok: false, reason: 'CONFLICT' }],
  ])('stored %i, based on %i', (stored, base, expected) => {
    expect(checkBaseVersion(stored, base)).toEqual(expected);
  });
});

describe('checkStationLead', () => {
  it.each([
    ['no lead yet', { code: 'B', leadDeputyId: '' }, true],
    ['an active deputy of the station', { code: 'A', leadDeputyId: 'a1' }, true],
    ['an inactive deputy', { code: 'A', leadDeputyId: 'a2' }, false],
    ["another station's deputy", { code: 'A', leadDeputyId: 'b1' }, false],
    ['an unknown deputy', { code: 'A', leadDeputyId: 'x' }, false],
  ])('%s', (_, station, ok) => {
    expect(checkStationLead(station, deputies)).toEqual(
      ok ? { ok: true, value: undefined } : { ok: false, reason: 'ADMIN_LEAD_NOT_AT_STATION' },
    );
  });
});

describe('checkDeputy', () => {
  const ctx = { stations, villages, categories };
  const base = { _id: 'b2', stationCode: 'B', villageCodes: ['vb'], categories: ['road'], active: true };
  it.each([
    ['a valid deputy', base, null],
    ['an unknown station', { ...base, stationCode: 'ZZ' }, 'ADMIN_STATION_NOT_FOUND'],
    ['an unknown village', { ...base, villageCodes: ['nope'] }, 'ADMIN_VILLAGE_NOT_FOUND'],
    ["another station's village", { ...base, villageCodes: ['va'] }, 'ADMIN_VILLAGE_OTHER_STATION'],
    ['an unknown category', { ...base, categories: ['nope'] }, 'ADMIN_CATEGORY_UNKNOWN'],
    [
      'the lead deactivated',
      { _id: 'a1', stationCode: 'A', villageCodes: [], categories: [], active: false },
      'ADMIN_LEAD_INACTIVE',
    ],
    [
      'the lead moved away',
      { _id: 'a1', stationCode: 'B', villageCodes: [], categories: [], active: true },
      'ADMIN_LEAD_INACTIVE',
    ],
  ])('%s', (_, deputy, reason) => {
    expect(checkDeputy(deputy, ctx)).toEqual(reason ? { ok: false, reason } : { ok: true, value: undefined });
  });
});

describe('checkCategoryDays', () => {
  it.each([
    [2, 10, true],
    [1, 1, true],
    [10, 60, true],
    [0, 10, false],
    [11, 20, false],
    [5, 4, false],
    [2, 61, false],
    [1.5, 10, false],
  ])('accept %p, answer %p', (acceptDays, answerDays, ok) => {
    expect(checkCategoryDays({ acceptDays, answerDays }).ok).toBe(ok);
  });
});

describe('checkVillageMove', () => {
  it.each([
    ['a new village', { code: 'vc', stationCode: 'A' }, null, [], true],
    [
      'the same station',
      { code: 'va', stationCode: 'A' },
      { stationCode: 'A' },
      [rule('A', 'va', '*', ['a1'])],
      true,
    ],
    [
      'a move with a rule on it',
      { code: 'vb', stationCode: 'A' },
      { stationCode: 'B' },
      [rule('B', 'vb', '*', ['b1'])],
      false,
    ],
    ['a move a deputy still covers', { code: 'va', stationCode: 'B' }, { stationCode: 'A' }, [], false],
  ])('%s', (_, village, previous, rules, ok) => {
    expect(checkVillageMove(village, previous, rules, deputies).ok).toBe(ok);
  });
});

describe('checkHolidayOverrides', () => {
  it('normalises and sorts', () => {
    expect(
      checkHolidayOverrides([
        { date: '2027-10-08', kind: 'workday', name: ' 国庆调休 ' },
        { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
      ]),
    ).toEqual({
      ok: true,
      value: [
        { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2027-10-08', kind: 'workday', name: '国庆调休' },
      ],
    });
  });
  it.each([
    [
      'an impossible date',
      [{ date: '2027-02-30', kind: 'holiday' as const, name: 'x' }],
      'HOLIDAY_DATE_INVALID',
    ],
    [
      'a badly written date',
      [{ date: '2027/1/1', kind: 'holiday' as const, name: 'x' }],
      'HOLIDAY_DATE_INVALID',
    ],
    [
      'the same day twice',
      [
        { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
        { date: '2027-01-01', kind: 'workday' as const, name: '' },
      ],
      'HOLIDAY_DUPLICATE',
    ],
    [
      'a holiday without a name',
      [{ date: '2027-01-01', kind: 'holiday' as const, name: ' ' }],
      'HOLIDAY_NAME_REQUIRED',
    ],
  ])('refuses %s', (_, days, reason) => {
    expect(checkHolidayOverrides(days)).toEqual({ ok: false, reason });
  });
});
