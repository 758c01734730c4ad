/** A small township for opinion tests: one station, two villages, a handful of deputies, real 2026 calendar. */
import { chinaInstant } from '../../../core/calendar/china-time';
import { chineseCalendar } from '../../../core/calendar/chinese-calendar';
import type { OpinionDraft } from '../../../core/opinion/opinion.limits';
import { openOpinion, transition, type OpinionCommand } from '../../../core/opinion/opinion.state';
import type {
  Actor,
  Category,
  Department,
  Opinion,
  RoutingDecision,
  TimelineEvent,
} from '../../../core/opinion/opinion.types';
import type { Deputy, Station } from '../../../core/station/station.types';

export const calendar = chineseCalendar();

export const station: Station = {
  code: 'JG01',
  name: '金鼓联络站',
  address: '金鼓村村委会',
  openHours: '工作日 9:00-17:00',
  contactPhone: '0774-1234567',
  intro: '',
  leadDeputyId: 'd-lead',
  active: true,
};

export const villages = [
  { code: 'JG', name: '金鼓村', stationCode: 'JG01' },
  { code: 'SH', name: '石湖村', stationCode: 'JG01' },
  { code: 'XX', name: '别站村', stationCode: 'OTHER' },
];

export const env: Category = { code: 'env', name: '环境保护', acceptDays: 2, answerDays: 15, active: true };
export const agri: Category = { code: 'agri', name: '农业农村', acceptDays: 2, answerDays: 10, active: true };
export const retired: Category = {
  code: 'old',
  name: '旧类别',
  acceptDays: 2,
  answerDays: 10,
  active: false,
};
export const categories = [env, agri, retired];

export function deputy(id: string, active = true): Deputy {
  return {
    _id: id,
    name: `代表${id}`,
    level: 'township',
    title: '',
    photo: '',
    phone: '13900000000',
    stationCode: 'JG01',
    villageCodes: [],
    categories: [],
    group: '',
    openid: `o-${id}`,
    active,
  };
}

export const deputies = ['d-a', 'd-b', 'd-c', 'd-lead']
  .map((id) => deputy(id))
  .concat(deputy('d-off', false));

export const agriOffice: Department = { _id: 'dep-agri', name: '乡农业办', active: true };

/** The villager's identity, chosen to be easy to find in serialised output. */
export const VILLAGER_OPENID = 'oVILLAGER-secret-openid';
export const VILLAGER_NAME = '王秀英';
export const VILLAGER_PHONE = '13812345678';

export const villager: Actor = { role: 'resident', openid: VILLAGER_OPENID };
export const presidium: Actor = { role: 'presidium', openid: 'oPRESIDIUM' };
export const asDeputy = (deputyId: string): Actor => ({ role: 'deputy', openid: `o-${deputyId}`, deputyId });

export function draft(overrides: Partial<OpinionDraft> = {}): OpinionDraft {
  return {
    stationCode: 'JG01',
    villageCode: 'JG',
    categoryCode: 'env',
    text: '村口的路灯坏了，晚上走路看不见',
    photos: ['cloud://photo-1'],
    anonymous: false,
    consentToPublish: true,
    contact: { name: VILLAGER_NAME, phone: VILLAGER_PHONE },
    ...overrides,
  };
}

export const toDeputyA: RoutingDecision = {
  owner: { kind: 'deputies', deputyIds: ['d-a'] },
  deputyIds: ['d-a'],
  reason: '覆盖金鼓村 · 环境保护 · 在办0件',
  path: 'village+category',
};

/** A case submitted at a China wall-clock time, routed to deputy d-a unless told otherwise. */
export function submitted(
  day = '2026-09-30',
  overrides: Partial<OpinionDraft> = {},
  routing: RoutingDecision | 'review' = toDeputyA,
): Opinion {
  return openOpinion({
    id: 'op-1',
    draft: draft(overrides),
    limits: env,
    villagerOpenid: VILLAGER_OPENID,
    filedBy: { kind: 'self' },
    routing,
    now: chinaInstant(day, '10:00'),
    calendar,
  }).opinion;
}

export const at = (day: string, hhmm = '10:00') => chinaInstant(day, hhmm);

export interface Step {
  command: OpinionCommand;
  actor: Actor;
  day: string;
}

/** Applies steps in order, failing the test on the first refusal; returns the case and the events appended. */
export function run(opinion: Opinion, steps: Step[]): { opinion: Opinion; events: TimelineEvent[] } {
  const events: TimelineEvent[] = [];
  let current = opinion;
  for (const step of steps) {
    const result = transition(current, step.command, step.actor, at(step.day), calendar);
    if (!result.ok) throw new Error(`${step.command.type} on ${current.status} refused: ${result.reason}`);
    current = { ...current, ...result.value.patch };
    events.push(result.value.event);
  }
  return { opinion: current, events };
}
