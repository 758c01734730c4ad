/**
 * Contact duties, pure rules: the presidium's members contact deputies (分片联系: one member per
 * deputy), deputies help households (结对帮扶: the household is named only to staff), and a deputy's
 * visit to a household is a duty record. And the deputy's code (代表码): the scene it carries.
 */
import type { Deputy } from '../station/station.types';

export const HOUSEHOLD_NAME_MAX = 20;
export const SITUATION_MAX = 200;
export const VISIT_NOTE_MAX = 300;
export const VISIT_PEOPLE_MAX = 999;
export const PAIRS_PER_DEPUTY_MAX = 20;

/** What a deputy did on a visit: 走访 (visit) or 帮扶 (help), as the duty record's type. */
export const VISIT_KINDS = ['visit', 'help'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, string> = { visit: '走访', help: '帮扶' };

/** 分片联系: the presidium member who contacts a deputy (_id = deputy id: one member per deputy). */
export interface ContactAssignment {
  _id: string;
  deputyId: string;
  memberOpenid: string;
  memberName: string;
  assignedAt: Date;
}

/** 结对帮扶: a household a deputy helps. Named to staff only (the deputy and the presidium). */
export interface HouseholdPair {
  _id: string;
  deputyId: string;
  stationCode: string;
  householdName: string;
  villageCode: string;
  situation: string;
  active: boolean;
  createdAt: Date;
  endedAt?: Date;
}

/** A visit logged against a pair; its duty record is `contact:<visitId>`. */
export interface ContactVisit {
  _id: string;
  pairId: string;
  deputyId: string;
  stationCode: string;
  kind: VisitKind;
  date: string;
  note: string;
  peopleReached: number;
  dutyRecordId: string;
  createdAt: Date;
}

/** The household as entered, trimmed; null when a part is missing or too long. */
export function checkHousehold(h: {
  householdName: string;
  villageCode: string;
  situation: string;
}): { householdName: string; villageCode: string; situation: string } | null {
  const householdName = h.householdName.trim();
  const situation = h.situation.trim();
  if (!householdName || [...householdName].length > HOUSEHOLD_NAME_MAX) return null;
  if (!situation || [...situation].length > SITUATION_MAX) return null;
  if (!h.villageCode) return null;
  return { householdName, villageCode: h.villageCode, situation };
}

/** The visit's note trimmed, or null when empty, too long, or the people reached out of range. */
export function checkVisit(v: { note: string; peopleReached: number }): string | null {
  const note = v.note.trim();
  if (!note || [...note].length > VISIT_NOTE_MAX) return null;
  if (!Number.isInteger(v.peopleReached) || v.peopleReached < 0 || v.peopleReached > VISIT_PEOPLE_MAX)
    return null;
  return note;
}

/** The duty record's words for a visit: the household is not named (records may be published). */
export function visitDescription(kind: VisitKind, villageName: string, note: string): string {
  return `${VISIT_KIND_LABELS[kind]}结对困难户（${villageName}）：${note}`.slice(0, 500);
}

/** A visit's id from the deputy and their request: a retry is the same visit. */
export function visitIdFor(deputyId: string, requestId: string): string {
  return `cv_${deputyId}_${requestId}`;
}

/**
 * The scene of a deputy's code: `d=<deputyId>`, with `&t=<township>` when the deputy lives outside the
 * default township (the station code's scene carries no township; a deputy's code is read before it
 * is known). At most 32 characters, as WeChat allows; null when it would not fit.
 */
export function deputyScene(deputyId: string, township?: string): string | null {
  const scene = township ? `d=${deputyId}&t=${township}` : `d=${deputyId}`;
  return scene.length <= 32 && /^[\x21-\x7e]+$/.test(scene) ? scene : null;
}

/** The deputy (and township) a scanned scene names, or null when it is not a deputy's code. */
export function parseDeputyScene(scene: string): { deputyId: string; township?: string } | null {
  const decoded = decodeURIComponent(scene);
  const parts = new Map(
    decoded.split('&').map((kv) => {
      const i = kv.indexOf('=');
      return [i < 0 ? kv : kv.slice(0, i), i < 0 ? '' : kv.slice(i + 1)] as const;
    }),
  );
  const deputyId = parts.get('d');
  if (!deputyId || !/^[A-Za-z0-9_-]{1,30}$/.test(deputyId)) return null;
  const township = parts.get('t');
  return township ? { deputyId, township } : { deputyId };
}

/** The public face of a deputy on their page: no phone, no openid, no households. */
export function publicDeputy(d: Deputy) {
  return { id: d._id, name: d.name, level: d.level, title: d.title, photo: d.photo, group: d.group };
}
