import type { Ymd } from '../calendar/china-time';

export const DEPUTY_LEVELS = ['national', 'provincial', 'city', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];

export const DEPUTY_LEVEL_LABELS: Record<DeputyLevel, string> = {
  national: '全国人大代表',
  provincial: '省人大代表',
  city: '市人大代表',
  county: '县（区）人大代表',
  township: '乡镇人大代表',
};

export interface Station {
  _id?: string;
  /** Short code printed in the station's QR scene, e.g. 'JG01'. Unique. */
  code: string;
  name: string;
  address: string;
  /** When the station is open besides reception days, as written on its board. */
  openHours: string;
  /** The station's office phone: public, not a person's. */
  contactPhone: string;
  intro: string;
  leadDeputyId: string;
  active: boolean;
}

export interface Village {
  _id?: string;
  code: string;
  name: string;
  stationCode: string;
}

export interface Deputy {
  _id: string;
  name: string;
  level: DeputyLevel;
  /** What the deputy does in life (村党支部书记, 种植大户): villagers recognise them by it. */
  title: string;
  photo: string;
  phone: string;
  stationCode: string;
  villageCodes: string[];
  /** Category codes the deputy takes an interest in; used by opinion routing. */
  categories: string[];
  group: string;
  /** WeChat openid once the deputy has bound their account with an invite code. */
  openid?: string;
  active: boolean;
}

export type ReceptionDayStatus = 'scheduled' | 'cancelled' | 'done';

export interface ReceptionDaySummary {
  _id: string;
  stationCode: string;
  date: Ymd;
  start: string;
  end: string;
  deputyIds: string[];
  /** Places in all; `'unlimited'` is explicit, never 0. */
  capacity: number | 'unlimited';
  booked: number;
  status: ReceptionDayStatus;
}
