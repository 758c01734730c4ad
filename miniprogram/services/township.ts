/**
 * The township the mini-program is showing. One deployment serves every township of a county: every
 * call tells the server which township the person is looking at (services/api.ts sends it beside
 * `action`). It is kept in storage and set when a station page opens (the station names its township),
 * when a message or shared link carries `t=<townshipId>`, and when the person picks one (选择乡镇).
 * Staff bound in one township need none chosen: the server answers in their own township.
 */
import { isTownshipId } from './core.generated';
import { readStorage, writeStorage } from './platform';

/** Where the chosen township's id and name are kept. */
export const TOWNSHIP_KEY = 'townshipId';
export const TOWNSHIP_NAME_KEY = 'townshipName';

export interface TownshipChoice {
  id: string;
  name: string;
}

/** The township being shown, or '' when none is chosen yet. */
export function currentTownship(): string {
  const id = readStorage(TOWNSHIP_KEY);
  return isTownshipId(id) ? id : '';
}

/** The name of the township being shown ('' when unknown). */
export function currentTownshipName(): string {
  return currentTownship() ? readStorage(TOWNSHIP_NAME_KEY) : '';
}

/** Shows `id` from now on; the name is kept when given (a link carries only the id). */
export function setCurrentTownship(id: string, name?: string): void {
  if (!isTownshipId(id)) return;
  if (id !== readStorage(TOWNSHIP_KEY)) writeStorage(TOWNSHIP_NAME_KEY, name ?? '');
  else if (name) writeStorage(TOWNSHIP_NAME_KEY, name);
  writeStorage(TOWNSHIP_KEY, id);
}

/** Forgets the township (the server no longer knows it): the home page asks again. */
export function forgetTownship(): void {
  writeStorage(TOWNSHIP_KEY, '');
  writeStorage(TOWNSHIP_NAME_KEY, '');
}

/**
 * A subscribe message's page or a shared link carries the township as `t`: opening it shows that
 * township. Answers whether the query named one.
 */
export function adoptTownshipFrom(query: Record<string, string | undefined> | undefined): boolean {
  const t = query?.t ? decodeURIComponent(query.t) : '';
  if (!isTownshipId(t)) return false;
  setCurrentTownship(t);
  return true;
}

/** The township an answer names (station.get answers the station's `township`), when it does. */
export function townshipOf(answer: unknown): TownshipChoice | null {
  const t = (answer as { township?: unknown } | null)?.township as Partial<TownshipChoice> | undefined;
  return t && typeof t.id === 'string' && isTownshipId(t.id)
    ? { id: t.id, name: typeof t.name === 'string' ? t.name : '' }
    : null;
}

/**
 * A shared page's query with the township shown (`t=`), so whoever opens the share sees the same
 * township's record (an article is its township's); unchanged while none is chosen.
 */
export function withTownshipQuery(query: string): string {
  const t = currentTownship();
  if (!t) return query;
  return query ? `${query}&t=${t}` : `t=${t}`;
}
