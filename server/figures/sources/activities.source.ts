/**
 * The activities' figures (core/figures/figures.activities.ts): the period's closed activities of the
 * kinds counted and the rectification items of the period's inspections, read in pages through the
 * groups repository (a township holds tens of activities a year), folded into each figure and its
 * parts. Each activity (or, for training 人次, each attendee; for the items, each item) is one unit of the
 * drill-down, so a drill's total is the figure's.
 */
import type { Ymd } from '../../../core/calendar/china-time';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import {
  ACTIVITY_KIND_LABELS,
  RECTIFICATION_STATUS_LABELS,
  type Activity,
  type ActivityKind,
  type Rectification,
} from '../../../core/groups/groups.types';
import { fixedOnTime, isLate } from '../../../core/groups/rectification.rules';
import { excerpt } from '../../../core/text/excerpt';
import { closedOfKinds, rectificationsIn } from '../../groups/activities.repo';
import type { FigureSource, SourceQuery } from '../figure-source';
import { drillUnits, foldUnits, type DrillUnit } from './units';

/** The kinds each activity figure counts; the training figure counts attendees, the others activities. */
const KINDS: Record<string, readonly ActivityKind[]> = {
  'activities.groupActivities': ['groupActivity'],
  'activities.trainingPersonTimes': ['training'],
  'activities.inspections': ['inspection', 'lawCheck'],
  'activities.briefings': ['briefing'],
};
const PER_ATTENDEE = 'activities.trainingPersonTimes';
const ITEMS: Record<string, (r: Rectification, asOf: Ymd) => boolean> = {
  'activities.rectifications': () => true,
  'activities.rectificationsOnTime': (r, asOf) => fixedOnTime(r) && (r.fixedOn as Ymd) <= asOf,
  'activities.rectificationsLate': (r, asOf) =>
    r.status === 'fixed' && (r.fixedOn as Ymd) <= asOf ? isLate(r, asOf) : asOf > r.deadline,
};
const BREAKDOWNS: Record<string, Breakdown[]> = {
  'activities.groupActivities': ['station', 'month'],
  'activities.trainingPersonTimes': ['station', 'deputy', 'month'],
  'activities.inspections': ['type', 'station', 'month'],
  'activities.briefings': ['station', 'month'],
};
const ITEM_BREAKDOWNS: Breakdown[] = ['department', 'station', 'month'];

/** The period's closed activities of the kinds, in the scope's station (and attended by its deputies). */
async function activitiesOf(q: SourceQuery, kinds: readonly ActivityKind[]): Promise<Activity[]> {
  const list = await closedOfKinds(kinds, q.period.start, q.asOf);
  const deputies = q.scope.deputyIds ? new Set(q.scope.deputyIds) : null;
  return list
    .filter((a) => !q.scope.stationCode || a.stationCode === q.scope.stationCode)
    .filter((a) => !deputies || (a.attendeeIds ?? []).some((d) => deputies.has(d)));
}

function activityRow(a: Activity, deputyName?: string): DrillRow {
  return {
    id: a._id,
    kind: 'activity',
    date: a.date,
    title: `${deputyName ? `${deputyName} · ` : ''}${ACTIVITY_KIND_LABELS[a.kind]} · ${excerpt(a.title, 20)}`,
    detail: `${a.place}，出席代表${(a.attendeeIds ?? []).length}人`,
  };
}

function activityUnits(code: string, q: SourceQuery, list: Activity[]): DrillUnit[] {
  const deputies = q.scope.deputyIds ? new Set(q.scope.deputyIds) : null;
  if (code !== PER_ATTENDEE)
    return list.map((a) => ({
      n: 1,
      keys: { station: a.stationCode, month: a.date.slice(0, 7), type: a.kind },
      order: `${a.date}|${a._id}`,
      list: () => [activityRow(a)],
    }));
  return list.flatMap((a) =>
    (a.attendeeIds ?? [])
      .filter((d) => !deputies || deputies.has(d))
      .map((d) => ({
        n: 1,
        keys: { station: a.stationCode, month: a.date.slice(0, 7), deputy: d },
        order: `${a.date}|${a._id}|${d}`,
        list: () => [activityRow(a, q.names.deputy(d))],
      })),
  );
}

async function itemUnits(code: string, q: SourceQuery): Promise<DrillUnit[]> {
  const counts = ITEMS[code];
  const items = (await rectificationsIn(q.period.start, q.asOf)).filter(
    (r) => (!q.scope.stationCode || r.stationCode === q.scope.stationCode) && counts(r, q.asOf),
  );
  return items.map((r) => ({
    n: 1,
    keys: { department: r.departmentId, station: r.stationCode, month: r.date.slice(0, 7) },
    order: `${r.date}|${r._id}`,
    list: () => [
      {
        id: r._id,
        kind: 'rectification' as const,
        date: r.date,
        title: `${q.names.department(r.departmentId)} · ${excerpt(r.text, 24)}`,
        detail: `整改期限${r.deadline}，${r.status === 'fixed' ? `${r.fixedOn}${RECTIFICATION_STATUS_LABELS.fixed}` : RECTIFICATION_STATUS_LABELS.open}`,
      },
    ],
  }));
}

async function unitsFor(code: string, q: SourceQuery): Promise<DrillUnit[]> {
  if (KINDS[code]) return activityUnits(code, q, await activitiesOf(q, KINDS[code]));
  if (ITEMS[code]) return itemUnits(code, q);
  return [];
}

const labelOf = (q: SourceQuery) => (b: Breakdown, key: string) =>
  b === 'type' ? (ACTIVITY_KIND_LABELS[key as ActivityKind] ?? key) : q.names.label(b, key);

export const activitiesSource: FigureSource = {
  name: 'activities',
  async compute(q, codes) {
    const out = new Map<string, RawFigure>();
    for (const code of codes) {
      const breakdowns = BREAKDOWNS[code] ?? (ITEMS[code] ? ITEM_BREAKDOWNS : null);
      if (!breakdowns) continue;
      out.set(code, foldUnits(await unitsFor(code, q), breakdowns, labelOf(q)));
    }
    return out;
  },
  async drill(q) {
    return drillUnits(q, await unitsFor(q.code, q));
  },
};
