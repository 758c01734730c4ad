import { addDays, chinaInstant, type Ymd } from '../../../core/calendar/china-time';
import {
  createDisclosureAccumulator,
  zeroFigures,
  type OpinionFacts,
  type ReceptionFacts,
} from '../../../core/duty/disclosure.aggregate';
import { periodFor } from '../../../core/duty/disclosure.periods';
import {
  DUTY_TYPES,
  FIGURE_KEYS,
  MANUAL_DUTY_TYPES,
  SATISFACTION_LEVELS,
  type DisclosureFigures,
  type DutyRecord,
  type Figures,
  type Satisfaction,
} from '../../../core/duty/duty.types';

const PERIOD = periodFor('2025-01-01'); // 2024-10-01 … 2025-03-31
const DEPUTIES = [
  { _id: 'd1', name: '张锦英' },
  { _id: 'd2', name: '陈光琴' },
];
const CREATED = new Date('2025-04-01T00:00:00Z');

const record = (over: Partial<DutyRecord>): DutyRecord =>
  ({
    deputyId: 'd1',
    stationCode: 'JG01',
    type: 'visit',
    date: '2025-01-10',
    description: '走访',
    peopleReached: 4,
    photos: [],
    source: 'manual',
    status: 'approved',
    createdAt: CREATED,
    ...over,
  }) as DutyRecord;

const at = (day: Ymd, hhmm = '10:00') => chinaInstant(day, hhmm);

function figuresOf(feed: (acc: ReturnType<typeof createDisclosureAccumulator>) => void): DisclosureFigures {
  const acc = createDisclosureAccumulator(PERIOD, DEPUTIES);
  feed(acc);
  return acc.result();
}

const d1 = (figures: DisclosureFigures) => figures.rows[0].figures;
const nonZero = (figures: Figures) => Object.fromEntries(Object.entries(figures).filter(([, n]) => n !== 0));

describe('duty records', () => {
  it('skips a system reception record: the reception day itself is counted by addReception', () => {
    const result = figuresOf((acc) => {
      acc.addDutyRecord(
        record({ type: 'reception', source: 'system', sourceRef: 'reception:JG01:2025-01-10' }),
      );
      acc.addDutyRecord(record({ type: 'reception', peopleReached: 2 }));
      acc.addReception({ date: '2025-01-10', deputyIds: ['d1'], villagersReceived: 5 });
    });
    expect(nonZero(d1(result))).toEqual({
      reception: 1,
      peopleReached: 2,
      receptionsAttended: 1,
      villagersReceived: 5,
    });
  });

  it('counts approved manual and system activity records by type, with the people they reached', () => {
    const result = figuresOf((acc) => {
      acc.addDutyRecord(record({}));
      acc.addDutyRecord(record({ type: 'meeting', peopleReached: 0 }));
      acc.addDutyRecord(record({ type: 'meeting', source: 'system', sourceRef: 'meeting:m1' }));
    });
    expect(nonZero(d1(result))).toEqual({ visit: 1, meeting: 2, peopleReached: 8 });
  });

  it.each([
    ['a pending record', record({ status: 'pending' })],
    ['a returned record', record({ status: 'returned' })],
    ['a record the day before the period', record({ date: '2024-09-30' })],
    ['a record the day after the period', record({ date: '2025-04-01' })],
    [
      'an opinion duty record (opinions are counted from the opinions)',
      record({ type: 'opinionResolved', source: 'system', sourceRef: 'opinion:o1:resolved' }),
    ],
    ["another station's deputy", record({ deputyId: 'd9' })],
  ])('ignores %s', (_, r) => {
    const result = figuresOf((acc) => acc.addDutyRecord(r));
    expect(result.totals).toEqual(zeroFigures());
  });

  it('counts records on the first and the last day of the period', () => {
    const result = figuresOf((acc) => {
      acc.addDutyRecord(record({ date: PERIOD.start }));
      acc.addDutyRecord(record({ date: PERIOD.end }));
    });
    expect(d1(result).visit).toBe(2);
  });
});

describe('opinions', () => {
  const opinion = (over: Partial<OpinionFacts>): OpinionFacts => ({
    deputyIds: ['d1'],
    submittedAt: at('2025-01-05'),
    overdue: false,
    ...over,
  });

  it('counts each event in the period of its own China-time day', () => {
    const result = figuresOf((acc) => {
      // submitted before the period, answered and resolved in it
      acc.addOpinion(
        opinion({
          submittedAt: at('2024-09-28'),
          answeredAt: at('2024-10-01', '00:05'),
          resolvedAt: at('2024-10-03'),
          rating: 'satisfied',
        }),
      );
      // submitted in the last minutes of the period, resolved after it: the rating belongs to the next period
      acc.addOpinion(
        opinion({
          submittedAt: at('2025-03-31', '23:55'),
          resolvedAt: at('2025-04-01', '00:01'),
          rating: 'dissatisfied',
        }),
      );
    });
    expect(nonZero(d1(result))).toEqual({
      opinionsReceived: 1,
      opinionsAnswered: 1,
      opinionsResolved: 1,
      satisfied: 1,
    });
  });

  it('counts "no reply needed" as its own figure, never overdue or dissatisfied', () => {
    const result = figuresOf((acc) => {
      acc.addOpinion(opinion({ noReplyNeeded: true, overdue: true }));
      acc.addOpinion(opinion({ overdue: true }));
      acc.addOpinion(opinion({ resolvedAt: at('2025-01-08'), rating: 'basicallySatisfied' }));
    });
    expect(nonZero(d1(result))).toEqual({
      opinionsReceived: 3,
      noReplyNeeded: 1,
      opinionsOverdue: 1,
      opinionsResolved: 1,
      basicallySatisfied: 1,
    });
  });

  it('counts a shared opinion once in each deputy row (a repeated id once) and ignores other stations', () => {
    const result = figuresOf((acc) => acc.addOpinion(opinion({ deputyIds: ['d1', 'd2', 'd1', 'd9'] })));
    expect(result.rows.map((r) => r.figures.opinionsReceived)).toEqual([1, 1]);
    expect(result.totals.opinionsReceived).toBe(2);
  });
});

describe('receptions', () => {
  it('credits each deputy on duty with the reception and the villagers received', () => {
    const result = figuresOf((acc) => {
      acc.addReception({ date: '2025-02-07', deputyIds: ['d1', 'd2'], villagersReceived: 6 });
      acc.addReception({ date: '2025-03-07', deputyIds: ['d1'], villagersReceived: 0 });
      acc.addReception({ date: '2025-04-04', deputyIds: ['d1'], villagersReceived: 9 });
    });
    expect(result.rows.map((r) => nonZero(r.figures))).toEqual([
      { receptionsAttended: 2, villagersReceived: 6 },
      { receptionsAttended: 1, villagersReceived: 6 },
    ]);
  });
});

describe('result', () => {
  it('lists every deputy, even one with nothing, in the order given', () => {
    const result = figuresOf(() => undefined);
    expect(result.rows).toEqual([
      { deputyId: 'd1', deputyName: '张锦英', figures: zeroFigures() },
      { deputyId: 'd2', deputyName: '陈光琴', figures: zeroFigures() },
    ]);
  });

  it('is a snapshot: adding more afterwards does not change a result already taken', () => {
    const acc = createDisclosureAccumulator(PERIOD, DEPUTIES);
    acc.addDutyRecord(record({}));
    const first = acc.result();
    acc.addDutyRecord(record({}));
    expect(d1(first).visit).toBe(1);
    expect(d1(acc.result()).visit).toBe(2);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}

describe('property: every figure equals an independent count over generated data fed page by page', () => {
  const STATION = ['d1', 'd2', 'd3', 'd4', 'd5'];
  const deputies = STATION.map((id) => ({ _id: id, name: `代表${id}` }));
  const r = rng(20250501);
  const FIRST = '2024-09-01';
  const day = () => addDays(FIRST, r.int(260)); // 2024-09-01 … 2025-05-18: before, in and after the period
  const time = () => r.pick(['00:00', '00:30', '08:15', '12:00', '23:59']); // midnight China time is the UTC day before
  const someDeputy = () => r.pick([...STATION, 'dX']);
  const inPeriod = (d: Ymd) => d >= '2024-10-01' && d <= '2025-03-31';

  type GeneratedOpinion = { facts: OpinionFacts; submitted: Ymd; answered?: Ymd; resolved?: Ymd };
  const records: DutyRecord[] = Array.from({ length: 3000 }, () => {
    const system = r.next() < 0.3;
    const type = system ? r.pick(DUTY_TYPES) : r.pick(MANUAL_DUTY_TYPES);
    const base = {
      deputyId: someDeputy(),
      stationCode: 'JG01',
      date: day(),
      description: 'x',
      peopleReached: r.int(30),
      photos: [],
      createdAt: CREATED,
    };
    return system
      ? { ...base, type, source: 'system' as const, sourceRef: `gen:${r.int(1e9)}` }
      : {
          ...base,
          type: type as (typeof MANUAL_DUTY_TYPES)[number],
          source: 'manual' as const,
          status: r.pick(['pending', 'approved', 'approved', 'returned'] as const),
        };
  });
  const opinions: GeneratedOpinion[] = Array.from({ length: 2000 }, () => {
    const submitted = day();
    const answered = r.next() < 0.7 ? addDays(submitted, r.int(20)) : undefined;
    const resolved = answered && r.next() < 0.8 ? addDays(answered, r.int(10)) : undefined;
    const rating: Satisfaction | undefined =
      resolved && r.next() < 0.7 ? r.pick(SATISFACTION_LEVELS) : undefined;
    const facts: OpinionFacts = {
      deputyIds: Array.from({ length: 1 + r.int(3) }, someDeputy),
      submittedAt: at(submitted, time()),
      overdue: r.next() < 0.2,
      ...(answered ? { answeredAt: at(answered, time()) } : {}),
      ...(resolved ? { resolvedAt: at(resolved, time()) } : {}),
      ...(rating ? { rating } : {}),
      ...(resolved && !rating && r.next() < 0.3 ? { ratedByStaff: true } : {}),
      ...(r.next() < 0.1 ? { noReplyNeeded: true } : {}),
    };
    return { facts, submitted, answered, resolved };
  });
  const receptions: ReceptionFacts[] = Array.from({ length: 400 }, () => ({
    date: day(),
    deputyIds: Array.from({ length: 1 + r.int(3) }, someDeputy),
    villagersReceived: r.int(15),
  }));

  /** Straightforward, non-streaming count per deputy, from the generated calendar days. */
  function expectedFor(id: string): Figures {
    const f = zeroFigures();
    for (const rec of records) {
      // A system 'reception' record duplicates a reception day, which addReception counts.
      const counted = rec.source === 'system' ? rec.type !== 'reception' : rec.status === 'approved';
      if (rec.deputyId !== id || !counted || !inPeriod(rec.date) || rec.type.startsWith('opinion')) continue;
      f[rec.type as (typeof MANUAL_DUTY_TYPES)[number]]++;
      f.peopleReached += rec.peopleReached;
    }
    for (const o of opinions) {
      if (!o.facts.deputyIds.includes(id)) continue;
      if (inPeriod(o.submitted)) {
        f.opinionsReceived++;
        if (o.facts.noReplyNeeded) f.noReplyNeeded++;
        if (o.facts.overdue && !o.facts.noReplyNeeded) f.opinionsOverdue++;
      }
      if (o.answered && inPeriod(o.answered)) f.opinionsAnswered++;
      if (o.resolved && inPeriod(o.resolved)) {
        f.opinionsResolved++;
        if (o.facts.rating) f[o.facts.rating]++;
        if (o.facts.ratedByStaff) f.ratedByStaff++;
      }
    }
    for (const rec of receptions) {
      if (!rec.deputyIds.includes(id) || !inPeriod(rec.date)) continue;
      f.receptionsAttended++;
      f.villagersReceived += rec.villagersReceived;
    }
    return f;
  }

  const acc = createDisclosureAccumulator(PERIOD, deputies);
  // interleave the three sources in pages of random sizes, as the server reads them
  const queues = [
    records.map((x) => () => acc.addDutyRecord(x)),
    opinions.map((x) => () => acc.addOpinion(x.facts)),
    receptions.map((x) => () => acc.addReception(x)),
  ];
  while (queues.some((q) => q.length > 0)) {
    const queue = r.pick(queues.filter((q) => q.length > 0));
    queue.splice(0, 1 + r.int(100)).forEach((add) => add());
  }
  const result = acc.result();

  it.each(STATION)('deputy %s: every figure matches', (id) => {
    expect(result.rows.find((row) => row.deputyId === id)?.figures).toEqual(expectedFor(id));
  });

  it('the data exercises every figure', () => {
    for (const key of FIGURE_KEYS) expect(result.totals[key]).toBeGreaterThan(0);
  });

  it('station totals are the sum of the rows', () => {
    for (const key of FIGURE_KEYS) {
      expect(result.totals[key]).toBe(result.rows.reduce((sum, row) => sum + row.figures[key], 0));
    }
  });
});
