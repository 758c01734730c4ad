/**
 * Figures of the stations' reception days (联络站接待日): the days held, the villagers received (checked
 * in, booked or walked in), the bookings, the matters recorded and the deputies who served. Computed from
 * `receptionDays`, their `bookings` and their reception records (server/figures/sources/reception.source.ts),
 * with the rule the disclosure notices use for a day held (core/duty/disclosure.sources.ts
 * receptionFactsOf): a reception record or check-ins, not cancelled, not after the day counted to.
 */
import type { FigureDef } from './figures.types';

/** How a villager came to a reception day: booked in the mini-program, or added at the station. */
export const VISITOR_CHANNELS = ['booking', 'walkIn'] as const;
export type VisitorChannel = (typeof VISITOR_CHANNELS)[number];

export const VISITOR_CHANNEL_LABELS: Record<VisitorChannel, string> = {
  booking: '预约签到',
  walkIn: '现场登记',
};

/** What became of a booking (its `status`; cancelled bookings are not counted). */
export const BOOKING_OUTCOMES = ['checkedIn', 'noShow', 'booked'] as const;
export type BookingOutcome = (typeof BOOKING_OUTCOMES)[number];

export const BOOKING_OUTCOME_LABELS: Record<BookingOutcome, string> = {
  checkedIn: '已到场签到',
  noShow: '预约未到',
  booked: '待接待',
};

const HELD = '接待日以写了接待记录或有群众签到为准，取消的、尚未到来的、无人到场也无记录的不算';

export const RECEPTION_FIGURES: readonly FigureDef[] = [
  {
    code: 'reception.daysHeld',
    section: 'reception',
    label: '开展接待日',
    definition: `统计时段内各联络站实际开展的接待日天数，按接待日日期计，截至统计日；${HELD}。`,
    unit: 'times',
    computation:
      'receptionDays dated in [start, asOf], held by receptionFactsOf (not cancelled; a receptionRecords document or ≥1 checked-in booking); one per day.',
    sentence: '各联络站开展接待日{value}',
    breakdowns: ['station', 'month'],
    scopes: ['township', 'station', 'deputy', 'level'],
    drill: 'receptionDay',
  },
  {
    code: 'reception.visitors',
    section: 'reception',
    label: '接待日接待群众',
    definition: `统计时段内（计至统计截止日）开展的接待日上签到的群众人次（小程序预约后到场签到的，加上现场登记的），一人来一次计一人次；${HELD}，预约未到的不计。`,
    unit: 'personTimes',
    computation:
      'bookings with status checkedIn (source booking or walkIn) of the held reception days in [start, asOf]; the notices\u2019 villagersReceived.',
    sentence: '接待日共接待群众{value}',
    breakdowns: ['station', 'village', 'channel', 'month'],
    scopes: ['township', 'station', 'village', 'deputy', 'level'],
    drill: 'booking',
  },
  {
    code: 'reception.bookings',
    section: 'reception',
    label: '群众预约接待',
    definition:
      '统计时段内（截至统计日）各接待日上群众通过小程序预约的人次，含已到场、预约未到和尚待接待的，群众自己取消或因接待日取消而取消的不计，现场登记的不计。',
    unit: 'personTimes',
    computation:
      'bookings with source ≠ walkIn and status in (checkedIn, noShow, booked) of the reception days dated in [start, asOf].',
    sentence: '群众通过小程序预约接待{value}',
    breakdowns: ['station', 'village', 'type', 'month'],
    scopes: ['township', 'station', 'village', 'deputy', 'level'],
    drill: 'booking',
  },
  {
    code: 'reception.matters',
    section: 'reception',
    label: '接待日收集问题',
    definition: `统计时段内（计至统计截止日）开展的接待日在接待记录中登记的群众反映问题件数（每件转为一件意见建议办理）；只统计写了接待记录的接待日。`,
    unit: 'items',
    computation: 'matters of the receptionRecords of the held reception days in [start, asOf].',
    sentence: '接待日收集群众反映问题{value}',
    breakdowns: ['station', 'village', 'month'],
    scopes: ['township', 'station', 'village', 'deputy', 'level'],
    drill: 'receptionDay',
  },
  {
    code: 'reception.deputyAttendance',
    section: 'reception',
    label: '代表参加接待日',
    definition: `统计时段内（计至统计截止日）代表参加接待日的人次：有接待记录的按记录上接待的代表计，只有签到的按当天排班的代表计，一位代表参加一天计一人次；${HELD}。`,
    unit: 'personTimes',
    computation:
      'Σ over held reception days in [start, asOf] of its deputies (the record\u2019s deputyIds, else the rota\u2019s): the notices\u2019 receptionsAttended.',
    sentence: '代表参加联络站接待日{value}',
    breakdowns: ['station', 'deputy', 'month'],
    scopes: ['township', 'station', 'deputy', 'level'],
    drill: 'receptionDay',
  },
];
