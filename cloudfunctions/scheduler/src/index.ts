/**
 * Cloud function `scheduler`: one hourly timer trigger (config.json) that runs every due job — a
 * township's job once in each township (server/jobs.ts). Each job is idempotent, so a retried or overlapping run does no harm. It also accepts `{ action: 'runDue' }`
 * from the console or the local cloud's scheduler loop, never from a WeChat user.
 */
import { z } from 'zod';
import { purgeRateCounters } from '../../../server/abuse-limits';
import { purgeIdempotency } from '../../../server/idempotency';
import { purgeSubscriptionTaps } from '../../../server/notify/grants.service';
import { deliverDue } from '../../../server/outbox';
import { draftDueNotices, notifyPending } from '../../../server/duty/disclosure.service';
import { pushPendingArticles } from '../../../server/article/article.service';
import { subscriptionModeFrom } from '../../../core/article/article.push';
import { runJobs, type Job } from '../../../server/jobs';
import { projectJobs } from '../../../server/congress/projects.service';
import { suggestionJobs } from '../../../server/suggestion/suggestions.service';
import { fileMissingOpinions } from '../../../server/groups/activities.service';
import { chaseLateRectifications } from '../../../server/groups/rectification.service';
import { action, defineFunction } from '../../../server/pipeline';
import { loadCalendar } from '../../../server/calendar';
import {
  bookingContactPurge,
  markNoShows,
  moveDaysOffHolidays,
  remindBookings,
} from '../../../server/booking/reception.service';
import {
  contactPurge,
  ratingClose,
  ratingReminder,
  slaEscalate,
  slaRemind,
} from '../../../server/opinion/opinions.service';
import { materialiseAll } from '../../../server/booking/schedule.service';
import { promoteWaitlists } from '../../../server/booking/waitlist.service';
import { reconcilePlaces } from '../../../server/booking/places.service';

/**
 * In order: jobs that queue messages come before `deliverOutbox`, so what they queue goes out in the
 * same run.
 */
const JOBS: Job[] = [
  { name: 'materialiseReceptionDays', run: materialiseAll },
  { name: 'moveDaysOffHolidays', run: async (now) => moveDaysOffHolidays(now, await loadCalendar()) },
  // Places left counted by an interrupted booking or cancel are given back before the waiting list moves.
  { name: 'reconcilePlaces', run: reconcilePlaces },
  { name: 'promoteWaitlists', run: promoteWaitlists },
  { name: 'remindBookings', run: remindBookings },
  { name: 'markNoShows', run: markNoShows },
  {
    name: 'pushArticles',
    run: (now) => pushPendingArticles(now, subscriptionModeFrom(process.env.ARTICLE_SUBSCRIPTION)),
  },
  { name: 'slaRemind', run: slaRemind },
  { name: 'slaEscalate', run: slaEscalate },
  { name: 'ratingReminder', run: ratingReminder },
  { name: 'ratingClose', run: ratingClose },
  { name: 'contactPurge', run: contactPurge },
  { name: 'bookingContactPurge', run: bookingContactPurge },
  { name: 'draftNotices', run: draftDueNotices },
  { name: 'notifyNoticeFollowers', run: notifyPending },
  { name: 'livelihoodProjects', run: projectJobs },
  { name: 'suggestionsOverdue', run: suggestionJobs },
  { name: 'activityRectifications', run: chaseLateRectifications },
  { name: 'activityMatterOpinions', run: fileMissingOpinions },
  { name: 'deliverOutbox', county: true, run: deliverDue },
  { name: 'purgeRateCounters', county: true, run: purgeRateCounters },
  { name: 'purgeIdempotency', county: true, run: purgeIdempotency },
  { name: 'purgeSubscriptionTaps', county: true, run: purgeSubscriptionTaps },
];

export const definition = defineFunction('scheduler', {
  runDue: action({
    summary:
      'Runs every due job once; answers how many records each job touched. Timer trigger or console only.',
    audience: 'system',
    township: 'across',
    input: () => z.strictObject({}),
    run: async ({ now }) => runJobs(JOBS, now),
  }),
});

/** A timer trigger's event is `{ Type: 'Timer', TriggerName, Time }`: it means runDue. */
export const main = (event: unknown, context?: unknown) => {
  const isTimer = !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
  return definition.main(isTimer ? { action: 'runDue' } : event, context);
};
