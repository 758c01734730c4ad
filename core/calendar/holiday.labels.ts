/** What a calendar override means, in the presidium's words (节假日调整). */
import type { HolidayOverride } from './chinese-calendar';

export const HOLIDAY_KIND_LABELS: Record<HolidayOverride['kind'], string> = {
  holiday: '放假',
  workday: '调休上班',
};
