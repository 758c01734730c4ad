/**
 * The opinions' figures (core/figures/figures.opinions.ts): one grouped aggregation per figure family
 * over the period's cases, read page by page, folded into each breakdown's parts.
 */
import { addDays, chinaInstant } from '../../../core/calendar/china-time';
import { OPINION_CHANNEL_LABELS, type OpinionChannel } from '../../../core/figures/figures.opinions';
import type { Breakdown, DrillRow, RawFigure } from '../../../core/figures/figures.types';
import { excerpt } from '../../../core/text/excerpt';
import { command, count, findMany, type Where } from '../../db/collection';
import { OPINIONS, type OpinionRecord } from '../../opinion/opinions.repo';
import {
  nextOffset,
  type DrillQuery,
  type FigureSource,
  type PartNames,
  type SourceQuery,
} from '../figure-source';
import { allGroups, fold } from '../parts';

/** Who filed → the channel it came by. */
const CHANNEL_OF_FILER: Record<OpinionRecord['filedBy']['kind'], OpinionChannel> = {
  self: 'scan',
  reception: 'reception',
  stationAdmin: 'proxy',
};

/** The cases of the query's scope submitted in its period (refused at moderation left out). */
function receivedWhere(q: SourceQuery): Where {
  const _ = command();
  const where: Where = {
    submittedAt: _.gte(chinaInstant(q.period.start)).and(_.lt(chinaInstant(addDays(q.asOf, 1)))),
    outcome: _.neq('rejected'),
  };
  const s = q.scope;
  if (s.stationCode) where.stationCode = s.stationCode;
  if (s.villageCode) where.villageCode = s.villageCode;
  if (s.deputyIds) where.deputyHistory = _.in(s.deputyIds);
  return where;
}

interface ComboRow {
  _id: {
    station: string;
    village: string;
    category: string;
    filer: OpinionRecord['filedBy']['kind'];
    month: string;
  };
  n: number;
}

/** A part's label: the channel here, the rest by name. */
function labelOf(names: PartNames) {
  return (b: Breakdown, key: string) =>
    b === 'channel' ? (OPINION_CHANNEL_LABELS[key as OpinionChannel] ?? key) : names.label(b, key);
}

async function received(q: SourceQuery): Promise<RawFigure> {
  const rows = await allGroups<ComboRow>(OPINIONS, [
    { $match: receivedWhere(q) },
    {
      $group: {
        _id: {
          station: '$stationCode',
          village: '$villageCode',
          category: '$categoryCode',
          filer: '$filedBy.kind',
          month: { $substr: ['$submittedOn', 0, 7] },
        },
        n: { $sum: 1 },
      },
    },
  ]);
  const key = (row: ComboRow, b: Breakdown): string => {
    switch (b) {
      case 'station':
        return row._id.station;
      case 'village':
        return row._id.village;
      case 'category':
        return row._id.category;
      case 'channel':
        return CHANNEL_OF_FILER[row._id.filer];
      case 'month':
        return row._id.month;
      default:
        return '';
    }
  };
  return fold(
    rows,
    (r) => r.n,
    ['station', 'village', 'category', 'channel', 'month'],
    key,
    labelOf(q.names),
  );
}

/** The condition a part adds to a drill-down. */
function partWhere(part: DrillQuery['part']): Where {
  if (!part) return {};
  const _ = command();
  switch (part.breakdown) {
    case 'station':
      return { stationCode: part.key };
    case 'village':
      return { villageCode: part.key };
    case 'category':
      return { categoryCode: part.key };
    case 'channel': {
      const filers = Object.entries(CHANNEL_OF_FILER)
        .filter(([, c]) => c === part.key)
        .map(([f]) => f);
      return { 'filedBy.kind': _.in(filers) };
    }
    case 'month':
      return { submittedOn: _.gte(`${part.key}-01`).and(_.lte(`${part.key}-31`)) };
    default:
      return { _id: '' };
  }
}

function row(o: OpinionRecord, names: PartNames): DrillRow {
  return {
    id: o._id,
    kind: 'opinion',
    date: o.submittedOn,
    title: `${names.village(o.villageCode)} · ${names.category(o.categoryCode)} · ${excerpt(o.text, 24)}`,
    detail: o.resolvedAt ? `已办结（${o.answeredOn ?? ''}答复）` : '办理中',
  };
}

export const opinionsSource: FigureSource = {
  name: 'opinions',
  async compute(q, codes) {
    const out = new Map<string, RawFigure>();
    if (codes.includes('opinions.received')) out.set('opinions.received', await received(q));
    return out;
  },
  async drill(q) {
    const where = { ...receivedWhere(q), ...partWhere(q.part) };
    const [total, list] = await Promise.all([
      count(OPINIONS, where),
      findMany<OpinionRecord>(OPINIONS, where, {
        orderBy: [['submittedAt', 'asc']],
        skip: q.offset,
        limit: q.limit,
      }),
    ]);
    return {
      code: q.code,
      total,
      rows: list.map((o) => row(o, q.names)),
      next: nextOffset(q.offset, list.length, total),
    };
  },
};
