/**
 * Reception schedules: one per station, `_id` = station code. Storage only; what a schedule makes
 * (its days) is server/booking/schedule.service.ts.
 */
import type { Ymd } from '../../core/calendar/china-time';
import type { ScheduleRule } from '../../core/booking/schedule.rules';
import { findAll, findById, transaction } from '../db/collection';
import type { CollectionName } from '../db/collections';

export const SCHEDULES = 'schedules' satisfies CollectionName;

export interface StoredSchedule extends ScheduleRule {
  _id: string;
  updatedAt: Date;
  updatedBy: string;
}

/** Reception days have deterministic ids: a station has at most one day per date. */
export const dayIdOf = (stationCode: string, date: Ymd): string => `${stationCode}:${date}`;

export function getSchedule(stationCode: string): Promise<StoredSchedule | null> {
  return findById<StoredSchedule>(SCHEDULES, stationCode);
}

export function allSchedules(): Promise<StoredSchedule[]> {
  return findAll<StoredSchedule>(SCHEDULES, {});
}

/** Stores (replaces) the station's schedule. */
export async function saveSchedule(rule: ScheduleRule, now: Date, by: string): Promise<void> {
  await transaction((tx) => tx.set(SCHEDULES, rule.stationCode, { ...rule, updatedAt: now, updatedBy: by }));
}
