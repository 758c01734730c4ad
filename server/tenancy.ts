/**
 * Townships as tenants: which township a call runs in. One deployment serves every township of a
 * county; every record of a township's own collections carries its `townshipId`, and the database layer
 * (server/db/collection.ts) keeps each call inside one township:
 *
 *   - the pipeline (server/pipeline.ts) decides the township once per call, from the caller's binding
 *     (a presidium member, station admin, deputy or department staff member belongs to a township) or,
 *     for a villager, from the township the mini-program is showing, and runs the action inside it;
 *   - every query, count, update, removal and aggregation on a township collection is narrowed to that
 *     township, every insert is stamped with it, and a document of another township read by id is
 *     "not found" — so no service or handler can reach another township's records, however it asks;
 *   - outside a township (`acrossTownships`: the county's overview, a QR scene looked up before its
 *     township is known, the scheduler choosing which township to run) reads see every township and
 *     writes to township collections are refused.
 *
 * The county itself is a tenant too (COUNTY): what the county publishes for every township (legal-
 * knowledge articles) and the county staff's own accounts live under it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export { COUNTY, TOWNSHIP_ID_PATTERN } from '../core/identity/township.rules';

interface TenantFrame {
  /** The township (or COUNTY) the call runs in; null across townships. */
  townshipId: string | null;
}

const frames = new AsyncLocalStorage<TenantFrame>();

/** Runs `fn` inside `townshipId` (or COUNTY): every database call it makes is narrowed to it. */
export function withTownship<T>(townshipId: string, fn: () => T): T {
  return frames.run({ townshipId }, fn);
}

/** Runs `fn` outside any township: reads see every township, writes to township collections fail. */
export function acrossTownships<T>(fn: () => T): T {
  return frames.run({ townshipId: null }, fn);
}

/** The township the current call runs in, or null (across townships, or no call at all). */
export function currentTownship(): string | null {
  return frames.getStore()?.townshipId ?? null;
}

/** The township the current call runs in; a programming error when there is none. */
export function requireTownship(): string {
  const t = currentTownship();
  if (t === null) throw new TownshipRequired();
  return t;
}

/** A write to a township collection (or a read by a township's own key) made outside any township. */
export class TownshipRequired extends Error {
  constructor() {
    super('a township record was written (or read by key) outside any township');
  }
}
