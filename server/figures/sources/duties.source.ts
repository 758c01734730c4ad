/**
 * The duty records' figures (core/figures/figures.duties.ts): two grouped aggregations over the period's
 * records — by station × type × month, and by deputy × type — folded into each figure and its parts,
 * with the notices' rule of what counts (core/duty/duty.rules.ts countsInDisclosure; opinion and
 * reception-day system records left to their own figures). Drill-downs list each group's records.
 */
import { redactPhones } from '../../../core/privacy/phone.mask';
import { excerpt } from '../../../core/text/excerpt';
import { countsInDisclosure } from '../../../core/duty/duty.rules';
import {
  DUTY_TYPE_LABELS,
  MANUAL_DUTY_TYPES,
  MANUAL_RECORD_STATUS_LABELS,
  type DutyRecord,
  type DutyType,
  type ManualRecordStatus,
} from '../../../core/duty/duty.types';
import { DUTY_FIGURE_TYPES } from '../../../core/figures/figures.duties';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { command, findMany, type Where } from '../../db/collection';
import { DUTY_RECORDS } from '../../duty/duty-records.repo';
import type { DrillQuery, FigureSource, PartNames, SourceQuery } from '../figure-source';
import { allGroups, fold } from '../parts';
import { drillUnits, type DrillUnit } from './units';

const maxDay = (a: string, b: string) => (a > b ? a : b);
const minDay = (a: string, b: string) => (a < b ? a : b);

interface GroupKey {
  type: DutyType;
  source: 'manual' | 'system';
  status: ManualRecordStatus | null;
}
interface ByStation {
  _id: GroupKey & { station: string; month: string };
  n: number;
  people: number;
}
interface ByDeputy {
  _id: GroupKey & { deputy: string };
  n: number;
  people: number;
  station: string;
  last: string;
}

/** The period's records that may count (the notices' activity types, not pending or returned). */
function recordsWhere(q: SourceQuery): Where {
  const _ = command();
  const where: Where = {
    date: _.gte(q.period.start).and(_.lte(q.asOf)),
    type: _.in([...MANUAL_DUTY_TYPES]),
    status: _.nin(['pending', 'returned']),
  };
  if (q.scope.stationCode) where.stationCode = q.scope.stationCode;
  if (q.scope.deputyIds) where.deputyId = _.in(q.scope.deputyIds);
  return where;
}

/** A group counts as its records do (countsInDisclosure; a system reception record is a reception day's). */
function counts(k: GroupKey): boolean {
  const probe = { source: k.source, status: k.status ?? undefined, type: k.type } as DutyRecord;
  return countsInDisclosure(probe) && !(k.source === 'system' && k.type === 'reception');
}

async function groups(q: SourceQuery) {
  const match = { $match: recordsWhere(q) };
  const key = { type: '$type', source: '$source', status: '$status' };
  const [byStation, byDeputy] = await Promise.all([
    allGroups<ByStation>(DUTY_RECORDS, [
      match,
      {
        $group: {
          _id: { ...key, station: '$stationCode', month: { $substr: ['$date', 0, 7] } },
          n: { $sum: 1 },
          people: { $sum: '$peopleReached' },
        },
      },
    ]),
    allGroups<ByDeputy>(DUTY_RECORDS, [
      match,
      {
        $group: {
          _id: { ...key, deputy: '$deputyId' },
          n: { $sum: 1 },
          people: { $sum: '$peopleReached' },
          station: { $min: '$stationCode' },
          last: { $max: '$date' },
        },
      },
    ]),
  ]);
  return {
    byStation: byStation.filter((r) => counts(r._id)),
    byDeputy: byDeputy.filter((r) => counts(r._id)),
  };
}

/** The type a figure counts (none: every type), and whether it sums people reached. */
function measureOf(code: string): { type?: string; people: boolean } | null {
  if (code === 'duties.records') return { people: false };
  if (code === 'duties.peopleReached') return { people: true };
  if (code === 'duties.visitPeople') return { type: 'visit', people: true };
  const type = DUTY_FIGURE_TYPES[code];
  return type ? { type, people: false } : null;
}

function labelOf(names: PartNames) {
  return (b: Breakdown, key: string) =>
    b === 'type' ? (DUTY_TYPE_LABELS[key as DutyType] ?? key) : names.label(b, key);
}

function recordRow(r: DutyRecord, names: PartNames): DrillRow {
  const status = r.source === 'manual' ? MANUAL_RECORD_STATUS_LABELS[r.status] : '系统记录';
  return {
    id: r._id ?? '',
    kind: 'dutyRecord',
    date: r.date,
    title: `${names.deputy(r.deputyId)} · ${DUTY_TYPE_LABELS[r.type]} · ${excerpt(redactPhones(r.description), 20)}`,
    detail: `联系服务群众${r.peopleReached}人次，${status}`,
  };
}

function list(q: SourceQuery, where: Where) {
  return async (skip: number, take: number): Promise<DrillRow[]> => {
    const rows = await findMany<DutyRecord>(DUTY_RECORDS, where, {
      orderBy: [
        ['date', 'asc'],
        ['_id', 'asc'],
      ],
      skip,
      limit: take,
    });
    return rows.map((r) => recordRow(r, q.names));
  };
}

/** The group's own records: its key as conditions, within the period (and the scope). */
function groupWhere(q: SourceQuery, k: GroupKey, extra: Where): Where {
  const _ = command();
  return {
    ...recordsWhere(q),
    type: k.type,
    source: k.source,
    status: k.status === null ? _.exists(false) : k.status,
    ...extra,
  };
}

function unitsOf(
  code: string,
  q: SourceQuery,
  g: Awaited<ReturnType<typeof groups>>,
  byDeputy: boolean,
  drilled = false,
): DrillUnit[] {
  const _ = command();
  if (code === 'duties.activeDeputies') {
    const deputies = new Map<string, { station: string; n: number; last: string }>();
    for (const r of g.byDeputy) {
      const d = deputies.get(r._id.deputy);
      if (!d) deputies.set(r._id.deputy, { station: r.station, n: r.n, last: r.last });
      else {
        d.n += r.n;
        if (r.station < d.station) d.station = r.station;
        if (r.last > d.last) d.last = r.last;
      }
    }
    return [...deputies].map(([id, d]) => ({
      n: 1,
      keys: { station: d.station },
      order: `${q.names.deputy(id)}|${id}`,
      list: () => [
        {
          id,
          kind: 'dutyRecord' as const,
          date: d.last,
          title: `${q.names.deputy(id)}代表`,
          detail: `履职记录${d.n}条`,
        },
      ],
    }));
  }
  const m = measureOf(code);
  if (!m) return [];
  // A sum of people reached drills down to the records it sums (one row per record).
  const value = (r: { n: number; people: number }) => (m.people && !drilled ? r.people : r.n);
  if (byDeputy)
    return g.byDeputy
      .filter((r) => !m.type || r._id.type === m.type)
      .map((r) => ({
        n: value(r),
        keys: { deputy: r._id.deputy, type: r._id.type },
        order: `${r._id.deputy}|${r._id.type}|${r._id.source}|${r._id.status ?? ''}`,
        list: list(q, groupWhere(q, r._id, { deputyId: r._id.deputy })),
      }));
  return g.byStation
    .filter((r) => !m.type || r._id.type === m.type)
    .map((r) => ({
      n: value(r),
      keys: { station: r._id.station, type: r._id.type, month: r._id.month },
      order: `${r._id.month}|${r._id.station}|${r._id.type}|${r._id.source}|${r._id.status ?? ''}`,
      list: list(
        q,
        groupWhere(q, r._id, {
          stationCode: r._id.station,
          date: _.gte(maxDay(q.period.start, `${r._id.month}-01`)).and(
            _.lte(minDay(q.asOf, `${r._id.month}-31`)),
          ),
        }),
      ),
    }));
}

/** A figure drilled by record (people-reached figures list the records whose people they sum). */
const BREAKDOWNS: Record<string, Breakdown[]> = {
  'duties.records': ['type', 'station', 'deputy', 'month'],
  'duties.peopleReached': ['type', 'station', 'deputy', 'month'],
  'duties.activeDeputies': ['station'],
};

export const dutiesSource: FigureSource = {
  name: 'duties',
  async compute(q, codes) {
    const g = await groups(q);
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      const breakdowns = BREAKDOWNS[code] ?? ['station', 'deputy', 'month'];
      if (code === 'duties.activeDeputies') {
        out.set(
          code,
          fold(
            unitsOf(code, q, g, false),
            (u) => u.n,
            breakdowns,
            (u, b) => u.keys[b] ?? '',
            labelOf(q.names),
          ),
        );
        continue;
      }
      if (!measureOf(code)) continue;
      const whole = fold(
        unitsOf(code, q, g, false),
        (u) => u.n,
        breakdowns.filter((b) => b !== 'deputy'),
        (u, b) => u.keys[b] ?? '',
        labelOf(q.names),
      );
      const deputies = fold(
        unitsOf(code, q, g, true),
        (u) => u.n,
        ['deputy'],
        (u, b) => u.keys[b] ?? '',
        labelOf(q.names),
      );
      out.set(code, { value: whole.value, parts: { ...whole.parts, deputy: deputies.parts?.deputy } });
    }
    return out;
  },
  async drill(q: DrillQuery) {
    const g = await groups(q);
    return drillUnits(q, unitsOf(q.code, q, g, q.part?.breakdown === 'deputy', true));
  },
};
