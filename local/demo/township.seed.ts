/**
 * The demo township (金鼓乡), seeded once into an empty local cloud by `npm start` (again with --reset).
 * Names are invented; shapes follow the township congress reports in shared/seeds.
 */
import { addDays, chinaDate, weekday } from '../../core/calendar/china-time';
import { dueDefaultPeriods } from '../../core/duty/disclosure.periods';
import type { Deputy, ReceptionDaySummary, Station, Village } from '../../core/station/station.types';
import type { DocumentStore, Write } from '../engine/store';

export const PERSONAS = {
  presidium: 'demo-presidium',
  stationAdmin: 'demo-station-admin',
  deputy1: 'demo-deputy-1',
  deputy2: 'demo-deputy-2',
  villager: 'demo-villager',
} as const;

const META = '_local_meta';

const stations: Station[] = [
  {
    code: 'JG01',
    name: '金鼓乡人大代表之家',
    address: '金鼓乡人民政府二楼',
    openHours: '工作日 9:00-12:00，14:00-17:30',
    contactPhone: '0838-6201234',
    intro: '乡人大主席团所在地，覆盖金鼓村、新民村、青龙村，代表每月第一周周五下午轮流接待选民。',
    leadDeputyId: 'd01',
    active: true,
  },
  {
    code: 'JG02',
    name: '白果代表联络站',
    address: '白果村村民委员会一楼',
    openHours: '每周二上午 9:00-11:30',
    contactPhone: '0838-6205678',
    intro: '服务白果村、石桥村的群众，代表每周二上午接待。',
    leadDeputyId: 'd04',
    active: true,
  },
  {
    code: 'JG03',
    name: '河坝代表联络站',
    address: '河坝村党群服务中心',
    openHours: '每月15日全天',
    contactPhone: '0838-6209012',
    intro: '服务河坝村、松林村、清水村，重点收集农业生产和道路建设方面的意见。',
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
  { code: 'dispute', name: '矛盾纠纷', acceptDays: 2, answerDays: 5 },
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
 * (village + '*'). `_id` = station:village:category, as server/opinions.repo routingRuleId.
 */
export function demoRoutingRules(): {
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
  for (const d of deputies) {
    for (const v of d.villageCodes) {
      add(d.stationCode, v, '*', d._id);
      for (const c of d.categories) add(d.stationCode, v, c, d._id);
    }
  }
  return [...rules].map(([_id, rule]) => ({ _id, ...rule }));
}

/** The next `n` dates on `weekdayWanted` (0 = Sunday) after `today`. */
function nextWeekdays(today: string, weekdayWanted: number, n: number): string[] {
  const out: string[] = [];
  for (let d = addDays(today, 1); out.length < n; d = addDays(d, 1))
    if (weekday(d) === weekdayWanted) out.push(d);
  return out;
}

function receptionDays(today: string): ReceptionDaySummary[] {
  const fridays = nextWeekdays(today, 5, 3).map((date, i) => ({
    _id: `JG01:${date}`,
    stationCode: 'JG01',
    date,
    start: '14:30',
    end: '17:00',
    deputyIds: i % 2 === 0 ? ['d01', 'd02'] : ['d02', 'd03'],
    capacity: 10 as const,
    booked: 0,
    status: 'scheduled' as const,
  }));
  const tuesdays = nextWeekdays(today, 2, 3).map((date, i) => ({
    _id: `JG02:${date}`,
    stationCode: 'JG02',
    date,
    start: '09:00',
    end: '11:30',
    deputyIds: [i % 2 === 0 ? 'd04' : 'd05'],
    capacity: 'unlimited' as const,
    booked: 0,
    status: 'scheduled' as const,
  }));
  return [...fridays, ...tuesdays];
}

/** Reception schedules (booking): JG01 every Friday afternoon (10 places), JG02 every Tuesday morning (unlimited). */
function demoSchedules(today: string): Record<string, unknown>[] {
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
  ];
}

/** Writes the demo township if the store has never been seeded. Answers whether it seeded. */
export function seedDemoTownshipOnce(store: DocumentStore, now: Date): boolean {
  if (store.get(META, 'demo')) return false;
  const today = chinaDate(now);
  const writes: Write[] = [];
  const put = (collection: string, id: string, doc: Record<string, unknown>) =>
    writes.push({ collection, id, doc: { ...doc, _id: id } });
  stations.forEach((s) => put('stations', s.code, { ...s }));
  villages.forEach((v) => put('villages', v.code, { ...v }));
  deputies.forEach((d) => put('deputies', d._id, { ...d }));
  DEMO_CATEGORIES.forEach((c, i) => put('categories', c.code, { ...c, order: i, active: true }));
  departments.forEach((d) => put('departments', d._id, { ...d, active: true }));
  demoRoutingRules().forEach((r) => put('routingRules', r._id, { ...r }));
  receptionDays(today).forEach((d) => put('receptionDays', d._id, { ...d }));
  demoSchedules(today).forEach((r) =>
    put('schedules', r.stationCode as string, { ...r, updatedAt: now, updatedBy: PERSONAS.presidium }),
  );
  const bound = { boundAt: now };
  put('users', PERSONAS.presidium, { role: 'presidium', name: '乡人大主席团（演示）', ...bound });
  put('users', PERSONAS.stationAdmin, {
    role: 'stationAdmin',
    name: '金鼓站联络员（演示）',
    stationCode: 'JG01',
    ...bound,
  });
  put('users', PERSONAS.deputy1, { role: 'deputy', name: '王建国', deputyId: 'd01', ...bound });
  put('users', PERSONAS.deputy2, { role: 'deputy', name: '李秀英', deputyId: 'd02', ...bound });
  demoArticles(now).forEach(([collection, id, doc]) => put(collection, id, doc));
  put(META, 'demo', { seededAt: now, township: '金鼓乡' });
  store.commit(writes);
  return true;
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

/** The next JG01 reception day (a Friday afternoon) as a booking dayId, for the demo and `npm start`'s hints. */
export function demoBookingDayId(now: Date): string {
  return `JG01:${nextWeekdays(chinaDate(now), 5, 1)[0]}`;
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
    const res = (await invoke(fn, event, { openid, now: when })) as Envelope;
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
  const period = dueDefaultPeriods(today)[0];
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

  return failures;
}
