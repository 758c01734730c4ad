/**
 * What names a township: a short id of lowercase letters and digits (e.g. `jingu`), used by the server
 * (server/tenancy.ts), the county's 新增乡镇 form and the mini-program's stored township alike. `county`
 * is the county's own records (its staff, what it publishes to every township), never a township.
 */
export const COUNTY = 'county';

export const TOWNSHIP_ID_PATTERN = /^[a-z][a-z0-9]{1,15}$/;

/** Whether `id` may name a township (the county's own id may not). */
export function isTownshipId(id: string): boolean {
  return TOWNSHIP_ID_PATTERN.test(id) && id !== COUNTY;
}
