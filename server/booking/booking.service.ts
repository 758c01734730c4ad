/**
 * The villager's side of reception days: the days they can book, booking a place (capacity taken in
 * one atomic step, undone as one if a later step fails), cancelling, their bookings with check-in QR
 * codes, and a day's roster for the station. Each use case is a short sequence of named steps.
 */
import { qrDataUrl } from '../qr';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { checkHeldPlaces } from '../../core/admin/abuse.limits';
import {
  CHECKIN_ALPHABET,
  CHECKIN_CODE_LENGTH,
  NOTICE_HORIZON_DAYS,
  checkBookable,
  checkCancellable,
  checkInCodeFrom,
  checkOnDuty,
  dayStartsAt,
  isAbandonedLock,
  placesLeft,
  villagerVisibility,
} from '../../core/booking/booking.rules';
import type { Booking } from '../../core/booking/booking.types';
import { checkInQrPayload } from '../../core/booking/reception.rules';
import { addDays, chinaDate, dayLabel } from '../../core/calendar/china-time';
import { maskPhone } from '../../core/privacy/phone.mask';
import type { ErrorCode } from '../../core/errors/error.codes';
import type { Station } from '../../core/station/station.types';
import { byDayAndStart, toDayCard } from '../../core/station/station.view';
import { loadLimits } from '../abuse-limits';
import { command, findMany, isDuplicateKey } from '../db/collection';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import { STATIONS, deputiesOf, getStation, upcomingDaysOf, villagesOf } from '../station/stations.repo';
import {
  bookingsOf,
  bookingsOfDay,
  claimCheckInCode,
  claimLock,
  daysByIds,
  getBooking,
  getDay,
  getLock,
  heldBy,
  insertBooking,
  lockIdOf,
  markCancelled,
  releaseLock,
  releaseCheckInCode,
  removeBooked,
  returnPlace,
  takePlace,
  withSlots,
  type BookingRecord,
  type StoredDay,
} from './bookings.repo';
import { withCompensation, type Compensation } from './compensation';
import { hasWaiting, leaveOnBooking, promoteAfterFree, waitingOn } from './waitlist.service';
import {
  asSlotOf,
  chooseSlot,
  dayView,
  requireAnyVillage,
  requireDay,
  timeOf,
  type DayWithSlots,
} from './day.service';

/** Hours before a day's window opens after which a villager can no longer cancel (env BOOKING_CANCEL_CUTOFF_HOURS). */
export const DEFAULT_CANCEL_CUTOFF_HOURS = 2;

function cancelCutoffHours(): number {
  const n = Number(process.env.BOOKING_CANCEL_CUTOFF_HOURS);
  return process.env.BOOKING_CANCEL_CUTOFF_HOURS && Number.isFinite(n) && n >= 0
    ? n
    : DEFAULT_CANCEL_CUTOFF_HOURS;
}

const drawCheckInCode = () =>
  checkInCodeFrom(Array.from({ length: CHECKIN_CODE_LENGTH }, () => randomInt(CHECKIN_ALPHABET.length)));

const newId = () => randomUUID().replace(/-/g, '');

// --- listDays ------------------------------------------------------------------------------------

/** A station's upcoming days villagers can book, with places left per day and slot. */
export async function listDays(stationCode: string, now: Date) {
  const station = await getStation(stationCode);
  if (!station) fail('STATION_NOT_FOUND');
  const today = chinaDate(now);
  const [days, deputies] = await Promise.all([
    upcomingDaysOf(stationCode, today, 50) as Promise<StoredDay[]>,
    deputiesOf(stationCode),
  ]);
  const names = new Map(deputies.map((d) => [d._id, d.name]));
  return days
    .filter(
      (d) =>
        // Within NOTICE_HORIZON_DAYS and announced in time (the staff desk says why not).
        dayStartsAt(d) > now && villagerVisibility(d, today).shown,
    )
    .sort(byDayAndStart)
    .map((stored) => {
      const d = withSlots(stored);
      return {
        ...toDayCard(d, names),
        slots: d.slots.map((s) => ({
          id: s.id,
          time: `${s.start}-${s.end}`,
          placesLeft: placesLeft(s),
        })),
        ...(d.movedFrom ? { movedFrom: d.movedFrom, moveReason: d.moveReason ?? null } : {}),
      };
    });
}

// --- book ----------------------------------------------------------------------------------------

export interface BookInput {
  dayId: string;
  slotId?: string;
  topic: string;
  villageCode: string;
  name?: string;
  phone?: string;
}

/**
 * Books a place: decide (the day, the slot, the village, the villager's other bookings), then take
 * the villager's lock on the day, a place, a check-in code and write the booking — each taken step
 * given back by the one compensation if a later one fails — and count the places held again.
 *
 * Idempotent by its own record: the booking's id is derived from the request (`requestKey`), so a
 * retry meets its own booking — through the day lock, or the insert of that id — and answers it,
 * without a request-id record of its own (two writes fewer on the busiest write).
 */
export async function book(
  { caller, now, requestKey }: { caller: Caller; now: Date; requestKey?: string },
  input: BookInput,
) {
  const bookingId = requestKey ? bookingIdOf(requestKey) : newId();
  // What the decision reads, in one round trip; refusals keep their order (day, slot, village, rules).
  const settled = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  const [village, limits, held, waitingOnDay] = [
    settled(requireAnyVillage(input.villageCode)),
    settled(loadLimits()),
    settled(heldBy(caller.openid)),
    settled(waitingOn(input.dayId)),
  ];
  const day = await requireDay(input.dayId);
  const slotId = chooseSlot(day, input.slotId);
  await valueOf(village);
  const waiting = await valueOf(waitingOnDay);
  const decided = await decideBookable(day, slotId, caller.openid, bookingId, now, {
    heldPlaces: (await valueOf(limits)).heldPlaces,
    held: await valueOf(held),
    waitingOnDay: waiting,
  });
  if ('retried' in decided) return bookedAnswer(decided.retried, day);
  const booking = await withCompensation(async (undo) => {
    const lock = await claimDayLock(day, caller.openid, bookingId, decided.heldPlaces, now, undo);
    if ('retried' in lock) return lock.retried;
    // The place and a check-in code at once: each given back if the other (or a later step) fails.
    const [place, code] = await Promise.allSettled([
      takePlaceOrSayWhy(day, slotId, now, undo),
      claimCheckInCode(day._id, bookingId, drawCheckInCode),
    ]);
    if (code.status === 'fulfilled') undo.onFailure(() => releaseCheckInCode(day._id, code.value, bookingId));
    if (place.status === 'rejected') throw place.reason;
    if (code.status === 'rejected') throw code.reason;
    const record = bookingRecord(bookingId, day, slotId, caller.openid, code.value, input, now);
    await writeBooking(record, undo);
    await recountHeldPlaces(caller.openid, decided.heldPlaces);
    return record;
  }).catch(async (err: unknown) => {
    // The request's booking was written before — its lock given back since (cancelled), or by a retry
    // at the same time, or on another day the same request id named: answered as that booking.
    const earlier = isDuplicateKey(err) ? await getBooking(bookingId) : null;
    if (!earlier) throw err;
    return settledRetry(earlier, caller.openid, decided.heldPlaces);
  });
  // Booked the day themselves (another slot, or a place was left): no longer waiting for it. Nobody
  // waited on the day when it was read: nothing to leave.
  if (waiting > 0 && booking.status === 'booked' && booking.dayId === day._id)
    await leaveOnBooking(day._id, caller.openid, now);
  return bookedAnswer(booking, booking.dayId === day._id ? day : await requireDay(booking.dayId));
}

/** The booking's id for a client request: the same for each retry, unguessable without the request. */
const bookingIdOf = (requestKey: string) =>
  createHash('sha256').update(`booking:${requestKey}`).digest('hex').slice(0, 32);

/** What `book` answers for a booking — the first call and every retry of it alike. */
function bookedAnswer(booking: BookingRecord, day: DayWithSlots) {
  return {
    bookingId: booking._id,
    dayId: day._id,
    slotId: booking.slotId,
    date: day.date,
    label: dayLabel(day.date),
    time: timeOf(day, booking.slotId),
    status: booking.status,
    checkInCode: booking.checkInCode,
    phoneMasked: maskPhone(booking.phone),
  };
}

/**
 * The rules before anything is taken: the day and slot bookable by this villager, within the window
 * villagers are shown (even by id), and under their limit of places held (answered for the recount).
 * Whether they already hold the day is asked only when the answer matters — a refusal, which a retry
 * of this very request answers with its booking instead, and ALREADY_BOOKED comes before full, not
 * open or over the limit — or when their lock turns out to be taken (claimDayLock): a booking that
 * goes through never reads its lock.
 */
async function decideBookable(
  day: DayWithSlots,
  slotId: string,
  openid: string,
  bookingId: string,
  now: Date,
  read: {
    heldPlaces: number;
    held: number;
    /** Villagers waiting on the day, any slot (read with the day). */
    waitingOnDay: number;
  },
): Promise<{ heldPlaces: number } | { retried: BookingRecord }> {
  const refusal = await refusalOf(day, slotId, now, read);
  if (refusal === null) return { heldPlaces: read.heldPlaces };
  const { lock, existing } = await lockWithBooking(day._id, openid);
  const earlier = await thisRequestOn(
    lock,
    existing,
    { bookingId, openid, heldPlaces: read.heldPlaces },
    now,
  );
  if (earlier) return earlier;
  if (!BEFORE_ALREADY_BOOKED.has(refusal) && existing && existing.status !== 'cancelled')
    fail('ALREADY_BOOKED');
  fail(refusal);
}

/** The refusals the rules say before ALREADY_BOOKED (core/booking checkBookable). */
const BEFORE_ALREADY_BOOKED: ReadonlySet<ErrorCode> = new Set([
  'DAY_CANCELLED',
  'DAY_PAST',
  'SLOT_NOT_FOUND',
]);

/** The first rule the booking breaks, for a villager not yet holding the day (null: none). */
async function refusalOf(
  day: DayWithSlots,
  slotId: string,
  now: Date,
  read: { heldPlaces: number; held: number; waitingOnDay: number },
): Promise<ErrorCode | null> {
  const bookable = checkBookable(day, slotId, undefined, now);
  if (!bookable.ok) return bookable.reason;
  if (day.date > addDays(chinaDate(now), NOTICE_HORIZON_DAYS)) return 'DAY_NOT_OPEN';
  // A place freed while villagers wait is theirs (the waiting list hands it over), not a new booking's.
  // Nobody waiting on the day: nobody waits on the slot either (the slot is asked only otherwise).
  if (read.waitingOnDay > 0 && (await hasWaiting(day._id, slotId)))
    return day.implicitSlot ? 'DAY_FULL' : 'SLOT_FULL';
  const limit = checkHeldPlaces(read.held, read.heldPlaces);
  return limit.ok ? null : limit.reason;
}

/** The villager's lock on the day and the booking it names. */
async function lockWithBooking(dayId: string, openid: string) {
  const lock = await getLock(dayId, openid);
  const existing = lock ? ((await getBooking(lock.bookingId)) ?? undefined) : undefined;
  return { lock, existing };
}

/**
 * This very request met again on the day (a retry, or the same request sent twice at once): its
 * booking, answered again (settledRetry); IN_PROGRESS while the first call holds the lock and is still
 * writing it (after BOOKING_LOCK_STALE_MS the lock is abandoned and the retry takes over). Null:
 * another request.
 */
async function thisRequestOn(
  lock: { bookingId: string; lockedAt: Date } | null | undefined,
  existing: BookingRecord | undefined,
  request: { bookingId: string; openid: string; heldPlaces: number },
  now: Date,
): Promise<{ retried: BookingRecord } | null> {
  if (existing?._id === request.bookingId)
    return { retried: await settledRetry(existing, request.openid, request.heldPlaces) };
  if (lock?.bookingId === request.bookingId && !isAbandonedLock(lock, existing, now)) fail('IN_PROGRESS');
  return null;
}

/**
 * The booking a retry answers, once the first call can no longer give it back: its last step counts
 * the villager's places again and gives the booking back when they hold more than the limit, so while
 * they do the retry answers IN_PROGRESS rather than a booking about to go.
 */
async function settledRetry(existing: BookingRecord, openid: string, heldPlaces: number) {
  if (existing.status === 'booked' && (await heldBy(openid)) > heldPlaces) fail('IN_PROGRESS');
  return existing;
}

/** A value read ahead with `settled`, or its error thrown now (where the sequential code would have). */
async function valueOf<T>(read: Promise<{ value: T } | { error: unknown }>): Promise<T> {
  const r = await read;
  if ('error' in r) throw r.error;
  return r.value;
}

/**
 * The villager's one booking of the day (ALREADY_BOOKED when another call holds it). A lock already
 * there is read: this request's own (a retry) answers its booking, or IN_PROGRESS while the first call
 * is still writing it; an abandoned one (an interrupted cancel or booking) is cleared and claimed
 * again, so it never locks them out for good.
 */
async function claimDayLock(
  day: DayWithSlots,
  openid: string,
  bookingId: string,
  heldPlaces: number,
  now: Date,
  undo: Compensation,
): Promise<{ claimed: true } | { retried: BookingRecord }> {
  // This call's own claim: retries of the request name the same booking, and give back only their own.
  const token = newId();
  const claim = () =>
    claimLock({ _id: lockIdOf(day._id, openid), dayId: day._id, openid, bookingId, lockedAt: now, token });
  let claimed = await claim();
  if (!claimed) {
    const { lock, existing } = await lockWithBooking(day._id, openid);
    const earlier = await thisRequestOn(lock, existing, { bookingId, openid, heldPlaces }, now);
    if (earlier) return earlier;
    const abandoned = !lock || isAbandonedLock(lock, existing, now);
    if (lock && abandoned) await releaseLock(day._id, openid, lock.bookingId, lock.token);
    if (abandoned) claimed = await claim();
    // Taken again meanwhile: by a retry of this request taking over too, or by another booking.
    if (!claimed) fail(lock?.bookingId === bookingId ? 'IN_PROGRESS' : 'ALREADY_BOOKED');
  }
  undo.onFailure(() => releaseLock(day._id, openid, bookingId, token));
  return { claimed: true };
}

/** One place of the slot, atomically; when none, says why from what the day is now (cancelled meanwhile, or full). */
async function takePlaceOrSayWhy(day: DayWithSlots, slotId: string, now: Date, undo: Compensation) {
  if (!(await takePlace(day, slotId))) {
    const fresh = await getDay(day._id);
    if (fresh) orFail(checkBookable(withSlots(fresh), slotId, undefined, now));
    fail('DAY_FULL');
  }
  undo.onFailure(() => returnPlace(day, slotId));
}

function bookingRecord(
  bookingId: string,
  day: DayWithSlots,
  slotId: string,
  openid: string,
  checkInCode: string,
  input: BookInput,
  now: Date,
): BookingRecord {
  return {
    _id: bookingId,
    dayId: day._id,
    slotId,
    stationCode: day.stationCode,
    openid,
    status: 'booked',
    checkInCode,
    source: 'booking',
    topic: input.topic,
    villageCode: input.villageCode,
    ...(input.name ? { name: input.name } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    bookedAt: now,
  };
}

/** Never a taken place without a booking: the write is undone with the rest. */
async function writeBooking(record: BookingRecord, undo: Compensation) {
  await insertBooking(record);
  undo.onFailure(() => removeBooked(record._id));
}

/**
 * Concurrent bookings of other days may have passed the check together: counted again now that this
 * one is written, and undone if together they hold more than the limit.
 */
async function recountHeldPlaces(openid: string, heldPlaces: number) {
  if ((await heldBy(openid)) > heldPlaces) fail('BOOKINGS_HELD_LIMIT');
}

// --- cancel --------------------------------------------------------------------------------------

/** The villager cancels their own booking up to the cutoff; the place returns to the pool. */
export async function cancelBooking({ caller, now }: { caller: Caller; now: Date }, bookingId: string) {
  const booking = await getBooking(bookingId);
  if (!booking) fail('BOOKING_NOT_FOUND');
  const day = await requireDay(booking.dayId);
  orFail(checkCancellable(booking, day, caller.openid, now, cancelCutoffHours()));
  // The status changes once; only the call that changed it gives the place back.
  if (!(await markCancelled(bookingId, now))) {
    const fresh = await getBooking(bookingId);
    fail(fresh?.status === 'checkedIn' ? 'ALREADY_CHECKED_IN' : 'ALREADY_CANCELLED');
  }
  await freePlace(day, booking);
  // The place goes to the first villager waiting for the slot, if any.
  await promoteAfterFree(day._id, asSlotOf(day, booking.slotId) ?? booking.slotId, now);
  return { bookingId, status: 'cancelled' as const };
}

/** Gives a cancelled booking's place and lock back. */
export async function freePlace(
  day: DayWithSlots,
  booking: Pick<BookingRecord, '_id' | 'dayId' | 'slotId' | 'openid'>,
) {
  await returnPlace(day, booking.slotId);
  await releaseLock(booking.dayId, booking.openid, booking._id);
}

// --- mine ----------------------------------------------------------------------------------------

/** The caller's bookings, newest day first, with check-in codes and QR (phone masked). */
export async function myBookings(openid: string) {
  const bookings = await bookingsOf(openid);
  if (bookings.length === 0) return [];
  const _ = command();
  const dayIds = [...new Set(bookings.map((b) => b.dayId))];
  const codes = [...new Set(bookings.map((b) => b.stationCode))];
  const [days, stations] = await Promise.all([
    daysByIds(dayIds),
    findMany<Station>(STATIONS, { code: _.in(codes) }),
  ]);
  const dayById = new Map(days.map((d) => [d._id, withSlots(d)]));
  const stationName = new Map(stations.map((s) => [s.code, s.name]));
  const rows = bookings.map((b) => {
    const day = dayById.get(b.dayId);
    return {
      bookingId: b._id,
      dayId: b.dayId,
      date: day?.date ?? '',
      label: day ? dayLabel(day.date) : '',
      time: day ? timeOf(day, b.slotId) : '',
      dayStatus: day?.status ?? null,
      stationCode: b.stationCode,
      stationName: stationName.get(b.stationCode) ?? '',
      status: b.status,
      checkInCode: b.status === 'booked' ? b.checkInCode : null,
      topic: b.topic,
      villageCode: b.villageCode,
      name: b.name ?? null,
      phoneMasked: maskPhone(b.phone),
      /** What the check-in QR encodes, and the QR itself as a PNG data URL (active bookings only). */
      qrPayload: b.status === 'booked' ? checkInQrPayload(b._id, b.checkInCode) : null,
      qrDataUrl: null as string | null,
    };
  });
  // The QR is drawn for bookings still to come (a PNG of a few hundred bytes each).
  await Promise.all(
    rows.map(async (r) => {
      if (r.qrPayload) r.qrDataUrl = await qrDataUrl(r.qrPayload, 240);
    }),
  );
  return rows.sort((a, b) => b.date.localeCompare(a.date));
}

// --- roster --------------------------------------------------------------------------------------

const ROSTER_ORDER: Record<Booking['status'], number> = { booked: 0, checkedIn: 1, noShow: 2, cancelled: 3 };

/**
 * A day's bookings: for the station admin with full phones (the admin calls villagers), for the
 * presidium and the deputies on duty masked. The station is the pipeline's scope.
 */
export async function roster(caller: Caller, dayId: string) {
  const day = await requireDay(dayId);
  if (caller.role === 'deputy') orFail(checkOnDuty(day, caller.user?.deputyId ?? ''));
  const fullPhone = caller.role === 'stationAdmin';
  const [bookings, villages, waiting] = await Promise.all([
    bookingsOfDay(dayId),
    villagesOf(day.stationCode),
    waitingOn(dayId),
  ]);
  const villageName = new Map(villages.map((v) => [v.code, v.name]));
  return {
    ...dayView(day),
    /** Villagers on the day's waiting list (排队候补), who get the next places freed. */
    waiting,
    bookings: bookings
      .sort(
        (a, b) =>
          ROSTER_ORDER[a.status] - ROSTER_ORDER[b.status] ||
          new Date(a.bookedAt).getTime() - new Date(b.bookedAt).getTime(),
      )
      .map((b) => ({
        bookingId: b._id,
        slotId: b.slotId,
        time: timeOf(day, b.slotId),
        status: b.status,
        topic: b.topic,
        villageCode: b.villageCode,
        villageName: villageName.get(b.villageCode) ?? '',
        name: b.name ?? null,
        phone: fullPhone ? (b.phone ?? null) : null,
        phoneMasked: maskPhone(b.phone),
        walkIn: b.source === 'walkIn',
      })),
  };
}
