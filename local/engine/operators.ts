/**
 * The query library (mingo) with the operators the local engine needs to answer as CloudBase does:
 * `Query` and `Aggregator` here are mingo's, over a context where a few expression operators are
 * replaced (each one is a difference the contract suite shows) and where what the local cloud does not
 * do at all is refused with a database error instead of a wrong answer.
 */
import { Aggregator as BaseAggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import * as accumulator from 'mingo/operators/accumulator';
import * as expression from 'mingo/operators/expression';
import * as pipeline from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as query from 'mingo/operators/query';
import * as window from 'mingo/operators/window';
import { Query as BaseQuery } from 'mingo/query';

type Options = Parameters<typeof evalExpr>[2];
type ExpressionOperator = (obj: unknown, expr: unknown, options: Options) => unknown;

/** Operators CloudBase serves and the local cloud does not: refused, never answered wrongly. */
export const UNSUPPORTED_OPERATORS: readonly string[] = [
  '$geoNear',
  '$geoWithin',
  '$geoIntersects',
  '$near',
  '$nearSphere',
  '$jsonSchema',
];

export class UnsupportedOperator extends Error {
  constructor(readonly operator: string) {
    super(`unknown operator: ${operator} (the local cloud does not serve it; CloudBase does)`);
  }
}

/** Throws UnsupportedOperator when `value` (a query, a stage) uses one anywhere. */
export function refuseUnsupported(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(refuseUnsupported);
  if (Object.prototype.toString.call(value) !== '[object Object]') return;
  if ((value as { _bsontype?: string })._bsontype) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (UNSUPPORTED_OPERATORS.includes(k)) throw new UnsupportedOperator(k);
    refuseUnsupported(v);
  }
}

const literal = (v: unknown) => ({ $literal: v });

/**
 * `$week` as MongoDB counts it (mingo 7.2.7 is one off in most years): weeks begin on Sunday, the days
 * before the year's first Sunday are week 0, so the answer is 0–53. UTC; a timezone is refused.
 */
const $week: ExpressionOperator = (obj, expr, options) => {
  const v = evalExpr(obj as never, expr as never, options) as unknown;
  if (v && typeof v === 'object' && !(v instanceof Date) && 'timezone' in v)
    throw new UnsupportedOperator('$week with timezone');
  const raw = v && typeof v === 'object' && !(v instanceof Date) && 'date' in v ? v.date : v;
  if (raw === null || raw === undefined) return null;
  return mongoWeek(new Date(raw as Date));
};

export function mongoWeek(d: Date): number {
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((d.getTime() - jan1) / 86_400_000);
  const firstSunday = (7 - new Date(jan1).getUTCDay()) % 7;
  return dayOfYear < firstSunday ? 0 : Math.floor((dayOfYear - firstSunday) / 7) + 1;
}

/** `$substr` (an alias of `$substrBytes`): a negative length means "to the end", as in MongoDB. */
const $substr: ExpressionOperator = (obj, expr, options) => {
  const args = evalExpr(obj as never, expr as never, options) as unknown;
  if (!Array.isArray(args) || args.length !== 3) throw new Error('$substr takes [string, start, length]');
  const [s, start, length] = args as [unknown, number, number];
  const text = s === null || s === undefined ? '' : String(s);
  const count = length < 0 ? Math.max(Buffer.byteLength(text) - start, 0) : length;
  return (expression.$substrBytes as ExpressionOperator)(
    obj,
    [literal(text), literal(start), literal(count)],
    options,
  );
};

/** `$indexOfCP`: the code-point index of the first occurrence (−1 if none; null for a null string). */
const $indexOfCP: ExpressionOperator = (obj, expr, options) => {
  const args = evalExpr(obj as never, expr as never, options) as unknown[];
  const [s, sub, start = 0, end] = args as [unknown, unknown, number?, number?];
  if (s === null || s === undefined) return null;
  if (typeof s !== 'string' || typeof sub !== 'string')
    throw new Error('$indexOfCP requires a string and a substring');
  const chars = Array.from(s);
  const needle = Array.from(sub);
  const stop = Math.min(end ?? chars.length, chars.length);
  for (let i = start; i + needle.length <= stop; i++) {
    if (needle.every((c, j) => chars[i + j] === c)) return i;
  }
  return -1;
};

const CONTEXT = Context.init({
  accumulator: accumulator as never,
  expression: { ...(expression as Record<string, unknown>), $week, $substr, $indexOfCP } as never,
  pipeline: pipeline as never,
  projection: projection as never,
  query: query as never,
  window: window as never,
});

export class Query extends BaseQuery {
  constructor(condition: ConstructorParameters<typeof BaseQuery>[0]) {
    super(condition, { context: CONTEXT });
  }
}

export class Aggregator extends BaseAggregator {
  constructor(stages: ConstructorParameters<typeof BaseAggregator>[0]) {
    super(stages, { context: CONTEXT });
  }
}
