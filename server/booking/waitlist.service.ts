/**
 * The waiting list (排队候补) of full reception days: a villager joins (one entry per day, idempotent,
 * cancellable), sees their place in 我的预约, and when a place is freed it goes to the first waiting
 * villager — claimed entry, their day lock, the place (the same ONE conditional update as a booking,
 * bookings.repo takePlace), a check-in code, then the booking, the entry and the `bookingChanged`
 * message in one transaction — each taken step given back by the one compensation if a later one fails.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { checkHeldPlaces } from '../../core/admin/abuse.limits';
import {
  CHECKIN_ALPHABET,
  CHECKIN_CODE_LENGTH,
  checkInCodeFrom,
  dayStartsAt,
  isAbandonedLock,
  placesLeft,
} from '../../core/booking/booking.rules';
import { messageDate } from '../../core/booking/reception.rules';
import {
  WAITLIST_CLAIM_STALE_MS,
  checkJoinWaitlist,
  checkLeaveWaitlist,
  waitlistIdOf,
  waitlistLabel,
  waitlistPosition,
  type WaitlistEntry,
} from '../../core/booking/waitlist.rules';
import { chinaDate, dayLabel } from '../../core/calendar/china-time';
import { PAGES } from '../../core/notify/pages';
import { loadLimits } from '../abuse-limits';
import { transaction } from '../db/collection';
import { fail, orFail } from '../errors';
import { flushOutbox, queueMessage } from '../outbox';
import type { Caller } from '../pipeline';
import { stationByCode, stationsByCodes } from '../station/stations.repo';
import {
  claimCheckInCode,
  claimLock,
  daysByIds,
  getBooking,
  getDay,
  getLock,
  heldBy,
  insertBookingIn,
  lockIdOf,
  releaseLock,
  returnPlace,
  takePlace,
  withSlots,
  type BookingRecord,
} from './bookings.repo';
import { withCompensation } from './compensation';
import { chooseSlot, requireAnyVillage, requireDay, timeOf, type DayWithSlots } from './day.service';
import {
  allWaiting,
  claimEntry,
  entriesOf,
  firstWaiting,
  getEntry,
  insertEntry,
  leaveIn,
  markLeft,
  markPromotedIn,
  rejoinEntry,
  releaseStaleClaims,
  unclaimEntry,
  waitingCount,
  waitingCountOfDay,
  waitingOfDay,
} from './waitlist.repo';

type Ctx = { caller: Caller; now: Date };

const newId = () => randomUUID().replace(/-/g, '');
const drawCheckInCode = () =>
  checkInCodeFrom(Array.from({ length: CHECKIN_CODE_LENGTH }, () => randomInt(CHECKIN_ALPHABET.length)));

// --- join and leave ------------------------------------------------------------------------------

interface JoinInput {
  dayId: string;
  slotId?: string;
  topic: string;
  villageCode: string;
  name?: string;
  phone?: string;
}

/**
 * Joins the waiting list of a full day (or slot): decide (full, no booking of the day, under the
 * places-held limit), then store the entry (a second join of the same slot answers the same entry),
 * and hand over any place freed meanwhile.
 */
export async function joinWaitlist({ caller, now }: Ctx, input: JoinInput) {
  const day = await requireDay(input.dayId);
  const slotId = chooseSlot(day, input.slotId);
  await requireAnyVillage(input.villageCode);
  const entry = await getEntry(day._id, caller.openid);
  await decideJoinable(day, slotId, caller.openid, entry, now);
  if (!(entry && entry.status === 'waiting')) {
    const fresh = entryOf(day, slotId, caller.openid, input, now);
    const stored = entry ? await rejoinEntry(fresh) : await insertEntry(fresh);
    if (!stored) {
      // A concurrent join of the same villager stored it first: the same answer.
      const now2 = await getEntry(day._id, caller.openid);
      if (!now2 || now2.slotId !== slotId) fail('CONFLICT');
    }
  }
  await promoteWaiting(day._id, slotId, now);
  return waitlistView(day, (await getEntry(day._id, caller.openid))!);
}

async function decideJoinable(
  day: DayWithSlots,
  slotId: string,
  openid: string,
  entry: WaitlistEntry | null,
  now: Date,
) {
  const lock = await getLock(day._id, openid);
  const booking = lock ? ((await getBooking(lock.bookingId)) ?? undefined) : undefined;
  const active = lock && !isAbandonedLock(lock, booking, now) && !booking ? lockAsBooking() : booking;
  orFail(
    checkJoinWaitlist(day, slotId, active, entry && entry.status !== 'promoted' ? entry : undefined, now),
  );
  const { heldPlaces } = await loadLimits();
  orFail(checkHeldPlaces(await heldBy(openid), heldPlaces));
}

/** A lock whose booking is still being written: taken as a booking of the day. */
const lockAsBooking = () => ({ status: 'booked' }) as BookingRecord;

function entryOf(
  day: DayWithSlots,
  slotId: string,
  openid: string,
  input: JoinInput,
  now: Date,
): WaitlistEntry {
  return {
    _id: waitlistIdOf(day._id, openid),
    dayId: day._id,
    slotId,
    stationCode: day.stationCode,
    openid,
    status: 'waiting',
    joinedAt: now,
    topic: input.topic,
    villageCode: input.villageCode,
    ...(input.name ? { name: input.name } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
  };
}

/** Leaves the waiting list of a day; leaving twice answers the same. */
export async function leaveWaitlist({ caller, now }: Ctx, dayId: string) {
  const entry = await getEntry(dayId, caller.openid);
  orFail(checkLeaveWaitlist(entry ?? undefined));
  if (entry!.status !== 'cancelled' && !(await markLeft(entry!._id, now))) {
    const fresh = await getEntry(dayId, caller.openid);
    orFail(checkLeaveWaitlist(fresh ?? undefined));
    if (fresh?.status !== 'cancelled') fail('CONFLICT');
  }
  return { dayId, status: 'cancelled' as const };
}

/** Where the villager stands: their place among those still waiting for the slot. */
async function waitlistView(day: DayWithSlots, entry: WaitlistEntry) {
  const position =
    entry.status === 'waiting'
      ? waitlistPosition(await waitingCount(entry.dayId, entry.slotId, new Date(entry.joinedAt)))
      : null;
  return {
    dayId: entry.dayId,
    slotId: entry.slotId,
    date: day.date,
    label: dayLabel(day.date),
    time: timeOf(day, entry.slotId),
    status: entry.status,
    position,
    statusText: waitlistLabel(entry.status, position),
    bookingId: entry.bookingId ?? null,
  };
}

// --- 我的预约 --------------------------------------------------------------------------------------

/** The caller's waiting-list entries for days still to come (waiting, or promoted to a booking). */
export async function myWaitlist(openid: string, now: Date) {
  const entries = (await entriesOf(openid)).filter((e) => e.status !== 'cancelled');
  if (entries.length === 0) return [];
  const today = chinaDate(now);
  const days = await daysByIds([...new Set(entries.map((e) => e.dayId))]);
  const dayById = new Map(days.map((d) => [d._id, withSlots(d)]));
  const stations = await stationsByCodes([...new Set(entries.map((e) => e.stationCode))]);
  const stationName = new Map(stations.map((s) => [s.code, s.name]));
  const rows = [];
  for (const e of entries) {
    const day = dayById.get(e.dayId);
    if (!day || day.date < today || day.status === 'cancelled') continue;
    rows.push({ ...(await waitlistView(day, e)), stationName: stationName.get(e.stationCode) ?? '' });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

// --- handing freed places over -------------------------------------------------------------------

/** A promotion that found no place (another call took it): nothing to undo beyond what was taken. */
class NoPlace extends Error {}
/** The waiting villager holds a booking of the day already: they leave the list. */
class HoldsBooking extends Error {}

/**
 * Hands the slot's free places to the villagers waiting, first joined first, until no place or no one
 * is left. Called wherever a place is freed (a cancellation) and after a join; safe to run together
 * from many calls: each entry is claimed once, each place taken with one conditional update. Answers
 * how many villagers got a place.
 */
async function promoteWaiting(dayId: string, slotId: string, now: Date): Promise<number> {
  await releaseStaleClaims(dayId, new Date(now.getTime() - WAITLIST_CLAIM_STALE_MS));
  let promoted = 0;
  for (let guard = 0; guard < 200; guard++) {
    const stored = await getDay(dayId);
    if (!stored || stored.status !== 'scheduled') break;
    const day = withSlots(stored);
    const slot = day.slots.find((s) => s.id === slotId);
    if (!slot || now >= dayStartsAt(day) || placesLeft(day) === 0 || placesLeft(slot) === 0) break;
    const [entry] = await firstWaiting(dayId, slotId, 1);
    if (!entry) break;
    const outcome = await promoteOne(day, entry, now);
    if (outcome === 'noPlace') break;
    if (outcome === 'promoted') promoted++;
  }
  return promoted;
}

/** Same as promoteWaiting, never failing the call that freed the place (what is left waits for the next run). */
export async function promoteAfterFree(dayId: string, slotId: string, now: Date): Promise<number> {
  try {
    return await promoteWaiting(dayId, slotId, now);
  } catch (err) {
    console.error(`[booking] promoting the waiting list of ${dayId}/${slotId}`, err);
    return 0;
  }
}

async function promoteOne(
  day: DayWithSlots,
  entry: WaitlistEntry,
  now: Date,
): Promise<'promoted' | 'taken' | 'skipped' | 'noPlace'> {
  // The places a villager may hold at once count at promotion too: waiting on many days is no way round it.
  const { heldPlaces } = await loadLimits();
  if (!checkHeldPlaces(await heldBy(entry.openid), heldPlaces).ok) {
    await markLeft(entry._id, now);
    return 'skipped';
  }
  if (!(await claimEntry(entry._id, now))) return 'taken';
  const bookingId = newId();
  try {
    const messageId = await withCompensation(async (undo) => {
      undo.onFailure(() => unclaimEntry(entry._id));
      await claimWaiterLock(day, entry, bookingId, now);
      undo.onFailure(() => releaseLock(day._id, entry.openid, bookingId));
      if (!(await takePlace(day, entry.slotId))) throw new NoPlace();
      undo.onFailure(() => returnPlace(day, entry.slotId));
      const checkInCode = await claimCheckInCode(day._id, bookingId, drawCheckInCode);
      const station = await stationByCode(day.stationCode);
      return transaction(async (tx) => {
        await insertBookingIn(tx, bookingOf(bookingId, entry, checkInCode, now));
        await markPromotedIn(tx, entry._id, bookingId, now);
        return queueMessage(
          tx,
          {
            key: `waitlisted:${bookingId}`,
            openid: entry.openid,
            template: 'bookingChanged',
            page: PAGES.myBookings,
            fields: {
              thing1: station?.name ?? day.stationCode,
              date2: messageDate(day.date),
              phrase3: '候补成功',
              thing4: `签到码${checkInCode}，请按时到场`,
            },
            ref: `receptionDay:${day._id}`,
          },
          now,
        );
      });
    });
    await flushOutbox([messageId], now);
    return 'promoted';
  } catch (err) {
    if (err instanceof NoPlace) return 'noPlace';
    if (err instanceof HoldsBooking) {
      await markLeft(entry._id, now);
      return 'skipped';
    }
    throw err;
  }
}

/** The waiting villager's one booking of the day; HoldsBooking when they booked it meanwhile. */
async function claimWaiterLock(day: DayWithSlots, entry: WaitlistEntry, bookingId: string, now: Date) {
  const lock = {
    _id: lockIdOf(day._id, entry.openid),
    dayId: day._id,
    openid: entry.openid,
    bookingId,
    lockedAt: now,
  };
  if (await claimLock(lock)) return;
  const held = await getLock(day._id, entry.openid);
  const booking = held ? ((await getBooking(held.bookingId)) ?? undefined) : undefined;
  if (held && isAbandonedLock(held, booking, now)) {
    await releaseLock(day._id, entry.openid, held.bookingId);
    if (await claimLock(lock)) return;
  }
  throw new HoldsBooking();
}

function bookingOf(bookingId: string, entry: WaitlistEntry, checkInCode: string, now: Date): BookingRecord {
  return {
    _id: bookingId,
    dayId: entry.dayId,
    slotId: entry.slotId,
    stationCode: entry.stationCode,
    openid: entry.openid,
    status: 'booked',
    checkInCode,
    source: 'booking',
    topic: entry.topic,
    villageCode: entry.villageCode,
    ...(entry.name ? { name: entry.name } : {}),
    ...(entry.phone ? { phone: entry.phone } : {}),
    bookedAt: now,
  };
}

// --- what other use cases ask of the list ---------------------------------------------------------

/** Whether villagers wait for the slot (a place freed goes to them, not to a new booking). */
export async function hasWaiting(dayId: string, slotId: string): Promise<boolean> {
  return (await waitingCount(dayId, slotId)) > 0;
}

/** How many villagers wait on the day (every slot), for the station desk. */
export async function waitingOn(dayId: string): Promise<number> {
  return waitingCountOfDay(dayId);
}

/** The villager booked the day themselves: their entry leaves the list. */
export async function leaveOnBooking(dayId: string, openid: string, now: Date): Promise<void> {
  await markLeft(waitlistIdOf(dayId, openid), now);
}

/**
 * A cancelled day takes everyone out of its list, each told (a `bookingChanged` message, 已取消, with
 * the reason) in the same transaction as their entry leaves; answers how many.
 */
export async function clearDayWaitlist(dayId: string, reason: string, now: Date): Promise<number> {
  const stored = await getDay(dayId);
  if (!stored) return 0;
  const station = await stationByCode(stored.stationCode);
  const ids: string[] = [];
  for (const e of await waitingOfDay(dayId)) {
    const id = await transaction(async (tx) => {
      if (!(await leaveIn(tx, e._id, now))) return null;
      return queueMessage(
        tx,
        {
          key: `waitlistDayCancelled:${e._id}`,
          openid: e.openid,
          template: 'bookingChanged',
          page: PAGES.myBookings,
          fields: {
            thing1: station?.name ?? stored.stationCode,
            date2: messageDate(stored.date),
            phrase3: '已取消',
            thing4: reason,
          },
          ref: `receptionDay:${dayId}`,
        },
        now,
      );
    });
    if (id !== null) ids.push(id);
  }
  await flushOutbox(ids, now);
  return ids.length;
}

/**
 * The scheduler's sweep: any slot with villagers waiting and a place free (a promotion interrupted,
 * a place freed by a path that does not promote) is handed over. Answers how many got a place.
 */
export async function promoteWaitlists(now: Date): Promise<number> {
  const waiting = await allWaiting();
  const slots = new Set(waiting.map((e) => `${e.dayId}\u0000${e.slotId}`));
  let promoted = 0;
  for (const key of slots) {
    const [dayId, slotId] = key.split('\u0000');
    promoted += await promoteAfterFree(dayId, slotId, now);
  }
  return promoted;
}
