/**
 * A station's public card (公开数据卡): what villagers see on the station page — this year's opinions
 * received and answered, the on-time and satisfaction rates — computed by the figures' own source
 * (server/figures/sources/opinions.source.ts: one truth with the presidium's report), the fair minimum
 * sample applied (样本不足, never a number, below it). Counts only: no case, name or text.
 */
import { chinaDate, type Ymd } from '../../core/calendar/china-time';
import { PUBLIC_CARD_FIGURES } from '../../core/figures/figures.opinions';
import { figureValue } from '../../core/figures/figures.format';
import { asOfDay, resolvePeriod } from '../../core/figures/figures.period';
import { figureDef } from '../../core/figures/figures.table';
import type { FigureDef } from '../../core/figures/figures.types';
import type { Station } from '../../core/station/station.types';
import { findById } from '../db/collection';
import { fail, orFail } from '../errors';
import { STATIONS } from '../station/stations.repo';
import type { PartNames, SourceQuery } from './figure-source';
import { opinionsSource } from './sources/opinions.source';

export interface PublicCardItem {
  /** 'opinions.received', 'opinions.answered', 'opinions.onTimeRate', 'opinions.satisfactionRate'. */
  code: string;
  /** 收集意见建议 · 答复意见 · 答复及时率 · 群众满意率. */
  label: string;
  /** A count; a rate 0…1; null for a rate below the fair minimum (样本不足). */
  value: number | null;
  /** '128件', '92%', '样本不足（3/5）'. */
  display: string;
  /** A rate's counts (答复 … 件中按时 … 件). */
  numerator?: number;
  denominator?: number;
}

export interface PublicCard {
  stationCode: string;
  stationName: string;
  /** '2026年'. */
  periodLabel: string;
  /** Counted to this day (today). */
  asOf: Ymd;
  items: PublicCardItem[];
}

/** No parts are shown on the card: their labels are never read. */
const NO_NAMES: PartNames = {
  station: (k) => k,
  village: (k) => k,
  category: (k) => k,
  deputy: (k) => k,
  department: (k) => k,
  label: (_b, k) => k,
};

/** The station's card for the current year (China time), in the station's own township. */
export async function publicCard(now: Date, stationCode: string): Promise<PublicCard> {
  const station = await findById<Station>(STATIONS, stationCode);
  if (!station) fail('STATION_NOT_FOUND');
  const today = chinaDate(now);
  const period = orFail(resolvePeriod({ kind: 'year', year: Number(today.slice(0, 4)) }, today));
  const defs = PUBLIC_CARD_FIGURES.map((c) => figureDef(c) as FigureDef);
  const counts = [
    ...new Set(defs.flatMap((d) => (d.rate ? [d.rate.numerator, d.rate.denominator] : [d.code]))),
  ];
  const query: SourceQuery = {
    period,
    asOf: asOfDay(period, today),
    scope: { scope: { kind: 'station', stationCode }, stationCode },
    names: NO_NAMES,
  };
  const raw = await opinionsSource.compute(query, counts);
  return {
    stationCode,
    stationName: station.name,
    periodLabel: period.label,
    asOf: query.asOf,
    items: defs.map((def) => {
      const f = figureValue(def, raw);
      return {
        code: f.code,
        label: def.label,
        value: f.value,
        display: f.display,
        ...(f.numerator !== undefined && { numerator: f.numerator, denominator: f.denominator }),
      };
    }),
  };
}
