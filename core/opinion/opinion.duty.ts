/**
 * The opinion events that count as a deputy's duty (履职登记): accepting, replying to, transferring and
 * resolving a case, each recorded for the deputy who did it themselves (never for a presidium or
 * scheduler action). The people reached are the villager plus everyone who follows the case.
 */
import { excerpt } from '../text/excerpt';
import type { OPINION_DUTY_TYPES } from '../duty/duty.types';
import { caseTextFor } from './opinion.privacy';
import type { Actor, Opinion, TimelineEventType } from './opinion.types';

export type OpinionDutyType = (typeof OPINION_DUTY_TYPES)[number];

/** The duty record type an event earns, for the events that earn one. */
export const OPINION_DUTY_OF: Partial<Record<TimelineEventType, OpinionDutyType>> = {
  accepted: 'opinionAccepted',
  replied: 'opinionReplied',
  transferred: 'opinionTransferred',
  resolved: 'opinionResolved',
};

/** The words that open the record's description, before an excerpt of the case. */
export const OPINION_DUTY_WORDS: Record<OpinionDutyType, string> = {
  opinionAccepted: '受理群众意见',
  opinionReplied: '答复群众意见',
  opinionTransferred: '转办群众意见',
  opinionResolved: '办结群众意见',
};

/** Characters of the case (as staff read it) quoted in the description. */
export const OPINION_DUTY_EXCERPT_MAX = 30;

export interface OpinionDuty {
  deputyId: string;
  type: OpinionDutyType;
  description: string;
  peopleReached: number;
}

/** The duty a deputy earns by an event on a case they did themselves, or null. */
export function opinionDutyFor(
  o: Pick<Opinion, 'text' | 'anonymous' | 'consentToPublish' | 'followers'>,
  eventType: TimelineEventType,
  actor: Actor,
): OpinionDuty | null {
  const type = OPINION_DUTY_OF[eventType];
  if (!type || actor.role !== 'deputy' || !actor.deputyId) return null;
  return {
    deputyId: actor.deputyId,
    type,
    description: `${OPINION_DUTY_WORDS[type]}：${excerpt(caseTextFor(o, 'staff'), OPINION_DUTY_EXCERPT_MAX)}`,
    peopleReached: 1 + o.followers.length,
  };
}
