/**
 * The reception days' figures (core/figures/figures.reception.ts): the period's days (a bounded list:
 * one per station per reception day), their bookings counted by one grouped aggregation per hundred
 * days, and their reception records' deputies and matters; a day is held by the notices' rule
 * (receptionFactsOf). Each figure is folded from units (a day, a group of bookings, a deputy's day), and
 * drills down through the same units.
 */
import { redactPhones } from '../../../core/privacy/phone.mask';
import { excerpt } from '../../../core/text/excerpt';
import { receptionFactsOf } from '../../../core/duty/disclosure.sources';
import {
  BOOKING_OUTCOME_LABELS,
  VISITOR_CHANNEL_LABELS,
  type BookingOutcome,
  type VisitorChannel,
} from '../../../core/figures/figures.reception';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { BOOKINGS, type BookingRecord } from '../../booking/bookings.repo';
import { RECEPTION_RECORDS, type ReceptionRecord } from '../../booking/reception-records.repo';
import { command, findAll, findById, findMany, type Where } from '../../db/collection';
import { RECEPTION_DAYS } from '../../station/stations.repo';
import type { DrillQuery, FigureSource, PartNames, SourceQuery } from '../figure-source';
import { allGroups, fold } from '../parts';
import { drillUnits, type DrillUnit } from './units';

interface Day {
  _id: string;
  stationCode: string;
  date: string;
  deputyIds: string[];
  status: 'scheduled' | 'cancelled' | 'done';
}

interface BookingGroup {
  _id: { day: string; status: string; source: string | null; village: string | null };
  n: number;
}

interface RecordRow {
  _id: string;
  deputyIds?: string[];
  villages?: string[];
}

/** A day of the period with what the records say of it. */
interface DayFacts {
  day: Day;
  /** Held by the notices' rule. */
  held: boolean;
  /** Who served: the record's deputies, else the rota's. */
  served: string[];
  groups: BookingGroup[];
  /** The village of each matter of its reception record (none without a record). */
  matterVillages: string[];
}

const IDS_PER_QUERY = 100;

async function periodDays(q: SourceQuery): Promise<DayFacts[]> {
  const _ = command();
  const where: Where = { date: _.gte(q.period.start).and(_.lte(q.asOf)) };
  if (q.scope.stationCode) where.stationCode = q.scope.stationCode;
  const days = await findAll<Day>(RECEPTION_DAYS, where, {
    stationCode: true,
    date: true,
    deputyIds: true,
    status: true,
  });
  const groups = new Map<string, BookingGroup[]>();
  const records = new Map<string, RecordRow>();
  for (let i = 0; i < days.length; i += IDS_PER_QUERY) {
    const ids = days.slice(i, i + IDS_PER_QUERY).map((d) => d._id);
    const [g, r] = await Promise.all([
      allGroups<BookingGroup>(BOOKINGS, [
        { $match: { dayId: _.in(ids) } },
        {
          $group: {
            _id: { day: '$dayId', status: '$status', source: '$source', village: '$villageCode' },
            n: { $sum: 1 },
          },
        },
      ]),
      allGroups<RecordRow>(RECEPTION_RECORDS, [
        { $match: { _id: _.in(ids) } },
        { $project: { deputyIds: 1, villages: '$matters.villageCode' } },
      ]),
    ]);
    for (const row of g) groups.set(row._id.day, [...(groups.get(row._id.day) ?? []), row]);
    for (const row of r) records.set(row._id, row);
  }
  const scoped = q.scope.deputyIds ? new Set(q.scope.deputyIds) : null;
  const out: DayFacts[] = [];
  for (const day of days) {
    const g = groups.get(day._id) ?? [];
    const record = records.get(day._id) ?? null;
    const checkedIn = g.filter((x) => x._id.status === 'checkedIn').reduce((s, x) => s + x.n, 0);
    const facts = receptionFactsOf(
      day,
      checkedIn,
      q.asOf,
      record ? { deputyIds: record.deputyIds ?? [] } : null,
    );
    const served = facts
      ? [...new Set(facts.deputyIds)]
      : [...new Set(record?.deputyIds?.length ? record.deputyIds : (day.deputyIds ?? []))];
    if (scoped && !served.some((id) => scoped.has(id))) continue;
    out.push({ day, held: facts !== null, served, groups: g, matterVillages: record?.villages ?? [] });
  }
  return out.sort((a, b) =>
    a.day.date < b.day.date ? -1 : a.day.date > b.day.date ? 1 : a.day._id < b.day._id ? -1 : 1,
  );
}

const channelOf = (source: string | null): VisitorChannel => (source === 'walkIn' ? 'walkIn' : 'booking');
const COUNTED_BOOKINGS: readonly string[] = ['checkedIn', 'noShow', 'booked'];

function labelOf(names: PartNames) {
  return (b: Breakdown, key: string) =>
    b === 'channel'
      ? (VISITOR_CHANNEL_LABELS[key as VisitorChannel] ?? key)
      : b === 'type'
        ? (BOOKING_OUTCOME_LABELS[key as BookingOutcome] ?? key)
        : names.label(b, key);
}

function dayRow(d: Day, names: PartNames, detail: string, id = d._id): DrillRow {
  return {
    id,
    kind: 'receptionDay',
    date: d.date,
    title: `${names.station(d.stationCode)} · 接待日`,
    detail,
  };
}

/** The bookings of a group, listed a page at a time. */
function bookingList(d: Day, where: Where, names: PartNames) {
  return async (skip: number, take: number): Promise<DrillRow[]> => {
    const list = await findMany<BookingRecord>(
      BOOKINGS,
      { dayId: d._id, ...where },
      { orderBy: [['_id', 'asc']], skip, limit: take },
    );
    return list.map((b) => ({
      id: b._id,
      kind: 'booking',
      date: d.date,
      title: `${names.station(d.stationCode)} · ${names.village(b.villageCode)}`,
      detail:
        b.status === 'checkedIn'
          ? b.source === 'walkIn'
            ? '现场登记接待'
            : '预约后到场签到'
          : (BOOKING_OUTCOME_LABELS[b.status as BookingOutcome] ?? b.status),
    }));
  };
}

/** The units each figure is the sum of (the query's scope applied). */
function unitsOf(code: string, days: DayFacts[], q: SourceQuery): DrillUnit[] {
  const _ = command();
  const names = q.names;
  const village = q.scope.villageCode;
  const scoped = q.scope.deputyIds ? new Set(q.scope.deputyIds) : null;
  const units: DrillUnit[] = [];
  for (const f of days) {
    const d = f.day;
    const month = d.date.slice(0, 7);
    const order = `${d.date}|${d._id}`;
    const base = { station: d.stationCode, month };
    switch (code) {
      case 'reception.daysHeld':
        if (f.held)
          units.push({
            n: 1,
            keys: base,
            order,
            list: () => [dayRow(d, names, `接待代表${f.served.map((id) => names.deputy(id)).join('、')}`)],
          });
        break;
      case 'reception.visitors':
        if (!f.held) break;
        for (const g of f.groups) {
          if (g._id.status !== 'checkedIn' || (village && g._id.village !== village)) continue;
          const channel = channelOf(g._id.source);
          units.push({
            n: g.n,
            keys: { ...base, village: g._id.village ?? '', channel },
            order: `${order}|${g._id.village ?? ''}|${channel}|${g._id.source ?? ''}`,
            list: bookingList(
              d,
              {
                status: 'checkedIn',
                villageCode: g._id.village,
                source: g._id.source === null ? _.exists(false) : g._id.source,
              },
              names,
            ),
          });
        }
        break;
      case 'reception.bookings':
        for (const g of f.groups) {
          if (!COUNTED_BOOKINGS.includes(g._id.status) || channelOf(g._id.source) === 'walkIn') continue;
          if (village && g._id.village !== village) continue;
          units.push({
            n: g.n,
            keys: { ...base, village: g._id.village ?? '', type: g._id.status },
            order: `${order}|${g._id.village ?? ''}|${g._id.status}|${g._id.source ?? ''}`,
            list: bookingList(
              d,
              {
                status: g._id.status,
                villageCode: g._id.village,
                source: g._id.source === null ? _.exists(false) : g._id.source,
              },
              names,
            ),
          });
        }
        break;
      case 'reception.matters': {
        if (!f.held) break;
        const byVillage = new Map<string, number>();
        for (const v of f.matterVillages)
          if (!village || v === village) byVillage.set(v, (byVillage.get(v) ?? 0) + 1);
        for (const [v, n] of byVillage)
          units.push({
            n,
            keys: { ...base, village: v },
            order: `${order}|${v}`,
            list: async (skip, take) => {
              const record = await findById<ReceptionRecord>(RECEPTION_RECORDS, d._id);
              return (record?.matters ?? [])
                .filter((m) => m.villageCode === v)
                .slice(skip, skip + take)
                .map((m) => ({
                  id: `${d._id}#${m.n}`,
                  kind: 'receptionDay' as const,
                  date: d.date,
                  title: `${names.station(d.stationCode)} · ${names.village(m.villageCode)} · ${names.category(m.categoryCode)}`,
                  detail: excerpt(redactPhones(m.text), 24),
                }));
            },
          });
        break;
      }
      case 'reception.deputyAttendance':
        if (!f.held) break;
        for (const id of f.served) {
          if (scoped && !scoped.has(id)) continue;
          units.push({
            n: 1,
            keys: { ...base, deputy: id },
            order: `${order}|${id}`,
            list: () => [dayRow(d, names, `${names.deputy(id)}代表参加接待`, `${d._id}:${id}`)],
          });
        }
        break;
    }
  }
  return units;
}

const BREAKDOWNS: Record<string, Breakdown[]> = {
  'reception.daysHeld': ['station', 'month'],
  'reception.visitors': ['station', 'village', 'channel', 'month'],
  'reception.bookings': ['station', 'village', 'type', 'month'],
  'reception.matters': ['station', 'village', 'month'],
  'reception.deputyAttendance': ['station', 'deputy', 'month'],
};

export const receptionSource: FigureSource = {
  name: 'reception',
  async compute(q, codes) {
    const days = await periodDays(q);
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      const breakdowns = BREAKDOWNS[code];
      if (!breakdowns) continue;
      out.set(
        code,
        fold(
          unitsOf(code, days, q),
          (u) => u.n,
          breakdowns,
          (u, b) => u.keys[b] ?? '',
          labelOf(q.names),
        ),
      );
    }
    return out;
  },
  async drill(q: DrillQuery) {
    return drillUnits(q, unitsOf(q.code, await periodDays(q), q));
  },
};
