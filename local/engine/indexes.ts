/**
 * Indexes for the local engine, as CloudBase (MongoDB) uses the ones a deploy creates: each declared
 * index (server/db/collections.ts) and `_id` is a sorted list of (key, document id), kept up to date on
 * every commit. A query uses the index that serves the most of it — equality (also `$in`) on a prefix of
 * its keys, then a range (`$gt`/`$gte`/`$lt`/`$lte`) on the next one — and an `orderBy` on the keys that
 * follow the equality prefix is read in index order, so `orderBy` + `limit` stops after `limit`
 * matches. The index only chooses the candidates: every candidate is still tested against the whole
 * query, so answers are the same with or without one. A query no index serves is recorded as a
 * "shape" (collection, fields and operators, order), so tests can fail on one.
 */
import { idKey, type Entry } from './store';

export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

type Key = unknown[];
interface IndexEntry {
  key: Key;
  id: string;
  /** Ties are kept in storage order, as a stable sort of the collection would give them. */
  seq: number;
}

/** BSON's order of types (MongoDB's comparison order); values of one type compare among themselves. */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (typeof v === 'boolean') return 8;
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object Date]') return 9;
  if (tag === '[object RegExp]') return 11;
  if (Array.isArray(v)) return 5;
  return 4;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2:
    case 8:
      return Number(a) - Number(b);
    case 3:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 9:
      return (a as Date).getTime() - (b as Date).getTime();
    default: {
      const sa = JSON.stringify(a);
      const sb = JSON.stringify(b);
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
  }
}

/** Every value at a dotted path, through arrays (MongoDB's multikey rule); [null] when there is none. */
function valuesAt(doc: unknown, path: string): { values: unknown[]; array: boolean } {
  let current: unknown[] = [doc];
  let array = false;
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        array = true;
        for (const el of v) {
          if (el && typeof el === 'object' && !Array.isArray(el))
            next.push((el as Record<string, unknown>)[part]);
        }
      } else if (v && typeof v === 'object') next.push((v as Record<string, unknown>)[part]);
    }
    current = next;
  }
  const out: unknown[] = [];
  for (const v of current) {
    if (Array.isArray(v)) {
      array = true;
      if (v.length === 0) out.push(undefined);
      else out.push(...v);
    } else out.push(v);
  }
  if (out.length === 0) out.push(null);
  return { values: out.map((v) => (v === undefined ? null : v)), array };
}

export class Index {
  readonly fields: string[];
  readonly directions: (1 | -1)[];
  private readonly entries: IndexEntry[] = [];
  /** Some document has an array under a key: the index is multikey (never used for order). */
  multikey = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys);
    this.directions = this.fields.map((f) => spec.keys[f]);
  }

  /** An index over `entries`, sorted once. */
  static build(spec: IndexSpec, entries: readonly Entry[]): Index {
    const index = new Index(spec);
    for (const { doc, seq } of entries)
      for (const key of index.keysOf(doc)) index.entries.push({ key, id: idKey(doc._id), seq });
    index.entries.sort((a, b) => index.compare(a, b));
    return index;
  }

  get size(): number {
    return this.entries.length;
  }

  private compare(a: IndexEntry, b: IndexEntry): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareValues(a.key[i], b.key[i]) * this.directions[i];
      if (c !== 0) return c;
    }
    return a.seq - b.seq;
  }

  /** The index keys of a document (several when a key field holds an array). */
  keysOf(doc: Entry['doc']): Key[] {
    let keys: Key[] = [[]];
    for (const f of this.fields) {
      const { values, array } = valuesAt(doc, f);
      if (array) this.multikey = true;
      const next: Key[] = [];
      const distinct = values.filter((v, i) => values.findIndex((w) => compareValues(v, w) === 0) === i);
      for (const k of keys) for (const v of distinct) next.push([...k, v]);
      keys = next;
    }
    return keys;
  }

  /** First position whose entry is not before `probe` (by `cmp`). */
  private lowerBound(cmp: (e: IndexEntry) => number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.entries[mid]) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add({ doc, seq }: Entry): void {
    for (const key of this.keysOf(doc)) {
      const entry = { key, id: idKey(doc._id), seq };
      this.entries.splice(
        this.lowerBound((e) => this.compare(e, entry)),
        0,
        entry,
      );
    }
  }

  remove({ doc, seq }: Entry): void {
    for (const key of this.keysOf(doc)) {
      const entry = { key, id: idKey(doc._id), seq };
      const at = this.lowerBound((e) => this.compare(e, entry));
      if (at < this.entries.length && this.compare(this.entries[at], entry) === 0) this.entries.splice(at, 1);
    }
  }

  /**
   * Document ids in index order (reversed when `reverse`) whose leading keys equal `prefix` and, when
   * given, whose next key lies in `range`. Compares as the index stores keys (direction applied).
   */
  *scan(prefix: unknown[], range: Range | undefined, reverse: boolean): Generator<string> {
    const n = prefix.length;
    const cmpPrefix = (e: IndexEntry): number => {
      for (let i = 0; i < n; i++) {
        const c = compareValues(e.key[i], prefix[i]) * this.directions[i];
        if (c !== 0) return c;
      }
      return 0;
    };
    const dir = range ? this.directions[n] : 1;
    // Position of the range's bounds in the index's own order.
    const low = range ? (dir === 1 ? range.lower : range.upper) : undefined;
    const high = range ? (dir === 1 ? range.upper : range.lower) : undefined;
    const beforeLow = (e: IndexEntry): number => {
      const c = cmpPrefix(e);
      if (c !== 0 || !low) return c;
      const k = compareValues(e.key[n], low.value) * dir;
      return k < 0 || (k === 0 && !low.inclusive) ? -1 : 1;
    };
    const pastHigh = (e: IndexEntry): boolean => {
      const c = cmpPrefix(e);
      if (c !== 0) return c > 0;
      if (!high) return false;
      const k = compareValues(e.key[n], high.value) * dir;
      return k > 0 || (k === 0 && !high.inclusive);
    };
    const start = this.lowerBound(beforeLow);
    let end = start;
    // The range is contiguous: find its end by binary search too.
    let lo = start;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pastHigh(this.entries[mid])) hi = mid;
      else lo = mid + 1;
    }
    end = lo;
    const sameType = (e: IndexEntry) =>
      !range || typeRank(e.key[n]) === typeRank((range.lower ?? range.upper)!.value);
    if (reverse) {
      for (let i = end - 1; i >= start; i--) if (sameType(this.entries[i])) yield this.entries[i].id;
    } else {
      for (let i = start; i < end; i++) if (sameType(this.entries[i])) yield this.entries[i].id;
    }
  }
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}
export interface Range {
  lower?: Bound;
  upper?: Bound;
}

/** What a query says about one field, as far as an index can use it. */
interface FieldUse {
  /** Equality alternatives (one for `{a: v}`, several for `$in`). */
  points?: unknown[];
  range?: Range;
}

function isScalar(v: unknown): boolean {
  const r = typeRank(v);
  return r === 1 || r === 2 || r === 3 || r === 8 || r === 9;
}

/** The fields of a query's top level (and of a top-level `$and`) that an index can serve. */
function fieldUses(query: Record<string, unknown>): Map<string, FieldUse> {
  const uses = new Map<string, FieldUse>();
  const visit = (q: Record<string, unknown>) => {
    for (const [field, cond] of Object.entries(q)) {
      if (field === '$and' && Array.isArray(cond)) {
        cond.forEach((c) => visit(c as Record<string, unknown>));
        continue;
      }
      if (field.startsWith('$')) continue;
      const use = uses.get(field) ?? {};
      if (isScalar(cond)) use.points = [cond];
      else if (cond && Object.prototype.toString.call(cond) === '[object Object]') {
        const ops = cond as Record<string, unknown>;
        if ('$eq' in ops && isScalar(ops.$eq)) use.points = [ops.$eq];
        if (Array.isArray(ops.$in) && ops.$in.every(isScalar)) use.points = ops.$in;
        const range: Range = { ...use.range };
        for (const [op, v] of Object.entries(ops)) {
          if (!isScalar(v) || v === null) continue;
          if (op === '$gt' || op === '$gte') range.lower = { value: v, inclusive: op === '$gte' };
          if (op === '$lt' || op === '$lte') range.upper = { value: v, inclusive: op === '$lte' };
        }
        if (range.lower && range.upper && typeRank(range.lower.value) !== typeRank(range.upper.value))
          delete range.upper;
        if (range.lower || range.upper) use.range = range;
      }
      if (use.points || use.range) uses.set(field, use);
    }
  };
  visit(query);
  return uses;
}

export interface Plan {
  /** Each branch of a top-level `$or` through its own index (candidates are their union). */
  branches?: Plan[];
  index: Index;
  /** Equality alternatives for the leading keys (a cross product is scanned). */
  prefix: unknown[][];
  range?: Range;
  /** The order asked for is the index's order (forward or reversed) after the prefix. */
  ordered: boolean;
  reverse: boolean;
}

export type Order = [field: string, direction: 1 | -1][];

/**
 * Chooses the index that serves the most of `query` (and `order`); else, for a top-level `$or` whose
 * every branch an index serves, those indexes together; undefined when nothing serves it.
 */
export function plan(
  indexes: readonly Index[],
  query: Record<string, unknown>,
  order: Order,
): Plan | undefined {
  const single = planOne(indexes, query, order);
  if ((single && !readsEverything(single)) || !Array.isArray(query.$or) || query.$or.length === 0)
    return single;
  const branches = (query.$or as Record<string, unknown>[]).map((b) => planOne(indexes, b, []));
  if (branches.some((b) => !b || readsEverything(b))) return single;
  return { ...branches[0]!, branches: branches as Plan[], ordered: false };
}

function planOne(indexes: readonly Index[], query: Record<string, unknown>, order: Order): Plan | undefined {
  const uses = fieldUses(query);
  let best: { plan: Plan; score: number } | undefined;
  for (const index of indexes) {
    const prefix: unknown[][] = [];
    let i = 0;
    for (; i < index.fields.length; i++) {
      const use = uses.get(index.fields[i]);
      if (!use?.points) break;
      prefix.push(use.points);
    }
    const rangeUse = i < index.fields.length ? uses.get(index.fields[i]) : undefined;
    const range = rangeUse && !rangeUse.points ? rangeUse.range : undefined;
    // Order served: the order's fields are the index's next fields, all forward or all reversed.
    let ordered = false;
    const reverse = false;
    if (order.length && !index.multikey && prefix.every((p) => p.length === 1)) {
      const rest = index.fields.slice(i);
      const fits = order.every(([f], j) => rest[j] === f);
      if (fits) {
        // Read forward only: read backwards, ties would come out in reverse storage order, unlike a
        // stable sort (an order opposite to the index's is sorted in memory).
        ordered = order.every(([, d], j) => d === index.directions[i + j]);
      }
    }
    const score = prefix.length * 4 + (range ? 2 : 0) + (ordered ? 1 : 0);
    if (score === 0) continue;
    if (!best || score > best.score) best = { plan: { index, prefix, range, ordered, reverse }, score };
  }
  return best?.plan;
}

/** Every prefix of the plan's cross product of equality alternatives. */
function prefixes(alternatives: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const alts of alternatives) out = out.flatMap((p) => alts.map((a) => [...p, a]));
  return out;
}

/** Candidate document ids of a plan, each once, in index order when the plan is ordered. */
export function* candidates(p: Plan): Generator<string> {
  const seen = new Set<string>();
  for (const branch of p.branches ?? [p]) {
    for (const prefix of prefixes(branch.prefix)) {
      for (const id of branch.index.scan(prefix, branch.range, branch.reverse)) {
        if (seen.has(id)) continue;
        seen.add(id);
        yield id;
      }
    }
  }
}

/** The plan reads the whole collection (an order-only use of an index, with nothing to filter by). */
export function readsEverything(p: Plan): boolean {
  return !p.branches && p.prefix.length === 0 && !p.range;
}

/** A query's shape for the report: fields with their operators (`$and` flattened, `$or` by branch), and the order. */
export function shapeOf(collection: string, query: Record<string, unknown>, order: Order): string {
  const by = order.length
    ? ` orderBy ${order.map(([f, d]) => `${f} ${d === 1 ? 'asc' : 'desc'}`).join(', ')}`
    : '';
  return `${collection} ${fieldsOf(query)}${by}`;
}

function fieldsOf(query: Record<string, unknown>): string {
  const parts: string[] = [];
  const visit = (q: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((c) => visit(c as Record<string, unknown>));
      else if ((k === '$or' || k === '$nor') && Array.isArray(v))
        parts.push(`${k}: [${v.map((c) => fieldsOf(c as Record<string, unknown>)).join(', ')}]`);
      else if (k.startsWith('$')) parts.push(k);
      else if (v && Object.prototype.toString.call(v) === '[object Object]')
        parts.push(
          `${k}: ${Object.keys(v as object)
            .sort()
            .join('|')}`,
        );
      else parts.push(`${k}: =`);
    }
  };
  visit(query);
  return `{${[...new Set(parts)].sort().join(', ')}}`;
}
