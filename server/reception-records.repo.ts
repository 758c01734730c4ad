/**
 * Reception records (接待记录): one per reception day (`_id` = dayId), written by a deputy on duty or
 * the station admin after the day: who came and each matter raised. Each matter becomes an opinion
 * through the opinion module's submit path with the deterministic key `reception:<dayId>:<n>`.
 */
import type { Ymd } from '../core/calendar/china-time';
import { createOpinion } from './opinions.service';

export const RECEPTION_RECORDS = 'receptionRecords';

export interface ReceptionMatter {
  /** 1-based position in the record; part of the opinion's idempotency key. */
  n: number;
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

/**
 * Makes the opinion of every matter of the record that has none yet, through the opinion module's
 * submit path (routed to a deputy, deadlines in working days, the deputy told). The key
 * `reception:<dayId>:<n>` names the case, so a rerun answers the same case and never files twice.
 * The matter carries no contact (the record does not say who raised it) and no consent to publish.
 */
export async function createMatterOpinions(record: ReceptionRecord, now: Date): Promise<ReceptionMatter[]> {
  const matters: ReceptionMatter[] = [];
  for (const m of record.matters) {
    if (m.opinionId !== null) {
      matters.push(m);
      continue;
    }
    const { opinion } = await createOpinion(
      {
        stationCode: record.stationCode,
        villageCode: m.villageCode,
        categoryCode: m.categoryCode,
        text: m.text,
        photos: [],
        anonymous: false,
        consentToPublish: false,
      },
      null,
      { kind: 'reception', dayId: record.dayId, recordedBy: record.recordedBy },
      now,
      `reception:${record.dayId}:${m.n}`,
    );
    matters.push({ ...m, opinionId: opinion._id });
  }
  return matters;
}
