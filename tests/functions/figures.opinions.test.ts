/**
 * Every opinion figure against an independent count: more than 1000 cases (and their timelines)
 * written straight into the store — stations, villages, categories, channels, deputies, departments,
 * outcomes, ratings (some by staff), 无需答复, supervision, disputes — across two years and two townships.
 * For every figure and every kind of scope the report's value and every part equal what plain filters
 * over the stored documents count here; the parts add up; a drill-down lists as many records as the
 * figure (and a part's as the part). The other township's cases never count.
 */
import { isWorkday } from 'chinese-days';
import { partsThatDoNotAddUp } from '../../core/figures/figures.format';
import { figureDef } from '../../core/figures/figures.table';
import type {
  FigureDrill,
  FigurePart,
  FigureScope,
  FiguresReport,
  FigureValue,
} from '../../core/figures/figures.types';
import { PERSONAS } from '../../local/demo/township.seed';
import { demoCloud, submitOpinion, unwrap, type DemoCloud } from './support';

jest.setTimeout(600_000);

const NOW = '2026-06-10T02:00:00.000Z';
const TODAY = '2026-06-10';
const DAY = 86_400_000;
const HOUR = 3_600_000;

// ---------------------------------------------------------------- plain helpers (no product code)

// Stored documents of every shape, read by plain filters as they are.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

/** The China calendar day of an instant. */
const cnDay = (d: Date): string => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);
/** The instant a China day starts. */
const cnStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);
const plusDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const workdaysBetween = (from: string, to: string): number => {
  let n = 0;
  for (let d = plusDays(from, 1); d <= to; d = plusDays(d, 1)) if (isWorkday(d)) n++;
  return n;
};

/** A small deterministic random source. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

// ---------------------------------------------------------------- the seeded records

const STATIONS: Record<string, { villages: string[]; deputies: string[] }> = {
  JG01: { villages: ['jingu', 'xinmin', 'qinglong'], deputies: ['d01', 'd02', 'd03'] },
  JG02: { villages: ['baiguo', 'shiqiao'], deputies: ['d04', 'd05'] },
  JG03: { villages: ['heba', 'songlin', 'qingshui'], deputies: ['d06', 'd07', 'd08'] },
};
const CATEGORIES = [
  'road',
  'agriculture',
  'environment',
  'welfare',
  'health',
  'education',
  'dispute',
  'other',
];
const DEPARTMENTS = ['乡农业综合服务中心', '乡村建设办公室', '社会事务办公室', '综治中心', '乡卫生院'];
const RATINGS = ['satisfied', 'basicallySatisfied', 'unsatisfied'];
const N = 1300;
const NQ = 160;

function seedCases(cloud: DemoCloud): void {
  const rnd = random(20260610);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const first = Date.parse('2024-11-01T00:00:00+08:00');
  const last = Date.parse('2026-06-09T20:00:00+08:00');
  const now = Date.parse(NOW);
  const writes: { collection: string; id: string; doc: Doc & { _id: string } }[] = [];
  const make = (id: string, township: string | null) => {
    const station = township ? 'QS01' : pick(Object.keys(STATIONS));
    const village = township ? pick(['qingshan', 'longquan']) : pick(STATIONS[station]!.villages);
    const deputies = township ? ['q01'] : STATIONS[station]!.deputies;
    const submittedAt = new Date(first + Math.floor(rnd() * (last - first)));
    const submittedOn = cnDay(submittedAt);
    const filer = rnd();
    const filedBy =
      filer < 0.55
        ? { kind: 'self' }
        : filer < 0.75
          ? { kind: 'reception', dayId: 'day-x', recordedBy: 'wx-admin' }
          : { kind: 'stationAdmin', openid: 'wx-admin' };
    // 代录 says how the matter came (or says nothing); a few cases came through the Open311 door.
    const channel =
      filedBy.kind === 'stationAdmin'
        ? pick(['hotline', 'proxy', undefined])
        : filedBy.kind === 'self' && rnd() < 0.08
          ? pick(['12345', 'api'])
          : undefined;
    const history = [pick(deputies)];
    if (rnd() < 0.3) history.push(pick(township ? deputies : ['d01', 'd04', 'd06', 'd02', 'd07']));
    const deputyHistory = [...new Set(history)];
    // Some cases passed on: the first deputy handed it back (still in its history, no longer theirs).
    const handedBackBy = deputyHistory.length > 1 && submittedOn.endsWith('5') ? [deputyHistory[0]] : [];
    const at = (days: number, hours = 10) =>
      new Date(cnStart(plusDays(submittedOn, days)).getTime() + hours * HOUR);
    const doc: Doc = {
      _id: id,
      ...(township && { townshipId: township }),
      stationCode: station,
      villageCode: village,
      categoryCode: pick(CATEGORIES),
      text: `第${id}号：村里的路灯坏了很久，晚上出门不方便`,
      photos: [],
      anonymous: false,
      consentToPublish: false,
      filedBy,
      ...(channel && { channel }),
      owner: { kind: 'deputies', deputyIds: deputyHistory.filter((d) => !handedBackBy.includes(d)) },
      routing: { reason: '按村和类别', path: 'village+category' },
      limits: { acceptDays: 2, answerDays: 10 },
      submittedAt,
      submittedOn,
      assignedOn: submittedOn,
      acceptBy: plusDays(submittedOn, 2 + Math.floor(rnd() * 3)),
      answerBy: plusDays(submittedOn, 10 + Math.floor(rnd() * 10)),
      supervised: false,
      ratings: [],
      reopenCount: 0,
      handedBackBy,
      followers: [],
      deputyHistory,
      rev: 1,
    };
    const events: Doc[] = [{ type: 'submitted', at: submittedAt }];
    const fate = rnd();
    const answerIn = Math.floor(rnd() * 30);
    const resolveIn = answerIn + Math.floor(rnd() * 12);
    const inPast = (d: Date) => d.getTime() < now - HOUR;
    if (fate < 0.04)
      Object.assign(doc, { status: 'closed', outcome: 'rejected', owner: { kind: 'presidium' } });
    else if (fate < 0.07) Object.assign(doc, { status: 'review', owner: { kind: 'presidium' } });
    else if (fate < 0.1) Object.assign(doc, { status: 'merged', mergedInto: 'x' });
    else if (fate < 0.16) {
      Object.assign(doc, {
        status: 'closed',
        outcome: 'noReplyNeeded',
        noReplyNeeded: true,
        villagerWord: '不用回复了',
        closedAt: at(1),
      });
    } else if (fate < 0.3) Object.assign(doc, { status: 'assigned' });
    else if (fate < 0.42) Object.assign(doc, { status: 'accepted', acceptedOn: plusDays(submittedOn, 1) });
    else {
      // Answered (maybe by a department), then maybe resolved and rated.
      const transferred = fate < 0.6;
      const acceptedOn = plusDays(submittedOn, Math.floor(rnd() * 4));
      const answeredOn = plusDays(submittedOn, answerIn);
      const answeredAt = new Date(cnStart(answeredOn).getTime() + 12 * HOUR);
      doc.acceptedOn = acceptedOn;
      const dept = pick(DEPARTMENTS);
      if (transferred) {
        const sentOn = plusDays(submittedOn, Math.floor(answerIn / 3));
        const sentAt = new Date(cnStart(sentOn).getTime() + 9 * HOUR);
        if (inPast(sentAt)) {
          if (rnd() < 0.2) {
            const other = pick(DEPARTMENTS);
            events.push({
              type: 'transferred',
              at: new Date(sentAt.getTime() - HOUR),
              data: { departmentName: other },
            });
          }
          events.push({ type: 'transferred', at: sentAt, data: { departmentName: dept } });
          doc.owner = {
            kind: 'department',
            departmentId: 'agri',
            departmentName: dept,
            deputyIds: deputyHistory,
          };
          doc.status = 'transferred';
        }
      } else doc.status = 'accepted';
      if (inPast(answeredAt) && (!transferred || doc.status === 'transferred')) {
        Object.assign(doc, { status: 'replied', answer: '已经处理', answeredOn });
        events.push({
          type: 'replied',
          at: answeredAt,
          ...(transferred && { data: { departmentName: dept } }),
        });
        const resolvedAt = at(resolveIn, 15);
        if (fate < 0.9 && inPast(resolvedAt)) {
          Object.assign(doc, { status: 'resolved', resolvedAt });
          events.push({ type: 'resolved', at: resolvedAt });
          const r = rnd();
          if (r < 0.75) {
            const rating = pick(RATINGS);
            const byStaff = rnd() < 0.2;
            const ratedAt = new Date(resolvedAt.getTime() + HOUR);
            doc.ratings = [{ rating, at: ratedAt, ...(byStaff && { byStaff: true }) }];
            Object.assign(doc, { status: 'closed', outcome: rating, closedAt: ratedAt });
            events.push({ type: 'rated', at: ratedAt, data: { rating, ...(byStaff && { byStaff: true }) } });
          }
        }
      }
    }
    // Supervision: by the presidium (督办), or after 不满意 (reopened); some several times.
    if (rnd() < 0.15 && doc.status !== 'review' && doc.outcome !== 'rejected') {
      const times = 1 + Math.floor(rnd() * 2);
      for (let k = 0; k < times; k++) {
        const sAt = at(3 + k * 20 + Math.floor(rnd() * 10), 9);
        if (inPast(sAt)) events.push({ type: rnd() < 0.7 ? 'supervised' : 'reopened', at: sAt });
      }
      doc.supervised = rnd() < 0.5;
    }
    writes.push({ collection: 'opinions', id, doc: doc as Doc & { _id: string } });
    events.forEach((e, i) => {
      const eid = `${id}:${String(i + 1).padStart(4, '0')}`;
      writes.push({
        collection: 'opinionEvents',
        id: eid,
        doc: {
          _id: eid,
          ...(township && { townshipId: township }),
          opinionId: id,
          actorRole: e.type === 'replied' && e.data ? 'department' : 'deputy',
          visibleToVillager: true,
          seq: i + 1,
          ...e,
        },
      });
    });
  };
  for (let i = 0; i < N; i++) make(`fo${String(i).padStart(5, '0')}`, null);
  for (let i = 0; i < NQ; i++) make(`fq${String(i).padStart(5, '0')}`, 'qingshan');
  for (let i = 0; i < writes.length; i += 500) cloud.store.commit(writes.slice(i, i + 500));
}

// ---------------------------------------------------------------- the independent count

interface Counted {
  /** The case (or case × deputy of a level) with its keys per breakdown. */
  keys: Record<string, string>;
  id: string;
}

interface Expected {
  /** null: an average of nothing (暂无). */
  value: number | null;
  records: Counted[];
  breakdowns: string[];
}

function stored(cloud: DemoCloud, collection: string): Doc[] {
  return [...cloud.store.entries(collection).values()]
    .map((e) => e.doc as Doc)
    .filter((d) => d.townshipId === 'jingu');
}

/** What the figures must say, counted here from the stored documents. */
function expectedFigures(
  cloud: DemoCloud,
  period: { start: string; end: string },
  scope: FigureScope,
): Map<string, Expected> {
  const asOf = period.end < TODAY ? period.end : TODAY;
  const from = cnStart(period.start).getTime();
  const to = cnStart(plusDays(asOf, 1)).getTime();
  const inInstants = (d: unknown) => d instanceof Date && d.getTime() >= from && d.getTime() < to;
  const inDays = (d: unknown) => typeof d === 'string' && d >= period.start && d <= asOf;
  const disputes = new Set(
    stored(cloud, 'categories')
      .filter((c) => c.dispute === true)
      .map((c) => c.code as string),
  );
  const levelIds =
    scope.kind === 'level'
      ? stored(cloud, 'deputies')
          .filter((d) => d.level === scope.level)
          .map((d) => d._id as string)
      : [];
  const opinions = stored(cloud, 'opinions').filter((o) => {
    if (o.outcome === 'rejected') return false;
    if (scope.kind === 'station') return o.stationCode === scope.stationCode;
    if (scope.kind === 'village') return o.villageCode === scope.villageCode;
    if (scope.kind === 'deputy')
      return (
        (o.deputyHistory as string[]).includes(scope.deputyId) &&
        !(o.handedBackBy as string[]).includes(scope.deputyId)
      );
    if (scope.kind === 'level') return (o.deputyHistory as string[]).some((d) => levelIds.includes(d));
    return true;
  });
  const byId = new Map(opinions.map((o) => [o._id as string, o]));
  const channelOf = (o: Doc): string =>
    o.channel ??
    (o.filedBy.kind === 'stationAdmin' ? 'proxy' : o.filedBy.kind === 'self' ? 'scan' : 'reception');
  /** A case once, or once per deputy of the level it was ever assigned to. */
  const copies = (o: Doc): string[] =>
    scope.kind === 'level'
      ? [...new Set(o.deputyHistory as string[])].filter((d) => levelIds.includes(d))
      : [''];
  const out = new Map<string, Expected>();
  const caseFigure = (name: string, test: (o: Doc) => boolean, month: (o: Doc) => string) => {
    const records: Counted[] = [];
    for (const o of opinions)
      if (test(o))
        for (const deputy of copies(o))
          records.push({
            id: o._id,
            keys: {
              station: o.stationCode,
              village: o.villageCode,
              category: o.categoryCode,
              channel: channelOf(o),
              month: month(o),
              ...(scope.kind === 'level' && { deputy }),
            },
          });
    out.set(`opinions.${name}`, {
      value: records.length,
      records,
      breakdowns: [
        'station',
        'village',
        'category',
        'channel',
        'month',
        ...(scope.kind === 'level' ? ['deputy'] : []),
      ],
    });
  };
  const sMonth = (o: Doc) => String(o.submittedOn).slice(0, 7);
  const aMonth = (o: Doc) => String(o.answeredOn).slice(0, 7);
  const rMonth = (o: Doc) => cnDay(o.resolvedAt).slice(0, 7);
  const received = (o: Doc) => inInstants(o.submittedAt);
  const toHandle = (o: Doc) => received(o) && o.noReplyNeeded !== true && o.status !== 'merged';
  const resolvedBy = (o: Doc) => o.resolvedAt instanceof Date && o.resolvedAt.getTime() < to;
  const counted = (o: Doc) => o.status !== 'merged' && o.status !== 'review';
  const answered = (o: Doc) => inDays(o.answeredOn) && o.noReplyNeeded !== true && counted(o);
  const resolved = (o: Doc) => inInstants(o.resolvedAt) && counted(o);
  const last = (o: Doc) => (o.ratings as Doc[])[o.ratings.length - 1];
  const rated = (o: Doc) => resolved(o) && last(o) !== undefined && last(o).byStaff !== true;
  // The deadline running on asOf, written out again here.
  const due = (o: Doc): string | null => {
    if (resolvedBy(o)) return null;
    if (o.status === 'assigned' || (o.acceptedOn && o.acceptedOn > asOf)) return o.acceptBy;
    if (o.status === 'accepted' || o.status === 'transferred' || (o.answeredOn && o.answeredOn > asOf))
      return o.answerBy;
    return null;
  };
  caseFigure('received', received, sMonth);
  caseFigure('noReplyNeeded', (o) => received(o) && o.noReplyNeeded === true, sMonth);
  caseFigure('toHandle', toHandle, sMonth);
  caseFigure('receivedResolved', (o) => toHandle(o) && resolvedBy(o), sMonth);
  caseFigure('open', (o) => toHandle(o) && !resolvedBy(o), sMonth);
  caseFigure(
    'overdue',
    (o) => {
      const d = due(o);
      return toHandle(o) && !resolvedBy(o) && d !== null && asOf > d;
    },
    sMonth,
  );
  caseFigure('answered', answered, aMonth);
  caseFigure('onTime', (o) => answered(o) && o.answeredOn <= o.answerBy, aMonth);
  caseFigure('resolved', resolved, rMonth);
  caseFigure('rated', rated, rMonth);
  caseFigure(
    'satisfied',
    (o) => rated(o) && ['satisfied', 'basicallySatisfied'].includes(last(o).rating),
    rMonth,
  );
  caseFigure('disputes', (o) => toHandle(o) && disputes.has(o.categoryCode), sMonth);
  caseFigure('disputesResolved', (o) => toHandle(o) && disputes.has(o.categoryCode) && resolvedBy(o), sMonth);

  // The timeline's figures.
  const events = stored(cloud, 'opinionEvents').sort((a, b) => a.at.getTime() - b.at.getTime());
  const eventFigure = (name: string, types: string[], withDepartment: boolean) => {
    const perCase = new Map<string, Doc[]>();
    for (const e of events)
      if (types.includes(e.type) && inInstants(e.at) && byId.has(e.opinionId))
        perCase.set(e.opinionId, [...(perCase.get(e.opinionId) ?? []), e]);
    const records: Counted[] = [];
    for (const [id, es] of perCase) {
      const o = byId.get(id)!;
      const month = cnDay((withDepartment ? es[es.length - 1]! : es[0]!).at).slice(0, 7);
      for (const deputy of copies(o))
        records.push({
          id,
          keys: {
            station: o.stationCode,
            village: o.villageCode,
            category: o.categoryCode,
            month,
            ...(withDepartment
              ? { department: es[es.length - 1]!.data.departmentName }
              : { channel: channelOf(o) }),
            ...(scope.kind === 'level' && { deputy }),
          },
        });
    }
    out.set(`opinions.${name}`, {
      value: records.length,
      records,
      breakdowns: [
        'station',
        'village',
        'category',
        'month',
        withDepartment ? 'department' : 'channel',
        ...(scope.kind === 'level' ? ['deputy'] : []),
      ],
    });
  };
  eventFigure('supervised', ['supervised', 'reopened'], false);
  eventFigure('transferred', ['transferred'], true);

  // The departments' answers: days from the case's last transfer before each answer.
  const answers: { id: string; department: string; days: number }[] = [];
  for (const e of events) {
    if (e.type !== 'replied' || !e.data?.departmentName || !inInstants(e.at) || !byId.has(e.opinionId))
      continue;
    const sent = events.filter(
      (t) => t.opinionId === e.opinionId && t.type === 'transferred' && t.at.getTime() <= e.at.getTime(),
    );
    if (sent.length === 0) continue;
    answers.push({
      id: e.opinionId,
      department: e.data.departmentName,
      days: workdaysBetween(cnDay(sent[sent.length - 1]!.at), cnDay(e.at)),
    });
  }
  out.set('opinions.departmentAnswerDays', {
    value: answers.length
      ? Math.round((answers.reduce((s, a) => s + a.days, 0) / answers.length) * 10) / 10
      : null,
    records: answers.map((a) => ({ id: a.id, keys: { department: a.department, days: String(a.days) } })),
    breakdowns: [],
  });
  return out;
}

/** Parts as the report should give them: sums per key, compared regardless of order. */
function partsOf(records: readonly Counted[], breakdown: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.keys[breakdown]!] = (out[r.keys[breakdown]!] ?? 0) + 1;
  return out;
}
const asRecord = (parts: readonly FigurePart[] | undefined) =>
  Object.fromEntries((parts ?? []).map((p) => [p.key, p.value]));

// ---------------------------------------------------------------- the tests

let cloud: DemoCloud;
beforeAll(async () => {
  cloud = await demoCloud(new Date(NOW));
  seedCases(cloud);
});
afterAll(() => cloud.stop());

const PERIODS = [
  { name: '2025', input: { kind: 'year', year: 2025 }, start: '2025-01-01', end: '2025-12-31' },
  { name: '2026', input: { kind: 'year', year: 2026 }, start: '2026-01-01', end: '2026-12-31' },
  // Longer than a year (a term's figures).
  {
    name: '2024-11-01…2026-06-10',
    input: { kind: 'custom', start: '2024-11-01', end: '2026-06-10' },
    start: '2024-11-01',
    end: '2026-06-10',
  },
] as const;
const SCOPES: FigureScope[] = [
  { kind: 'township' },
  { kind: 'station', stationCode: 'JG01' },
  { kind: 'village', villageCode: 'baiguo' },
  { kind: 'deputy', deputyId: 'd01' },
  { kind: 'level', level: 'county' },
];

const report = async (period: object, scope: FigureScope) =>
  unwrap(
    await cloud.call<FiguresReport>('figures', { action: 'report', period, scope }, PERSONAS.presidium, NOW),
  );
const drill = async (
  period: object,
  scope: FigureScope,
  code: string,
  part?: { breakdown: string; key: string },
) =>
  unwrap(
    await cloud.call<FigureDrill>(
      'figures',
      { action: 'drill', period, scope, code, limit: 50, ...(part && { part }) },
      PERSONAS.presidium,
      NOW,
    ),
  );

it('seeds more than 1000 cases and their timelines in each collection', () => {
  expect(stored(cloud, 'opinions').length).toBeGreaterThan(1000);
  expect(stored(cloud, 'opinionEvents').length).toBeGreaterThan(1000);
});

describe.each(PERIODS)('$name', (period) => {
  it.each(SCOPES.map((s) => [s.kind, s] as const))(
    'in scope %s every opinion figure and part is the independent count, the parts add up and drill-downs list as many',
    async (_kind, scope) => {
      const got = await report(period.input, scope);
      const want = expectedFigures(cloud, period, scope);
      const figures = new Map<string, FigureValue>(got.figures.map((f) => [f.code, f]));
      const opinionCodes = [...figures.keys()].filter((c) => c.startsWith('opinions.'));
      expect(opinionCodes.length).toBeGreaterThanOrEqual(20);
      let nonZero = 0;
      for (const c of opinionCodes) {
        const def = figureDef(c)!;
        const f = figures.get(c)!;
        expect({ c, broken: partsThatDoNotAddUp(def, f) }).toEqual({ c, broken: [] });
        if (def.rate) {
          const n = want.get(def.rate.numerator)!.value ?? 0;
          const d = want.get(def.rate.denominator)!.value ?? 0;
          expect({ c, n: f.numerator, d: f.denominator }).toEqual({ c, n, d });
          expect({ c, v: f.value }).toEqual({ c, v: d - 0 >= 5 ? n / d : null });
          continue;
        }
        const e = want.get(c);
        expect(e).toBeDefined();
        expect({ c, value: f.value }).toEqual({ c, value: e!.value });
        if ((e!.value ?? 0) > 0) nonZero++;
        if (c === 'opinions.departmentAnswerDays') {
          const byDept = new Map<string, number[]>();
          for (const r of e!.records)
            byDept.set(r.keys.department!, [...(byDept.get(r.keys.department!) ?? []), Number(r.keys.days)]);
          const avg = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10) / 10;
          expect(asRecord(f.parts.department)).toEqual(
            Object.fromEntries([...byDept].map(([k, xs]) => [k, avg(xs)])),
          );
        } else {
          for (const b of e!.breakdowns)
            expect({ c, b, parts: asRecord(f.parts[b as keyof typeof f.parts]) }).toEqual({
              c,
              b,
              parts: partsOf(e!.records, b),
            });
          // Nothing beyond what means something here (按代表 only over a level's deputies).
          expect(Object.keys(f.parts).sort()).toEqual([...e!.breakdowns].sort());
        }
        // The drill-down lists the records that make the figure (an average: the answers it averages).
        const page = await drill(period.input, scope, c);
        expect({ c, total: page.total }).toEqual({ c, total: e!.records.length });
        expect(page.rows.length).toBe(Math.min(50, e!.records.length));
        for (const r of page.rows) expect(e!.records.some((x) => x.id === r.id)).toBe(true);
      }
      expect(nonZero).toBeGreaterThanOrEqual(10);
    },
  );
});

it("a part's drill-down lists as many records as the part, for every breakdown of every figure", async () => {
  const period = PERIODS[0];
  // Every count in the township; a level's (counted per deputy) for one figure of each family.
  for (const [scope, only] of [
    [SCOPES[0]!, null],
    [SCOPES[4]!, ['opinions.received', 'opinions.supervised']],
  ] as const) {
    const got = await report(period.input, scope);
    for (const f of got.figures.filter((x) => x.code.startsWith('opinions.'))) {
      const def = figureDef(f.code)!;
      if (def.rate || def.unit === 'workingDays' || (only && !(only as readonly string[]).includes(f.code)))
        continue;
      for (const [breakdown, parts] of Object.entries(f.parts)) {
        const part = parts![parts!.length - 1];
        if (!part) continue;
        const page = await drill(period.input, scope, f.code, { breakdown, key: part.key });
        expect({ code: f.code, breakdown, total: page.total }).toEqual({
          code: f.code,
          breakdown,
          total: part.value,
        });
      }
    }
  }
});

it('pages through a drill-down to exactly the records of the figure', async () => {
  const period = PERIODS[0];
  const want = expectedFigures(cloud, period, { kind: 'township' }).get('opinions.overdue')!;
  const ids: string[] = [];
  let cursor: string | null | undefined;
  do {
    const page = unwrap(
      await cloud.call<FigureDrill>(
        'figures',
        {
          action: 'drill',
          period: period.input,
          code: 'opinions.overdue',
          limit: 50,
          ...(cursor && { cursor }),
        },
        PERSONAS.presidium,
        NOW,
      ),
    );
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.next;
  } while (cursor);
  expect(ids.length).toBe(want.value);
  expect(new Set(ids)).toEqual(new Set(want.records.map((r) => r.id)));
});

it("another township's cases never count", async () => {
  const got = await report(PERIODS[0].input, { kind: 'township' });
  const received = got.figures.find((f) => f.code === 'opinions.received')!;
  const qs = [...cloud.store.entries('opinions').values()].filter((e) => e.doc.townshipId === 'qingshan');
  expect(qs.length).toBe(NQ);
  expect(received.parts.station!.some((p) => p.key === 'QS01')).toBe(false);
  const page = await drill(PERIODS[0].input, { kind: 'township' }, 'opinions.received');
  expect(page.rows.some((r) => r.id.startsWith('fq'))).toBe(false);
});

it("a station's public card shows this year's received, answered, on time and satisfied, as the report counts them, to anyone", async () => {
  const card = unwrap(
    await cloud.call<{
      stationCode: string;
      stationName: string;
      periodLabel: string;
      asOf: string;
      items: {
        code: string;
        value: number | null;
        display: string;
        numerator?: number;
        denominator?: number;
      }[];
    }>(
      'figures',
      { action: 'publicCard', stationCode: 'JG02', townshipId: undefined },
      PERSONAS.villager,
      NOW,
    ),
  );
  expect(card).toMatchObject({ stationCode: 'JG02', periodLabel: '2026年', asOf: TODAY });
  const want = expectedFigures(cloud, PERIODS[1], { kind: 'station', stationCode: 'JG02' });
  const item = (code: string) => card.items.find((i) => i.code === code)!;
  expect(card.items.map((i) => i.code)).toEqual([
    'opinions.received',
    'opinions.answered',
    'opinions.onTimeRate',
    'opinions.satisfactionRate',
  ]);
  expect(item('opinions.received').value).toBe(want.get('opinions.received')!.value);
  expect(item('opinions.answered').value).toBe(want.get('opinions.answered')!.value);
  const onTime = item('opinions.onTimeRate');
  expect([onTime.numerator, onTime.denominator]).toEqual([
    want.get('opinions.onTime')!.value,
    want.get('opinions.answered')!.value,
  ]);
  const rated = want.get('opinions.rated')!.value ?? 0;
  const satisfied = want.get('opinions.satisfied')!.value ?? 0;
  expect(item('opinions.satisfactionRate').value).toBe(rated >= 5 ? satisfied / rated : null);
  // No case, text or person on the card: counts only.
  expect(JSON.stringify(card)).not.toMatch(/fo\d{5}|路灯|wx-/);
  // Below the fair minimum it is 样本不足, never a number: on New Year's morning nothing is rated yet.
  const none = unwrap(
    await cloud.call<{ items: { code: string; value: number | null; display: string }[] }>(
      'figures',
      { action: 'publicCard', stationCode: 'JG03', townshipId: undefined },
      PERSONAS.villager,
      '2026-01-01T01:00:00.000Z',
    ),
  );
  expect(none.items.find((i) => i.code === 'opinions.satisfactionRate')!.display).toMatch(/^样本不足/);
  const missing = await cloud.call(
    'figures',
    { action: 'publicCard', stationCode: 'XX99', townshipId: undefined },
    PERSONAS.villager,
  );
  expect(missing).toMatchObject({ ok: false, error: { code: 'STATION_NOT_FOUND' } });
});

it('the presidium marks a category 矛盾纠纷类 and its cases count as disputes from then on', async () => {
  const before = await report(PERIODS[0].input, { kind: 'township' });
  const disputes = (r: FiguresReport) => r.figures.find((f) => f.code === 'opinions.disputes')!;
  expect(disputes(before).parts.category!.map((p) => p.key)).toEqual(['dispute']);
  unwrap(
    await cloud.call(
      'admin',
      {
        action: 'upsertCategory',
        code: 'health',
        name: '医疗卫生',
        acceptDays: 2,
        answerDays: 10,
        active: true,
        dispute: true,
      },
      PERSONAS.presidium,
      NOW,
    ),
  );
  // Saved again without the flag, it stays as it was.
  unwrap(
    await cloud.call(
      'admin',
      {
        action: 'upsertCategory',
        code: 'health',
        name: '医疗卫生',
        acceptDays: 2,
        answerDays: 10,
        active: true,
      },
      PERSONAS.presidium,
      NOW,
    ),
  );
  const after = await report(PERIODS[0].input, { kind: 'township' });
  const want = expectedFigures(cloud, PERIODS[0], { kind: 'township' }).get('opinions.disputes')!;
  expect(disputes(after).value).toBe(want.value);
  expect(new Set(disputes(after).parts.category!.map((p) => p.key))).toEqual(new Set(['dispute', 'health']));
  expect(disputes(after).value).toBeGreaterThan(disputes(before).value!);
});

it('a station admin filing on a villager’s behalf says whether it came by phone (来电) or in person (来访); the figures count it so', async () => {
  const filed = async (openid: string, requestId: string, channel?: string) =>
    unwrap(
      await submitOpinion(
        cloud,
        openid,
        { requestId, text: '村民打电话说河堤有一段塌了，请派人看看', ...(channel && { channel }) },
        NOW,
      ),
    ).id;
  const byPhone = await filed(PERSONAS.stationAdmin, 'fa-channel-hotline-1', 'hotline');
  const inPerson = await filed(PERSONAS.stationAdmin, 'fa-channel-proxy-1');
  const own = await filed(PERSONAS.villager, 'fa-channel-own-1', 'hotline');
  const doc = (id: string) => cloud.store.get('opinions', id)!.doc as Doc;
  expect([doc(byPhone).channel, doc(byPhone).filedBy.kind]).toEqual(['hotline', 'stationAdmin']);
  expect(doc(inPerson).channel).toBe('proxy');
  // A villager's own filing is the scan, whatever the payload says.
  expect(doc(own).channel).toBeUndefined();
  const got = await report(PERIODS[1].input, { kind: 'township' });
  const channels = asRecord(got.figures.find((f) => f.code === 'opinions.received')!.parts.channel);
  const want = expectedFigures(cloud, PERIODS[1], { kind: 'township' }).get('opinions.received')!;
  expect(channels).toEqual(partsOf(want.records, 'channel'));
  expect(channels.hotline).toBeGreaterThan(0);
});
