/**
 * The `department` function's use cases: a government department's bound staff (部门工作人员) close
 * their own loop on the cases deputies transfer to them (转办) — their inbox, one case with what they
 * need to answer it (the villager's matter as deputies see it: core/opinion/opinion.privacy.ts; the
 * deputy's transfer note; the deadline), the answer (content-checked through the same service path as
 * the presidium's department answer, opinions.service.ts recordDepartmentAnswer) and the hand-back of a
 * misrouted case with a reason (core departmentHandBack). Every change goes through actOnOpinion.
 */
import { chinaDate } from '../../core/calendar/china-time';
import { canHandBack, handBackLastDay, slaState } from '../../core/opinion/opinion.deadlines';
import { STATUS_LABELS, redactPhones, toDepartmentView } from '../../core/opinion/opinion.privacy';
import { commandsFor } from '../../core/opinion/opinion.state';
import type { Opinion } from '../../core/opinion/opinion.types';
import { loadCalendar } from '../calendar';
import { fail } from '../errors';
import type { Caller } from '../pipeline';
import { getDeputy, getStation, villagesOf } from '../station/stations.repo';
import {
  getDepartment,
  getOpinion,
  listCategories,
  listEvents,
  listForDepartment,
  type OpinionRecord,
} from './opinions.repo';
import { caseInbox } from './opinion-views.service';
import { actorOf, departmentHandBackOpinion, recordDepartmentAnswer } from './opinions.service';

type Who = Pick<Caller, 'openid' | 'role' | 'user'>;

/** The department the caller works in, or FORBIDDEN (an account bound to none). */
function departmentOf(caller: Who): string {
  const id = caller.user?.departmentId;
  if (caller.role !== 'department' || !id) fail('FORBIDDEN');
  return id;
}

/** The case, when it is with the caller's department (NOT_YOUR_DEPARTMENT otherwise). */
async function ownCase(opinionId: string, caller: Who): Promise<OpinionRecord> {
  const departmentId = departmentOf(caller);
  const o = await getOpinion(opinionId);
  if (!o) fail('OPINION_NOT_FOUND');
  if (o.owner.kind !== 'department' || o.owner.departmentId !== departmentId) fail('NOT_YOUR_DEPARTMENT');
  return o;
}

/** The department's cases: those waiting for its answer (overdue first), and those it answered. */
export async function departmentInbox(caller: Who, now: Date) {
  const departmentId = departmentOf(caller);
  const [department, inbox] = await Promise.all([
    getDepartment(departmentId),
    caseInbox(listForDepartment(departmentId), now, {
      isOpen: (o) => o.status === 'transferred',
      dueOf: (o) => o.answerBy,
      sinceOf: (o) => o.assignedOn,
      item: (o, shared) => ({ ...shared, answerBy: o.answerBy, transferredOn: o.assignedOn }),
    }),
  ]);
  return { departmentName: department?.name ?? departmentId, ...inbox };
}

/** One case as the department answers it: the matter, the deputy's transfer note, the deadline, what it may do. */
export async function departmentCase(opinionId: string, caller: Who, now: Date) {
  return viewOf(await ownCase(opinionId, caller), caller, now);
}

async function viewOf(o: Opinion, caller: Who, now: Date) {
  const [events, calendar, categories, villages, station] = await Promise.all([
    listEvents(o._id),
    loadCalendar(),
    listCategories(true),
    villagesOf(o.stationCode),
    getStation(o.stationCode),
  ]);
  const transfer = [...events].reverse().find((e) => e.type === 'transferred');
  const byDeputy = transfer?.actorDeputyId ? await getDeputy(transfer.actorDeputyId) : null;
  const transferredBy = byDeputy
    ? `${byDeputy.name}代表`
    : transfer?.actorRole === 'presidium'
      ? '乡镇人大主席团'
      : null;
  const commands = commandsFor(o, actorOf(caller));
  const today = chinaDate(now);
  return {
    role: 'department' as const,
    ...toDepartmentView(o, events),
    categoryName: categories.find((c) => c.code === o.categoryCode)?.name ?? o.categoryCode,
    villageName: villages.find((v) => v.code === o.villageCode)?.name ?? o.villageCode,
    stationName: station?.name ?? o.stationCode,
    departmentName: o.owner.kind === 'department' ? o.owner.departmentName : null,
    // The note as the timeline shows it: phones redacted in an anonymous case, as in every staff view.
    transferNote: transfer?.note ? (o.anonymous ? redactPhones(transfer.note) : transfer.note) : null,
    transferredBy,
    transferredOn: o.assignedOn,
    answerBy: o.answerBy,
    sla: slaState(o, today, calendar),
    canAnswer: commands.includes('departmentReply'),
    canHandBack: commands.includes('departmentHandBack') && canHandBack(o.assignedOn, today, calendar),
    handBackUntil: handBackLastDay(o.assignedOn, calendar),
  };
}

/**
 * The department answers a case transferred to it: the same content-checked path as the presidium's
 * department answer (ANSWER_RISKY, or held from the public); the deputies are told to review and 办结.
 */
export async function answerAsDepartment(opinionId: string, answer: string, caller: Who, now: Date) {
  await ownCase(opinionId, caller);
  const { opinion } = await recordDepartmentAnswer(opinionId, answer, actorOf(caller), now);
  return viewOf(opinion, caller, now);
}

/** The department hands a misrouted case back with a reason: it returns to the deputies who transferred it. */
export async function handBackAsDepartment(opinionId: string, reason: string, caller: Who, now: Date) {
  await ownCase(opinionId, caller);
  const { opinion } = await departmentHandBackOpinion(opinionId, reason, actorOf(caller), now);
  return {
    id: opinion._id,
    handedBack: true,
    status: opinion.status,
    statusLabel: STATUS_LABELS[opinion.status],
  };
}
