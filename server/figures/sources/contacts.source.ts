/**
 * The contact duties' figures (core/figures/figures.contacts.ts): the pairs live in the period, the
 * visits dated in it and the current 分片联系, read through the contacts repository (a township has tens
 * of pairs and hundreds of visits a year: read whole) and folded into each figure and its parts. Each
 * pair, visit or assigned deputy is one unit of the drill-down; a household is named by its village only.
 */
import { chinaDate, chinaInstant, type Ymd } from '../../../core/calendar/china-time';
import type { ContactAssignment, ContactVisit, HouseholdPair } from '../../../core/groups/contacts.rules';
import { VISIT_KIND_LABELS } from '../../../core/groups/contacts.rules';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import type { Deputy } from '../../../core/station/station.types';
import { excerpt } from '../../../core/text/excerpt';
import { findAll } from '../../db/collection';
import { allAssignments, pairsLiveIn, visitsDatedIn } from '../../groups/contacts.repo';
import { DEPUTIES } from '../../station/stations.repo';
import type { FigureSource, SourceQuery } from '../figure-source';
import { drillUnits, foldUnits, type DrillUnit } from './units';

const BREAKDOWNS: Record<string, Breakdown[]> = {
  'contacts.households': ['station', 'deputy', 'village'],
  'contacts.visits': ['station', 'deputy', 'month'],
  'contacts.deputiesContacted': ['station'],
};

const inScope = (q: SourceQuery, r: { stationCode: string; deputyId: string }) =>
  (!q.scope.stationCode || r.stationCode === q.scope.stationCode) &&
  (!q.scope.deputyIds || q.scope.deputyIds.includes(r.deputyId));

/** The end of the asOf day, China time. */
const endOf = (day: Ymd) => new Date(chinaInstant(day).getTime() + 86_400_000 - 1);

async function unitsFor(code: string, q: SourceQuery): Promise<DrillUnit[]> {
  if (code === 'contacts.households') {
    const pairs = (await pairsLiveIn(chinaInstant(q.period.start), endOf(q.asOf))).filter((p) =>
      inScope(q, p),
    );
    return pairs.map((p: HouseholdPair) => {
      const since = chinaDate(p.createdAt);
      return {
        n: 1,
        keys: { station: p.stationCode, deputy: p.deputyId, village: p.villageCode },
        order: `${since}|${p._id}`,
        list: (): DrillRow[] => [
          {
            id: p._id,
            kind: 'household',
            date: since,
            title: `${q.names.deputy(p.deputyId)} · ${q.names.village(p.villageCode)}困难户`,
            detail: p.active ? `${since}起结对帮扶` : `${since}起结对，${chinaDate(p.endedAt!)}结束`,
          },
        ],
      };
    });
  }
  if (code === 'contacts.visits') {
    const visits = (await visitsDatedIn(q.period.start, q.asOf)).filter((v) => inScope(q, v));
    return visits.map((v: ContactVisit) => ({
      n: 1,
      keys: { station: v.stationCode, deputy: v.deputyId, month: v.date.slice(0, 7) },
      order: `${v.date}|${v._id}`,
      list: (): DrillRow[] => [
        {
          id: v._id,
          kind: 'contact',
          date: v.date as Ymd,
          title: `${q.names.deputy(v.deputyId)} · ${VISIT_KIND_LABELS[v.kind]}`,
          detail: excerpt(v.note, 40),
        },
      ],
    }));
  }
  if (code === 'contacts.deputiesContacted') {
    const [assignments, deputies] = await Promise.all([
      allAssignments(),
      findAll<Deputy>(DEPUTIES, { active: true }),
    ]);
    const byId = new Map(deputies.map((d) => [d._id, d]));
    return assignments
      .map((a: ContactAssignment) => ({ a, d: byId.get(a.deputyId) }))
      .filter(
        (x): x is { a: ContactAssignment; d: Deputy } => !!x.d && inScope(q, { ...x.d, deputyId: x.d._id }),
      )
      .map(({ a, d }) => ({
        n: 1,
        keys: { station: d.stationCode },
        order: `${d.stationCode}|${d._id}`,
        list: (): DrillRow[] => [
          {
            id: d._id,
            kind: 'contact',
            date: chinaDate(a.assignedAt),
            title: `${d.name} · ${q.names.station(d.stationCode)}`,
            detail: `主席团成员${a.memberName}联系`,
          },
        ],
      }));
  }
  return [];
}

export const contactsSource: FigureSource = {
  name: 'contacts',
  async compute(q, codes) {
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      const breakdowns = BREAKDOWNS[code];
      if (!breakdowns) continue;
      out.set(
        code,
        foldUnits(await unitsFor(code, q), breakdowns, (b, key) => q.names.label(b, key)),
      );
    }
    return out;
  },
  async drill(q) {
    return drillUnits(q, await unitsFor(q.code, q));
  },
};
