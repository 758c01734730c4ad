/**
 * The rules of a deputy's suggestion (代表建议), each a step on the suggestion as it is: filing,
 * co-signing (附议), assignment to a lead office and co-handlers (主办/协办) with a deadline, the
 * co-handlers' sign-off (会签), the send-back of an office that is not responsible (within 7 working
 * days of assignment), the lead office's formal answer (only once every co-handler signed off), and the
 * filer's rating (不满意 sends it back once; a second 不满意 closes it as 不满意). Pure: days, names
 * and the working calendar are inputs; each step answers the next version or the reason it refuses.
 */
import { addDays, type Ymd } from '../calendar/china-time';
import { workingDaysBetween, type WorkingCalendar } from '../calendar/working-days';
import { SATISFACTION_LABELS, type Satisfaction } from '../duty/duty.types';
import { allow, deny, type Decision } from '../result';
import {
  RESULT_CLASS_LABELS,
  type ResultClass,
  type Suggestion,
  type SuggestionCategory,
  type SuggestionEvent,
  type SuggestionSettings,
} from './suggestion.types';

export const TITLE_MAX = 40;
export const CONTENT_MAX = 2000;
export const COSIGNERS_MAX = 10;
export const COHANDLERS_MAX = 5;
export const ANSWER_TEXT_MAX = 3000;
export const OPINION_MAX = 1000;
export const REASON_MAX = 200;
export const FILE_ID_MAX = 300;
/** Working days after assignment in which an office may send a suggestion back (then it must handle it). */
export const SEND_BACK_WORKING_DAYS = 7;
export const MONTHS_MIN = 1;
export const MONTHS_MAX = 12;

export type Draft = Omit<Suggestion, '_id'>;
type Names = (departmentId: string) => string;

/** A suggestion's id: one per filer and request (a retried filing is the same suggestion). */
export const suggestionIdOf = (deputyId: string, requestId: string) => `sg_${deputyId}_${requestId}`;

/** The same day `months` later (the month's last day when it has no such day: 11-30 + 3 → 02-28). */
export function addMonths(day: Ymd, months: number): Ymd {
  const [y, m, d] = day.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, last))}`;
}

const event = (type: SuggestionEvent['type'], on: Ymd, text: string): SuggestionEvent => ({ type, on, text });

export interface FileInput {
  title: string;
  content: string;
  category: SuggestionCategory;
  sessionId: string | null;
  filer: { deputyId: string; name: string; stationCode: string };
  /** Co-signers invited, as deputies of the township (ids and names, read by the service). */
  cosigners: { deputyId: string; name: string }[];
  sourceOpinionId?: string;
  today: Ymd;
  now: Date;
}

/** A new suggestion: waiting for its co-signers when it has any, else for the presidium. */
export function fileSuggestion(input: FileInput): Decision<Draft> {
  const title = input.title.trim();
  const content = input.content.trim();
  if (!title || title.length > TITLE_MAX) return deny('SUGGESTION_TITLE_REQUIRED');
  if (!content || content.length > CONTENT_MAX) return deny('SUGGESTION_CONTENT_REQUIRED');
  const ids = input.cosigners.map((c) => c.deputyId);
  if (ids.length > COSIGNERS_MAX || new Set(ids).size !== ids.length || ids.includes(input.filer.deputyId))
    return deny('SUGGESTION_COSIGNER_INVALID');
  const cosigned = input.cosigners.length > 0;
  return allow({
    title,
    content,
    category: input.category,
    sessionId: input.sessionId,
    filerDeputyId: input.filer.deputyId,
    filerName: input.filer.name,
    stationCode: input.filer.stationCode,
    cosigners: input.cosigners.map((c) => ({ ...c, status: 'invited' as const })),
    status: cosigned ? 'cosigning' : 'submitted',
    filedOn: input.today,
    ...(input.sourceOpinionId ? { sourceOpinionId: input.sourceOpinionId } : {}),
    cohandlers: [],
    round: 1,
    answers: [],
    sendBacks: [],
    events: [
      event(
        'filed',
        input.today,
        input.sourceOpinionId
          ? `${input.filer.name}代表将群众意见转为代表建议`
          : `${input.filer.name}代表提出建议${cosigned ? `，邀请${input.cosigners.length}位代表附议` : ''}`,
      ),
    ],
    createdAt: input.now,
    updatedAt: input.now,
  });
}

/** A co-signer confirms (附议) or declines; once nobody is left invited, it goes to the presidium. */
export function answerInvite(s: Draft, deputyId: string, confirm: boolean, today: Ymd): Decision<Draft> {
  const c = s.cosigners.find((x) => x.deputyId === deputyId);
  if (!c) return deny('SUGGESTION_NOT_COSIGNER');
  if (s.status !== 'cosigning') return deny('SUGGESTION_COSIGN_CLOSED');
  if (c.status !== 'invited') return deny('SUGGESTION_ALREADY_ANSWERED_INVITE');
  const cosigners = s.cosigners.map((x) =>
    x.deputyId === deputyId
      ? { ...x, status: confirm ? ('confirmed' as const) : ('declined' as const), answeredOn: today }
      : x,
  );
  const allAnswered = cosigners.every((x) => x.status !== 'invited');
  const events = [
    ...s.events,
    event(confirm ? 'cosigned' : 'cosignDeclined', today, `${c.name}代表${confirm ? '附议' : '不参加附议'}`),
  ];
  if (allAnswered) events.push(event('submitted', today, '附议完成，提交乡镇人大主席团交办'));
  return allow({ ...s, cosigners, status: allAnswered ? 'submitted' : 'cosigning', events });
}

export interface AssignInput {
  leadDepartmentId: string;
  cohandlerIds: string[];
  deadline: Ymd;
}

/** The presidium assigns (or, after a send-back, reassigns) a suggestion to its offices. */
export function assignSuggestion(s: Draft, input: AssignInput, today: Ymd, names: Names): Decision<Draft> {
  if (s.status !== 'submitted' && s.status !== 'sentBack') return deny('SUGGESTION_NOT_ASSIGNABLE');
  const all = [input.leadDepartmentId, ...input.cohandlerIds];
  if (input.cohandlerIds.length > COHANDLERS_MAX || new Set(all).size !== all.length)
    return deny('SUGGESTION_OFFICES_INVALID');
  const co = input.cohandlerIds.map(names).join('、');
  return allow({
    ...s,
    status: 'assigned',
    leadDepartmentId: input.leadDepartmentId,
    cohandlers: input.cohandlerIds.map((departmentId) => ({ departmentId, signedOff: false })),
    assignedOn: today,
    deadline: input.deadline,
    events: [
      ...s.events,
      event(
        'assigned',
        today,
        `${s.status === 'sentBack' ? '重新交办' : '交办'}：主办${names(input.leadDepartmentId)}${co ? `，协办${co}` : ''}，${input.deadline}前答复`,
      ),
    ],
  });
}

export type OfficeRole = 'lead' | 'cohandler';

/** The part an office plays in the suggestion now (null: none). */
export function officeRole(
  s: Pick<Draft, 'leadDepartmentId' | 'cohandlers'>,
  departmentId: string,
): OfficeRole | null {
  if (s.leadDepartmentId === departmentId) return 'lead';
  return s.cohandlers.some((c) => c.departmentId === departmentId) ? 'cohandler' : null;
}

/** A co-handler gives its opinion and signs off (会签). */
export function signOff(
  s: Draft,
  departmentId: string,
  opinion: string,
  today: Ymd,
  names: Names,
): Decision<Draft> {
  if (s.status !== 'assigned') return deny('SUGGESTION_NOT_HANDLING');
  const c = s.cohandlers.find((x) => x.departmentId === departmentId);
  if (!c) return deny('SUGGESTION_NOT_COHANDLER');
  if (c.signedOff) return deny('SUGGESTION_ALREADY_SIGNED');
  const text = opinion.trim();
  if (!text || text.length > OPINION_MAX) return deny('SUGGESTION_OPINION_REQUIRED');
  return allow({
    ...s,
    cohandlers: s.cohandlers.map((x) =>
      x.departmentId === departmentId ? { ...x, signedOff: true, opinion: text, signedOn: today } : x,
    ),
    events: [...s.events, event('signedOff', today, `协办单位${names(departmentId)}已会签`)],
  });
}

/** The last day an office may send the suggestion back (the 7th working day after assignment). */
export function sendBackLastDay(assignedOn: Ymd, calendar: WorkingCalendar): Ymd {
  let day = assignedOn;
  let counted = 0;
  while (counted < SEND_BACK_WORKING_DAYS) {
    day = addDays(day, 1);
    if (calendar.isWorkingDay(day)) counted++;
  }
  return day;
}

/** Whether an office may still send it back on `today` (within 7 working days of assignment). */
export function canSendBack(
  s: Pick<Draft, 'status' | 'assignedOn' | 'round'>,
  today: Ymd,
  calendar: WorkingCalendar,
): boolean {
  return (
    s.status === 'assigned' &&
    s.round === 1 &&
    !!s.assignedOn &&
    workingDaysBetween(s.assignedOn, today, calendar) <= SEND_BACK_WORKING_DAYS
  );
}

/** An office that is not responsible sends it back with a reason; the presidium reassigns it. */
export function sendBack(
  s: Draft,
  departmentId: string,
  reason: string,
  today: Ymd,
  calendar: WorkingCalendar,
  names: Names,
): Decision<Draft> {
  if (s.status !== 'assigned') return deny('SUGGESTION_NOT_HANDLING');
  if (!officeRole(s, departmentId)) return deny('SUGGESTION_NOT_YOUR_OFFICE');
  const text = reason.trim();
  if (!text || text.length > REASON_MAX) return deny('SUGGESTION_REASON_REQUIRED');
  if (!canSendBack(s, today, calendar)) return deny('SUGGESTION_SEND_BACK_LATE');
  return allow({
    ...s,
    status: 'sentBack',
    sendBacks: [...s.sendBacks, { departmentId, reason: text, on: today }],
    events: [...s.events, event('sentBack', today, `${names(departmentId)}退回：${text}`)],
  });
}

export interface AnswerInput {
  text: string;
  fileId: string;
  resultClass: ResultClass;
  /** The text passed the content check (the villager of a raised opinion may read it). */
  textPublic: boolean;
}

/** The lead office answers formally, once every co-handler signed off. */
export function answerSuggestion(
  s: Draft,
  departmentId: string,
  input: AnswerInput,
  today: Ymd,
  names: Names,
): Decision<Draft> {
  if (s.status !== 'assigned') return deny('SUGGESTION_NOT_HANDLING');
  if (s.leadDepartmentId !== departmentId) return deny('SUGGESTION_NOT_LEAD');
  const text = input.text.trim();
  if (!text || text.length > ANSWER_TEXT_MAX) return deny('SUGGESTION_ANSWER_REQUIRED');
  if (!input.fileId.trim()) return deny('SUGGESTION_FILE_REQUIRED');
  if (s.cohandlers.some((c) => !c.signedOff)) return deny('SUGGESTION_COHANDLERS_PENDING');
  return allow({
    ...s,
    status: 'answered',
    answers: [
      ...s.answers,
      {
        round: s.round,
        departmentId,
        text,
        fileId: input.fileId.trim(),
        resultClass: input.resultClass,
        on: today,
        onTime: !!s.deadline && today <= s.deadline,
        textPublic: input.textPublic,
      },
    ],
    events: [
      ...s.events,
      event('answered', today, `${names(departmentId)}正式答复（${RESULT_CLASS_LABELS[input.resultClass]}）`),
    ],
  });
}

/**
 * The filer rates the answer: 满意/基本满意 close it; a first 不满意 sends it back to the lead office
 * for re-handling (round 2, a new deadline); a second 不满意 closes it as 不满意.
 */
export function rateAnswer(
  s: Draft,
  rating: Satisfaction,
  today: Ymd,
  settings: SuggestionSettings,
): Decision<Draft> {
  if (s.status !== 'answered' || s.answers.length === 0) return deny('SUGGESTION_NOT_RATEABLE');
  const answers = s.answers.map((a, i) =>
    i === s.answers.length - 1 ? { ...a, rating, ratedOn: today } : a,
  );
  const label = SATISFACTION_LABELS[rating];
  if (rating === 'dissatisfied' && s.round === 1) {
    return allow({
      ...s,
      answers,
      status: 'assigned',
      round: 2,
      deadline: addMonths(today, settings.rehandleMonths),
      events: [
        ...s.events,
        event('rated', today, `代表评价：${label}`),
        event('reopened', today, '退回主办单位重新办理'),
      ],
    });
  }
  return allow({
    ...s,
    answers,
    status: 'closed',
    finalRating: rating,
    closedOn: today,
    events: [...s.events, event('rated', today, `代表评价：${label}`), event('closed', today, '已办结')],
  });
}

/** Assigned and past its deadline on `today` (the chase's test). */
export function isOverdue(s: Pick<Draft, 'status' | 'deadline'>, today: Ymd): boolean {
  return s.status === 'assigned' && !!s.deadline && s.deadline < today;
}

/** Settings the presidium sets: whole months in range. */
export function checkSettings(settings: SuggestionSettings): Decision<SuggestionSettings> {
  const ok = (n: number) => Number.isInteger(n) && n >= MONTHS_MIN && n <= MONTHS_MAX;
  return ok(settings.answerMonths) && ok(settings.rehandleMonths)
    ? allow(settings)
    : deny('SUGGESTION_SETTINGS_INVALID');
}
