/**
 * Deadlines of a case, in working days on the Chinese calendar (an input). The clock starts on the day
 * the current owner received the case: the submission day, or the day it was re-assigned after a
 * hand-back (the new deputy gets the full time; `submittedOn` stays for statistics). A transfer to a
 * department does not restart the clock: the villager is still waiting for the same answer.
 */
import type { Ymd } from '../calendar/china-time';
import { addWorkingDays, workingDaysBetween, type WorkingCalendar } from '../calendar/working-days';
import type { CaseLimits, Opinion } from './opinion.types';

/** A misrouted case may be handed back up to this many working days after it was received. */
export const HANDBACK_DAYS = 7;
/** A reminder (到期提醒, the system's; 催办 is the presidium's) goes out when this many working days or fewer are left. */
export const DUE_SOON_DAYS = 1;

export type SlaState = 'onTime' | 'dueSoon' | 'overdue';

export interface Deadlines {
  acceptBy: Ymd;
  answerBy: Ymd;
}

export function deadlinesFrom(day: Ymd, limits: CaseLimits, calendar: WorkingCalendar): Deadlines {
  return {
    acceptBy: addWorkingDays(day, limits.acceptDays, calendar),
    answerBy: addWorkingDays(day, limits.answerDays, calendar),
  };
}

/**
 * The deadline the case is running against now: acknowledging while it waits to be accepted (or in the
 * presidium queue to be assigned), answering while accepted or transferred. None once answered, in
 * review, or finished.
 */
export function runningDeadline(opinion: Pick<Opinion, 'status' | 'acceptBy' | 'answerBy'>): Ymd | null {
  if (opinion.status === 'assigned') return opinion.acceptBy;
  if (opinion.status === 'accepted' || opinion.status === 'transferred') return opinion.answerBy;
  return null;
}

/** A case with no running deadline is 'onTime': there is nothing to chase. */
export function slaState(
  opinion: Pick<Opinion, 'status' | 'acceptBy' | 'answerBy'>,
  today: Ymd,
  calendar: WorkingCalendar,
): SlaState {
  const due = runningDeadline(opinion);
  if (due === null) return 'onTime';
  if (today > due) return 'overdue';
  return workingDaysBetween(today, due, calendar) <= DUE_SOON_DAYS ? 'dueSoon' : 'onTime';
}

/** What the hourly scheduler should do about a case's deadline today: remind once per deadline, supervise once. */
export function dueSlaAction(
  opinion: Pick<Opinion, 'status' | 'acceptBy' | 'answerBy' | 'remindedFor' | 'supervised'>,
  today: Ymd,
  calendar: WorkingCalendar,
): 'remind' | 'supervise' | null {
  const state = slaState(opinion, today, calendar);
  if (state === 'overdue' && !opinion.supervised) return 'supervise';
  if (state === 'dueSoon' && opinion.remindedFor !== runningDeadline(opinion)) return 'remind';
  return null;
}

/** The last day a case received on `assignedOn` may be handed back. */
export function handBackLastDay(assignedOn: Ymd, calendar: WorkingCalendar): Ymd {
  return addWorkingDays(assignedOn, HANDBACK_DAYS, calendar);
}

export function canHandBack(assignedOn: Ymd, today: Ymd, calendar: WorkingCalendar): boolean {
  return today <= handBackLastDay(assignedOn, calendar);
}
