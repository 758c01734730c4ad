/**
 * A reception day as every booking use case reads it: found by id (DAY_NOT_FOUND), its station for the
 * pipeline's scope rule, the station desk's view of it, and the checks of the station's own deputies
 * and villages the use cases share.
 */
import { placesLeft, slotToBook } from '../../core/booking/booking.rules';
import type { ReceptionDay } from '../../core/booking/booking.types';
import type { ScopeTarget } from '../../core/identity/scope.rules';
import { dayLabel } from '../../core/calendar/china-time';
import type { Village } from '../../core/station/station.types';
import { LEGACY_WHOLE_DAY_SLOT, WHOLE_DAY_SLOT, getDay, withSlots } from './bookings.repo';
import { findById } from '../db/collection';
import { fail } from '../errors';
import { VILLAGES, deputiesOf, getStation } from '../station/stations.repo';

export type DayWithSlots = ReceptionDay & { implicitSlot: boolean };

/** What a contact purge removed from a reception day's bookings and walk-ins: counts, never the data. */
export interface ContactsPurged {
  /** Bookings and walk-ins of the day whose contact was removed. */
  bookings: number;
  names: number;
  phones: number;
  at: Date;
}

/** The day with its slots; DAY_NOT_FOUND when there is none. */
export async function requireDay(dayId: string): Promise<DayWithSlots> {
  const stored = await getDay(dayId);
  if (!stored) fail('DAY_NOT_FOUND');
  return withSlots(stored);
}

/**
 * The pipeline scope of an input naming a day: the day's station; null when there is no such day
 * (the action then answers DAY_NOT_FOUND).
 */
export async function dayScope(dayId: string): Promise<ScopeTarget | null> {
  const day = await getDay(dayId);
  return day ? { stationCode: day.stationCode } : null;
}

export async function requireStation(stationCode: string): Promise<void> {
  if (!(await getStation(stationCode))) fail('STATION_NOT_FOUND');
}

/** Every id must be an active deputy of the station (answers the station's deputies' names by id). */
export async function requireStationDeputies(
  stationCode: string,
  deputyIds: readonly string[],
): Promise<Map<string, string>> {
  const ours = new Map((await deputiesOf(stationCode)).map((d) => [d._id, d.name]));
  if (new Set(deputyIds).size !== deputyIds.length || !deputyIds.every((id) => ours.has(id))) {
    fail('DEPUTY_NOT_OF_STATION');
  }
  return ours;
}

/** A day split into several times: the villager chooses one (nothing is picked for them). */
export function chooseSlot(day: DayWithSlots, slotId: string | undefined): string {
  const chosen = slotToBook(day, asSlotOf(day, slotId));
  if (chosen === null) {
    fail('BAD_INPUT', [{ path: 'slotId', message: '这一天分几个时间段，请先选择一个时间段' }]);
  }
  return chosen;
}

/** A slot id as the day knows it: 'all', the whole-window slot's id before it was 'a', still books it. */
export function asSlotOf(day: { implicitSlot: boolean }, slotId: string | undefined): string | undefined {
  return day.implicitSlot && slotId === LEGACY_WHOLE_DAY_SLOT ? WHOLE_DAY_SLOT : slotId;
}

/** Any village of the township (BAD_INPUT on villageCode otherwise): a villager may book any station. */
export async function requireAnyVillage(villageCode: string): Promise<void> {
  const village = await findById<Village>(VILLAGES, villageCode);
  if (!village) fail('BAD_INPUT', [{ path: 'villageCode', message: '请选择您所在的村（社区）' }]);
}

/** The village must be one the station covers (VILLAGE_NOT_FOUND otherwise). */
export async function requireVillage(stationCode: string, villageCode: string): Promise<void> {
  const village = await findById<Village>(VILLAGES, villageCode);
  if (!village || village.stationCode !== stationCode) fail('VILLAGE_NOT_FOUND');
}

/** A booking's time on its day: its slot's, or the day's window. */
export function timeOf(
  day: { start: string; end: string; slots: { id: string; start: string; end: string }[] },
  slotId: string,
): string {
  const slot = day.slots.find((s) => s.id === slotId);
  return slot ? `${slot.start}-${slot.end}` : `${day.start}-${day.end}`;
}

/** A reception day as the station desk shows it (also the head of the roster). */
export function dayView(
  day: ReceptionDay & { walkIns?: number; cancelReason?: string; contactsPurged?: ContactsPurged },
) {
  return {
    dayId: day._id,
    stationCode: day.stationCode,
    date: day.date,
    label: dayLabel(day.date),
    time: `${day.start}-${day.end}`,
    deputyIds: day.deputyIds,
    status: day.status,
    capacity: day.capacity,
    booked: day.booked,
    placesLeft: placesLeft(day),
    walkIns: day.walkIns ?? 0,
    cancelReason: day.cancelReason ?? null,
    /** What the retention purge removed from the day's bookings and walk-ins (counts only), or null. */
    contactsPurged: day.contactsPurged
      ? {
          bookings: day.contactsPurged.bookings,
          names: day.contactsPurged.names,
          phones: day.contactsPurged.phones,
        }
      : null,
  };
}
