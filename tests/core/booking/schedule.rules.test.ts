import { getDayDetail } from 'chinese-days';
import { chineseCalendar, type HolidayOverride } from '../../../core/calendar/chinese-calendar';
import { WEEKDAYS_ONLY } from '../../../core/calendar/working-days';
import {
  checkSchedule,
  describeSchedule,
  materialiseDays,
  newReceptionDay,
  totalCapacity,
  type ScheduleCalendar,
  type ScheduleRule,
} from '../../../core/booking/schedule.rules';

/** The official calendar, naming holidays as chinese-days does ('National Day,国庆节,3' → '国庆节'), overrides first. */
function namedCalendar(overrides: HolidayOverride[] = []): ScheduleCalendar {
  const names = new Map(overrides.map((o) => [o.date, o.name]));
  return {
    ...chineseCalendar(overrides),
    holidayName: (day) => names.get(day) ?? getDayDetail(day).name.split(',')[1],
  };
}

const firstFriday: ScheduleRule = {
  stationCode: 'JG01',
  recurrence: { every: 'month', week: 1, weekday: 5 },
  start: '14:30',
  end: '17:00',
  slots: [
    { id: 'a', start: '14:30', end: '15:30', capacity: 5 },
    { id: 'b', start: '15:30', end: '17:00', capacity: 5 },
  ],
  rota: { deputyIds: ['d1', 'd2', 'd3'], perDay: 2 },
  holidayPolicy: 'nextWorkingDay',
  startsOn: '2026-01-01',
};

const everyTuesday: ScheduleRule = {
  ...firstFriday,
  recurrence: { every: 'week', weekday: 2 },
  start: '09:00',
  end: '11:30',
  slots: [{ id: 'am', start: '09:00', end: '11:30', capacity: 'unlimited' }],
  rota: { deputyIds: ['d1', 'd2', 'd3'], perDay: 1 },
  startsOn: '2026-02-01',
};

const calendar = namedCalendar();
const dates = (
  rule: ScheduleRule,
  from: string,
  to: string,
  cal: ScheduleCalendar = calendar,
  existing?: string[],
) => materialiseDays(rule, from, to, cal, existing).map((d) => d.date);

describe('describeSchedule', () => {
  it.each([
    ['first Friday afternoon', firstFriday, '每月第一个周五 14:30-17:00'],
    ['every Tuesday morning', everyTuesday, '每周二 09:00-11:30'],
    [
      'last Wednesday',
      { ...firstFriday, recurrence: { every: 'month', week: 'last', weekday: 3 } },
      '每月最后一个周三 14:30-17:00',
    ],
    [
      'third Monday',
      { ...firstFriday, recurrence: { every: 'month', week: 3, weekday: 1 } },
      '每月第三个周一 14:30-17:00',
    ],
    [
      'the 15th of each month',
      { ...firstFriday, recurrence: { every: 'monthDay', day: 15 }, start: '09:00', end: '17:00' },
      '每月15日 09:00-17:00',
    ],
    [
      'the 31st, the last day in shorter months',
      { ...firstFriday, recurrence: { every: 'monthDay', day: 31 } },
      '每月31日（无31日的月份为月末） 14:30-17:00',
    ],
  ] as const)('%s', (_ctx, rule, label) => {
    expect(describeSchedule(rule)).toBe(label);
  });
});

describe('checkSchedule', () => {
  it.each([
    ['the first-Friday rule', firstFriday],
    ['the weekly rule with unlimited places', everyTuesday],
    ['a monthly rule moving one week later', { ...firstFriday, holidayPolicy: 'oneWeekLater' }],
    [
      'slots with a gap between them',
      {
        ...firstFriday,
        slots: [
          { id: 'a', start: '14:30', end: '15:00', capacity: 1 },
          { id: 'b', start: '16:00', end: '17:00', capacity: 1 },
        ],
      },
    ],
    ['an end date after the start', { ...firstFriday, endsOn: '2026-12-31' }],
    ['the 15th of each month', { ...firstFriday, recurrence: { every: 'monthDay', day: 15 } }],
    ['the 1st of each month', { ...firstFriday, recurrence: { every: 'monthDay', day: 1 } }],
    ['the 31st of each month', { ...firstFriday, recurrence: { every: 'monthDay', day: 31 } }],
  ] as const)('allows %s', (_ctx, rule) => {
    expect(checkSchedule(rule as ScheduleRule)).toEqual({ ok: true, value: rule });
  });

  const slot = { id: 'a', start: '14:30', end: '17:00', capacity: 5 };
  it.each([
    ['the window ends before it starts', { start: '17:00', end: '14:30' }],
    ['the window is empty', { start: '14:30', end: '14:30' }],
    ['a time is not HH:mm', { start: '25:00' }],
    ['there are no slots', { slots: [] }],
    ['a slot lies outside the window', { slots: [{ ...slot, end: '17:30' }] }],
    [
      'slots overlap',
      {
        slots: [
          { ...slot, id: 'a', end: '16:00' },
          { ...slot, id: 'b', start: '15:30' },
        ],
      },
    ],
    [
      'slot ids repeat',
      {
        slots: [
          { ...slot, end: '15:00' },
          { ...slot, start: '15:00' },
        ],
      },
    ],
    ['a capacity is 0 (unlimited must be said)', { slots: [{ ...slot, capacity: 0 }] }],
    ['a capacity is not whole', { slots: [{ ...slot, capacity: 2.5 }] }],
    ['the weekday is Saturday', { recurrence: { every: 'month', week: 1, weekday: 6 } }],
    ['the week of month is 5', { recurrence: { every: 'month', week: 5, weekday: 5 } }],
    [
      'a weekly rule moves one week later',
      { recurrence: { every: 'week', weekday: 2 }, holidayPolicy: 'oneWeekLater' },
    ],
    ['the policy is unknown', { holidayPolicy: 'skip' }],
    ['the day of the month is 0', { recurrence: { every: 'monthDay', day: 0 } }],
    ['the day of the month is 32', { recurrence: { every: 'monthDay', day: 32 } }],
    ['the day of the month is not whole', { recurrence: { every: 'monthDay', day: 15.5 } }],
    [
      'a day-of-month rule moves one week later',
      { recurrence: { every: 'monthDay', day: 15 }, holidayPolicy: 'oneWeekLater' },
    ],
    ['the rota is empty', { rota: { deputyIds: [], perDay: 1 } }],
    ['the rota repeats a deputy', { rota: { deputyIds: ['d1', 'd1'], perDay: 1 } }],
    ['more deputies per day than the rota has', { rota: { deputyIds: ['d1'], perDay: 2 } }],
    ['no deputy per day', { rota: { deputyIds: ['d1'], perDay: 0 } }],
    ['the start date is not a date', { startsOn: '2026-02-30' }],
    ['the end date is before the start', { endsOn: '2025-12-31' }],
    ['the station code is blank', { stationCode: ' ' }],
  ])('denies SCHEDULE_INVALID when %s', (_ctx, change) => {
    expect(checkSchedule({ ...firstFriday, ...change } as ScheduleRule)).toEqual({
      ok: false,
      reason: 'SCHEDULE_INVALID',
    });
  });
});

describe('materialiseDays', () => {
  it('makes the first Friday of each month, moving those on holidays', () => {
    expect(dates(firstFriday, '2026-01-01', '2026-12-31')).toEqual([
      '2026-01-04', // 01-02 is 元旦; Sunday 01-04 is a make-up workday
      '2026-02-06',
      '2026-03-06',
      '2026-04-03',
      '2026-05-06', // 05-01 is 劳动节, off until 05-05
      '2026-06-05',
      '2026-07-03',
      '2026-08-07',
      '2026-09-04',
      '2026-10-08', // 10-02 is 国庆节, off until 10-07
      '2026-11-06',
      '2026-12-04',
    ]);
  });

  describe('when the first Friday is National Day', () => {
    it.each([
      ['the next working day', 'nextWorkingDay', '2026-10-08'],
      ['one week later', 'oneWeekLater', '2026-10-09'],
    ] as const)('it moves to %s and says why', (_ctx, holidayPolicy, date) => {
      const [day] = materialiseDays({ ...firstFriday, holidayPolicy }, '2026-10-01', '2026-10-31', calendar);
      expect(day).toMatchObject({
        key: 'JG01:2026-10-02',
        date,
        movedFrom: '2026-10-02',
        moveReason: '因国庆节假期顺延',
      });
    });

    it('it keeps the start, end, slots and rota of the original occurrence', () => {
      const [day] = materialiseDays(firstFriday, '2026-10-01', '2026-10-31', calendar);
      expect(day).toEqual({
        key: 'JG01:2026-10-02',
        stationCode: 'JG01',
        date: '2026-10-08',
        start: '14:30',
        end: '17:00',
        slots: firstFriday.slots,
        deputyIds: ['d1', 'd2'], // occurrence 9: (9 × 2) mod 3 = 0
        movedFrom: '2026-10-02',
        moveReason: '因国庆节假期顺延',
      });
    });

    it('it skips a day the station already holds by hand', () => {
      expect(dates(firstFriday, '2026-10-01', '2026-10-31', calendar, ['2026-10-08'])).toEqual([
        '2026-10-09',
      ]);
    });

    it('it is found from a window that starts after the holiday', () => {
      expect(dates(firstFriday, '2026-10-08', '2026-10-08')).toEqual(['2026-10-08']);
      expect(dates(firstFriday, '2026-10-01', '2026-10-07')).toEqual([]);
    });
  });

  describe('when the first Friday is Labour Day and the station moves one week later', () => {
    it('it lands on the next Friday, a working day', () => {
      expect(dates({ ...firstFriday, holidayPolicy: 'oneWeekLater' }, '2026-05-01', '2026-05-31')).toEqual([
        '2026-05-08',
      ]);
    });
  });

  describe('when the calendar names the holiday', () => {
    it('the reason says which', () => {
      const [day] = materialiseDays(firstFriday, '2026-10-01', '2026-10-31', chineseCalendar());
      expect(day.moveReason).toBe('因国庆节假期顺延');
    });
  });

  describe('when the calendar cannot name the holiday', () => {
    it('the reason is general', () => {
      const calendar = { isWorkingDay: chineseCalendar().isWorkingDay };
      const [day] = materialiseDays(firstFriday, '2026-10-01', '2026-10-31', calendar);
      expect(day.moveReason).toBe('因节假日顺延');
    });
  });

  describe('when a weekly Tuesday falls in Spring Festival', () => {
    it('it moves past the holiday and past the next Tuesday, which is taken', () => {
      const days = materialiseDays(everyTuesday, '2026-02-01', '2026-02-28', calendar);
      expect(days.map((d) => [d.date, d.movedFrom, d.deputyIds])).toEqual([
        ['2026-02-03', undefined, ['d1']],
        ['2026-02-10', undefined, ['d2']],
        ['2026-02-24', undefined, ['d1']],
        ['2026-02-25', '2026-02-17', ['d3']],
      ]);
      expect(days[3].moveReason).toBe('因春节假期顺延');
    });
  });

  describe('in 2027, beyond the official data', () => {
    it('when New Year is entered as an override, the first Friday (01-01) moves to Monday', () => {
      const cal = namedCalendar([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
      expect(materialiseDays(firstFriday, '2027-01-01', '2027-01-31', cal)).toEqual([
        expect.objectContaining({
          date: '2027-01-04',
          movedFrom: '2027-01-01',
          moveReason: '因元旦假期顺延',
        }),
      ]);
    });

    it('without overrides, the first Friday (01-01) stays: plain weekdays are assumed', () => {
      expect(dates(firstFriday, '2027-01-01', '2027-01-31', chineseCalendar())).toEqual(['2027-01-01']);
    });
  });

  it.each([
    [
      'the last Friday',
      { every: 'month', week: 'last', weekday: 5 },
      '2026-02-01',
      '2026-03-31',
      ['2026-02-27', '2026-03-27'],
    ],
    [
      'the second Wednesday',
      { every: 'month', week: 2, weekday: 3 },
      '2026-09-01',
      '2026-09-30',
      ['2026-09-09'],
    ],
    [
      'the fourth Monday',
      { every: 'month', week: 4, weekday: 1 },
      '2026-06-01',
      '2026-06-30',
      ['2026-06-22'],
    ],
  ] as const)('finds %s of the month', (_ctx, recurrence, from, to, expected) => {
    expect(dates({ ...firstFriday, recurrence }, from, to, WEEKDAYS_ONLY)).toEqual(expected);
  });

  describe('on the 15th of each month (每月15日)', () => {
    const fifteenth: ScheduleRule = { ...firstFriday, recurrence: { every: 'monthDay', day: 15 } };

    it.each([
      ['a working day: held on the 15th', '2026-04-01', '2026-04-30', '2026-04-15', undefined, undefined],
      [
        'a Saturday: the next working day, Monday',
        '2026-08-01',
        '2026-08-31',
        '2026-08-17',
        '2026-08-15',
        '因周末顺延',
      ],
      [
        'a Sunday: the next working day, Monday',
        '2026-11-01',
        '2026-11-30',
        '2026-11-16',
        '2026-11-15',
        '因周末顺延',
      ],
      [
        'in Spring Festival (02-15 to 02-23 off): after the holiday',
        '2026-02-01',
        '2026-02-28',
        '2026-02-24',
        '2026-02-15',
        '因春节假期顺延',
      ],
    ] as const)('when the 15th is %s', (_ctx, from, to, date, movedFrom, moveReason) => {
      const [day] = materialiseDays(fifteenth, from, to, calendar);
      expect(day.date).toBe(date);
      expect(day.key).toBe(`JG01:${from.slice(0, 8)}15`);
      expect(day.movedFrom).toBe(movedFrom);
      expect(day.moveReason).toBe(moveReason);
    });

    it('makes one day a month, with the rota turning each month', () => {
      const days = materialiseDays(fifteenth, '2026-03-01', '2026-06-30', WEEKDAYS_ONLY);
      expect(days.map((d) => [d.date, d.deputyIds])).toEqual([
        ['2026-03-16', ['d2', 'd3']], // 03-15 is a Sunday; occurrence 2
        ['2026-04-15', ['d1', 'd2']],
        ['2026-05-15', ['d3', 'd1']],
        ['2026-06-15', ['d2', 'd3']],
      ]);
    });

    it.each([
      // From 06-02: 05-31 is a Sunday, moved to 06-01.
      ['the 31st in June: the 30th', 31, '2026-06-02', '2026-06-30', [['2026-06-30', undefined]]],
      ['the 30th in April: the 30th itself', 30, '2026-04-01', '2026-04-30', [['2026-04-30', undefined]]],
      // 2026-02-28 is a Saturday but a make-up workday (调休) after Spring Festival: held that day.
      [
        'the 31st in February 2026: the 28th, a 调休 Saturday',
        31,
        '2026-02-03', // 01-31 (Saturday) moved to 02-02
        '2026-02-28',
        [['2026-02-28', undefined]],
      ],
      // 2027-02-28 is a Sunday: the last day, then the next working day.
      [
        'the 29th in February 2027: the 28th, moved to Monday',
        29,
        '2027-02-01',
        '2027-03-05',
        [['2027-03-01', '2027-02-28']],
      ],
      [
        'the 29th in February 2028 (a leap year): the 29th',
        29,
        '2028-02-01',
        '2028-02-29',
        [['2028-02-29', undefined]],
      ],
    ] as const)('%s', (_ctx, day, from, to, expected) => {
      const days = materialiseDays(
        { ...fifteenth, recurrence: { every: 'monthDay', day } },
        from,
        to,
        calendar,
      );
      expect(days.map((d) => [d.date, d.movedFrom])).toEqual(expected);
    });

    it('in 2027, the 1st moves off 元旦 when it is entered as an override, and stays without it', () => {
      const first: ScheduleRule = { ...fifteenth, recurrence: { every: 'monthDay', day: 1 } };
      const cal = namedCalendar([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
      expect(materialiseDays(first, '2027-01-01', '2027-01-31', cal)).toEqual([
        expect.objectContaining({ key: 'JG01:2027-01-01', date: '2027-01-04', moveReason: '因元旦假期顺延' }),
      ]);
      expect(dates(first, '2027-01-01', '2027-01-31', chineseCalendar())).toEqual(['2027-01-01']);
    });
  });

  describe('the rota', () => {
    it.each([
      ['January (occurrence 0)', '2026-01-01', '2026-01-31', ['d1', 'd2']],
      ['February (occurrence 1)', '2026-02-01', '2026-02-28', ['d3', 'd1']],
      ['March (occurrence 2)', '2026-03-01', '2026-03-31', ['d2', 'd3']],
      ['April (occurrence 3, round again)', '2026-04-01', '2026-04-30', ['d1', 'd2']],
    ])('puts the next deputies on duty in %s, whatever window is asked', (_ctx, from, to, deputies) => {
      expect(materialiseDays(firstFriday, from, to, calendar)[0].deputyIds).toEqual(deputies);
    });

    it('starts with the first occurrence on or after the rule starts', () => {
      const days = materialiseDays(
        { ...firstFriday, startsOn: '2026-03-07' },
        '2026-03-01',
        '2026-04-30',
        calendar,
      );
      expect(days.map((d) => [d.date, d.deputyIds])).toEqual([['2026-04-03', ['d1', 'd2']]]);
    });
  });

  it('makes nothing after the rule ends', () => {
    expect(dates({ ...firstFriday, endsOn: '2026-03-31' }, '2026-03-01', '2026-05-31')).toEqual([
      '2026-03-06',
    ]);
  });

  it('is idempotent: the same input gives the same days and keys, whichever window finds them', () => {
    const year = materialiseDays(firstFriday, '2026-01-01', '2026-12-31', calendar);
    expect(materialiseDays(firstFriday, '2026-01-01', '2026-12-31', calendar)).toEqual(year);
    const quarters = [
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ];
    const byQuarter = quarters.flatMap(([from, to]) => materialiseDays(firstFriday, from, to, calendar));
    expect(byQuarter).toEqual(year);
    expect(new Set(year.map((d) => d.key)).size).toBe(12);
  });

  it('refuses an invalid rule', () => {
    expect(() =>
      materialiseDays({ ...firstFriday, slots: [] }, '2026-01-01', '2026-01-31', calendar),
    ).toThrow(RangeError);
  });
});

describe('newReceptionDay', () => {
  it('opens a day with every place free, announced on the given day', () => {
    const [made] = materialiseDays(firstFriday, '2026-03-01', '2026-03-31', calendar);
    expect(newReceptionDay(made, 'day-1', '2026-02-20')).toMatchObject({
      _id: 'day-1',
      key: 'JG01:2026-03-06',
      date: '2026-03-06',
      capacity: 10,
      booked: 0,
      status: 'scheduled',
      announcedOn: '2026-02-20',
      slots: [
        { id: 'a', capacity: 5, booked: 0 },
        { id: 'b', capacity: 5, booked: 0 },
      ],
    });
  });
});

describe('totalCapacity', () => {
  it.each([
    ['numbered slots', [{ capacity: 5 }, { capacity: 3 }], 8],
    ['one unlimited slot', [{ capacity: 5 }, { capacity: 'unlimited' as const }], 'unlimited'],
  ])('of %s', (_ctx, slots, total) => {
    expect(totalCapacity(slots)).toBe(total);
  });
});
