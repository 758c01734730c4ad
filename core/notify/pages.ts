/**
 * The mini-program pages the server sends people to — a subscribe message's tap, a QR code's scene —
 * in one table. tests/miniprogram/navigation.test.ts checks every path here is a page of app.json, so a
 * renamed page fails a test instead of opening a blank screen from a message.
 */
export const PAGES = {
  /** A station's first screen (the station QR code opens it with the station code as scene). */
  station: 'pages/station/index',
  /** A deputy's own page (代表码: the deputy's code opens it with scene `d=<deputyId>&t=<township>`). */
  deputy: 'pages/deputy/index',
  /** 我的预约: a villager's bookings, opened by reminders and changed-day messages. */
  myBookings: 'pages/bookings/index',
  /** A legal-knowledge article (`?id=`). */
  article: 'pages/article/index',
  /** A published duty-disclosure notice (`?id=`). */
  notice: 'pages/notice/index',
  /** A villager's own case (`?id=`). */
  villagerCase: 'pages/opinions/case',
  /** The case as its deputies answer it (`?id=`). */
  deputyCase: 'subpackages/deputy/pages/case/index',
  /** A deputy's own notice to confirm. */
  deputyNotice: 'subpackages/deputy/pages/notice/index',
  /** The case as the presidium supervises it (`?id=`). */
  presidiumCase: 'subpackages/presidium/pages/case/index',
  /** The cases transferred to a department, as its staff see them. */
  departmentInbox: 'subpackages/department/pages/inbox/index',
  /** A transferred case as the department answers or hands it back (`?id=`). */
  departmentCase: 'subpackages/department/pages/case/index',
  /** A livelihood project's progress (民生实事, `?id=`), opened by a milestone's message. */
  project: 'subpackages/congress/pages/projects-detail/index',
  /** A deputy's suggestion, its answers and the rating (`?id=`). */
  deputySuggestion: 'subpackages/deputy/pages/suggestion/index',
  /** The presidium's 建议办理 list. */
  presidiumSuggestions: 'subpackages/presidium/pages/suggestions/index',
  /** A suggestion as an office signs off, answers or sends it back (`?id=`). */
  departmentSuggestion: 'subpackages/department/pages/suggestion/index',
  /** An activity a deputy is invited to (代表活动, `?id=`), opened by its invitation or cancellation. */
  deputyActivity: 'subpackages/deputy/pages/activity/index',
  /** 我的活动, a deputy's activities: opened by 无需参加 (an edit took them off an activity's list). */
  deputyActivities: 'subpackages/deputy/pages/activities/index',
  /** The presidium's rectification items (整改事项), opened by a late item's chase. */
  rectifications: 'subpackages/presidium/pages/rectifications/index',
} as const;

type PageKey = keyof typeof PAGES;

/** A page with its query, as a message's `page` field takes it. */
export function pageWith(key: PageKey, query: Record<string, string>): string {
  const q = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${PAGES[key]}?${q}` : PAGES[key];
}

/**
 * A message's page in the township it was sent from: `t=<townshipId>` is added, so the tap opens that
 * township (the mini-program reads `t` on launch and shows it). A page sent from no township is unchanged.
 */
export function inTownship(page: string, townshipId: string | null): string {
  if (!townshipId) return page;
  return `${page}${page.includes('?') ? '&' : '?'}t=${encodeURIComponent(townshipId)}`;
}
