/**
 * Correctness at scale: thousands of duty records, opinions, reception days and bookings seeded
 * straight into the store (well past CloudBase's 100/1000 cuts), then every figure of every drafted
 * notice checked against a count computed here, independently of core/duty.
 */
import { addDays, chinaDate, chinaInstant } from '../../core/calendar/china-time';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import { demoCloud } from './support';

type Cloud = Awaited<ReturnType<typeof demoCloud>>;
let cloud: Cloud;
afterAll(() => cloud?.stop());

const today = chinaDate(new Date());
const PERIOD = dueDefaultPeriods(today)[0];
const STATIONS: Record<string, string[]> = {
  JG01: ['d01', 'd02', 'd03'],
  JG02: ['d04', 'd05'],
  JG03: ['d06', 'd07', 'd08'],
};
const ALL_DEPUTIES = Object.values(STATIONS).flat();
const stationOf = (d: string) => Object.keys(STATIONS).find((s) => STATIONS[s].includes(d))!;

// A small deterministic generator, so a failure can be replayed.
let seed = 20251122;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
/** A day from 30 days before the period to 30 days after it. */
const someDay = () => addDays(PERIOD.start, Math.floor(rand() * 243) - 30);
const inP = (day: string) => PERIOD.start <= day && day <= PERIOD.end;

type Doc = Record<string, unknown> & { _id: string };
const records: Doc[] = [];
const opinions: Doc[] = [];
const days: Doc[] = [];
const bookings: Doc[] = [];

const MANUAL = ['reception', 'visit', 'inspection', 'meeting', 'suggestion', 'training', 'help'];
const SYSTEM = [
  'reception',
  'meeting',
  'opinionAccepted',
  'opinionReplied',
  'opinionTransferred',
  'opinionResolved',
];

function build() {
  for (let i = 0; i < 3000; i++) {
    const deputyId = pick(ALL_DEPUTIES);
    const system = rand() < 0.35;
    records.push({
      _id: `rec-${i}`,
      deputyId,
      stationCode: stationOf(deputyId),
      type: system ? pick(SYSTEM) : pick(MANUAL),
      date: someDay(),
      description: '履职',
      peopleReached: Math.floor(rand() * 20),
      photos: [],
      createdAt: new Date(),
      ...(system
        ? { source: 'system', sourceRef: `x:${i}` }
        : { source: 'manual', status: pick(['approved', 'approved', 'pending', 'returned']) }),
    });
  }
  const statuses = [
    'assigned',
    'accepted',
    'transferred',
    'replied',
    'resolved',
    'closed',
    'merged',
    'review',
  ];
  for (let i = 0; i < 2600; i++) {
    const status = pick(statuses);
    const submittedOn = someDay();
    const kind = rand() < 0.05 ? 'presidium' : rand() < 0.1 ? 'department' : 'deputies';
    const ids = rand() < 0.15 ? [pick(ALL_DEPUTIES), pick(ALL_DEPUTIES)] : [pick(ALL_DEPUTIES)];
    const deputyIds = [...new Set(ids)];
    const answered = ['replied', 'resolved', 'closed'].includes(status) || rand() < 0.1;
    const resolved = ['resolved', 'closed'].includes(status) || (status === 'accepted' && rand() < 0.2);
    const ratings =
      resolved && rand() < 0.7
        ? [{ rating: pick(['satisfied', 'basicallySatisfied', 'unsatisfied']), at: new Date() }]
        : [];
    opinions.push({
      _id: `op-${String(i).padStart(5, '0')}`,
      stationCode: stationOf(deputyIds[0]),
      villageCode: 'v',
      categoryCode: 'c',
      text: '意见',
      status,
      owner:
        kind === 'presidium'
          ? { kind }
          : kind === 'department'
            ? { kind, departmentId: 'dep', departmentName: '农业办', deputyIds }
            : { kind, deputyIds },
      submittedAt: chinaInstant(submittedOn, `${String(Math.floor(rand() * 24)).padStart(2, '0')}:30`),
      submittedOn,
      acceptBy: addDays(submittedOn, 2),
      answerBy: addDays(submittedOn, Math.floor(rand() * 400)),
      ...(answered ? { answeredOn: addDays(submittedOn, Math.floor(rand() * 20)) } : {}),
      ...(resolved
        ? { resolvedAt: chinaInstant(addDays(submittedOn, Math.floor(rand() * 40)), '23:59') }
        : {}),
      ...(status === 'closed' && rand() < 0.1 ? { outcome: 'rejected' } : {}),
      ...(rand() < 0.05 ? { noReplyNeeded: true } : {}),
      ratings,
      supervised: true,
      deputyHistory: deputyIds,
      handedBackBy: [],
      followers: [],
      reopenCount: 0,
      rev: 1,
    });
  }
  for (let i = 0; i < 320; i++) {
    const station = pick(Object.keys(STATIONS));
    const date = someDay();
    const id = `day-${i}`;
    days.push({
      _id: id,
      stationCode: station,
      date,
      start: '09:00',
      end: '11:00',
      deputyIds: STATIONS[station].filter(() => rand() < 0.6),
      capacity: 'unlimited',
      booked: 0,
      status: pick(['scheduled', 'done', 'done', 'cancelled']),
    });
    const n = Math.floor(rand() * 8);
    for (let b = 0; b < n; b++)
      bookings.push({
        _id: `bk-${i}-${b}`,
        dayId: id,
        slotId: 'day',
        openid: `v-${i}-${b}`,
        status: pick(['checkedIn', 'checkedIn', 'booked', 'cancelled']),
        checkInCode: 'ABCDEF',
        bookedAt: new Date(),
      });
  }
}

/** The expected figures, counted here by the rules as the issue states them. */
function expected(deputyId: string): Record<string, number> {
  const f: Record<string, number> = {};
  const inc = (k: string, n = 1) => (f[k] = (f[k] ?? 0) + n);
  for (const r of records) {
    if (r.deputyId !== deputyId || !inP(r.date as string)) continue;
    const type = r.type as string;
    const counts =
      r.source === 'manual' ? r.status === 'approved' : !type.startsWith('opinion') && type !== 'reception';
    if (!counts) continue;
    inc(type);
    inc('peopleReached', r.peopleReached as number);
  }
  for (const o of opinions) {
    const owner = o.owner as { deputyIds?: string[] };
    if (!owner.deputyIds?.includes(deputyId)) continue;
    if (o.status === 'merged' || o.status === 'review' || o.outcome === 'rejected') continue;
    if (inP(chinaDate(o.submittedAt as Date))) {
      inc('opinionsReceived');
      // 超期未办结 as of the period's end (issue 12 §7): the deadline running that day, from the days recorded.
      const asOf = today < PERIOD.end ? today : PERIOD.end;
      const resolvedBy = o.resolvedAt !== undefined && chinaDate(o.resolvedAt as Date) <= asOf;
      const after = (day: unknown) => typeof day === 'string' && day > asOf;
      const due = resolvedBy
        ? null
        : o.status === 'assigned' || after(o.acceptedOn)
          ? o.acceptBy
          : ['accepted', 'transferred'].includes(o.status as string) || after(o.answeredOn)
            ? o.answerBy
            : null;
      if (o.noReplyNeeded) inc('noReplyNeeded');
      else if (due !== null && asOf > (due as string)) inc('opinionsOverdue');
    }
    if (o.answeredOn && inP(o.answeredOn as string)) inc('opinionsAnswered');
    if (o.resolvedAt && inP(chinaDate(o.resolvedAt as Date))) {
      inc('opinionsResolved');
      const ratings = o.ratings as { rating: string }[];
      const last = ratings[ratings.length - 1]?.rating;
      if (last) inc(last === 'unsatisfied' ? 'dissatisfied' : last);
    }
  }
  for (const d of days) {
    if (!(d.deputyIds as string[]).includes(deputyId) || d.status === 'cancelled' || !inP(d.date as string))
      continue;
    if ((d.date as string) > today) continue;
    // Held = a reception record or check-ins (issue 12 §7); this seed writes no records.
    const checkedIn = bookings.filter((b) => b.dayId === d._id && b.status === 'checkedIn').length;
    if (checkedIn === 0) continue;
    inc('receptionsAttended');
    inc('villagersReceived', checkedIn);
  }
  return f;
}

interface NoticeView {
  rows: { deputyId: string; cells: number[] }[];
  columns: { key: string }[];
  totals: { cells: number[] };
}

describe('notice figures at scale', () => {
  beforeAll(async () => {
    cloud = await demoCloud();
    build();
    const writes = (collection: string, docs: Doc[]) => docs.map((doc) => ({ collection, id: doc._id, doc }));
    cloud.store.commit([
      ...writes('dutyRecords', records),
      ...writes('opinions', opinions),
      ...writes('receptionDays', days),
      ...writes('bookings', bookings),
    ]);
  }, 60_000);

  it('seeds far more than one query can answer', () => {
    const inPeriodOpinions = opinions.filter((o) => inP(chinaDate(o.submittedAt as Date))).length;
    expect(records.length).toBeGreaterThan(2000);
    expect(inPeriodOpinions).toBeGreaterThan(1000);
    expect(bookings.length).toBeGreaterThan(1000);
  });

  it.each(Object.keys(STATIONS))('every figure of %s equals an independent count', async (station) => {
    const res = await cloud.call<NoticeView>(
      'duty',
      { action: 'draftNotice', stationCode: station, periodId: PERIOD.id },
      'demo-presidium',
    );
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const view = res.data;
    expect(view.rows.map((r) => r.deputyId).sort()).toEqual(STATIONS[station]);
    const keys = view.columns.map((c) => c.key);
    let nonZero = 0;
    for (const row of view.rows) {
      const want = expected(row.deputyId);
      const got = Object.fromEntries(keys.map((k, i) => [k, row.cells[i]]));
      const wantAll = Object.fromEntries(keys.map((k) => [k, want[k] ?? 0]));
      expect({ deputy: row.deputyId, ...got }).toEqual({ deputy: row.deputyId, ...wantAll });
      nonZero += Object.values(got).filter((n) => n > 0).length;
    }
    // Totals are the sum of the rows.
    keys.forEach((_, i) => expect(view.totals.cells[i]).toBe(view.rows.reduce((s, r) => s + r.cells[i], 0)));
    expect(nonZero).toBeGreaterThan(view.rows.length * 10);
  });
});
