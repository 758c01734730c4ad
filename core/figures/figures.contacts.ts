/**
 * Figures of the contact duties (core/groups/contacts.rules.ts): households helped (结对帮扶户数),
 * visits logged to them, and deputies contacted by presidium members (主席团成员联系代表). Computed from
 * `householdPairs`, `contactVisits` and `contactAssignments` (server/figures/sources/contacts.source.ts).
 * A household is never named in a figure or its drill-down (only its village).
 */
import type { FigureDef } from './figures.types';

const DEPUTY_SCOPES = ['township', 'station', 'deputy', 'level'] as const;

export const CONTACT_FIGURES: readonly FigureDef[] = [
  {
    code: 'contacts.households',
    section: 'duties',
    label: '代表结对帮扶困难户',
    definition:
      '统计时段内代表结对帮扶的困难户户数：统计截止日前结对、且在统计时段开始时仍在帮扶的，每户计一户（同一户由几位代表结对计几户）。',
    unit: 'households',
    computation: 'householdPairs with createdAt ≤ asOf and (active, or endedAt ≥ period start).',
    sentence: '代表结对帮扶困难户{value}',
    breakdowns: ['station', 'deputy', 'village'],
    scopes: DEPUTY_SCOPES,
    drill: 'household',
  },
  {
    code: 'contacts.visits',
    section: 'duties',
    label: '走访帮扶困难户',
    definition:
      '统计时段内（计至统计截止日）代表走访、帮扶结对困难户的次数，每条走访记录计一次，按走访日期计（这些走访也各记一条“走访选民”或“为民办实事”履职记录）。',
    unit: 'times',
    computation: 'contactVisits with date in [start, asOf].',
    sentence: '代表走访帮扶困难户{value}',
    breakdowns: ['station', 'deputy', 'month'],
    scopes: DEPUTY_SCOPES,
    drill: 'contact',
  },
  {
    code: 'contacts.deputiesContacted',
    section: 'duties',
    label: '主席团成员联系代表',
    definition: '主席团成员分片联系的在册代表人数（按当前的分片联系安排计），每位代表计一人。',
    unit: 'people',
    computation: 'contactAssignments whose deputy is active (the current assignment, not per period).',
    sentence: '主席团成员分片联系代表{value}',
    breakdowns: ['station'],
    scopes: ['township', 'station'],
    drill: 'contact',
  },
];
