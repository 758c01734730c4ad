/**
 * Reception records (接待记录): one per reception day (`_id` = dayId), written by a deputy on duty or
 * the station admin after the day: who came and each matter raised. Each matter becomes an opinion
 * through the opinion module's submit path with the deterministic key `reception:<dayId>:<n>`.
 */
import type { Ymd } from '../../core/calendar/china-time';
import type { Contact } from '../../core/opinion/opinion.types';
import { getBooking, type BookingRecord } from './bookings.repo';
import { createOpinion } from '../opinion/opinions.service';

export const RECEPTION_RECORDS = 'receptionRecords';

export interface ReceptionMatter {
  /** 1-based position in the record; part of the opinion's idempotency key. */
  n: number;
  /** Who raised it: a booking or walk-in checked in that day (absent in records written before it was asked). */
  bookingId?: string;
  villageCode: string;
  categoryCode: string;
  text: string;
  /** The opinion made from it, once made (null until then: a failed call is finished by the next). */
  opinionId: string | null;
}

export interface ReceptionRecord {
  _id: string;
  dayId: string;
  stationCode: string;
  date: Ymd;
  /** Deputies who served (received villagers) that day. */
  deputyIds: string[];
  /** Booking ids (bookings and walk-ins) checked in: who came. */
  attendeeIds: string[];
  peopleReached: number;
  summary: string;
  matters: ReceptionMatter[];
  recordedBy: string;
  recordedAt: Date;
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
