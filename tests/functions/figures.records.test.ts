/**
 * The reception, duty-record and publicity figures at scale: more than a thousand documents in every
 * collection they count (reception days, bookings, reception records, duty records, notices,
 * evaluations and their ratings, articles, outbox messages, reads), across stations, deputies, types,
 * statuses, two years and two townships, written straight into the store. Every figure and every part
 * is compared with a count made here from the stored documents (plain JS, by the definitions' words),
 * every breakdown adds up, a drill-down's total is its figure's (and each part's), and no query of
 * theirs is left to a full scan.
 */
import { addDays, chinaDate, chinaInstant } from '../../core/calendar/china-time';
import type { FigureDrill, FiguresReport, FigureScope } from '../../core/figures/figures.types';
import { PERSONAS } from '../../local/demo/township.seed';
import { GROWING_COLLECTIONS } from '../../server/db/collections';
import { demoCloud, unwrap, type DemoCloud } from './support';

jest.setTimeout(240_000);

const NOW = '2026-06-10T02:00:00.000Z';
const TODAY = '2026-06-10';
let cloud: DemoCloud;

type Doc = Record<string, unknown> & { _id: string };
type Parts = Record<string, Record<string, number>>;
interface Want {
  value: number;
  parts: Parts;
}

// --- a deterministic seed -------------------------------------------------------------------------------

let seed = 20261202;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (n: number) => Math.floor(rand() * n);
/** A day from 2025-01-01 to 2026-07-31 (some after today). */
const someDay = () => addDays('2025-01-01', int(577));
const at = (day: string) =>
  chinaInstant(day, `${String(int(24)).padStart(2, '0')}:${String(int(60)).padStart(2, '0')}`);

const STATIONS: Record<string, string[]> = {
  JG01: ['d01', 'd02', 'd03'],
  JG02: ['d04', 'd05'],
  JG03: ['d06', 'd07', 'd08'],
};
const VILLAGES: Record<string, string[]> = {
  JG01: ['jingu', 'xinmin', 'qinglong'],
  JG02: ['baiguo', 'shiqiao'],
  JG03: ['heba', 'songlin', 'qingshui'],
};
const LEVEL_TOWNSHIP = ['d02', 'd05', 'd07', 'd08'];
const ALL_DEPUTIES = Object.values(STATIONS).flat();
const stationOf = (d: string) => Object.keys(STATIONS).find((s) => STATIONS[s].includes(d))!;
const LAW = ['宪法', '代表法', '民法典', '土地管理法'];
const MANUAL = ['reception', 'visit', 'inspection', 'meeting', 'suggestion', 'training', 'help'];
const SYSTEM = ['reception', 'meeting', 'visit', 'opinionAccepted', 'opinionReplied', 'opinionResolved'];

const seeded: Record<string, Doc[]> = {};
const put = (collection: string, doc: Doc) => (seeded[collection] ??= []).push(doc);

function build() {
  for (let i = 0; i < 1400; i++) {
    const other = i % 10 === 9;
    const station = pick(Object.keys(STATIONS));
    const date = someDay();
    const id = `fday-${i}`;
    const deputyIds = STATIONS[station].filter(() => rand() < 0.6);
    put('receptionDays', {
      _id: id,
      ...(other ? { townshipId: 'qingshan' } : {}),
      stationCode: station,
      date,
      start: '09:00',
      end: '11:30',
      deputyIds,
      capacity: 'unlimited',
      booked: 0,
      status: pick(['scheduled', 'done', 'done', 'cancelled']),
    });
    const n = int(7);
    for (let b = 0; b < n; b++) {
      const walkIn = rand() < 0.2;
      put('bookings', {
        _id: `fbk-${i}-${b}`,
        ...(other ? { townshipId: 'qingshan' } : {}),
        dayId: id,
        slotId: 'a',
        stationCode: station,
        villageCode: pick(VILLAGES[station]),
        topic: '咨询',
        openid: `fv-${i}-${b}`,
        status: walkIn ? 'checkedIn' : pick(['checkedIn', 'checkedIn', 'booked', 'noShow', 'cancelled']),
        checkInCode: 'ABCDEF',
        bookedAt: at(addDays(date, -3)),
        ...(walkIn ? { source: 'walkIn' } : rand() < 0.5 ? { source: 'booking' } : {}),
      });
    }
    if (rand() < 0.8)
      put('receptionRecords', {
        _id: id,
        ...(other ? { townshipId: 'qingshan' } : {}),
        dayId: id,
        stationCode: station,
        date,
        deputyIds: rand() < 0.2 ? [] : STATIONS[station].filter(() => rand() < 0.5),
        attendeeIds: [],
        peopleReached: n,
        summary: '接待',
        matters: Array.from({ length: int(4) }, (_, k) => ({
          n: k + 1,
          villageCode: pick(VILLAGES[station]),
          categoryCode: 'road',
          text: `群众反映的第${k + 1}件事情，请尽快处理`,
          opinionId: null,
        })),
        recordedBy: 'demo-station',
        recordedAt: at(date),
      });
  }
  for (let i = 0; i < 3200; i++) {
    const deputyId = pick(ALL_DEPUTIES);
    const system = rand() < 0.3;
    put('dutyRecords', {
      _id: `frec-${i}`,
      ...(i % 10 === 9 ? { townshipId: 'qingshan' } : {}),
      deputyId,
      // now and then at another station than the deputy's own (a deputy who moved)
      stationCode: rand() < 0.05 ? pick(Object.keys(STATIONS)) : stationOf(deputyId),
      type: system ? pick(SYSTEM) : pick(MANUAL),
      date: someDay(),
      description: '走访了解群众生产生活情况',
      peopleReached: int(30),
      photos: [],
      createdAt: new Date(NOW),
      ...(system
        ? { source: 'system', sourceRef: `x:${i}` }
        : { source: 'manual', status: pick(['approved', 'approved', 'pending', 'returned']) }),
    });
  }
  for (let i = 0; i < 1200; i++) {
    const station = pick(Object.keys(STATIONS));
    const status = pick(['published', 'published', 'published', 'draft', 'approved']);
    const rows = STATIONS[station]
      .filter(() => rand() < 0.8)
      .map((deputyId) => ({ deputyId, deputyName: deputyId, figures: {} }));
    // now and then a deputy listed on another station's notice
    if (rand() < 0.05) rows.push({ deputyId: pick(ALL_DEPUTIES), deputyName: '', figures: {} });
    put('disclosureNotices', {
      _id: `fnotice-${i}`,
      ...(i % 10 === 9 ? { townshipId: 'qingshan' } : {}),
      stationCode: station,
      periodId: `p${i}`,
      version: rand() < 0.75 ? 1 : 2 + int(2),
      status,
      figures: { rows, totals: {} },
      responses: [],
      createdAt: new Date(NOW),
      ...(status === 'published' ? { publishedAt: at(someDay()) } : {}),
    });
  }
  for (let i = 0; i < 1200; i++) {
    const deputyId = pick(ALL_DEPUTIES);
    const id = `fev-${i}`;
    const other = i % 10 === 9;
    const opens = someDay();
    put('evaluations', {
      _id: id,
      ...(other ? { townshipId: 'qingshan' } : {}),
      deputyId,
      stationCode: stationOf(deputyId),
      year: Number(opens.slice(0, 4)),
      villageCodes: VILLAGES[stationOf(deputyId)],
      opensAt: at(opens),
      closesAt: at(addDays(opens, 14)),
    });
    const n = int(4);
    for (let r = 0; r < n; r++)
      put('evaluationRatings', {
        _id: `${id}:fvoter-${r}`,
        ...(other ? { townshipId: 'qingshan' } : {}),
        evaluationId: id,
        voterId: `fvoter-${r}`,
        rating: pick(['satisfied', 'basicallySatisfied', 'dissatisfied']),
        via: 'village',
        at: at(addDays(opens, int(20))),
      });
  }
  for (let i = 0; i < 1200; i++) {
    const owner = pick(['jingu', 'jingu', 'jingu', 'county', 'qingshan']);
    const status = pick(['published', 'published', 'unpublished', 'draft']);
    const first = someDay();
    const id = `fart-${i}`;
    const numbered = status !== 'draft';
    put('articles', {
      _id: id,
      townshipId: owner,
      title: `法律知识第${i}篇`,
      summary: '摘要',
      category: pick(LAW),
      source: '法律条文',
      body: '正文',
      status,
      revision: 1,
      history: [],
      createdAt: at(first),
      updatedAt: at(first),
      ...(numbered
        ? {
            issue: { year: Number(first.slice(0, 4)), number: i + 1 },
            firstPublishedAt: at(first),
            publishedAt: at(first),
          }
        : {}),
    });
    const messages = int(4);
    for (let m = 0; m < messages; m++) {
      const s = pick(['sent', 'sent', 'sent', 'refused', 'failed', 'pending']);
      put('outbox', {
        _id: `msg:article:${id}:fsub-${m}`,
        openid: `fsub-${m}`,
        template: 'articlePublished',
        templateId: 't',
        page: 'pages/article/article',
        data: {},
        ref: `article:${id}`,
        status: s,
        attempts: 1,
        queuedAt: at(first),
        nextAttemptAt: at(first),
        ...(s === 'sent' ? { sentAt: at(addDays(first, int(3))) } : {}),
      });
    }
    const reads = int(4);
    for (let r = 0; r < reads; r++)
      put('articleReads', {
        _id: `read:${id}:freader-${r}`,
        townshipId: owner,
        articleId: id,
        openid: `freader-${r}`,
        readAt: at(addDays(first, int(40))),
      });
  }
}

// --- the independent count --------------------------------------------------------------------------

interface Q {
  start: string;
  asOf: string;
  scope: FigureScope;
}
const stored = (collection: string): Doc[] =>
  [...cloud.store.entries(collection).values()]
    .map((e) => e.doc as Doc)
    .filter((d) => d.townshipId === 'jingu');
const inQ = (q: Q, day: string) => q.start <= day && day <= q.asOf;
const dayOf = (v: unknown) => chinaDate(new Date(v as string | Date));

function scopeDeputies(q: Q): Set<string> | null {
  if (q.scope.kind === 'deputy') return new Set([q.scope.deputyId]);
  if (q.scope.kind === 'level') return new Set(q.scope.level === 'township' ? LEVEL_TOWNSHIP : []);
  return null;
}
const scopeStation = (q: Q) => (q.scope.kind === 'station' ? q.scope.stationCode : undefined);
const scopeVillage = (q: Q) => (q.scope.kind === 'village' ? q.scope.villageCode : undefined);

/** Counts into figures: `add(code, n, keys)` adds n to the figure and to each of its parts. */
function tally() {
  const figures: Record<string, Want> = {};
  const add = (code: string, n: number, keys: Record<string, string>) => {
    const f = (figures[code] ??= { value: 0, parts: {} });
    if (n === 0) return;
    f.value += n;
    for (const [b, k] of Object.entries(keys)) {
      const p = (f.parts[b] ??= {});
      p[k] = (p[k] ?? 0) + n;
    }
  };
  return { figures, add };
}

function expectedReception(q: Q) {
  const { figures, add } = tally();
  const bookings = stored('bookings');
  const records = new Map(stored('receptionRecords').map((r) => [r._id, r]));
  const scoped = scopeDeputies(q);
  const village = scopeVillage(q);
  for (const day of stored('receptionDays')) {
    const date = day.date as string;
    if (!inQ(q, date)) continue;
    if (scopeStation(q) && day.stationCode !== scopeStation(q)) continue;
    const mine = bookings.filter((b) => b.dayId === day._id);
    const checkedIn = mine.filter((b) => b.status === 'checkedIn');
    const record = records.get(day._id);
    const held = day.status !== 'cancelled' && (record !== undefined || checkedIn.length > 0);
    const recorded = (record?.deputyIds as string[] | undefined) ?? [];
    const served = [...new Set(recorded.length > 0 ? recorded : (day.deputyIds as string[]))];
    if (scoped && !served.some((d) => scoped.has(d))) continue;
    const base = { station: day.stationCode as string, month: date.slice(0, 7) };
    for (const b of mine) {
      if (village && b.villageCode !== village) continue;
      if (b.source !== 'walkIn' && ['checkedIn', 'noShow', 'booked'].includes(b.status as string))
        add('reception.bookings', 1, { ...base, village: b.villageCode as string, type: b.status as string });
    }
    if (!held) continue;
    if (!village) add('reception.daysHeld', 1, base);
    for (const b of checkedIn) {
      if (village && b.villageCode !== village) continue;
      add('reception.visitors', 1, {
        ...base,
        village: b.villageCode as string,
        channel: b.source === 'walkIn' ? 'walkIn' : 'booking',
      });
    }
    for (const m of (record?.matters as { villageCode: string }[] | undefined) ?? [])
      if (!village || m.villageCode === village)
        add('reception.matters', 1, { ...base, village: m.villageCode });
    if (!village)
      for (const d of served)
        if (!scoped || scoped.has(d)) add('reception.deputyAttendance', 1, { ...base, deputy: d });
  }
  return figures;
}

const PER_TYPE: Record<string, string> = {
  'duties.visits': 'visit',
  'duties.training': 'training',
  'duties.inspections': 'inspection',
  'duties.meetings': 'meeting',
  'duties.suggestions': 'suggestion',
  'duties.help': 'help',
};

function expectedDuties(q: Q) {
  const { figures, add } = tally();
  const scoped = scopeDeputies(q);
  const deputies = new Map<string, string>();
  for (const r of stored('dutyRecords')) {
    const type = r.type as string;
    if (!inQ(q, r.date as string) || !MANUAL.includes(type)) continue;
    if (r.source === 'manual' ? r.status !== 'approved' : type === 'reception') continue;
    if (scopeStation(q) && r.stationCode !== scopeStation(q)) continue;
    if (scoped && !scoped.has(r.deputyId as string)) continue;
    const keys = {
      station: r.stationCode as string,
      deputy: r.deputyId as string,
      month: (r.date as string).slice(0, 7),
    };
    add('duties.records', 1, { ...keys, type });
    add('duties.peopleReached', r.peopleReached as number, { ...keys, type });
    for (const [code, t] of Object.entries(PER_TYPE)) if (t === type) add(code, 1, keys);
    if (type === 'visit') add('duties.visitPeople', r.peopleReached as number, keys);
    const d = r.deputyId as string;
    const s = r.stationCode as string;
    if (!deputies.has(d) || s < deputies.get(d)!) deputies.set(d, s);
  }
  for (const s of deputies.values()) add('duties.activeDeputies', 1, { station: s });
  return figures;
}

function expectedPublicity(q: Q) {
  const { figures, add } = tally();
  const scoped = scopeDeputies(q);
  if (q.scope.kind === 'township') {
    const covered = new Map<string, string>();
    for (const n of stored('disclosureNotices')) {
      if (n.status !== 'published' || !inQ(q, dayOf(n.publishedAt))) continue;
      const keys = { station: n.stationCode as string, month: dayOf(n.publishedAt).slice(0, 7) };
      if (n.version === 1) {
        add('publicity.noticesPublished', 1, keys);
        for (const row of (n.figures as { rows: { deputyId: string }[] }).rows) {
          const s = covered.get(row.deputyId);
          if (s === undefined || (n.stationCode as string) < s)
            covered.set(row.deputyId, n.stationCode as string);
        }
      } else add('publicity.noticeCorrections', 1, keys);
    }
    for (const s of covered.values()) add('publicity.deputiesCovered', 1, { station: s });
    const outbox = [...cloud.store.entries('outbox').values()].map((e) => e.doc as Doc);
    const reads = stored('articleReads');
    for (const a of stored('articles')) {
      if (!['published', 'unpublished'].includes(a.status as string) || !a.issue) continue;
      const first = dayOf(a.firstPublishedAt);
      if (!inQ(q, first)) continue;
      const keys = { category: a.category as string, month: first.slice(0, 7) };
      add('publicity.lawIssues', 1, keys);
      const sent = outbox.filter(
        (m) => m.ref === `article:${a._id}` && m.status === 'sent' && dayOf(m.sentAt) <= q.asOf,
      ).length;
      add('publicity.lawReach', sent, keys);
      const read = reads.filter((r) => r.articleId === a._id && dayOf(r.readAt) <= q.asOf).length;
      add('publicity.lawReads', read, keys);
    }
  }
  if (q.scope.kind !== 'village') {
    const ratings = stored('evaluationRatings');
    for (const e of stored('evaluations')) {
      const opens = dayOf(e.opensAt);
      if (!inQ(q, opens)) continue;
      if (scopeStation(q) && e.stationCode !== scopeStation(q)) continue;
      if (scoped && !scoped.has(e.deputyId as string)) continue;
      const keys = {
        station: e.stationCode as string,
        deputy: e.deputyId as string,
        month: opens.slice(0, 7),
      };
      add('publicity.evaluations', 1, keys);
      const n = ratings.filter((r) => r.evaluationId === e._id && dayOf(r.at) <= q.asOf).length;
      add('publicity.evaluationParticipants', n, keys);
    }
  }
  return figures;
}

// --- the checks -------------------------------------------------------------------------------------------

const MINE = /^(reception|duties|publicity)\./;

async function report(period: object, scope: FigureScope): Promise<FiguresReport> {
  return unwrap(
    await cloud.call<FiguresReport>('figures', { action: 'report', period, scope }, PERSONAS.presidium, NOW),
  );
}

function partsOf(parts: FiguresReport['figures'][number]['parts']): Parts {
  const out: Parts = {};
  for (const [b, list] of Object.entries(parts))
    out[b] = Object.fromEntries(list!.map((p) => [p.key, p.value]));
  return out;
}

beforeAll(async () => {
  cloud = await demoCloud(new Date(NOW));
  build();
  cloud.store.commit(
    Object.entries(seeded).flatMap(([collection, docs]) =>
      docs.map((doc) => ({ collection, id: doc._id, doc })),
    ),
  );
});
afterAll(() => cloud?.stop());

it('seeds more than a thousand documents in every collection counted, in two townships', () => {
  for (const [collection, docs] of Object.entries(seeded)) {
    expect({ collection, n: docs.length > 1000 }).toEqual({ collection, n: true });
    if (collection !== 'outbox')
      expect({ collection, other: docs.some((d) => d.townshipId === 'qingshan') }).toEqual({
        collection,
        other: true,
      });
  }
});

const SCOPES: FigureScope[] = [
  { kind: 'township' },
  { kind: 'station', stationCode: 'JG03' },
  { kind: 'village', villageCode: 'xinmin' },
  { kind: 'deputy', deputyId: 'd04' },
  { kind: 'level', level: 'township' },
];
const PERIODS = [
  { input: { kind: 'year', year: 2025 }, start: '2025-01-01', asOf: '2025-12-31' },
  { input: { kind: 'year', year: 2026 }, start: '2026-01-01', asOf: TODAY },
  { input: { kind: 'quarter', year: 2025, quarter: 3 }, start: '2025-07-01', asOf: '2025-09-30' },
];

describe.each(PERIODS)('$start to $asOf', ({ input, start, asOf }) => {
  it.each(SCOPES.map((s) => [s.kind, s] as const))(
    'every figure and part in the %s scope equals the count from the stored documents',
    async (_kind, scope) => {
      const got = await report(input, scope);
      const q: Q = { start, asOf, scope };
      const want = { ...expectedReception(q), ...expectedDuties(q), ...expectedPublicity(q) };
      const mine = got.figures.filter((f) => MINE.test(f.code));
      expect(mine.length).toBeGreaterThan(0);
      let nonZero = 0;
      for (const f of mine) {
        const w = want[f.code] ?? { value: 0, parts: {} };
        const gotParts = partsOf(f.parts);
        // A breakdown with no records has no parts: compare the ones the count found.
        const wantParts = Object.fromEntries(Object.keys(gotParts).map((b) => [b, w.parts[b] ?? {}]));
        expect({ code: f.code, value: f.value, parts: gotParts }).toEqual({
          code: f.code,
          value: w.value,
          parts: wantParts,
        });
        for (const list of Object.values(f.parts))
          expect({ code: f.code, sum: list!.reduce((s, p) => s + p.value, 0) }).toEqual({
            code: f.code,
            sum: f.value,
          });
        if ((f.value ?? 0) > 0) nonZero++;
      }
      // The seed reaches every figure of the township's year.
      if (scope.kind === 'township' && start.endsWith('01-01')) expect(nonZero).toBe(mine.length);
    },
  );
});

/** The figures that sum people reached, and the figure counting the records they sum. */
const RECORDS_OF: Record<string, string> = {
  'duties.peopleReached': 'duties.records',
  'duties.visitPeople': 'duties.visits',
};

async function drill(
  code: string,
  scope: FigureScope,
  part?: { breakdown: string; key: string },
  cursor?: string,
) {
  return unwrap(
    await cloud.call<FigureDrill>(
      'figures',
      { action: 'drill', period: { kind: 'year', year: 2025 }, scope, code, part, cursor, limit: 50 },
      PERSONAS.presidium,
      NOW,
    ),
  );
}

it.each(SCOPES.filter((s) => s.kind === 'township' || s.kind === 'deputy').map((s) => [s.kind, s] as const))(
  'in the %s scope each drill-down totals its figure and each of its parts',
  async (_kind, scope) => {
    const got = await report({ kind: 'year', year: 2025 }, scope);
    const byCode = new Map(got.figures.map((f) => [f.code, f]));
    for (const f of got.figures.filter((x) => MINE.test(x.code))) {
      // A sum of people reached lists the records it sums: its total is theirs.
      const listed = byCode.get(RECORDS_OF[f.code] ?? f.code)!;
      const whole = await drill(f.code, scope);
      expect({ code: f.code, total: whole.total }).toEqual({ code: f.code, total: listed.value });
      expect({ code: f.code, rows: whole.rows.length }).toEqual({
        code: f.code,
        rows: Math.min(50, listed.value ?? 0),
      });
      for (const [breakdown, parts] of Object.entries(listed.parts))
        for (const p of parts!.slice(0, 2)) {
          const page = await drill(f.code, scope, { breakdown, key: p.key });
          expect({ code: f.code, breakdown, key: p.key, total: page.total }).toEqual({
            code: f.code,
            breakdown,
            key: p.key,
            total: p.value,
          });
        }
    }
  },
);

it('pages through a drill-down to exactly its records, each once', async () => {
  const scope: FigureScope = { kind: 'station', stationCode: 'JG02' };
  for (const code of ['reception.visitors', 'duties.records', 'publicity.evaluationParticipants']) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const page = await drill(code, scope, undefined, cursor);
      total = page.total;
      ids.push(...page.rows.map((r) => r.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    expect({ code, n: ids.length }).toEqual({ code, n: total });
    expect(new Set(ids).size).toBe(ids.length);
    expect({ code, many: total > 50 }).toEqual({ code, many: true });
  }
  // The check-ins listed are the station's checked-in bookings of its held days (the count's own).
  const q: Q = { start: '2025-01-01', asOf: '2025-12-31', scope };
  expect(expectedReception(q)['reception.visitors'].value).toBeGreaterThan(50);
});

it('asks the database only by declared indexes', () => {
  const unserved = cloud.engine
    .unindexedQueries()
    .filter((u) => GROWING_COLLECTIONS.has(u.collection))
    .map((u) => u.shape);
  expect(unserved).toEqual([]);
});
