import { dayLabel, type Ymd } from '../calendar/china-time';
import { maskPhone } from '../privacy/phone.mask';
import {
  DEPUTY_LEVELS,
  DEPUTY_LEVEL_LABELS,
  type Deputy,
  type ReceptionDaySummary,
  type Station,
  type Village,
} from './station.types';

/** A deputy as the station's notice board shows them (亮明身份): no raw phone, no openid. */
export interface DeputyCard {
  id: string;
  name: string;
  level: Deputy['level'];
  levelLabel: string;
  title: string;
  photo: string;
  phoneMasked: string;
  isLead: boolean;
}

export interface ReceptionDayCard {
  id: string;
  date: Ymd;
  label: string;
  time: string;
  deputyNames: string[];
  placesLeft: number | 'unlimited';
}

/** The township a station belongs to: the mini-program sends its id (`townshipId`) on later calls. */
export interface TownshipRef {
  id: string;
  name: string;
}

export interface StationView {
  code: string;
  name: string;
  address: string;
  openHours: string;
  contactPhone: string;
  intro: string;
  villages: { code: string; name: string }[];
  deputies: DeputyCard[];
  nextDays: ReceptionDayCard[];
  township: TownshipRef;
}

export interface StationSummary {
  code: string;
  name: string;
  address: string;
  villageNames: string[];
  deputyCount: number;
  township: TownshipRef;
}

/** How many upcoming reception days the first screen shows. */
export const NEXT_DAYS_SHOWN = 3;

export function toDeputyCard(deputy: Deputy, leadDeputyId: string): DeputyCard {
  return {
    id: deputy._id,
    name: deputy.name,
    level: deputy.level,
    levelLabel: DEPUTY_LEVEL_LABELS[deputy.level],
    title: deputy.title,
    photo: deputy.photo,
    phoneMasked: maskPhone(deputy.phone),
    isLead: deputy._id === leadDeputyId,
  };
}

/** The lead deputy first, then higher levels first, then by name in pinyin-ish collation. */
export function sortDeputies(cards: DeputyCard[]): DeputyCard[] {
  const rank = (c: DeputyCard) => DEPUTY_LEVELS.indexOf(c.level);
  return [...cards].sort(
    (a, b) =>
      Number(b.isLead) - Number(a.isLead) || rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN'),
  );
}

export function placesLeft(day: Pick<ReceptionDaySummary, 'capacity' | 'booked'>): number | 'unlimited' {
  return day.capacity === 'unlimited' ? 'unlimited' : Math.max(day.capacity - day.booked, 0);
}

/** A reception day as a notice shows it; `names` maps deputy ids to names. */
export function toDayCard(d: ReceptionDaySummary, names: ReadonlyMap<string, string>): ReceptionDayCard {
  return {
    id: d._id,
    date: d.date,
    label: dayLabel(d.date),
    time: `${d.start}-${d.end}`,
    deputyNames: d.deputyIds.map((id) => names.get(id)).filter((n): n is string => Boolean(n)),
    placesLeft: placesLeft(d),
  };
}

/** Soonest first. */
export function byDayAndStart(a: ReceptionDaySummary, b: ReceptionDaySummary): number {
  return a.date.localeCompare(b.date) || a.start.localeCompare(b.start);
}

/** Upcoming scheduled days from `today` on, soonest first. */
export function upcomingDays(
  days: ReceptionDaySummary[],
  today: Ymd,
  deputies: Deputy[],
): ReceptionDayCard[] {
  const names = new Map(deputies.map((d) => [d._id, d.name]));
  return days
    .filter((d) => d.status === 'scheduled' && d.date >= today)
    .sort(byDayAndStart)
    .slice(0, NEXT_DAYS_SHOWN)
    .map((d) => toDayCard(d, names));
}

export function toStationView(
  station: Station,
  villages: Village[],
  deputies: Deputy[],
  days: ReceptionDaySummary[],
  today: Ymd,
  township: TownshipRef,
): StationView {
  const active = deputies.filter((d) => d.active);
  return {
    code: station.code,
    name: station.name,
    address: station.address,
    openHours: station.openHours,
    contactPhone: station.contactPhone,
    intro: station.intro,
    villages: villages.map((v) => ({ code: v.code, name: v.name })),
    deputies: sortDeputies(active.map((d) => toDeputyCard(d, station.leadDeputyId))),
    nextDays: upcomingDays(days, today, active),
    township: { id: township.id, name: township.name },
  };
}

export function toStationSummary(
  station: Station,
  villages: Village[],
  deputyCount: number,
  township: TownshipRef,
): StationSummary {
  return {
    code: station.code,
    name: station.name,
    address: station.address,
    villageNames: villages.map((v) => v.name),
    deputyCount,
    township: { id: township.id, name: township.name },
  };
}
