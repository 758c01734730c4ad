/**
 * The demo county's second township (青山镇): two stations, five deputies, its own presidium. Smaller
 * than 金鼓乡, with its own routing, schedules and departments. 王建国, a county-level deputy of
 * 金鼓乡, also serves 青山镇's 东岭 station: one WeChat account bound in both townships.
 */
import type { ScheduleRule } from '../../core/booking/schedule.rules';
import type { Ymd } from '../../core/calendar/china-time';
import type { Deputy, Station, Village } from '../../core/station/station.types';

export const QINGSHAN = { id: 'qingshan', name: '青山镇' } as const;

export const QS_PERSONAS = {
  presidium: 'demo-presidium-qs',
  deputy: 'demo-deputy-qs',
} as const;

export const qsStations: Station[] = [
  {
    code: 'QS01',
    name: '青山镇人大代表之家',
    address: '青山镇人民政府一楼',
    openHours: '每周三 09:00-11:30',
    contactPhone: '0838-6301234',
    intro:
      '镇人大主席团所在地，服务青山社区、龙泉村。每周三上午9:00-11:30，周丽、吴海两位代表轮流接待，每次一位，可预约8人；遇节假日顺延到下一个工作日。',
    leadDeputyId: 'q01',
    active: true,
  },
  {
    code: 'QS02',
    name: '东岭代表联络站',
    address: '东岭村党群服务中心',
    openHours: '每周四 14:30-17:00',
    contactPhone: '0838-6305678',
    intro:
      '服务东岭村、西坪村。每周四下午14:30-17:00，县人大代表王建国和孙强、郑红代表轮流接待，每次两位，不限人数；遇节假日顺延到下一个工作日。',
    leadDeputyId: 'q03',
    active: true,
  },
];

export const qsVillages: Village[] = [
  { code: 'qingshan', name: '青山社区', stationCode: 'QS01' },
  { code: 'longquan', name: '龙泉村', stationCode: 'QS01' },
  { code: 'dongling', name: '东岭村', stationCode: 'QS02' },
  { code: 'xiping', name: '西坪村', stationCode: 'QS02' },
];

const deputy = (d: Omit<Deputy, 'photo' | 'active' | 'group'>): Deputy => ({
  photo: '',
  active: true,
  group: `${d.stationCode}代表小组`,
  ...d,
});

export const qsDeputies: Deputy[] = [
  deputy({
    _id: 'q01',
    name: '周丽',
    level: 'township',
    title: '青山社区居委会主任',
    phone: '13890002001',
    stationCode: 'QS01',
    villageCodes: ['qingshan'],
    categories: ['welfare', 'health'],
    openid: QS_PERSONAS.deputy,
  }),
  deputy({
    _id: 'q02',
    name: '吴海',
    level: 'township',
    title: '龙泉村村委会主任',
    phone: '13890002002',
    stationCode: 'QS01',
    villageCodes: ['longquan'],
    categories: ['road', 'agriculture'],
  }),
  deputy({
    _id: 'q03',
    name: '孙强',
    level: 'township',
    title: '东岭村党支部书记',
    phone: '13890002003',
    stationCode: 'QS02',
    villageCodes: ['dongling'],
    categories: ['road', 'environment'],
  }),
  deputy({
    _id: 'q04',
    name: '郑红',
    level: 'township',
    title: '西坪村妇联主席',
    phone: '13890002004',
    stationCode: 'QS02',
    villageCodes: ['xiping'],
    categories: ['education', 'welfare'],
  }),
  deputy({
    _id: 'q05',
    name: '王建国',
    level: 'county',
    title: '县人大代表（金鼓村党支部书记）',
    phone: '13890001001',
    stationCode: 'QS02',
    villageCodes: ['dongling', 'xiping'],
    categories: ['road'],
    // The same WeChat account as 金鼓乡's deputy d01 (PERSONAS.deputy1).
    openid: 'demo-deputy-1',
  }),
];

export const qsDepartments = [
  { _id: 'agri', name: '镇农业服务中心', phone: '0838-6301111' },
  { _id: 'build', name: '镇村镇建设办公室', phone: '0838-6302222' },
  { _id: 'social', name: '镇社会事务办公室', phone: '0838-6303333' },
];

export function qsSchedules(today: Ymd): ScheduleRule[] {
  return [
    {
      stationCode: 'QS01',
      recurrence: { every: 'week', weekday: 3 },
      start: '09:00',
      end: '11:30',
      slots: [{ id: 'a', start: '09:00', end: '11:30', capacity: 8 }],
      rota: { deputyIds: ['q01', 'q02'], perDay: 1 },
      holidayPolicy: 'nextWorkingDay',
      startsOn: today,
    },
    {
      stationCode: 'QS02',
      recurrence: { every: 'week', weekday: 4 },
      start: '14:30',
      end: '17:00',
      slots: [{ id: 'a', start: '14:30', end: '17:00', capacity: 'unlimited' }],
      rota: { deputyIds: ['q03', 'q04', 'q05'], perDay: 2 },
      holidayPolicy: 'nextWorkingDay',
      startsOn: today,
    },
  ];
}
