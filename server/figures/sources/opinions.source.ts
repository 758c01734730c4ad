/**
 * The opinions' figures (core/figures/figures.opinions.ts), each family by grouped aggregations over
 * the records, read page by page and folded into each breakdown's parts:
 * - the cases (`opinions`): one pass computes every case's 0/1 flags (received, resolved by asOf,
 *   overdue on asOf, answered on time, rated …) and sums them twice, by (station, village, category,
 *   channel[, deputy]) and by the months (submitted, answered, resolved[, deputy]);
 * - the timeline (`opinionEvents`): cases supervised, transferred, and the departments' answers, grouped
 *   by case, then the cases' own fields read by id (for the scope and the parts).
 * A drill-down runs the same flags and keeps the cases whose flag (and part) is 1, so its total is the
 * figure's.
 */
import { addDays, chinaDate, chinaInstant, type Ymd } from '../../../core/calendar/china-time';
import { workingDaysBetween } from '../../../core/calendar/working-days';
import { LAST_RATING_FIELDS } from '../../../core/duty/disclosure.pipeline';
import {
  OPINION_CHANNEL_LABELS,
  OPINION_CHANNELS,
  opinionChannel,
  type OpinionChannel,
} from '../../../core/figures/figures.opinions';
import type { Breakdown, DrillRow, FigureDrill, RawFigure } from '../../../core/figures/figures.types';
import { redactPhones } from '../../../core/privacy/phone.mask';
import { excerpt } from '../../../core/text/excerpt';
import { loadCalendar } from '../../calendar';
import { aggregate, command, findAll, findMany, MAX_PAGE, type Where } from '../../db/collection';
import { STATIONS } from '../../station/stations.repo';
import { OPINION_EVENTS, OPINIONS, listCategories, type OpinionRecord } from '../../opinion/opinions.repo';
import {
  nextOffset,
  type DrillQuery,
  type FigureSource,
  type PartNames,
  type SourceQuery,
} from '../figure-source';
import { allGroups, fold } from '../parts';

type Stage = Record<string, unknown>;

const CASE_FLAGS = [
  'received',
  'noReplyNeeded',
  'toHandle',
  'receivedResolved',
  'open',
  'overdue',
  'answered',
  'onTime',
  'resolved',
  'rated',
  'satisfied',
  'disputes',
  'disputesResolved',
] as const;
type CaseFlag = (typeof CASE_FLAGS)[number];

/** Which month a case figure's 按月份 part is: of its submission, its answer or its resolution. */
const MONTH_OF: Record<CaseFlag, 'sMonth' | 'aMonth' | 'rMonth'> = {
  received: 'sMonth',
  noReplyNeeded: 'sMonth',
  toHandle: 'sMonth',
  receivedResolved: 'sMonth',
  open: 'sMonth',
  overdue: 'sMonth',
  disputes: 'sMonth',
  disputesResolved: 'sMonth',
  answered: 'aMonth',
  onTime: 'aMonth',
  resolved: 'rMonth',
  rated: 'rMonth',
  satisfied: 'rMonth',
};

const EVENT_FIGURES = ['supervised', 'transferred'] as const;
type EventFigure = (typeof EVENT_FIGURES)[number];
const ANSWER_DAYS = 'opinions.departmentAnswerDays';

const code = (name: string) => `opinions.${name}`;
const nameOf = (c: string) => c.slice('opinions.'.length);
const isCaseFlag = (name: string): name is CaseFlag => (CASE_FLAGS as readonly string[]).includes(name);
const isEventFigure = (name: string): name is EventFigure =>
  (EVENT_FIGURES as readonly string[]).includes(name);

/** Counted per deputy (a case once for each of them): a level's figures, where 按代表 adds up. */
const perDeputy = (q: SourceQuery) => q.scope.scope.kind === 'level';

/** The first and the after-last instants of the period as counted (its start to the end of asOf). */
function span(q: SourceQuery): { from: Date; to: Date; dayAfter: Ymd } {
  const dayAfter = addDays(q.asOf, 1);
  return { from: chinaInstant(q.period.start), to: chinaInstant(dayAfter), dayAfter };
}

/** The scope's own conditions on a case (`raw`: in MongoDB syntax, for an aggregation's $match). */
function scopeWhere(q: SourceQuery, raw = false): Where {
  const s = q.scope;
  const where: Where = {};
  if (s.stationCode) where.stationCode = s.stationCode;
  if (s.villageCode) where.villageCode = s.villageCode;
  if (s.deputyIds) where.deputyHistory = raw ? { $in: [...s.deputyIds] } : command().in(s.deputyIds);
  // A deputy's own figures leave out the cases they handed back (passed on: not theirs to answer).
  if (s.scope.kind === 'deputy') {
    const id = s.scope.deputyId;
    where.handedBackBy = raw ? { $ne: id } : command().neq(id);
  }
  return where;
}

/** The cases any case figure reads: submitted, answered or resolved in the period (refused ones never). */
function casesWhere(q: SourceQuery, station?: StationChunk): Where {
  const { from, to, dayAfter } = span(q);
  return {
    ...scopeWhere(q, true),
    ...(station === undefined ? {} : { stationCode: station }),
    outcome: { $ne: 'rejected' },
    $or: [
      { submittedAt: { $gte: from, $lt: to } },
      { answeredOn: { $gte: q.period.start, $lt: dayAfter } },
      { resolvedAt: { $gte: from, $lt: to } },
    ],
  };
}

const flag = (cond: unknown) => ({ $cond: [cond, 1, 0] });
const CHINA_OFFSET_MS = 8 * 3_600_000;
const and = (...xs: unknown[]) => ({ $and: xs });
const present = (field: string) => ({ $ne: [{ $ifNull: [field, null] }, null] });

/** The month ('YYYY-MM', China time: UTC+8, no daylight saving) of a Date field, or ''. */
function monthOfInstant(field: string): unknown {
  return {
    $cond: [
      present(field),
      {
        $substr: [{ $dateToString: { format: '%Y-%m-%d', date: { $add: [field, CHINA_OFFSET_MS] } } }, 0, 7],
      },
      '',
    ],
  };
}

/** The stages that give every case (every case × deputy of a level) its keys and 0/1 flags. */
function caseStages(q: SourceQuery, disputeCodes: readonly string[], station?: StationChunk): Stage[] {
  const { from, to, dayAfter } = span(q);
  const asOf = q.asOf;
  const after = (field: string) => and(present(field), { $gt: [field, asOf] });
  const inDays = (field: string) =>
    and({ $gte: [{ $ifNull: [field, ''] }, q.period.start] }, { $lt: [{ $ifNull: [field, ''] }, dayAfter] });
  const inInstants = (field: string) => and(present(field), { $gte: [field, from] }, { $lt: [field, to] });
  const deputies = q.scope.deputyIds ?? [];
  return [
    { $match: casesWhere(q, station) },
    ...(perDeputy(q)
      ? [{ $unwind: '$deputyHistory' }, { $match: { deputyHistory: { $in: deputies } } }]
      : []),
    {
      $project: {
        _id: 1,
        submittedAt: 1,
        submittedOn: 1,
        villageCode: 1,
        stationCode: 1,
        categoryCode: 1,
        text: 1,
        answeredOn: 1,
        resolvedAt: 1,
        status: 1,
        deputy: perDeputy(q) ? '$deputyHistory' : { $literal: '' },
        // opinionChannel (core/figures/figures.opinions.ts): the stored channel, else the filer's.
        channel: {
          $cond: [
            { $in: [{ $ifNull: ['$channel', ''] }, [...OPINION_CHANNELS]] },
            '$channel',
            {
              $switch: {
                branches: [
                  { case: { $eq: ['$filedBy.kind', 'stationAdmin'] }, then: 'proxy' },
                  { case: { $eq: ['$filedBy.kind', 'self'] }, then: 'scan' },
                ],
                default: 'reception',
              },
            },
          ],
        },
        sMonth: { $substr: [{ $ifNull: ['$submittedOn', ''] }, 0, 7] },
        aMonth: { $substr: [{ $ifNull: ['$answeredOn', ''] }, 0, 7] },
        rMonth: monthOfInstant('$resolvedAt'),
        rec: flag(inInstants('$submittedAt')),
        noReply: flag({ $eq: ['$noReplyNeeded', true] }),
        counted: flag({ $not: [{ $in: ['$status', ['merged', 'review']] }] }),
        merged: flag({ $eq: ['$status', 'merged'] }),
        resolvedBy: flag(and(present('$resolvedAt'), { $lt: ['$resolvedAt', to] })),
        dispute: flag({ $in: ['$categoryCode', [...disputeCodes]] }),
        answeredIn: flag(inDays('$answeredOn')),
        onTimeAnswer: flag(
          and(present('$answeredOn'), { $lte: ['$answeredOn', { $ifNull: ['$answerBy', ''] }] }),
        ),
        resolvedIn: flag(inInstants('$resolvedAt')),
        ...LAST_RATING_FIELDS,
        // deadlineRunningOn(opinion, asOf): core/duty/disclosure.sources.ts (the board's rule, as of a day).
        due: {
          $switch: {
            branches: [
              { case: and(present('$resolvedAt'), { $lt: ['$resolvedAt', to] }), then: null },
              { case: { $or: [{ $eq: ['$status', 'assigned'] }, after('$acceptedOn')] }, then: '$acceptBy' },
              {
                case: { $or: [{ $in: ['$status', ['accepted', 'transferred']] }, after('$answeredOn')] },
                then: '$answerBy',
              },
            ],
            default: null,
          },
        },
      },
    },
    {
      $addFields: {
        received: '$rec',
        noReplyNeeded: { $multiply: ['$rec', '$noReply'] },
        toHandle: { $multiply: ['$rec', { $subtract: [1, '$noReply'] }, { $subtract: [1, '$merged'] }] },
      },
    },
    {
      $addFields: {
        receivedResolved: { $multiply: ['$toHandle', '$resolvedBy'] },
        open: { $multiply: ['$toHandle', { $subtract: [1, '$resolvedBy'] }] },
        disputes: { $multiply: ['$toHandle', '$dispute'] },
        disputesResolved: { $multiply: ['$toHandle', '$dispute', '$resolvedBy'] },
        answered: { $multiply: ['$answeredIn', '$counted', { $subtract: [1, '$noReply'] }] },
        resolved: { $multiply: ['$resolvedIn', '$counted'] },
      },
    },
    {
      $addFields: {
        overdue: {
          $multiply: ['$open', flag(and({ $ne: ['$due', null] }, { $gt: [asOf, '$due'] }))],
        },
        onTime: { $multiply: ['$answered', '$onTimeAnswer'] },
        rated: {
          $multiply: [
            '$resolved',
            { $subtract: [1, '$lastByStaff'] },
            flag({ $in: ['$lastRating', ['satisfied', 'basicallySatisfied', 'unsatisfied']] }),
          ],
        },
      },
    },
    {
      $addFields: {
        satisfied: {
          $multiply: ['$rated', flag({ $in: ['$lastRating', ['satisfied', 'basicallySatisfied']] })],
        },
      },
    },
  ];
}

const SUMS = Object.fromEntries(CASE_FLAGS.map((f) => [f, { $sum: `$${f}` }]));

type Sums = Record<CaseFlag, number>;
interface PlaceRow extends Sums {
  _id: { station: string; village: string; category: string; channel: OpinionChannel; deputy: string };
}
interface MonthRow extends Sums {
  _id: { sMonth: string; aMonth: string; rMonth: string; deputy: string };
}

/** A part's label: the channel here, the rest by name. */
function labelOf(names: PartNames) {
  return (b: Breakdown, key: string) =>
    b === 'channel' ? (OPINION_CHANNEL_LABELS[key as OpinionChannel] ?? key) : names.label(b, key);
}

/** The categories the presidium marked 矛盾纠纷类. */
async function disputeCategories(): Promise<string[]> {
  const all = await listCategories(true);
  return all.filter((c) => (c as { dispute?: boolean }).dispute === true).map((c) => c.code);
}

/** One station's code, or every station but those listed (a case of a station since removed). */
type StationChunk = string | { $nin: string[] };

/**
 * The township's (or a level's) case figures are counted a station at a time, so no single query reads
 * every station's cases of the period (each database request has its timeout: a large township's year,
 * or five years, in one query would pass it); the grouped rows of the chunks fold into the same figures.
 * A station's, a village's or a deputy's cases are one query.
 */
async function stationChunks(q: SourceQuery): Promise<(StationChunk | undefined)[]> {
  const kind = q.scope.scope.kind;
  if (kind !== 'township' && kind !== 'level') return [undefined];
  const stations = await findAll<{ _id: string; code: string }>(STATIONS, {}, { code: true });
  const codes = stations.map((st) => st.code ?? st._id);
  return [...codes, { $nin: codes }];
}

/** The case figures among `wanted`: two groupings of one pass, folded. */
async function caseFigures(q: SourceQuery, wanted: readonly CaseFlag[]): Promise<Map<string, RawFigure>> {
  const out = new Map<string, RawFigure>();
  if (wanted.length === 0) return out;
  const [disputeCodes, chunks] = await Promise.all([disputeCategories(), stationChunks(q)]);
  const level = perDeputy(q);
  const places: PlaceRow[] = [];
  const months: MonthRow[] = [];
  for (const station of chunks) {
    const stages = caseStages(q, disputeCodes, station);
    const [p, m] = await Promise.all([
      allGroups<PlaceRow>(OPINIONS, [
        ...stages,
        {
          $group: {
            _id: {
              station: '$stationCode',
              village: '$villageCode',
              category: '$categoryCode',
              channel: '$channel',
              deputy: '$deputy',
            },
            ...SUMS,
          },
        },
      ]),
      allGroups<MonthRow>(OPINIONS, [
        ...stages,
        {
          $group: {
            _id: { sMonth: '$sMonth', aMonth: '$aMonth', rMonth: '$rMonth', deputy: '$deputy' },
            ...SUMS,
          },
        },
      ]),
    ]);
    places.push(...p);
    months.push(...m);
  }
  const labels = labelOf(q.names);
  const placeParts: Breakdown[] = [
    'station',
    'village',
    'category',
    'channel',
    ...(level ? ['deputy' as const] : []),
  ];
  for (const f of wanted) {
    const byPlace = fold(
      places,
      (r) => r[f],
      placeParts,
      (r, b) => (b === 'deputy' ? r._id.deputy : r._id[b as 'station' | 'village' | 'category' | 'channel']),
      labels,
    );
    const byMonth = fold(
      months,
      (r) => r[f],
      ['month'],
      (r) => r._id[MONTH_OF[f]],
      labels,
    );
    out.set(code(f), {
      value: byPlace.value,
      parts: { ...byPlace.parts, month: byMonth.parts?.month ?? [] },
    });
  }
  return out;
}

// ---------------------------------------------------------------- the timeline's figures

/** A case's fields the timeline's figures read (for the scope and the parts). */
type CaseFields = Pick<
  OpinionRecord,
  | '_id'
  | 'stationCode'
  | 'villageCode'
  | 'categoryCode'
  | 'filedBy'
  | 'deputyHistory'
  | 'submittedOn'
  | 'text'
> & { channel?: string; resolvedAt?: Date | null; answeredOn?: Ymd };

const CASE_FIELDS = {
  stationCode: true,
  villageCode: true,
  categoryCode: true,
  filedBy: true,
  channel: true,
  deputyHistory: true,
  submittedOn: true,
  text: true,
  resolvedAt: true,
  answeredOn: true,
};

/** The cases of `ids` in the query's scope (refused ones never), read by id a page at a time. */
async function casesById(q: SourceQuery, ids: readonly string[]): Promise<Map<string, CaseFields>> {
  const _ = command();
  const out = new Map<string, CaseFields>();
  const CHUNK = 500;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await findMany<CaseFields>(
      OPINIONS,
      { _id: _.in(chunk), ...scopeWhere(q), outcome: _.neq('rejected') },
      { limit: MAX_PAGE, fields: CASE_FIELDS },
    );
    for (const r of rows) out.set(r._id, r);
  }
  return out;
}

/** One counted record of a timeline figure: a case (× a deputy of a level), its month, its department. */
interface EventCase {
  opinion: CaseFields;
  deputy: string;
  month: string;
  department: string;
  /** The drill line's detail. */
  detail: string;
}

function caseKey(e: EventCase, b: Breakdown): string {
  switch (b) {
    case 'station':
      return e.opinion.stationCode;
    case 'village':
      return e.opinion.villageCode;
    case 'category':
      return e.opinion.categoryCode;
    case 'channel':
      return opinionChannel(e.opinion.filedBy.kind, e.opinion.channel);
    case 'deputy':
      return e.deputy;
    case 'month':
      return e.month;
    case 'department':
      return e.department;
    default:
      return '';
  }
}

/** A case once, or once for each of a level's deputies it was ever assigned to. */
function perCase(q: SourceQuery, o: CaseFields, rest: Omit<EventCase, 'opinion' | 'deputy'>): EventCase[] {
  if (!perDeputy(q)) return [{ opinion: o, deputy: '', ...rest }];
  const ids = new Set(q.scope.deputyIds ?? []);
  return [...new Set(o.deputyHistory ?? [])]
    .filter((d) => ids.has(d))
    .map((d) => ({ opinion: o, deputy: d, ...rest }));
}

function eventWhere(q: SourceQuery, types: string[]): Where {
  const { from, to } = span(q);
  return { type: { $in: types }, at: { $gte: from, $lt: to } };
}

/** The cases supervised (督办, or reopened under supervision) or transferred in the period. */
async function eventCases(q: SourceQuery, figure: EventFigure): Promise<EventCase[]> {
  const types = figure === 'supervised' ? ['supervised', 'reopened'] : ['transferred'];
  const groups = await allGroups<{ _id: string; first: Date; last: Date; department: string | null }>(
    OPINION_EVENTS,
    [
      { $match: eventWhere(q, types) },
      { $sort: { at: 1, _id: 1 } },
      {
        $group: {
          _id: '$opinionId',
          first: { $min: '$at' },
          last: { $max: '$at' },
          department: { $last: '$data.departmentName' },
        },
      },
    ],
  );
  const cases = await casesById(
    q,
    groups.map((g) => g._id),
  );
  return groups.flatMap((g) => {
    const o = cases.get(g._id);
    if (!o) return [];
    const first = chinaDate(new Date(g.first));
    const last = chinaDate(new Date(g.last));
    return perCase(q, o, {
      month: (figure === 'supervised' ? first : last).slice(0, 7),
      department: figure === 'transferred' ? (g.department ?? '') : '',
      detail: figure === 'supervised' ? `${first} 督办` : `${last} 转交${g.department ?? '部门'}办理`,
    });
  });
}

/** Each department answer of the period with the working days since the case went to that department. */
async function departmentAnswers(q: SourceQuery): Promise<(EventCase & { days: number })[]> {
  const _ = command();
  const groups = await allGroups<{ _id: string; replies: { at: Date; department: string }[] }>(
    OPINION_EVENTS,
    [
      { $match: { ...eventWhere(q, ['replied']), 'data.departmentName': { $exists: true } } },
      {
        $group: {
          _id: '$opinionId',
          replies: { $push: { at: '$at', department: '$data.departmentName' } },
        },
      },
    ],
  );
  const ids = groups.map((g) => g._id);
  const [cases, calendar] = await Promise.all([casesById(q, ids), loadCalendar()]);
  const inScope = groups.filter((g) => cases.has(g._id));
  // The transfers of those cases (a case has a few): by case id, a page at a time.
  const transfers = new Map<string, Date[]>();
  const CHUNK = 200;
  for (let i = 0; i < inScope.length; i += CHUNK) {
    const chunk = inScope.slice(i, i + CHUNK).map((g) => g._id);
    for (let skip = 0; ; skip += MAX_PAGE) {
      const page = await findMany<{ opinionId: string; at: Date }>(
        OPINION_EVENTS,
        { opinionId: _.in(chunk), type: 'transferred' },
        { skip, limit: MAX_PAGE, fields: { opinionId: true, at: true } },
      );
      for (const e of page)
        transfers.set(e.opinionId, [...(transfers.get(e.opinionId) ?? []), new Date(e.at)]);
      if (page.length < MAX_PAGE) break;
    }
  }
  const out: (EventCase & { days: number })[] = [];
  for (const g of inScope) {
    const o = cases.get(g._id) as CaseFields;
    for (const reply of g.replies) {
      const at = new Date(reply.at);
      const before = (transfers.get(g._id) ?? []).filter((t) => t.getTime() <= at.getTime());
      if (before.length === 0) continue;
      const sent = chinaDate(new Date(Math.max(...before.map((t) => t.getTime()))));
      const answered = chinaDate(at);
      const days = workingDaysBetween(sent, answered, calendar);
      // An average: one per answer (a level's deputies do not weigh it).
      out.push({
        opinion: o,
        deputy: '',
        month: answered.slice(0, 7),
        department: reply.department,
        detail: `${sent} 转交${reply.department}，${answered} 答复，用时${days}个工作日`,
        days,
      });
    }
  }
  return out;
}

/** The average of `days` overall and per department (one decimal). */
function averageDays(rows: readonly { days: number; department: string }[], names: PartNames): RawFigure {
  const avg = (xs: readonly { days: number }[]) =>
    xs.length ? Math.round((xs.reduce((s, x) => s + x.days, 0) / xs.length) * 10) / 10 : 0;
  const byDept = new Map<string, { days: number }[]>();
  for (const r of rows) byDept.set(r.department, [...(byDept.get(r.department) ?? []), r]);
  return {
    value: avg(rows),
    sample: rows.length,
    parts: {
      department: [...byDept]
        .map(([key, xs]) => ({ key, label: names.label('department', key), value: avg(xs) }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
    },
  };
}

const EVENT_PARTS: Record<EventFigure, Breakdown[]> = {
  supervised: ['station', 'village', 'category', 'channel', 'month'],
  transferred: ['station', 'village', 'category', 'department', 'month'],
};

// ---------------------------------------------------------------- drill-downs

function matchesPart(e: EventCase, part: DrillQuery['part']): boolean {
  return !part || caseKey(e, part.breakdown) === part.key;
}

function row(
  o: Pick<
    CaseFields,
    '_id' | 'submittedOn' | 'villageCode' | 'categoryCode' | 'text' | 'resolvedAt' | 'answeredOn'
  >,
  names: PartNames,
  detail?: string,
): DrillRow {
  return {
    id: o._id,
    kind: 'opinion',
    date: o.submittedOn,
    title: `${names.village(o.villageCode)} · ${names.category(o.categoryCode)} · ${excerpt(redactPhones(o.text ?? ''), 24)}`,
    detail:
      detail ??
      (o.resolvedAt
        ? `已办结（${o.answeredOn ?? ''}答复）`
        : o.answeredOn
          ? `${o.answeredOn} 答复`
          : '办理中'),
  };
}

/** The part a case-figure drill keeps, as a condition on the flagged rows. */
function casePartMatch(f: CaseFlag, part: DrillQuery['part']): Stage {
  if (!part) return {};
  const field =
    part.breakdown === 'month'
      ? MONTH_OF[f]
      : part.breakdown === 'station'
        ? 'stationCode'
        : part.breakdown === 'village'
          ? 'villageCode'
          : part.breakdown === 'category'
            ? 'categoryCode'
            : part.breakdown === 'channel'
              ? 'channel'
              : part.breakdown === 'deputy'
                ? 'deputy'
                : null;
  return field ? { [field]: part.key } : { _id: { $in: [] } };
}

async function drillCases(q: DrillQuery, f: CaseFlag): Promise<FigureDrill> {
  const stages = [
    ...caseStages(q, await disputeCategories()),
    { $match: { [f]: 1, ...casePartMatch(f, q.part) } },
  ];
  const [counted, list] = await Promise.all([
    aggregate<{ n: number }>(OPINIONS, [...stages, { $group: { _id: null, n: { $sum: 1 } } }, { $limit: 1 }]),
    aggregate<CaseFields & { deputy: string }>(OPINIONS, [
      ...stages,
      { $sort: { submittedAt: 1, _id: 1, deputy: 1 } },
      { $skip: q.offset },
      { $limit: q.limit },
    ]),
  ]);
  const total = counted[0]?.n ?? 0;
  return {
    code: q.code,
    total,
    rows: list.map((o) => {
      const r = row(o, q.names);
      return o.deputy ? { ...r, detail: `${q.names.deputy(o.deputy)} · ${r.detail}` } : r;
    }),
    next: nextOffset(q.offset, list.length, total),
  };
}

function drillList(q: DrillQuery, all: readonly EventCase[]): FigureDrill {
  const kept = all
    .filter((e) => matchesPart(e, q.part))
    .sort((a, b) =>
      a.opinion.submittedOn < b.opinion.submittedOn
        ? -1
        : a.opinion.submittedOn > b.opinion.submittedOn
          ? 1
          : a.opinion._id < b.opinion._id
            ? -1
            : a.opinion._id > b.opinion._id
              ? 1
              : a.deputy < b.deputy
                ? -1
                : 1,
    );
  const page = kept.slice(q.offset, q.offset + q.limit);
  return {
    code: q.code,
    total: kept.length,
    rows: page.map((e) =>
      row(e.opinion, q.names, e.deputy ? `${q.names.deputy(e.deputy)} · ${e.detail}` : e.detail),
    ),
    next: nextOffset(q.offset, page.length, kept.length),
  };
}

export const opinionsSource: FigureSource = {
  name: 'opinions',
  async compute(q, codes) {
    const names = codes.map(nameOf);
    const labels = labelOf(q.names);
    const [cases, events, answers] = await Promise.all([
      caseFigures(q, names.filter(isCaseFlag)),
      Promise.all(
        names.filter(isEventFigure).map(async (f) => {
          const rows = await eventCases(q, f);
          return [
            code(f),
            fold(rows, () => 1, EVENT_PARTS[f].concat(perDeputy(q) ? ['deputy'] : []), caseKey, labels),
          ] as const;
        }),
      ),
      codes.includes(ANSWER_DAYS) ? departmentAnswers(q) : Promise.resolve(null),
    ]);
    const out = new Map<string, RawFigure>(cases);
    for (const [c, f] of events) out.set(c, f);
    if (answers) out.set(ANSWER_DAYS, averageDays(answers, q.names));
    return out;
  },
  async drill(q) {
    const f = nameOf(q.code);
    if (isCaseFlag(f)) return drillCases(q, f);
    if (isEventFigure(f)) return drillList(q, await eventCases(q, f));
    if (q.code === ANSWER_DAYS) return drillList(q, await departmentAnswers(q));
    return { code: q.code, total: 0, rows: [], next: null };
  },
};
