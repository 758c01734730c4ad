/**
 * Document helpers shared by the repositories: the database refuses `undefined` field values, so a
 * record built with optional fields is cleaned before `set`/`insert`.
 */

/** A deep copy without undefined fields; Dates stay Dates, arrays keep their order. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  }
  return value;
}
