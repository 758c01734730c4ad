/**
 * The values the mini-program uses from core/ at run time, and only those. WeChat packs only
 * `miniprogram/`, so a page cannot import core/ itself: `npm run build` bundles this file into
 * `miniprogram/services/core.generated.js` (with a `.d.ts` that points back here for the types), and
 * pages import from there. One source for the client and the server; the packing check
 * (tests/wechat/packing.test.ts) fails if a page reaches outside `miniprogram/`.
 */
export { DEPUTY_LEVELS, DEPUTY_LEVEL_LABELS } from './station/station.types';
export {
  parseDeputyScene,
  VISIT_KIND_LABELS,
  VISIT_NOTE_MAX,
  HOUSEHOLD_NAME_MAX,
  SITUATION_MAX,
} from './groups/contacts.rules';
export { ownerLabel } from './admin/supervision.rules';
export { isCalendarDay } from './calendar/date-window';
export { COUNTY, isTownshipId } from './identity/township.rules';
export { isContactPhone, isMobile } from './privacy/phone.rules';
export { ANSWER_MAX, CONTACT_NAME_MAX, NOTE_MAX, PHOTOS_MAX, TEXT_MAX } from './opinion/opinion.limits';
export { TEMPLATES_MAX, TEMPLATE_TEXT_MAX, TEMPLATE_TITLE_MAX } from './opinion/opinion.templates';
export { PHOTOS_MAX as DUTY_PHOTOS_MAX } from './duty/duty.rules';
export { BOOKER_NAME_MAX, TOPIC_MAX as BOOKING_TOPIC_MAX } from './booking/booking.limits';
export {
  CATEGORY_NAME_MAX,
  DEPARTMENT_NAME_MAX,
  DEPUTY_NAME_MAX,
  DEPUTY_TITLE_MAX,
  HOLIDAY_NAME_MAX,
  STATION_ADDRESS_MAX,
  STATION_HOURS_MAX,
  STATION_INTRO_MAX,
  STATION_NAME_MAX,
  VILLAGE_NAME_MAX,
} from './admin/admin.limits';
export {
  BODY_MAX_CHARS,
  SOURCE_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
} from './article/article.rules';
export { BUCKET_LABELS } from './admin/supervision.rules';
export { SUPERVISION_FILTERS } from './admin/supervision.filters';
export { HOLIDAY_KIND_LABELS } from './calendar/holiday.labels';
export { monthsOf } from './figures/figures.period';
export { FIGURES, figureDef } from './figures/figures.table';
export { BREAKDOWN_LABELS, FIGURE_SECTIONS, FIGURE_SECTION_LABELS } from './figures/figures.types';
export { MIN_SAMPLE } from './stats/fair-rate';
export {
  DEFAULT_RATE_PER_MINUTE,
  KEY_NAME_MAX,
  KEY_SCOPE_LABELS,
  OPEN311_CHANNEL_LABELS,
  RATE_PER_MINUTE_MAX,
} from './open311/open311.rules';
export {
  RESULT_CLASSES,
  RESULT_CLASS_LABELS,
  SUGGESTION_CATEGORIES,
  SUGGESTION_CATEGORY_LABELS,
} from './suggestion/suggestion.types';
export {
  CONTENT_MAX as SUGGESTION_CONTENT_MAX,
  TITLE_MAX as SUGGESTION_TITLE_MAX,
} from './suggestion/suggestion.rules';
export { PASS_BASE_LABELS, PASS_DENOMINATOR_MAX } from './congress/congress.types';
export { passRuleLabel } from './congress/vote.rules';
