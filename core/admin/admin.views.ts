/**
 * What the `admin` function answers, as the presidium's pages read it (shared by server and
 * mini-program so the two cannot drift). No view carries an openid.
 */
import type { HolidayOverride } from '../calendar/chinese-calendar';
import type {
  Category,
  Department,
  OpinionStatus,
  Owner,
  RoutingDecision,
  RoutingRule,
} from '../opinion/opinion.types';
import type { Deputy, Station, Village } from '../station/station.types';
import type { CalendarCoverageGap } from '../calendar/coverage';
import type { BucketCounts, SupervisionBucket } from './supervision.rules';

export interface DashboardView {
  today: string;
  /**
   * Cases still in work only: `open` (every open case) and `total` (open + waiting moderation) leave
   * out closed and merged cases; the page says so (在办合计, 不含已办结).
   */
  counts: BucketCounts;
  labels: Record<SupervisionBucket, string>;
  /** Years of the next 60 days the working calendar does not know yet (warn; link to 节假日调整). */
  calendarGaps: CalendarCoverageGap[];
  /** Open cases whose owning deputies cannot act (never bound WeChat, or stopped), the oldest first. */
  cannotAct: { count: number; items: CannotActItem[] };
  /**
   * Open cases whose owning deputies can act but hold no subscription grant for a new case or a
   * deadline (core/notify/grants.ts): no message will reach them, so the presidium phones them.
   * Same item shape; `why` names the deputies (收不到提醒).
   */
  noReminders: { count: number; items: CannotActItem[] };
}

export interface CannotActItem {
  id: string;
  stationName: string;
  /** 代表张三、李四 */
  owner: string;
  /** Why: 未绑定微信 / 已停用, per deputy. */
  why: string;
  status: OpinionStatus;
  statusLabel: string;
  excerpt: string;
  submittedOn: string;
}

export interface SupervisionItem {
  id: string;
  bucket: SupervisionBucket;
  bucketLabel: string;
  reason: string;
  owner: string;
  ownerKind: Owner['kind'];
  deputyIds: string[];
  status: OpinionStatus;
  statusLabel: string;
  stationCode: string;
  stationName: string;
  villageName: string;
  categoryName: string;
  excerpt: string;
  submittedOn: string;
  deadline: string | null;
  reopenCount: number;
  /** Followers who said 还没解决 on the answered case (it does not reopen it). */
  notResolvedCount: number;
  routingReason: string;
  canChase: boolean;
  chasedToday: boolean;
}

export interface SupervisionListView {
  today: string;
  counts: BucketCounts;
  /** The most urgent first, at most one page. */
  items: SupervisionItem[];
  /** How many cases the list has in all (more than `items.length` when cut). */
  itemCount: number;
}

export interface ModerationItem {
  id: string;
  stationName: string;
  villageName: string;
  categoryName: string;
  text: string;
  photoCount: number;
  anonymous: boolean;
  filedByStation: boolean;
  submittedOn: string;
}

export interface CaseSummaryView {
  id: string;
  status: OpinionStatus;
  statusLabel: string;
  owner: string;
  deputyIds: string[];
  routingReason: string;
}

export type ConfigDeputy = Omit<Deputy, 'openid'> & { bound: boolean };

export interface ConfigView {
  stations: (Station & { _id: string })[];
  villages: (Village & { _id: string })[];
  deputies: ConfigDeputy[];
  categories: (Category & { _id: string; order?: number })[];
  departments: (Department & { phone?: string })[];
  routingVersion: number;
  routingRuleCount: number;
}

export interface RoutingTableView {
  rules: RoutingRule[];
  version: number;
  updatedAt: string | Date | null;
  updatedBy: string | null;
}

export type ExplainView = RoutingDecision & { deputyNames: string[]; pathLabel: string };

export type HolidayView = HolidayOverride;

export interface ChaseResult {
  id: string;
  chasedOn: string;
  notified: number;
  deadline: string | null;
}

export interface MergeResult {
  sourceId: string;
  targetId: string;
  followers: number;
  informed: number;
}
