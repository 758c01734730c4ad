/**
 * Every collection the functions use and the indexes each needs, in one place: the README's deploy
 * steps create them from this list, and every collection's security rule is server-only
 * (`{ "read": false, "write": false }`): the mini-program reads and writes only through functions.
 */
export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  /**
   * Serves a query made across townships (server/tenancy.ts `acrossTownships`), so it is not led by
   * `townshipId` as the other indexes of a township collection are.
   */
  acrossTownships?: true;
}

/**
 * Whose records a collection holds (server/tenancy.ts):
 *   township          each document belongs to one township (`townshipId`); every query, count, update,
 *                     removal and aggregation is narrowed to the call's township, every insert stamped;
 *   keyed             the same, and the township's own keys (a category code, 'abuseLimits', an openid)
 *                     are stored as `_id` = `<townshipId>:<key>`, so two townships may use the same key;
 *                     the code above the database layer sees only the key;
 *   township+county   a township collection whose reads also see what the county published for every
 *                     township (`townshipId` = COUNTY);
 *   county            shared by the whole county: the holiday calendar, a person's counters and grants,
 *                     the outbox, request ids, the townships themselves.
 */
export type Tenancy = 'township' | 'keyed' | 'township+county' | 'county';

/** Between a keyed collection's township and the township's own key in a stored `_id`. */
export const KEY_SEPARATOR = ':';

/** The stored `_id` of a township's own `key` in a keyed collection (`jingu:road`). */
export function keyedId(townshipId: string, key: string): string {
  return `${townshipId}${KEY_SEPARATOR}${key}`;
}

export interface CollectionSpec {
  purpose: string;
  tenancy: Tenancy;
  indexes: IndexSpec[];
  /**
   * Grows with use — a document per villager, booking, opinion, event, message, request … — as opposed
   * to the township's configuration (stations, villages, categories, schedules). On these a query that
   * no declared index serves is a full scan that gets slower every week in CloudBase:
   * tests/functions/query-shapes.test.ts fails on one, and `npm start` warns about it.
   */
  growing?: true;
}

/**
 * The typed list every repository names its collections from (server/db/collection.ts takes only
 * these): names taken from the keys, every value checked as a CollectionSpec. Every township
 * collection has a `township` index, and every other index of it is led by `townshipId` (the database
 * layer adds it to every query), except a unique one (a station code is unique across the county) and
 * one marked `acrossTownships`: a township's queries cost the same however many townships there are.
 */
/**
 * Names an index led by the township (`t_mine` for `mine`): a deploy over an environment of the
 * single-township releases creates these beside the old ones (a name is created only when missing),
 * rather than keeping the old keys under the old name.
 */
export const TOWNSHIP_INDEX_PREFIX = 't_';

function registry<K extends string>(specs: Record<K, CollectionSpec>): Readonly<Record<K, CollectionSpec>> {
  const out = {} as Record<K, CollectionSpec>;
  for (const name of Object.keys(specs) as K[]) {
    const spec = specs[name];
    out[name] =
      spec.tenancy === 'county'
        ? spec
        : {
            ...spec,
            indexes: [
              // A township's whole list (its stations, categories …) is read without scanning the county's.
              { name: 'township', keys: { townshipId: 1 } },
              ...spec.indexes.map((i) =>
                i.unique || i.acrossTownships
                  ? i
                  : { ...i, name: `${TOWNSHIP_INDEX_PREFIX}${i.name}`, keys: { townshipId: 1, ...i.keys } },
              ),
            ],
          };
  }
  return out;
}

export const COLLECTIONS = registry({
  townships: {
    tenancy: 'county',
    purpose: "the county's townships (_id = township id, e.g. jingu) with their names, in the order shown",
    indexes: [],
  },
  stations: {
    tenancy: 'township',
    purpose: 'liaison stations (code is the QR scene)',
    indexes: [{ name: 'code', keys: { code: 1 }, unique: true }],
  },
  villages: {
    tenancy: 'keyed',
    purpose: 'villages and the station that covers each',
    indexes: [{ name: 'station', keys: { stationCode: 1 } }],
  },
  deputies: {
    tenancy: 'township',
    purpose: 'deputies, their levels, villages and categories',
    indexes: [{ name: 'station', keys: { stationCode: 1, active: 1 } }],
  },
  users: {
    tenancy: 'keyed',
    growing: true,
    purpose:
      "a WeChat user's binding in a township (key = openid): their role there; one person may hold several townships'",
    indexes: [
      // The townships a caller is bound in, found before the call's township is known (server/pipeline.ts).
      { name: 'openid', keys: { openid: 1 }, acrossTownships: true },
      { name: 'role', keys: { role: 1 } },
      // A department's bound staff, told of a case transferred to it.
      { name: 'department', keys: { role: 1, departmentId: 1 } },
    ],
  },
  invites: {
    tenancy: 'township',
    purpose: 'one-time invite codes (_id = code)',
    indexes: [],
  },
  categories: {
    tenancy: 'keyed',
    purpose: 'opinion categories with working-day limits',
    indexes: [],
  },
  departments: {
    tenancy: 'keyed',
    purpose: 'government departments cases can be transferred to',
    indexes: [],
  },
  receptionDays: {
    tenancy: 'township',
    growing: true,
    purpose: 'reception days with capacity and deputies on duty',
    indexes: [
      { name: 'station_date', keys: { stationCode: 1, status: 1, date: 1 } },
      { name: 'date', keys: { date: 1 } },
    ],
  },
  bookings: {
    tenancy: 'township',
    growing: true,
    purpose: "villagers' places on reception days, with check-in codes",
    indexes: [
      { name: 'day', keys: { dayId: 1, status: 1 } },
      { name: 'mine', keys: { openid: 1, bookedAt: -1 } },
    ],
  },
  bookingLocks: {
    tenancy: 'township',
    growing: true,
    purpose: 'one active booking per villager per day (_id = day:openid)',
    indexes: [{ name: 'day', keys: { dayId: 1 } }],
  },
  waitlist: {
    tenancy: 'township',
    growing: true,
    purpose:
      'the waiting list (排队候补) of full reception days: one entry per villager per day (_id = day:openid); a freed place goes to the first waiting',
    indexes: [
      { name: 'queue', keys: { dayId: 1, slotId: 1, status: 1, joinedAt: 1 } },
      { name: 'day_status', keys: { dayId: 1, status: 1 } },
      { name: 'mine', keys: { openid: 1, joinedAt: -1 } },
      { name: 'waiting', keys: { status: 1, dayId: 1 } },
    ],
  },
  checkInCodes: {
    tenancy: 'township',
    growing: true,
    purpose: 'check-in codes taken on a day (_id = day:code): codes never clash within a day',
    indexes: [],
  },
  schedules: {
    tenancy: 'township',
    purpose: "stations' recurring reception schedules (_id = station code)",
    indexes: [],
  },
  receptionRecords: {
    tenancy: 'township',
    growing: true,
    purpose: 'reception records (接待记录), one per day (_id = dayId)',
    indexes: [],
  },
  outbox: {
    tenancy: 'county',
    growing: true,
    purpose: 'subscribe messages to send, with each outcome (sent, refused 43101, failed)',
    indexes: [
      { name: 'due', keys: { status: 1, nextAttemptAt: 1 } },
      { name: 'ref', keys: { ref: 1, status: 1 } },
    ],
  },
  holidays: {
    tenancy: 'county',
    purpose: 'calendar overrides (holidays, 调休 workdays) for years chinese-days lacks',
    indexes: [],
  },
  dutyRecords: {
    tenancy: 'township',
    growing: true,
    purpose: "deputies' duty records (system ones have deterministic _id)",
    indexes: [
      { name: 'deputy_date', keys: { deputyId: 1, date: 1 } },
      { name: 'date', keys: { date: 1 } },
      { name: 'review', keys: { source: 1, status: 1, createdAt: 1 } },
    ],
  },
  disclosureNotices: {
    tenancy: 'township',
    growing: true,
    purpose:
      'duty-disclosure notices (履职登记公示), _id = station:period:vN; published versions never change',
    indexes: [
      { name: 'station_status', keys: { stationCode: 1, status: 1, publishedAt: -1 } },
      { name: 'period', keys: { periodId: 1, createdAt: -1 } },
      { name: 'created', keys: { createdAt: -1 } },
      { name: 'to_notify', keys: { status: 1, notifiedAt: 1 } },
    ],
  },
  disclosurePeriods: {
    tenancy: 'keyed',
    purpose: 'custom disclosure periods set by the presidium (_id = period id)',
    indexes: [],
  },
  stationFollowers: {
    tenancy: 'township',
    growing: true,
    purpose: 'villagers following a station (_id = station:openid), told when its notice is published',
    indexes: [{ name: 'station', keys: { stationCode: 1 } }],
  },
  evaluations: {
    tenancy: 'township',
    growing: true,
    purpose: "deputies' report-back evaluations (述职测评), _id = ev:deputy:date",
    indexes: [{ name: 'station', keys: { stationCode: 1, opensAt: -1 } }],
  },
  evaluationRatings: {
    tenancy: 'township',
    growing: true,
    purpose: 'one rating per person per evaluation (_id = evaluation:openid)',
    indexes: [
      { name: 'evaluation', keys: { evaluationId: 1, rating: 1 } },
      { name: 'via', keys: { evaluationId: 1, via: 1 } },
    ],
  },
  idempotency: {
    tenancy: 'county',
    growing: true,
    purpose: 'client request ids already answered',
    indexes: [{ name: 'claimed', keys: { claimedAt: 1 } }],
  },
  opinions: {
    tenancy: 'township',
    growing: true,
    purpose: "villagers' opinions (意见建议): status, owner, deadlines, contact (purged after closure)",
    indexes: [
      { name: 'status_station', keys: { status: 1, stationCode: 1 } },
      // The congress candidate form's picker: recent cases in some statuses, newest first.
      { name: 'status_submitted', keys: { status: 1, submittedAt: -1 } },
      { name: 'villager', keys: { villagerOpenid: 1, submittedAt: -1 } },
      { name: 'followers', keys: { followers: 1 } },
      { name: 'deputy', keys: { deputyHistory: 1 } },
      { name: 'filer', keys: { 'filedBy.openid': 1, submittedAt: -1 } },
      { name: 'recorder', keys: { 'filedBy.recordedBy': 1, submittedAt: -1 } },
      { name: 'public_answers', keys: { stationCode: 1, consentToPublish: 1, resolvedAt: -1 } },
      // Open cases per deputy (routing's tie-breaker) and a station's disclosure figures.
      { name: 'owner', keys: { 'owner.deputyIds': 1, status: 1 } },
      // A department's cases (its staff's inbox).
      { name: 'department', keys: { 'owner.departmentId': 1, status: 1 } },
      // The disclosure figures of a period: submitted, answered or resolved in it (an $or of ranges).
      { name: 'submitted', keys: { submittedAt: 1 } },
      { name: 'answered', keys: { answeredOn: 1 } },
      { name: 'resolved', keys: { resolvedAt: 1 } },
      { name: 'held', keys: { publicHold: 1 } },
      // The Open311 door (server/open311): a client system's requests by filing time, and changed since.
      { name: 'channel_submitted', keys: { channel: 1, submittedAt: 1 } },
      { name: 'channel_changed', keys: { channel: 1, changedAt: 1 } },
    ],
  },
  apiKeys: {
    tenancy: 'township',
    purpose:
      "the county's systems' keys to the Open311 door (server/open311): name, scopes, salted sha256 of the secret, last use; revoked, never deleted",
    indexes: [],
  },
  opinionQuotas: {
    // A township's daily limit: submissions in another township do not use it up.
    tenancy: 'keyed',
    growing: true,
    purpose:
      "each villager's submissions per China day in the township (_id = openid:YYYY-MM-DD): the daily limit, taken with one conditional update",
    indexes: [],
  },
  settings: {
    tenancy: 'keyed',
    purpose:
      "the presidium's settings (_id = 'abuseLimits': limits on abuse; 'bookingSettings': when booking reminders go out; 'suggestionSettings': how long offices have to answer a deputy's suggestion)",
    indexes: [],
  },
  rateCounters: {
    tenancy: 'county',
    growing: true,
    purpose:
      "per-person counters of limited actions (_id = kind:township:openid:window: a township's limit counts what is done in it), taken with one conditional update; purged after 2 days",
    indexes: [{ name: 'created', keys: { createdAt: 1 } }],
  },
  opinionEvents: {
    tenancy: 'township',
    growing: true,
    purpose: 'append-only timeline of each opinion (_id = opinionId:seq)',
    indexes: [
      { name: 'opinion', keys: { opinionId: 1, seq: 1 } },
      // The figures of a period: cases supervised, transferred or answered by a department in it.
      { name: 'type_at', keys: { type: 1, at: 1 } },
    ],
  },
  answerTemplates: {
    tenancy: 'township',
    growing: true,
    purpose:
      "each deputy's 常用答复 (_id = deputyId: one shelf of at most TEMPLATES_MAX, read and written whole in a transaction)",
    indexes: [],
  },
  routingRules: {
    tenancy: 'township',
    purpose: 'opinion routing table (_id = station:village|*:category|*) → deputies',
    indexes: [{ name: 'station', keys: { stationCode: 1 } }],
  },
  configVersions: {
    tenancy: 'keyed',
    purpose:
      "versions of what the presidium edits (_id = 'routingRules': a stale save gets CONFLICT) and, as the county's record, of the county's holiday overrides ('holidays': every function rebuilds its calendar when it moves)",
    indexes: [],
  },
  articles: {
    tenancy: 'township+county',
    growing: true,
    purpose: 'legal-knowledge articles (法律知识) with their revision history',
    indexes: [
      { name: 'public', keys: { status: 1, 'issue.year': -1, 'issue.number': -1 } },
      { name: 'category', keys: { status: 1, category: 1, 'issue.year': -1, 'issue.number': -1 } },
      { name: 'push', keys: { pushState: 1 } },
      { name: 'updated', keys: { updatedAt: -1 } },
    ],
  },
  lawCategories: {
    tenancy: 'keyed',
    purpose: "the presidium's law category list and the opinion-category → law table (_id = settings)",
    indexes: [],
  },
  articleIssues: {
    tenancy: 'keyed',
    growing: true,
    purpose: 'per-year issue counters (counter:<year>) and claimed numbers (issue:<year>:<n>)',
    indexes: [],
  },
  articleSubscribers: {
    tenancy: 'keyed',
    growing: true,
    purpose: '订阅下一期: who asked for the next issue (_id = openid; consumed by a one-time push)',
    indexes: [{ name: 'since', keys: { subscribedAt: 1 } }],
  },
  subscriptionGrants: {
    tenancy: 'county',
    growing: true,
    purpose:
      'one-time subscribe-message grants a person holds per template (_id = openid:template; core/notify/grants.ts)',
    indexes: [{ name: 'openid', keys: { openid: 1, template: 1 } }],
  },
  subscriptionTaps: {
    tenancy: 'county',
    growing: true,
    purpose:
      'accepted subscription taps already counted (_id = tap:openid:requestId), so a retry adds nothing',
    indexes: [{ name: 'at', keys: { at: 1 } }],
  },
  articleReads: {
    tenancy: 'township',
    growing: true,
    purpose: 'one read per person per article (_id = read:<articleId>:<openid>)',
    indexes: [{ name: 'article', keys: { articleId: 1 } }],
  },
  ledgerExports: {
    tenancy: 'township',
    growing: true,
    purpose:
      "every ledger (台账) exported: who, when, which ledger and period, with or without the villagers' contacts, rows, file id",
    indexes: [{ name: 'at', keys: { at: -1 } }],
  },
  // The sessions half of the congress area (helper "sessions" owns these two entries and their indexes).
  congressSessions: {
    tenancy: 'township',
    purpose: 'sessions of the township congress (届次 and 会议) with agenda, status and vote state',
    indexes: [],
  },
  congressCandidates: {
    tenancy: 'township',
    growing: true,
    purpose: 'candidate livelihood projects (民生实事候选项目) of a session, with their results once voted',
    indexes: [
      { name: 'status', keys: { status: 1, updatedAt: -1 } },
      { name: 'session', keys: { sessionId: 1 } },
    ],
  },
  congressAttendance: {
    tenancy: 'township',
    growing: true,
    purpose: 'deputies checked in at a session (_id = <sessionId>:<deputyId>), by QR or marked by staff',
    indexes: [{ name: 'session', keys: { sessionId: 1 } }],
  },
  candidateComments: {
    tenancy: 'township',
    growing: true,
    purpose: "villagers' comments on a candidate project published for comment (held back when doubtful)",
    indexes: [
      { name: 'candidate', keys: { candidateId: 1, at: -1 } },
      { name: 'candidate_person', keys: { candidateId: 1, openid: 1 } },
    ],
  },
  congressVoters: {
    tenancy: 'township',
    growing: true,
    purpose:
      'that a deputy voted at a session, never how (_id = <sessionId>:<deputyId>; written with the ballot)',
    indexes: [{ name: 'session', keys: { sessionId: 1 } }],
  },
  congressBallots: {
    tenancy: 'township',
    growing: true,
    purpose:
      'the ballot box: slots drawn when the vote opens, each filled with one secret ballot at random (the choices only: no deputy, no time, no paper mark): the tally’s records',
    indexes: [
      { name: 'session', keys: { sessionId: 1 } },
      // A cast's pick among the session's empty slots.
      { name: 'session_filled', keys: { sessionId: 1, filled: 1 } },
    ],
  },
  congressPaperEntries: {
    tenancy: 'township',
    growing: true,
    purpose:
      "a paper ballot's first entry awaiting a second staff member's (the choices only as a keyed digest)",
    // Those still held when the vote closes are deleted.
    indexes: [{ name: 'session', keys: { sessionId: 1 } }],
  },
  livelihoodProjects: {
    tenancy: 'township',
    growing: true,
    purpose:
      'livelihood projects that passed the vote (民生实事, _id = pj:<candidateId>): plan, milestones, progress',
    indexes: [
      { name: 'year', keys: { year: -1, createdAt: 1 } },
      // Late milestones (the scheduler's chase): projects under way by their earliest open due day.
      { name: 'next_due', keys: { status: 1, nextDue: 1 } },
      // Milestones done whose followers were not all told (the scheduler finishes an interrupted call).
      { name: 'to_notify', keys: { 'milestones.notified': 1 } },
    ],
  },
  projectReports: {
    tenancy: 'township',
    growing: true,
    purpose:
      "a project's progress reports (text and photos; public once checked), _id = pr:<project>:<request>",
    indexes: [{ name: 'project', keys: { projectId: 1, at: -1 } }],
  },
  projectFollowers: {
    tenancy: 'township',
    growing: true,
    purpose: 'villagers following a project (_id = project:openid), told at each milestone done',
    indexes: [{ name: 'project', keys: { projectId: 1 } }],
  },
  projectInspections: {
    tenancy: 'township',
    growing: true,
    purpose: "deputies' inspections of a project (视察) with what they found; each is also a duty record",
    indexes: [
      { name: 'project', keys: { projectId: 1, date: -1 } },
      { name: 'deputy', keys: { deputyId: 1, date: -1 } },
    ],
  },
  projectRatings: {
    tenancy: 'township',
    growing: true,
    purpose:
      "deputies' year-end completion ratings (满意度测评), one per deputy per project (_id = project:deputy)",
    indexes: [{ name: 'project', keys: { projectId: 1, rating: 1 } }],
  },
  projectRatingRounds: {
    tenancy: 'township',
    purpose:
      "the year's completion rating opened and closed by the presidium (_id = year:<yyyy>), with its results",
    indexes: [],
  },
  suggestions: {
    tenancy: 'township',
    growing: true,
    purpose:
      "deputies' suggestions (代表建议, _id = sg_<deputy>_<request>): co-signers, offices, answers, ratings",
    indexes: [
      { name: 'filer', keys: { filerDeputyId: 1, createdAt: -1 } },
      { name: 'cosigner', keys: { 'cosigners.deputyId': 1, createdAt: -1 } },
      { name: 'status', keys: { status: 1, createdAt: -1 } },
      // The overdue chase: assigned suggestions by their deadline.
      { name: 'deadline', keys: { status: 1, deadline: 1 } },
      { name: 'lead', keys: { leadDepartmentId: 1, createdAt: -1 } },
      { name: 'cohandler', keys: { 'cohandlers.departmentId': 1, createdAt: -1 } },
      { name: 'opinion', keys: { sourceOpinionId: 1 } },
      { name: 'filed', keys: { filedOn: 1 } },
    ],
  },
  deputyGroups: {
    tenancy: 'township',
    purpose: 'deputy groups (代表小组, _id = g_<request>): leader, members, villages and station served',
    indexes: [{ name: 'station', keys: { stationCode: 1, active: 1 } }],
  },
  activities: {
    tenancy: 'township',
    growing: true,
    purpose:
      'activities organised for deputies (学习培训, 集中视察 …, _id = a_<request>) with their record once closed',
    indexes: [
      { name: 'date', keys: { date: -1 } },
      { name: 'status_date', keys: { status: 1, date: -1 } },
      { name: 'invitee', keys: { inviteeIds: 1, date: -1 } },
      { name: 'organiser', keys: { 'organiser.deputyId': 1, date: -1 } },
      // A deputy's list of one status (scheduled, closed …).
      { name: 'invitee_status', keys: { inviteeIds: 1, status: 1, date: -1 } },
      { name: 'organiser_status', keys: { 'organiser.deputyId': 1, status: 1, date: -1 } },
      { name: 'station', keys: { stationCode: 1, status: 1, date: -1 } },
      // The year's figures: closed activities of a kind in a period.
      { name: 'kind', keys: { status: 1, kind: 1, date: 1 } },
      // The scheduler's repair: closed activities with a matter not yet an opinion.
      { name: 'matters_pending', keys: { mattersPending: 1, date: 1 } },
    ],
  },
  activityAttendance: {
    tenancy: 'township',
    growing: true,
    purpose: "deputies present at an activity (_id = activity:deputy), by code or the organiser's list",
    indexes: [{ name: 'activity', keys: { activityId: 1, present: 1 } }],
  },
  rectifications: {
    tenancy: 'township',
    growing: true,
    purpose:
      "an inspection's findings an office must fix by a deadline (_id = <activity>_r<n>), chased when late",
    indexes: [
      { name: 'activity', keys: { activityId: 1, n: 1 } },
      // The chase and the presidium's list: open items by deadline.
      { name: 'status', keys: { status: 1, deadline: 1 } },
      { name: 'department', keys: { departmentId: 1, status: 1, deadline: 1 } },
      // The year's figures: items by the activity's day.
      { name: 'date', keys: { date: 1 } },
    ],
  },
  contactAssignments: {
    tenancy: 'township',
    purpose: '分片联系: the presidium member who contacts each deputy (_id = deputy id)',
    indexes: [],
  },
  householdPairs: {
    tenancy: 'township',
    growing: true,
    purpose: '结对帮扶: households a deputy helps (_id = hp_<request>), named to staff only',
    indexes: [
      { name: 'deputy', keys: { deputyId: 1, active: 1 } },
      { name: 'active', keys: { active: 1 } },
      { name: 'created', keys: { createdAt: 1 } },
    ],
  },
  contactVisits: {
    tenancy: 'township',
    growing: true,
    purpose: "deputies' visits to the households they help (_id = cv_<deputy>_<request>), each a duty record",
    indexes: [
      { name: 'deputy_date', keys: { deputyId: 1, date: -1 } },
      { name: 'date', keys: { date: 1 } },
    ],
  },
});

export type CollectionName = keyof typeof COLLECTIONS;

/** The collections that grow with use (`growing` above). */
export const GROWING_COLLECTIONS: ReadonlySet<string> = new Set(
  Object.entries(COLLECTIONS)
    .filter(([, c]) => c.growing)
    .map(([name]) => name),
);
