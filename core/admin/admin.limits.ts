/**
 * The caps on what the presidium types on its configuration pages: the admin function's schemas enforce
 * them and the presidium pages show them as their fields' `maxlength`. One source for both.
 */

/** A liaison station: name, address, opening hours, introduction. */
export const STATION_NAME_MAX = 30;
export const STATION_ADDRESS_MAX = 60;
export const STATION_HOURS_MAX = 40;
export const STATION_INTRO_MAX = 300;
/** A village's (村/社区) name. */
export const VILLAGE_NAME_MAX = 20;
/** A deputy: name, title (职务), group (代表小组). */
export const DEPUTY_NAME_MAX = 20;
export const DEPUTY_TITLE_MAX = 30;
export const DEPUTY_GROUP_MAX = 30;
/** An opinion category's name. */
export const CATEGORY_NAME_MAX = 12;
/** A government department's name. */
export const DEPARTMENT_NAME_MAX = 30;
/** A holiday's name in the calendar overrides (国庆节). */
export const HOLIDAY_NAME_MAX = 20;
