/**
 * Deputy groups (代表小组) and the activities organised for deputies (学习培训, 集中视察, 执法检查 …):
 * a group is a record (leader, members, the villages and station it serves) the presidium keeps; an
 * activity is scheduled by the presidium or a group's leader with invitees, taken attendance of (QR
 * check-in or the organiser's list), and closed with its record (summary, photos, matters raised → each
 * an opinion, and for an inspection the findings as rectification items an office reports fixed).
 * Every attendee gets a duty record of the kind's DutyType once the activity is closed.
 */
import type { Ymd } from '../calendar/china-time';
import type { DutyType } from '../duty/duty.types';

/** Collections of groups and activities (declared in server/db/collections.ts). */
export const GROUP_COLLECTIONS = {
  groups: 'deputyGroups',
  activities: 'activities',
  /** One per deputy per activity: `<activityId>:<deputyId>`. */
  attendance: 'activityAttendance',
  /** One per finding of a closed inspection: `<activityId>_r<n>`. */
  rectifications: 'rectifications',
} as const;

// --- groups --------------------------------------------------------------------------------------------

/** A deputy group (代表小组): its leader is one of its members. */
export interface DeputyGroup {
  /** `g_<requestId>` */
  _id: string;
  name: string;
  stationCode: string;
  leaderId: string;
  /** Every member's deputy id, the leader included. */
  memberIds: string[];
  villageCodes: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/** What the presidium writes for a group. */
export interface GroupInput {
  name: string;
  stationCode: string;
  leaderId: string;
  memberIds: string[];
  villageCodes: string[];
  active: boolean;
}

// --- activity kinds ------------------------------------------------------------------------------------

export const ACTIVITY_KINDS = [
  'training',
  'inspection',
  'lawCheck',
  'research',
  'briefing',
  'voterVisit',
  'groupActivity',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityKindInfo {
  kind: ActivityKind;
  label: string;
  /** The duty record every attendee gets. */
  dutyType: DutyType;
  /** Its findings become rectification items (集中视察, 执法检查). */
  findings: boolean;
}

/** The kinds, as data: label, the duty type each attendee is credited with, whether findings are tracked. */
export const ACTIVITY_KIND_LIST: readonly ActivityKindInfo[] = [
  { kind: 'training', label: '学习培训', dutyType: 'training', findings: false },
  { kind: 'inspection', label: '集中视察', dutyType: 'inspection', findings: true },
  { kind: 'lawCheck', label: '执法检查', dutyType: 'inspection', findings: true },
  { kind: 'research', label: '调研', dutyType: 'inspection', findings: false },
  { kind: 'briefing', label: '民情通报会', dutyType: 'meeting', findings: false },
  { kind: 'voterVisit', label: '联系选民走访', dutyType: 'visit', findings: false },
  { kind: 'groupActivity', label: '小组活动', dutyType: 'meeting', findings: false },
];

export const ACTIVITY_KIND_LABELS = Object.fromEntries(
  ACTIVITY_KIND_LIST.map((k) => [k.kind, k.label]),
) as Record<ActivityKind, string>;

export function kindInfo(kind: ActivityKind): ActivityKindInfo {
  return ACTIVITY_KIND_LIST.find((k) => k.kind === kind) as ActivityKindInfo;
}

// --- activities ----------------------------------------------------------------------------------------

/** scheduled → closed (its record written) | cancelled. */
export const ACTIVITY_STATUSES = ['scheduled', 'closed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  scheduled: '待开展',
  closed: '已完成',
  cancelled: '已取消',
};

/** Who organised it: the presidium, or a group's leader (a deputy). */
export interface Organiser {
  openid: string;
  role: 'presidium' | 'deputy';
  deputyId?: string;
}

/** A matter raised at the activity; it becomes an opinion (key `activity:<id>:<n>`). */
export interface ActivityMatter {
  n: number;
  villageCode: string;
  categoryCode: string;
  text: string;
  opinionId: string | null;
}

export interface Activity {
  /** `a_<requestId>` */
  _id: string;
  kind: ActivityKind;
  title: string;
  /** The group it is for, if any (a group leader's activity always names their group). */
  groupId: string | null;
  stationCode: string;
  date: Ymd;
  /** 'HH:MM' China time. */
  start: string;
  end: string;
  place: string;
  /** What the invitees should know (bring, prepare …); shown to them, never public. */
  description?: string;
  inviteeIds: string[];
  /**
   * Bumped by every edit (absent: never edited, 0). An edit may name the revision its form was loaded
   * with; another edit committed since answers CONFLICT instead of overwriting it.
   */
  revision?: number;
  /** The request id of the last edit: its retry answers the activity as it is, writing nothing. */
  lastEditRequestId?: string;
  /** When an edit last moved its day, time or place (the invitees were told). */
  changedAt?: Date;
  /**
   * The title and place passed the content check at scheduling (false: the check held them for review
   * or could not run; the station page then shows the kind only until the presidium clears the record).
   */
  titlePublic?: boolean;
  status: ActivityStatus;
  /** Six digits, shown to the organiser (as a QR code); a deputy's scan sends it. */
  checkInCode: string;
  organiser: Organiser;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt?: Date;
  cancelReason?: string;
  /** The record, once closed. */
  closedAt?: Date;
  closedBy?: string;
  summary?: string;
  /** The summary passed the content check (or the presidium cleared it): public. */
  summaryPublic?: boolean;
  photos?: string[];
  /** The presidium looked at the photos: public (staff see them before). */
  photosPublic?: boolean;
  /** People reached (群众人次) at the activity, for the duty records. */
  peopleReached?: number;
  matters?: ActivityMatter[];
  /** Some matter has no opinion yet (set by the close, cleared once all are filed): the sweep's query. */
  mattersPending?: boolean;
  /** How many findings were filed as rectification items (`<id>_r1` … `_r<findingsFiled>`): fixed facts. */
  findingsFiled?: number;
  /** The attendees whose duty records were written (confirmed at close). */
  attendeeIds?: string[];
}

export const ATTENDANCE_VIA = ['code', 'list'] as const;
export type AttendanceVia = (typeof ATTENDANCE_VIA)[number];

/**
 * A deputy's attendance at an activity: `<activityId>:<deputyId>`, one document per invitee once anyone
 * marked it. A check-in writes only its own deputy's document (a crowd scanning at once never contends
 * for one document); the close writes every invitee's (confirming who was there), so a check-in racing
 * the close conflicts with it on that document and is either in the close or refused after it.
 */
export interface Attendance {
  _id: string;
  activityId: string;
  deputyId: string;
  /** false: marked absent (unmarked from the list, or absent when the activity was closed). */
  present: boolean;
  via: AttendanceVia | null;
  by: string;
  at: Date;
  /** The close counted it (a present one got a duty record). */
  confirmed?: boolean;
}

// --- rectification items -------------------------------------------------------------------------------

/** open → fixed (reported by the office or recorded by the presidium). */
export const RECTIFICATION_STATUSES = ['open', 'fixed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '整改中',
  fixed: '已整改',
};

/** A finding of an inspection (集中视察, 执法检查) the named office must fix by its deadline. */
export interface Rectification {
  /** `<activityId>_r<n>` */
  _id: string;
  activityId: string;
  n: number;
  kind: ActivityKind;
  stationCode: string;
  /** The activity's day: the item's year is its year. */
  date: Ymd;
  departmentId: string;
  text: string;
  deadline: Ymd;
  status: RectificationStatus;
  /** The day counted as fixed: the office's report day, or an earlier day the presidium recorded. */
  fixedOn?: Ymd;
  /** The China day the fix was reported (the call's day). */
  reportedOn?: Ymd;
  fixNote?: string;
  fixedBy?: { openid: string; role: 'department' | 'presidium' };
  createdAt: Date;
  updatedAt: Date;
}

/** A finding as the organiser writes it at close. */
export interface FindingInput {
  text: string;
  departmentId: string;
  deadline: Ymd;
}

/** A matter as the organiser writes it at close. */
export interface MatterInput {
  villageCode: string;
  categoryCode: string;
  text: string;
}
