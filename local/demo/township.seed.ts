/**
 * The demo county: two townships — 金鼓乡 (here) and 青山镇 (./qingshan.seed.ts) — and the county's
 * own account, seeded once into an empty local cloud by `npm start` (again with --reset). Each
 * township's records are written as that township's (local/township-writes.ts). Names are invented;
 * shapes follow the township congress reports in shared/seeds.
 */
import { seedCongressDemo } from './congress.demo';
import { seedGroupsDemo } from './groups.demo';
import { seedContactsDemo } from './contacts.demo';
import { seedProjectsDemo } from './projects.demo';
import { seedSuggestionDemo } from './suggestion.demo';
import { materialiseDays, newReceptionDay, type ScheduleRule } from '../../core/booking/schedule.rules';
import { NOTICE_DAYS } from '../../core/booking/booking.rules';
import { addDays, chinaDate, chinaInstant, type Ymd } from '../../core/calendar/china-time';
import {
  chineseCalendar,
  OFFICIAL_DATA_LAST_YEAR,
  type HolidayOverride,
} from '../../core/calendar/chinese-calendar';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import type { DisclosurePeriod } from '../../core/duty/duty.types';
import type { Deputy, Station, Village } from '../../core/station/station.types';
import type { DocumentStore, Write } from '../engine/store';
import { asTownship } from '../township-writes';
import { COUNTY } from '../../server/tenancy';
import {
  QINGSHAN,
  QS_PERSONAS,
  qsDepartments,
  qsDeputies,
  qsSchedules,
  qsStations,
  qsVillages,
} from './qingshan.seed';

/** The demo's first township, where every persona but 青山镇's works. */
export const DEMO_TOWNSHIP = { id: 'jingu', name: '金鼓乡' } as const;

/** The county's townships, in the order the county lists them. */
export const DEMO_TOWNSHIPS = [DEMO_TOWNSHIP, QINGSHAN] as const;

export const PERSONAS = {
  presidium: 'demo-presidium',
  stationAdmin: 'demo-station-admin',
  deputy1: 'demo-deputy-1',
  deputy2: 'demo-deputy-2',
  deputy3: 'demo-deputy-3',
  villager: 'demo-villager',
  department: 'demo-department',
  /** 县人大常委会 staff: every township side by side. */
  county: 'demo-county',
  /** 青山镇's presidium member. */
  presidiumQs: QS_PERSONAS.presidium,
  /** 青山镇's deputy 周丽. */
  deputyQs: QS_PERSONAS.deputy,
} as const;

const META = '_local_meta';

/**
 * Every station's board says what its schedule (demoSchedules) does: `openHours` is the rule in the
 * words booking.getSchedule uses, the intro says who receives and what happens on a holiday.
 */
const stations: Station[] = [
  {
    code: 'JG01',
    name: '金鼓乡人大代表之家',
    address: '金鼓乡人民政府二楼',
    openHours: '每周五 14:30-17:00',
    contactPhone: '0838-6201234',
    intro:
      '乡人大主席团所在地，覆盖金鼓村、新民村、青龙村。每周五下午14:30-17:00，王建国、李秀英、张明三位代表轮流接待选民，每次两位，可预约10人；遇节假日顺延到下一个工作日。',
    leadDeputyId: 'd01',
    active: true,
  },
  {
    code: 'JG02',
    name: '白果代表联络站',
    address: '白果村村民委员会一楼',
    openHours: '每周二 09:00-11:30',
    contactPhone: '0838-6205678',
    intro:
      '服务白果村、石桥村的群众。每周二上午9:00-11:30，刘德华、陈桂兰两位代表轮流接待，不限人数；遇节假日顺延到下一个工作日。',
    leadDeputyId: 'd04',
    active: true,
  },
  {
    code: 'JG03',
    name: '河坝代表联络站',
    address: '河坝村党群服务中心',
    openHours: '每月15日 09:00-12:00，14:00-17:00',
    contactPhone: '0838-6209012',
    intro:
      '服务河坝村、松林村、清水村，重点收集农业生产和道路建设方面的意见。每月15日上午、下午各可预约8人，杨志强、赵丽、黄大山三位代表轮流接待，每次两位；15日遇周末或节假日顺延到下一个工作日。',
    leadDeputyId: 'd06',
    active: true,
  },
];

const villages: Village[] = [
  { code: 'jingu', name: '金鼓村', stationCode: 'JG01' },
  { code: 'xinmin', name: '新民村', stationCode: 'JG01' },
  { code: 'qinglong', name: '青龙村', stationCode: 'JG01' },
  { code: 'baiguo', name: '白果村', stationCode: 'JG02' },
  { code: 'shiqiao', name: '石桥村', stationCode: 'JG02' },
  { code: 'heba', name: '河坝村', stationCode: 'JG03' },
  { code: 'songlin', name: '松林村', stationCode: 'JG03' },
  { code: 'qingshui', name: '清水村', stationCode: 'JG03' },
];

const deputy = (d: Omit<Deputy, 'photo' | 'active' | 'group'> & { group?: string }): Deputy => ({
  photo: '',
  active: true,
  group: d.group ?? `${d.stationCode}代表小组`,
  ...d,
});

const deputies: Deputy[] = [
  deputy({
    _id: 'd01',
    name: '王建国',
    level: 'county',
    title: '金鼓村党支部书记',
    phone: '13890001001',
    stationCode: 'JG01',
    villageCodes: ['jingu'],
    categories: ['road', 'environment'],
    openid: PERSONAS.deputy1,
  }),
  deputy({
    _id: 'd02',
    name: '李秀英',
    level: 'township',
    title: '新民村妇联主席',
    phone: '13890001002',
    stationCode: 'JG01',
    villageCodes: ['xinmin', 'qinglong'],
    categories: ['welfare', 'health', 'education'],
    openid: PERSONAS.deputy2,
  }),
  deputy({
    _id: 'd03',
    name: '张明',
    level: 'city',
    title: '乡卫生院院长',
    phone: '13890001003',
    stationCode: 'JG01',
    villageCodes: ['jingu', 'xinmin'],
    categories: ['health'],
    openid: PERSONAS.deputy3,
  }),
  deputy({
    _id: 'd04',
    name: '刘德华',
    level: 'county',
    title: '白果村村委会主任',
    phone: '13890001004',
    stationCode: 'JG02',
    villageCodes: ['baiguo'],
    categories: ['road', 'agriculture'],
  }),
  deputy({
    _id: 'd05',
    name: '陈桂兰',
    level: 'township',
    title: '石桥村种植大户',
    phone: '13890001005',
    stationCode: 'JG02',
    villageCodes: ['shiqiao'],
    categories: ['agriculture', 'environment'],
  }),
  deputy({
    _id: 'd06',
    name: '杨志强',
    level: 'county',
    title: '河坝村党支部书记',
    phone: '13890001006',
    stationCode: 'JG03',
    villageCodes: ['heba'],
    categories: ['road', 'dispute'],
  }),
  deputy({
    _id: 'd07',
    name: '赵丽',
    level: 'township',
    title: '松林小学教师',
    phone: '13890001007',
    stationCode: 'JG03',
    villageCodes: ['songlin'],
    categories: ['education', 'welfare'],
  }),
  deputy({
    _id: 'd08',
    name: '黄大山',
    level: 'township',
    title: '清水村养殖户',
    phone: '13890001008',
    stationCode: 'JG03',
    villageCodes: ['qingshui'],
    categories: ['agriculture'],
  }),
];

export const DEMO_CATEGORIES = [
  { code: 'road', name: '道路交通', acceptDays: 2, answerDays: 10 },
  { code: 'agriculture', name: '农业生产', acceptDays: 2, answerDays: 10 },
  { code: 'environment', name: '环境保护', acceptDays: 2, answerDays: 10 },
  { code: 'welfare', name: '社会保障', acceptDays: 2, answerDays: 15 },
  { code: 'health', name: '医疗卫生', acceptDays: 2, answerDays: 10 },
  { code: 'education', name: '教育', acceptDays: 2, answerDays: 15 },
  // 矛盾纠纷类: its cases are the disputes the township mediates (调处率 in the figures).
  { code: 'dispute', name: '矛盾纠纷', acceptDays: 2, answerDays: 5, dispute: true },
  { code: 'other', name: '其他', acceptDays: 2, answerDays: 15 },
];

const departments = [
  { _id: 'agri', name: '乡农业综合服务中心', phone: '0838-6201111' },
  { _id: 'build', name: '乡村建设办公室', phone: '0838-6202222' },
  { _id: 'social', name: '社会事务办公室', phone: '0838-6203333' },
  { _id: 'order', name: '综治中心', phone: '0838-6204444' },
  { _id: 'clinic', name: '乡卫生院', phone: '0838-6205555' },
];

/**
 * The demo routing table (opinion routing): for each village, the deputies living there who follow a
 * category take it (village + category); any other matter from the village goes to its deputies
 * (village + '*'). `_id` = station:village:category, as server/opinion/opinions.repo routingRuleId.
 */
export function demoRoutingRules(list: readonly Deputy[] = deputies): {
  _id: string;
  stationCode: string;
  villageCode: string;
  categoryCode: string;
  deputyIds: string[];
}[] {
  type Rule = { stationCode: string; villageCode: string; categoryCode: string; deputyIds: string[] };
  const rules = new Map<string, Rule>();
  const add = (stationCode: string, villageCode: string, categoryCode: string, deputyId: string) => {
    const id = `${stationCode}:${villageCode}:${categoryCode}`;
    const rule = rules.get(id) ?? { stationCode, villageCode, categoryCode, deputyIds: [] };
    if (!rule.deputyIds.includes(deputyId)) rule.deputyIds.push(deputyId);
    rules.set(id, rule);
  };
  for (const d of list) {
    for (const v of d.villageCodes) {
      add(d.stationCode, v, '*', d._id);
      for (const c of d.categories) add(d.stationCode, v, c, d._id);
    }
  }
  return [...rules].map(([_id, rule]) => ({ _id, ...rule }));
}

/**
 * Reception schedules (booking), as the station boards say: JG01 every Friday afternoon (10 places,
 * two of three deputies), JG02 every Tuesday morning (unlimited, one of two), JG03 on the 15th of
 * each month (每月15日, a morning and an afternoon slot of 8, two of three; a 15th on a weekend or
 * holiday moves to the next working day).
 */
export function demoSchedules(today: Ymd): ScheduleRule[] {
  return [
    {
      stationCode: 'JG01',
      recurrence: { every: 'week', weekday: 5 },
      start: '14:30',
      end: '17:00',
      slots: [{ id: 'a', start: '14:30', end: '17:00', capacity: 10 }],
      rota: { deputyIds: ['d01', 'd02', 'd03'], perDay: 2 },
      holidayPolicy: 'nextWorkingDay',
      startsOn: today,
    },
    {
      stationCode: 'JG02',
      recurrence: { every: 'week', weekday: 2 },
      start: '09:00',
      end: '11:30',
      slots: [{ id: 'a', start: '09:00', end: '11:30', capacity: 'unlimited' }],
      rota: { deputyIds: ['d04', 'd05'], perDay: 1 },
      holidayPolicy: 'nextWorkingDay',
      startsOn: today,
    },
    {
      stationCode: 'JG03',
      recurrence: { every: 'monthDay', day: 15 },
      start: '09:00',
      end: '17:00',
      slots: [
        { id: 'am', start: '09:00', end: '12:00', capacity: 8 },
        { id: 'pm', start: '14:00', end: '17:00', capacity: 8 },
      ],
      rota: { deputyIds: ['d06', 'd07', 'd08'], perDay: 2 },
      holidayPolicy: 'nextWorkingDay',
      startsOn: today,
    },
  ];
}

/** Fixed-date statutory holidays (全国年节及纪念日放假办法, 2025): 元旦, 劳动节 (2 days), 国庆节 (3 days). */
const FIXED_DATE_HOLIDAYS: [monthDay: string, name: string][] = [
  ['01-01', '元旦'],
  ['05-01', '劳动节'],
  ['05-02', '劳动节'],
  ['10-01', '国庆节'],
  ['10-02', '国庆节'],
  ['10-03', '国庆节'],
];

/**
 * The `holidays` overrides the demo ships: this year's and next year's fixed-date holidays, for each
 * of those years the official calendar (chinese-days, up to OFFICIAL_DATA_LAST_YEAR) lacks. The lunar
 * holidays (春节, 清明, 端午, 中秋) and the 调休 workdays come with the State Council's notice; the
 * presidium enters them in 节假日调整.
 */
export function demoHolidayOverrides(today: Ymd): HolidayOverride[] {
  const year = Number(today.slice(0, 4));
  return [year, year + 1]
    .filter((y) => y > OFFICIAL_DATA_LAST_YEAR)
    .flatMap((y) =>
      FIXED_DATE_HOLIDAYS.map(([md, name]) => ({ date: `${y}-${md}`, kind: 'holiday' as const, name })),
    );
}

/** Reception days are stored this far ahead, as the scheduler does (server/booking/schedule.service MATERIALISE_AHEAD_DAYS). */
const DAYS_AHEAD = 35;

/**
 * The reception days the schedules make from today to DAYS_AHEAD ahead, on the demo's working
 * calendar, exactly as the scheduler would store them (same ids and keys: it adds only later ones). They count as
 * announced NOTICE_DAYS ago: the township has told villagers of them in time.
 */
function demoReceptionDays(today: Ymd, schedules: ScheduleRule[] = demoSchedules(today)) {
  const calendar = chineseCalendar(demoHolidayOverrides(today));
  return schedules.flatMap((rule) =>
    materialiseDays(rule, today, addDays(today, DAYS_AHEAD), calendar).map((day) =>
      newReceptionDay(day, `${day.stationCode}:${day.date}`, addDays(today, -NOTICE_DAYS)),
    ),
  );
}

/**
 * The demo's signed-in staff: each a `users` document (and, for a deputy, the deputy's `openid`), so
 * `npm start` lists exactly who is bound. Deputies not listed (d04–d08) have not bound WeChat yet and
 * show as 未绑定微信; any other openid is a villager.
 */
export function demoPersonas(): {
  openid: string;
  role: 'presidium' | 'stationAdmin' | 'deputy' | 'department';
  name: string;
  stationCode?: string;
  deputyId?: string;
  departmentId?: string;
  /** For the banner. */
  label: string;
}[] {
  const bound = deputies
    .filter((d) => d.openid)
    .map((d) => ({
      openid: d.openid!,
      role: 'deputy' as const,
      name: d.name,
      deputyId: d._id,
      label: `${d.name}, ${d.level} deputy at ${d.stationCode}`,
    }));
  return [
    {
      openid: PERSONAS.presidium,
      role: 'presidium',
      name: '陈志华',
      label: '乡镇人大主席团 presidium',
    },
    {
      openid: PERSONAS.stationAdmin,
      role: 'stationAdmin',
      name: '刘芳',
      stationCode: 'JG01',
      label: '金鼓站联络员 station admin of JG01',
    },
    {
      openid: PERSONAS.department,
      role: 'department',
      name: '赵建军',
      departmentId: 'build',
      label: '乡村建设办公室工作人员 department staff of build',
    },
    ...bound,
  ];
}

/** Writes the demo county if the store has never been seeded. Answers whether it seeded. */
export function seedDemoTownshipOnce(store: DocumentStore, now: Date): boolean {
  if (store.get(META, 'demo')) return false;
  const today = chinaDate(now);
  const county: Write[] = [];
  const jingu: Write[] = [];
  const qingshan: Write[] = [];
  const put = (writes: Write[]) => (collection: string, id: string, doc: Record<string, unknown>) =>
    writes.push({ collection, id, doc: { ...doc, _id: id } });
  const putCounty = put(county);
  DEMO_TOWNSHIPS.forEach((t, i) =>
    putCounty('townships', t.id, { name: t.name, order: i + 1, createdAt: now, createdBy: PERSONAS.county }),
  );
  demoHolidayOverrides(today).forEach((h) =>
    putCounty('holidays', h.date, { ...h, updatedAt: now, updatedBy: PERSONAS.county }),
  );
  const putJingu = put(jingu);
  stations.forEach((s) => putJingu('stations', s.code, { ...s }));
  villages.forEach((v) => putJingu('villages', v.code, { ...v }));
  deputies.forEach((d) => putJingu('deputies', d._id, { ...d }));
  DEMO_CATEGORIES.forEach((c, i) => putJingu('categories', c.code, { ...c, order: i, active: true }));
  departments.forEach((d) => putJingu('departments', d._id, { ...d, active: true }));
  demoRoutingRules().forEach((r) => putJingu('routingRules', r._id, { ...r }));
  demoReceptionDays(today).forEach((d) => putJingu('receptionDays', d._id, { ...d }));
  demoSchedules(today).forEach((r) =>
    putJingu('schedules', r.stationCode, { ...r, updatedAt: now, updatedBy: PERSONAS.presidium }),
  );
  for (const p of demoPersonas()) {
    const { openid, label: _label, ...user } = p;
    putJingu('users', openid, { ...user, openid, boundAt: now });
  }
  demoArticles(now).forEach(([collection, id, doc]) => putJingu(collection, id, doc));

  const putQs = put(qingshan);
  qsStations.forEach((s) => putQs('stations', s.code, { ...s }));
  qsVillages.forEach((v) => putQs('villages', v.code, { ...v }));
  qsDeputies.forEach((d) => putQs('deputies', d._id, { ...d }));
  DEMO_CATEGORIES.forEach((c, i) => putQs('categories', c.code, { ...c, order: i, active: true }));
  qsDepartments.forEach((d) => putQs('departments', d._id, { ...d, active: true }));
  demoRoutingRules(qsDeputies).forEach((r) => putQs('routingRules', r._id, { ...r }));
  const qsRules = qsSchedules(today);
  demoReceptionDays(today, qsRules).forEach((d) => putQs('receptionDays', d._id, { ...d }));
  qsRules.forEach((r) =>
    putQs('schedules', r.stationCode, { ...r, updatedAt: now, updatedBy: QS_PERSONAS.presidium }),
  );
  for (const p of qsPersonas()) {
    const { openid, label: _label, ...user } = p;
    putQs('users', openid, { ...user, openid, boundAt: now });
  }
  // 王建国 serves 东岭 station too: the same WeChat account, bound as 青山镇's deputy q05.
  putQs('users', PERSONAS.deputy1, {
    openid: PERSONAS.deputy1,
    role: 'deputy',
    name: '王建国',
    deputyId: 'q05',
    boundAt: now,
  });

  const countyStaff: Write[] = [];
  put(countyStaff)('users', PERSONAS.county, {
    openid: PERSONAS.county,
    role: 'county',
    name: '何晓东',
    boundAt: now,
  });
  putCounty(META, 'demo', { seededAt: now, townships: DEMO_TOWNSHIPS.map((t) => t.name) });
  store.commit([
    ...county,
    ...asTownship(COUNTY, countyStaff),
    ...asTownship(DEMO_TOWNSHIP.id, jingu),
    ...asTownship(QINGSHAN.id, qingshan),
  ]);
  return true;
}

/** 青山镇's bound staff: its presidium member and the deputy 周丽. */
export function qsPersonas(): {
  openid: string;
  role: 'presidium' | 'deputy';
  name: string;
  deputyId?: string;
  label: string;
}[] {
  return [
    { openid: QS_PERSONAS.presidium, role: 'presidium', name: '林国平', label: '青山镇人大主席团 presidium' },
    {
      openid: QS_PERSONAS.deputy,
      role: 'deputy',
      name: '周丽',
      deputyId: 'q01',
      label: '周丽, township deputy at QS01 (青山镇)',
    },
  ];
}

/** Three published legal-knowledge articles (法律知识) of this year, 第1期…第3期, with the issue counter. */
function demoArticles(now: Date): [string, string, Record<string, unknown>][] {
  const year = Number(chinaDate(now).slice(0, 4));
  const texts = [
    {
      title: '宪法里写着的公民基本权利',
      summary: '选举权、言论自由、受教育权……宪法第二章逐条说明',
      category: '宪法',
      source: '《中华人民共和国宪法》第二章',
      keywords: ['基本权利', '选举权'],
      body: '## 公民的基本权利\n\n宪法第三十四条：年满**十八周岁**的公民，都有选举权和被选举权。\n\n- 选举权和被选举权\n- 受教育的权利\n- 劳动的权利',
    },
    {
      title: '有事找代表：代表法怎么说',
      summary: '代表应当与原选区选民保持密切联系，听取和反映群众意见',
      category: '代表法',
      source: '《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》第四条',
      keywords: ['联系选民', '联络站'],
      body: '## 代表的义务\n\n代表应当与原选区选民或者原选举单位和人民群众保持密切联系，听取和反映他们的意见和要求。\n\n> 到联络站来，代表当面听您说。',
    },
    {
      title: '相邻关系：邻里纠纷怎么办',
      summary: '通行、排水、采光，民法典对相邻关系有明确规定',
      category: '民法典',
      source: '《中华人民共和国民法典》第二百八十八条',
      keywords: ['邻里纠纷', '相邻关系'],
      body: '## 第二百八十八条\n\n不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。',
    },
  ];
  const out: [string, string, Record<string, unknown>][] = [];
  texts.forEach((t, i) => {
    const id = `demo-article-${i + 1}`;
    const at = new Date(now.getTime() - (texts.length - i) * 24 * 3_600_000);
    const issue = { year, number: i + 1 };
    out.push([
      'articles',
      id,
      {
        ...t,
        status: 'published',
        issue,
        revision: 1,
        history: [],
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
        firstPublishedAt: at,
        pushState: 'done',
      },
    ]);
    out.push(['articleIssues', `issue:${year}:${i + 1}`, { ...issue, articleId: id, claimedAt: at }]);
  });
  out.push(['articleIssues', `counter:${year}`, { year, last: texts.length, updatedAt: now }]);
  return out;
}

/** The next JG01 reception day (a Friday afternoon, or the day it moved to) as a booking dayId, for the demo and `npm start`'s hints. */
export function demoBookingDayId(now: Date): string {
  const today = chinaDate(now);
  const day = demoReceptionDays(today).find((d) => d.stationCode === 'JG01' && d.date > today);
  return day!._id;
}

/** Calls a cloud function as `openid` at an ISO time (LocalCloud.invoke). */
type Invoke = (
  name: string,
  event: Record<string, unknown>,
  options: { openid: string; now?: string },
) => Promise<unknown>;

interface Envelope {
  ok: boolean;
  data?: { id?: string };
  error?: { code: string; message: string };
}

/**
 * Demo activity, made through the real cloud functions (so routing, deadlines, timelines, duty records
 * and messages are what the product would write) right after the township is first seeded by
 * `npm start`: opinions in several states, a booking, a deputy's own duty record and a drafted duty
 * notice one deputy has confirmed. Tests seed with `seedDemoTownshipOnce` only, so their counts of demo
 * data do not move. Answers what failed ([] when everything went through).
 */
export async function seedDemoActivity(invoke: Invoke, now: Date): Promise<string[]> {
  const failures: string[] = [];
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString();
  const call = async (
    what: string,
    fn: string,
    event: Record<string, unknown>,
    openid: string,
    when = at(0),
  ) => {
    // As the mini-program calls while showing 金鼓乡, where all of this happens.
    const res = (await invoke(
      fn,
      { townshipId: DEMO_TOWNSHIP.id, ...event },
      { openid, now: when },
    )) as Envelope;
    if (!res.ok) failures.push(`${what}: ${res.error?.code ?? 'failed'}`);
    return res.ok ? (res.data ?? {}) : null;
  };
  const submit = (key: string, openid: string, when: string, fields: Record<string, unknown>) =>
    call(
      `opinion ${key}`,
      'opinion',
      {
        action: 'submit',
        requestId: `demo-opinion-${key}`,
        stationCode: 'JG01',
        anonymous: false,
        consentToPublish: false,
        ...fields,
      },
      openid,
      when,
    );
  const act = (key: string, openid: string, action: string, opinionId: string, when: string, extra = {}) =>
    call(
      `opinion ${key} ${action}`,
      'opinion',
      { action, requestId: `demo-${action}-${key}`, opinionId, ...extra },
      openid,
      when,
    );

  // 1. Just filed by the demo villager: waiting for 王建国 (d01) to take it (待受理).
  await submit('streetlight', PERSONAS.villager, at(1), {
    villageCode: 'jingu',
    categoryCode: 'road',
    text: '村口到金鼓小学的路灯坏了三盏，晚上孩子放学看不清路，请帮忙修一修。',
    contact: { name: '张大爷', phone: '13912340001' },
  });

  // 2. Taken by 王建国 and answered: the demo villager can read the answer and rate it.
  const river = await submit('river', PERSONAS.villager, at(6), {
    villageCode: 'jingu',
    categoryCode: 'environment',
    text: '金鼓河桥下有人倒建筑垃圾，下雨天水流不畅，希望管一管。',
  });
  if (river?.id) {
    await act('river', PERSONAS.deputy1, 'accept', river.id, at(5));
    await act('river', PERSONAS.deputy1, 'reply', river.id, at(3), {
      answer: '已和村委会到现场查看，本周内清运垃圾，并在桥头立牌提醒。',
    });
  }

  // 3. Answered by 李秀英 (d02), closed, rated 满意 and consented to publication: it shows on the
  //    station page as a public answer.
  const subsidy = await submit('subsidy', 'demo-villager-2', at(12), {
    villageCode: 'qinglong',
    categoryCode: 'welfare',
    text: '家里老人满80岁了，高龄补贴怎么申请？要带哪些材料？',
    consentToPublish: true,
  });
  if (subsidy?.id) {
    await act('subsidy', PERSONAS.deputy2, 'accept', subsidy.id, at(11));
    await act('subsidy', PERSONAS.deputy2, 'resolve', subsidy.id, at(9), {
      answer: '带老人身份证、户口本和银行卡到村委会登记即可，次月起按月发放。已帮您家预约了上门登记。',
    });
    await call(
      'opinion subsidy rate',
      'opinion',
      {
        action: 'rate',
        requestId: 'demo-rate-subsidy',
        opinionId: subsidy.id,
        rating: 'satisfied',
      },
      'demo-villager-2',
      at(8),
    );
  }

  // 4. Filed a month ago and never taken: overdue, on the presidium's supervision list (督办).
  await submit('school-bus', 'demo-villager-3', at(30), {
    villageCode: 'qinglong',
    categoryCode: 'education',
    text: '青龙村到乡中心校没有校车，孩子每天走一个多小时山路。',
    anonymous: true,
  });

  // Booking: the demo villager has a place on the next JG01 reception day.
  const today = chinaDate(now);
  await call(
    'booking',
    'booking',
    {
      action: 'book',
      requestId: 'demo-booking-villager',
      dayId: demoBookingDayId(now),
      topic: '想问问危房改造补助',
      villageCode: 'jingu',
      name: '张大爷',
      phone: '13912340001',
    },
    PERSONAS.villager,
  );

  // Duty: 王建国 records a visit (waiting for the presidium's review); the last half-year's notice for
  // JG01 is drafted and 王建国 has confirmed his line (李秀英 has not yet: 公示确认).
  await call(
    'duty record',
    'duty',
    {
      action: 'addRecord',
      requestId: 'demo-record-visit',
      type: 'visit',
      date: addDays(today, -2),
      description: '走访金鼓村五保户，了解冬季取暖情况',
      peopleReached: 6,
    },
    PERSONAS.deputy1,
  );
  const [earlier, period] = dueDefaultPeriods(today, 2);
  await publishedNoticeWithActivity(call, submit, act, earlier);
  const notice = await call(
    'duty notice',
    'duty',
    {
      action: 'draftNotice',
      stationCode: 'JG01',
      periodId: period.id,
    },
    PERSONAS.presidium,
  );
  if (notice?.id)
    await call('duty confirm', 'duty', { action: 'confirmNotice', id: notice.id }, PERSONAS.deputy1);

  // Each newer area's demo activity, in its own file (local/demo/<area>.demo.ts): one line each here.
  // (Projects plan the candidates the congress demo passed: keep this line after the congress one.)
  await seedCongressDemo(call, at);
  await seedProjectsDemo(call, at);
  await seedGroupsDemo(call, at);
  await seedSuggestionDemo(call, at);
  await seedContactsDemo(call, at);

  return failures;
}

/** One call as a persona at a time (`when`, ISO): records a failure and answers null when refused. */
export type Call = (
  what: string,
  fn: string,
  event: Record<string, unknown>,
  openid: string,
  when?: string,
) => Promise<{ id?: string } | null>;
type Submit = (
  key: string,
  openid: string,
  when: string,
  fields: Record<string, unknown>,
) => Promise<{ id?: string } | null>;
type Act = (
  key: string,
  openid: string,
  action: string,
  opinionId: string,
  when: string,
  extra?: Record<string, unknown>,
) => Promise<{ id?: string } | null>;

/**
 * JG01's published notice for `period` (the half-year before the one being confirmed), with figures:
 * activity made at dates inside the period (each of the three deputies answers a villager's opinion,
 * rated 满意; 王建国 records a visit the presidium approves), then the notice is drafted now, every
 * JG01 deputy confirms their line, and the presidium approves and publishes it.
 */
async function publishedNoticeWithActivity(call: Call, submit: Submit, act: Act, period: DisclosurePeriod) {
  const on = (k: number, hhmm = '10:00') => chinaInstant(addDays(period.start, k), hhmm).toISOString();
  const answered = [
    {
      key: 'ditch',
      villager: 'demo-villager-4',
      deputy: PERSONAS.deputy1,
      day: 40,
      fields: {
        villageCode: 'jingu',
        categoryCode: 'road',
        text: '金鼓村二组进村路边的排水沟堵了，下雨就漫到路上。',
      },
      answer: '已请村委会组织清掏排水沟，并加装了两处盖板。',
    },
    {
      key: 'pension',
      villager: 'demo-villager-5',
      deputy: PERSONAS.deputy2,
      day: 60,
      fields: {
        villageCode: 'xinmin',
        categoryCode: 'welfare',
        text: '城乡居民养老保险每年什么时候缴费？错过了还能补吗？',
      },
      answer: '每年1月至12月均可缴费，已把乡社保所的电话和补缴办法告诉您。',
    },
    {
      key: 'clinic',
      villager: 'demo-villager-6',
      deputy: PERSONAS.deputy3,
      day: 80,
      fields: {
        villageCode: 'jingu',
        categoryCode: 'health',
        text: '村卫生室下午经常没人，老人拿药不方便。',
      },
      answer: '已和乡卫生院商定，村卫生室下午安排医生值班到17:30。',
    },
  ];
  for (const o of answered) {
    const filed = await submit(o.key, o.villager, on(o.day), o.fields);
    if (!filed?.id) continue;
    await act(o.key, o.deputy, 'accept', filed.id, on(o.day + 1));
    await act(o.key, o.deputy, 'resolve', filed.id, on(o.day + 4), { answer: o.answer });
    await call(
      `opinion ${o.key} rate`,
      'opinion',
      { action: 'rate', requestId: `demo-rate-${o.key}`, opinionId: filed.id, rating: 'satisfied' },
      o.villager,
      on(o.day + 6),
    );
  }
  const visit = await call(
    'duty record (earlier)',
    'duty',
    {
      action: 'addRecord',
      requestId: 'demo-record-visit-earlier',
      type: 'visit',
      date: addDays(period.start, 50),
      description: '走访金鼓村留守老人，了解饮水安全情况',
      peopleReached: 12,
    },
    PERSONAS.deputy1,
    on(51),
  );
  if (visit?.id)
    await call(
      'duty approve (earlier)',
      'duty',
      { action: 'approveRecord', id: visit.id },
      PERSONAS.presidium,
      on(52),
    );

  const notice = await call(
    'duty notice (earlier)',
    'duty',
    { action: 'draftNotice', stationCode: 'JG01', periodId: period.id },
    PERSONAS.presidium,
  );
  if (!notice?.id) return;
  for (const deputy of [PERSONAS.deputy1, PERSONAS.deputy2, PERSONAS.deputy3])
    await call('duty confirm (earlier)', 'duty', { action: 'confirmNotice', id: notice.id }, deputy);
  await call('duty approve notice', 'duty', { action: 'approveNotice', id: notice.id }, PERSONAS.presidium);
  await call('duty publish notice', 'duty', { action: 'publishNotice', id: notice.id }, PERSONAS.presidium);
}
