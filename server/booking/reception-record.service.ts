/**
 * The reception record (接待记录) of a day, written at or after its end by a deputy on duty or the
 * station admin: who came, each matter raised (each becomes an opinion through the opinion module's
 * submit path with the deterministic key `reception:<dayId>:<n>`), and a reception duty record for
 * every deputy who served. Also the record form's data and the record as read. The station is the
 * pipeline's scope (`dayScope`); who may receive and be credited on the day are the reception rules.
 */
import { checkRecordable } from '../../core/booking/booking.rules';
import { checkReceives, checkServedBy } from '../../core/booking/reception.rules';
import type { Contact } from '../../core/opinion/opinion.types';
import { findAll, findById, transaction } from '../db/collection';
import { recordSystemDuty } from '../duty/duty-records.repo';
import { fail, orFail } from '../errors';
import { CATEGORIES } from '../opinion/opinions.repo';
import { createOpinion } from '../opinion/opinions.service';
import type { Caller } from '../pipeline';
import { deputiesOf, villagesOf } from '../station/stations.repo';
import { bookingsOfDay, getBooking, type BookingRecord } from './bookings.repo';
import {
  dayView,
  requireDay,
  requireStationDeputies,
  requireVillage,
  type DayWithSlots,
} from './day.service';
import {
  getReceptionRecord,
  insertRecordIn,
  saveMatters,
  type ReceptionMatter,
  type ReceptionRecord,
} from './reception-records.repo';
import { viewOf } from './reception.service';

type Ctx = { caller: Caller; now: Date };

export interface RecordInput {
  dayId: string;
  deputyIds?: string[];
  summary: string;
  matters: { bookingId: string; villageCode?: string; categoryCode: string; text?: string }[];
}

/**
 * Writes the day's record: finish a half-made earlier one, decide (recordable, who served), build the
 * matters from who came, store the record with the deputies' duty records in one transaction
 * (RECORD_EXISTS when another call stored it first), then make the matters' opinions.
 */
export async function writeRecord({ caller, now }: Ctx, input: RecordInput) {
  const day = await requireDay(input.dayId);
  orFail(checkReceives(viewOf(caller), day));
  const existing = await getReceptionRecord(day._id);
  if (existing) await finishOpinions(existing, now);
  orFail(checkRecordable(day, !!existing, now));
  const deputyIds = input.deputyIds ?? day.deputyIds;
  orFail(checkServedBy(viewOf(caller), day, deputyIds));
  await requireStationDeputies(day.stationCode, deputyIds);
  const attendees = await bookingsOfDay(day._id, 'checkedIn');
  const matters = await mattersOf(day, attendees, input.matters);
  const record: ReceptionRecord = {
    _id: day._id,
    dayId: day._id,
    stationCode: day.stationCode,
    date: day.date,
    deputyIds,
    attendeeIds: attendees.map((b) => b._id),
    peopleReached: attendees.length,
    summary: input.summary,
    matters,
    recordedBy: caller.openid,
    recordedAt: now,
  };
  if (!(await storeWithDuties(record, now))) fail('RECORD_EXISTS');
  const made = await finishOpinions(record, now);
  return {
    dayId: day._id,
    peopleReached: record.peopleReached,
    deputyIds,
    matters: made.map((m) => ({ n: m.n, bookingId: m.bookingId ?? null, opinionId: m.opinionId })),
  };
}

/** Each matter belongs to the villager who raised it: someone checked in that day (MATTER_NOT_ATTENDEE). */
async function mattersOf(
  day: DayWithSlots,
  attendees: BookingRecord[],
  raised: RecordInput['matters'],
): Promise<ReceptionMatter[]> {
  const attendee = new Map(attendees.map((b) => [b._id, b]));
  const matters: ReceptionMatter[] = [];
  for (const [i, m] of raised.entries()) {
    const by = attendee.get(m.bookingId);
    if (!by) fail('MATTER_NOT_ATTENDEE', { n: i + 1, bookingId: m.bookingId });
    const villageCode = m.villageCode ?? by.villageCode;
    await requireVillage(day.stationCode, villageCode);
    if (!(await findById(CATEGORIES, m.categoryCode))) fail('CATEGORY_NOT_FOUND');
    matters.push({
      n: i + 1,
      bookingId: by._id,
      villageCode,
      categoryCode: m.categoryCode,
      text: m.text || by.topic,
      opinionId: null,
    });
  }
  return matters;
}

/** The record and a reception duty record per deputy who served, together; false when the day has a record. */
function storeWithDuties(record: ReceptionRecord, now: Date): Promise<boolean> {
  return transaction(async (tx) => {
    if (!(await insertRecordIn(tx, record))) return false;
    for (const deputyId of record.deputyIds) {
      await recordSystemDuty(
        tx,
        {
          deputyId,
          stationCode: record.stationCode,
          type: 'reception',
          date: record.date,
          description: `联络站接待日接待群众${record.peopleReached}人，收集问题${record.matters.length}件`,
          peopleReached: record.peopleReached,
          sourceRef: `reception:${record.dayId}`,
        },
        now,
      );
    }
    return true;
  });
}

/**
 * Makes the opinions of the record's matters that have none yet and stores them on the record (a record
 * whose opinions were not all made — a failed call — is finished by the next). Answers the matters.
 */
async function finishOpinions(record: ReceptionRecord, now: Date): Promise<ReceptionMatter[]> {
  if (!record.matters.some((m) => m.opinionId === null)) return record.matters;
  const matters = await createMatterOpinions(record, now);
  if (matters.some((m) => m.opinionId !== null)) await saveMatters(record._id, matters);
  return matters;
}

/** The villager's WeChat account behind a booking; none for a walk-in (no account). */
export function attendeeOpenid(b: Pick<BookingRecord, 'openid' | 'source'>): string | null {
  return b.source === 'walkIn' ? null : b.openid;
}

/** The contact an attendee left at the station (name, phone), carried into their case. */
function contactOf(b: Pick<BookingRecord, 'name' | 'phone'> | null): Contact | undefined {
  if (!b || (!b.name && !b.phone)) return undefined;
  return { ...(b.name && { name: b.name }), ...(b.phone && { phone: b.phone }) };
}

/**
 * Makes the opinion of every matter of the record that has none yet, through the opinion module's
 * submit path (routed to a deputy, deadlines in working days, the deputy told). The key
 * `reception:<dayId>:<n>` names the case, so a rerun answers the same case and never files twice.
 * The case belongs to the attendee who raised it: a booked villager's own (mine, messages, rating),
 * a walk-in's through the station (no account); it carries the contact they left, no consent to publish.
 */
export async function createMatterOpinions(record: ReceptionRecord, now: Date): Promise<ReceptionMatter[]> {
  const matters: ReceptionMatter[] = [];
  for (const m of record.matters) {
    if (m.opinionId !== null) {
      matters.push(m);
      continue;
    }
    const attendee = m.bookingId ? await getBooking(m.bookingId) : null;
    const contact = contactOf(attendee);
    const { opinion } = await createOpinion(
      {
        stationCode: record.stationCode,
        villageCode: m.villageCode,
        categoryCode: m.categoryCode,
        text: m.text,
        photos: [],
        anonymous: false,
        consentToPublish: false,
        ...(contact && { contact }),
      },
      attendee ? attendeeOpenid(attendee) : null,
      { kind: 'reception', dayId: record.dayId, recordedBy: record.recordedBy },
      now,
      `reception:${record.dayId}:${m.n}`,
    );
    matters.push({ ...m, opinionId: opinion._id });
  }
  return matters;
}

/** What the record form of a day needs: who came, villages and categories to pick, deputies on duty. */
export async function recordForm(caller: Caller, dayId: string) {
  const day = await requireDay(dayId);
  orFail(checkReceives(viewOf(caller), day));
  const [attendees, villages, categories, deputies, record] = await Promise.all([
    bookingsOfDay(dayId, 'checkedIn'),
    villagesOf(day.stationCode),
    findAll<{ _id: string; code: string; name: string; active?: boolean }>(CATEGORIES, {}),
    deputiesOf(day.stationCode),
    getReceptionRecord(dayId),
  ]);
  const villageName = new Map(villages.map((v) => [v.code, v.name]));
  return {
    day: dayView(day),
    attendees: attendees.map((b) => ({
      bookingId: b._id,
      name: b.name ?? null,
      topic: b.topic,
      villageCode: b.villageCode,
      villageName: villageName.get(b.villageCode) ?? '',
      walkIn: b.source === 'walkIn',
    })),
    villages: villages.map((v) => ({ code: v.code, name: v.name })),
    categories: categories
      .filter((c) => c.active !== false)
      .map((c) => ({ code: c.code ?? c._id, name: c.name })),
    deputies: deputies.filter((d) => day.deputyIds.includes(d._id)).map((d) => ({ id: d._id, name: d.name })),
    recorded: record !== null,
  };
}

/** The day's record (the presidium, the station admin, the deputies on duty), or null. */
export async function readRecord(caller: Caller, dayId: string) {
  const day = await requireDay(dayId);
  if (caller.role !== 'presidium') orFail(checkReceives(viewOf(caller), day));
  const record = await getReceptionRecord(dayId);
  if (!record) return null;
  const { recordedBy, ...rest } = record;
  void recordedBy;
  // The record's totals say what the retention purge removed from who came (counts, never the data).
  return { ...rest, contactsPurged: dayView(day).contactsPurged };
}
