/**
 * "相关法律知识" on the opinion form: which law categories matter for an opinion category. The table
 * is data the presidium edits (stored with the law category list); this is what a township starts with,
 * keyed by the opinion category codes of the demo township (core/opinion categories: road,
 * agriculture …). A category missing from the table shows nothing.
 */
import { allow, deny, type Decision } from '../result';

export type RelatedLawTable = Record<string, string[]>;

export const DEFAULT_RELATED_LAW: RelatedLawTable = {
  road: ['民法典', '村民委员会组织法'],
  agriculture: ['农村土地承包法', '土地管理法'],
  environment: ['环境保护法'],
  welfare: ['民法典', '宪法'],
  health: ['民法典'],
  education: ['宪法'],
  dispute: ['民法典', '村民委员会组织法'],
  other: ['代表法', '宪法'],
};

export const RELATED_PER_CATEGORY_MAX = 5;

/** The law categories for an opinion category, only those still in the law category list. */
export function relatedLawCategories(
  opinionCategory: string,
  table: RelatedLawTable,
  lawCategories: readonly string[],
): string[] {
  const listed = Object.prototype.hasOwnProperty.call(table, opinionCategory) ? table[opinionCategory] : [];
  return listed.filter((c) => lawCategories.includes(c));
}

/** An edited table: opinion category codes to known law categories, no repeats, a few per row. */
export function validateRelatedTable(
  table: RelatedLawTable,
  lawCategories: readonly string[],
): Decision<RelatedLawTable> {
  const out: RelatedLawTable = {};
  for (const [code, list] of Object.entries(table)) {
    const laws = list.map((c) => c.trim());
    if (
      !/^[A-Za-z0-9_-]{1,32}$/.test(code) ||
      laws.length > RELATED_PER_CATEGORY_MAX ||
      new Set(laws).size !== laws.length ||
      laws.some((c) => !lawCategories.includes(c))
    ) {
      return deny('RELATED_LAW_INVALID');
    }
    out[code] = laws;
  }
  return allow(out);
}

/** The table kept in step with a renamed or shortened law category list (unknown laws dropped). */
export function pruneRelatedTable(table: RelatedLawTable, lawCategories: readonly string[]): RelatedLawTable {
  return Object.fromEntries(
    Object.entries(table).map(([code, list]) => [code, list.filter((c) => lawCategories.includes(c))]),
  );
}
