/**
 * The contract every action of every cloud function keeps, whatever it does. Generated from FUNCTIONS
 * (scripts/generate.ts), so a new action is covered the moment it is registered:
 *   - not signed in → NOT_SIGNED_IN; `system` actions refuse any WeChat user (FORBIDDEN) instead;
 *   - every role outside the action's audience → FORBIDDEN (deny by default), whatever the payload
 *     claims about the caller (openid, OPENID, userInfo, role …);
 *   - hostile payloads from a caller inside the audience (wrong types, unknown keys, huge strings and
 *     arrays, deep nesting, prototype keys, non-object events) → `{ ok: false, error }` with a stable
 *     code and its Chinese message, never INTERNAL, never a throw;
 *   - a refused call writes nothing (every store write is watched; the whole store is fingerprinted);
 *   - every string in every input schema has a length cap and every array and map an item cap;
 *   - well-formed payloads generated from each schema (shortest, longest, odd Unicode, the demo
 *     township's own records) reach the actions' rules: they never crash one, a refusal changes
 *     nothing, and a retried idempotent request answers the same and writes nothing more.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FIRST_DAY, LAST_DAY } from '../../core/calendar/date-window';
import { ERROR_MESSAGES } from '../../core/errors/error.codes';
import { ROLES, type Role } from '../../core/identity/role.rules';
import type { Write } from '../../local/engine/store';
import type { ActionDef } from '../../server/pipeline';
import { FUNCTIONS } from '../../scripts/generate';
import { PERSONAS, seedDemoActivity } from '../../local/demo/township.seed';
import { demoCloud, type DemoCloud, type Envelope } from './support';

jest.setTimeout(60_000);

const PERSONA: Record<Role, string> = {
  resident: 'demo-villager',
  deputy: 'demo-deputy-1',
  stationAdmin: 'demo-station-admin',
  presidium: 'demo-presidium',
  department: 'demo-department',
  county: PERSONAS.county,
};

/**
 * Writes that are not a change of the township's data: idempotency claims, and the per-person counters
 * of limited tries (an invite code tried and refused is still a try: server/abuse-limits.ts).
 */
const IGNORED_COLLECTIONS = new Set(['idempotency', 'rateCounters']);

/** An error answer is a code, a message and a few issues: it never echoes a huge input back. */
const MAX_ERROR_CHARS = 4_000;

/** Longer than any cap (the longest, an article body, is 100 000 UTF-16 units). */
const HUGE_STRING = 'x'.repeat(100_001);
const HUGE_ARRAY_LENGTH = 10_000;
const HUGE_RECORD_KEYS = 10_000;
const DEEP = 10_000;

interface Act {
  id: string;
  fn: string;
  action: string;
  def: ActionDef;
}

const ACTIONS: Act[] = FUNCTIONS.flatMap((f) =>
  Object.entries(f.actions).map(([action, def]) => ({ id: `${f.name}.${action}`, fn: f.name, action, def })),
);

function inside(a: Act): Role[] {
  const { audience } = a.def;
  if (audience === 'system') return [];
  return audience === 'anyone' ? [...ROLES] : ROLES.filter((r) => audience.includes(r));
}

function outside(a: Act): Role[] {
  const admitted = inside(a);
  return ROLES.filter((r) => !admitted.includes(r));
}

// --- the schemas, as zod and as JSON schema ---------------------------------------------------------

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  maxProperties?: number;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
}

function jsonSchemaOf(def: ActionDef): JsonSchema {
  return z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** The object shape of an action's input (through pipes), or null when the input is not an object. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  let s = schema as z.ZodType & { _zod: { def: { type: string; in?: z.ZodType; shape?: unknown } } };
  for (let i = 0; i < 10; i++) {
    const def = s._zod.def;
    if (def.type === 'object') return (s as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    if (def.type === 'pipe' && def.in) s = def.in as typeof s;
    else return null;
  }
  return null;
}

function typesOf(s: JsonSchema): string[] {
  const own = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (s.enum || s.const !== undefined) return [];
  return own;
}

/** The JSON types a schema (or any of its alternatives) accepts. */
function anyTypes(s: JsonSchema): string[] {
  const alts = s.anyOf ?? s.oneOf;
  return alts ? alts.flatMap(typesOf) : typesOf(s);
}

const isRecord = (s: JsonSchema): boolean =>
  typesOf(s).includes('object') && typeof s.additionalProperties === 'object';

/** Anchored, and no open-ended quantifier: the pattern alone bounds the length. */
function patternBoundsLength(pattern: string | undefined): boolean {
  if (!pattern || !pattern.startsWith('^') || !pattern.endsWith('$')) return false;
  const body = pattern
    .slice(1, -1)
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return !/[*+]|\{\d*,\}/.test(body);
}

/** Every string, array and map in a JSON schema with no cap, as `function.action:path`. */
function uncapped(s: JsonSchema, at: string, out: string[]): string[] {
  const types = typesOf(s);
  if (types.includes('string') && s.maxLength === undefined && !patternBoundsLength(s.pattern))
    out.push(`${at} (string without max length)`);
  if (types.includes('array') && s.maxItems === undefined) out.push(`${at} (array without max items)`);
  if (isRecord(s) && s.maxProperties === undefined) out.push(`${at} (map without max keys)`);
  for (const [k, v] of Object.entries(s.properties ?? {})) uncapped(v, `${at}.${k}`, out);
  if (typeof s.additionalProperties === 'object') uncapped(s.additionalProperties, `${at}.*`, out);
  if (s.propertyNames) uncapped(s.propertyNames, `${at}.<key>`, out);
  if (s.items) uncapped(s.items, `${at}[]`, out);
  for (const [i, v] of (s.prefixItems ?? []).entries()) uncapped(v, `${at}[${i}]`, out);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) uncapped(alt, at, out);
  return out;
}

type Path = (string | number)[];

interface Target {
  path: Path;
  kind: 'string' | 'array' | 'record';
}

/**
 * Where a huge value can go: every string, array and map reachable through plain objects and arrays
 * (not through unions: there zod reports the union, not the field).
 */
function targets(s: JsonSchema, path: Path, out: Target[]): Target[] {
  const alts = s.anyOf ?? s.oneOf;
  const types = anyTypes(s);
  if (types.includes('string')) out.push({ path, kind: 'string' });
  if (types.includes('array')) out.push({ path, kind: 'array' });
  if (alts) return out;
  if (isRecord(s)) out.push({ path, kind: 'record' });
  for (const [k, v] of Object.entries(s.properties ?? {})) targets(v, [...path, k], out);
  if (s.items && path.length < 6) targets(s.items, [...path, 0], out);
  return out;
}

/** A payload with `value` at `path` (numbers are array indexes). */
function payloadAt(path: Path, value: unknown): Record<string, unknown> {
  const build = (i: number): unknown => {
    if (i === path.length) return value;
    const seg = path[i];
    return typeof seg === 'number' ? [build(i + 1)] : { [seg]: build(i + 1) };
  };
  return build(0) as Record<string, unknown>;
}

function deep(n: number): Record<string, unknown> {
  let o: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < n; i++) o = { a: o };
  return o;
}

function deepArray(n: number): unknown[] {
  let a: unknown[] = ['x'];
  for (let i = 0; i < n; i++) a = [a];
  return a;
}

const DEEP_OBJECT = deep(DEEP);
const DEEP_ARRAY = deepArray(DEEP);
const PROTO_OBJECT = (): Record<string, unknown> =>
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as Record<
    string,
    unknown
  >;

/** Values of each JSON type; a property gets those its own schema refuses. */
const WRONG_TYPES: [string, unknown][] = [
  ['number', 12345],
  ['string', 'wrong'],
  ['boolean', true],
  ['null', null],
  ['object', { x: 1 }],
  ['empty object', {}],
  ['array', ['x']],
  ['empty array', []],
  ['negative', -1],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['fraction', 1.5],
  ['huge number', 1e308],
  ['numeric string', '12'],
  ['blank string', '   '],
  ['empty string', ''],
  ['deep object', DEEP_OBJECT],
  ['deep array', DEEP_ARRAY],
];

const SPOOF = (as: string): Record<string, unknown> => ({
  openid: as,
  OPENID: as,
  _openid: as,
  role: 'presidium',
  caller: { openid: as, role: 'presidium' },
  userInfo: { openId: as, appId: 'wx-local-app' },
});

// --- probes ------------------------------------------------------------------------------------------

interface Probe {
  label: string;
  event: unknown;
  openid?: string;
  code: string;
  /** The schema must report an issue at this path (exact) or under it (prefix). */
  issue?: { path: Path; exact?: boolean; codes?: string[] };
}

function sameStart(path: PropertyKey[], prefix: Path, exact: boolean): boolean {
  if (exact ? path.length !== prefix.length : path.length < prefix.length) return false;
  return prefix.every((seg, i) => String(path[i]) === String(seg));
}

/** What is wrong with one probe's answer ([] when it keeps the contract). */
async function run(cloud: DemoCloud, fn: string, def: ActionDef | null, p: Probe): Promise<string[]> {
  const problems: string[] = [];
  let res: Envelope;
  try {
    res = await cloud.invoke<Envelope>(fn, p.event, { openid: p.openid });
  } catch (err) {
    return [`${p.label}: threw ${(err as Error)?.message ?? String(err)}`];
  }
  if (!res || typeof res !== 'object' || res.ok !== false || !res.error) {
    return [`${p.label}: answered ${JSON.stringify(res)?.slice(0, 200)} instead of an error`];
  }
  const { code, message } = res.error;
  if (code !== p.code) problems.push(`${p.label}: ${code} instead of ${p.code}`);
  const size = JSON.stringify(res).length;
  if (size > MAX_ERROR_CHARS) problems.push(`${p.label}: a ${size}-character answer echoes the input`);
  if (typeof message !== 'string' || !/[\u4e00-\u9fa5]/.test(message))
    problems.push(`${p.label}: message ${JSON.stringify(message)} has no Chinese`);
  else if (message !== ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES])
    problems.push(`${p.label}: message ${JSON.stringify(message)} is not the one of ${code}`);
  if (p.issue && def) {
    const { action: _a, userInfo: _u, ...payload } = p.event as Record<string, unknown>;
    const parsed = def.input.safeParse(payload);
    const { path, exact = false, codes } = p.issue;
    const hit = parsed.error?.issues.some(
      (i) => sameStart(i.path, path, exact) && (!codes || codes.includes(i.code)),
    );
    if (!hit)
      problems.push(
        `${p.label}: the schema reports no ${codes ? codes.join('/') + ' ' : ''}issue at "${path.join('.')}"`,
      );
  }
  return problems;
}

/** Caller for the payload battery: a role inside the audience, or none for system actions. */
function insider(a: Act): string | undefined {
  return a.def.audience === 'system' ? undefined : PERSONA[inside(a)[0]];
}

function hostileProbes(a: Act): Probe[] {
  const openid = insider(a);
  const ev = (payload: Record<string, unknown>) => ({ action: a.action, ...payload });
  const probes: Probe[] = [];
  const add = (label: string, event: unknown, issue?: Probe['issue']) =>
    probes.push({ label, event, openid, code: 'BAD_INPUT', issue });

  add('unknown property', ev({ unexpected: 'x' }), { path: [], codes: ['unrecognized_keys'] });
  add(
    'prototype keys',
    JSON.parse(
      `{"action":${JSON.stringify(a.action)},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`,
    ),
    { path: [], codes: ['unrecognized_keys'] },
  );
  add('deeply nested unknown property', ev({ nested: DEEP_OBJECT }), {
    path: [],
    codes: ['unrecognized_keys'],
  });
  add(
    `${HUGE_RECORD_KEYS} unknown properties`,
    ev(Object.fromEntries(Array.from({ length: HUGE_RECORD_KEYS }, (_, i) => [`unexpected${i}`, i]))),
    { path: [], codes: ['unrecognized_keys'] },
  );
  add('a 100 001-character property name', ev({ [HUGE_STRING]: 1 }), {
    path: [],
    codes: ['unrecognized_keys'],
  });
  add('array event', Object.assign(['x', 'y'], { action: a.action }));
  add('identity claims', ev(SPOOF('demo-presidium')), { path: [], codes: ['unrecognized_keys'] });

  const shape = shapeOf(a.def.input);
  const json = jsonSchemaOf(a.def);
  for (const [prop, schema] of Object.entries(shape ?? {})) {
    for (const [kind, value] of WRONG_TYPES) {
      if (schema.safeParse(value).success) continue;
      add(`${prop} = ${kind}`, ev({ [prop]: value }), { path: [prop] });
    }
    const propJson = json.properties?.[prop] ?? {};
    if (anyTypes(propJson).includes('object') || anyTypes(propJson).includes('array')) {
      const proto = anyTypes(propJson).includes('array') ? [PROTO_OBJECT()] : PROTO_OBJECT();
      if (!schema.safeParse(proto).success)
        add(`${prop} with prototype keys`, ev({ [prop]: proto }), { path: [prop] });
    }
  }
  for (const t of targets(json, [], [])) {
    if (t.path.length === 0) continue;
    const where = t.path.join('.');
    if (t.kind === 'string')
      add(`${where} = 100 001 characters`, ev(payloadAt(t.path, HUGE_STRING)), {
        path: t.path,
        exact: true,
        codes: ['too_big', 'invalid_format', 'invalid_value', 'invalid_union'],
      });
    if (t.kind === 'array')
      add(
        `${where} = ${HUGE_ARRAY_LENGTH} items`,
        ev(payloadAt(t.path, Array(HUGE_ARRAY_LENGTH).fill('x'))),
        {
          path: t.path,
          exact: true,
          codes: ['too_big', 'invalid_union'],
        },
      );
    if (t.kind === 'record') {
      const big = Object.fromEntries(Array.from({ length: HUGE_RECORD_KEYS }, (_, i) => [`k${i}`, []]));
      add(`${where} = ${HUGE_RECORD_KEYS} keys`, ev(payloadAt(t.path, big)), {
        path: t.path,
        exact: true,
        codes: ['too_big', 'custom'],
      });
    }
  }
  return probes;
}

function accessProbes(a: Act): Probe[] {
  const probes: Probe[] = [];
  const ev = (payload: Record<string, unknown> = {}) => ({ action: a.action, ...payload });
  if (a.def.audience === 'system') {
    for (const role of ROLES) {
      probes.push({ label: `${role} (WeChat user)`, event: ev(), openid: PERSONA[role], code: 'FORBIDDEN' });
      probes.push({
        label: `${role} (WeChat user) claiming to be the system`,
        event: ev({ ...SPOOF(''), userInfo: { openId: '', appId: '' } }),
        openid: PERSONA[role],
        code: 'FORBIDDEN',
      });
    }
    probes.push({
      label: 'a first-time WeChat user',
      event: ev(),
      openid: 'never-seen-before',
      code: 'FORBIDDEN',
    });
    return probes;
  }
  probes.push({ label: 'not signed in', event: ev(), code: 'NOT_SIGNED_IN' });
  for (const role of inside(a))
    probes.push({
      label: `not signed in, claiming to be ${role}`,
      event: ev(SPOOF(PERSONA[role])),
      code: 'NOT_SIGNED_IN',
    });
  const admitted = inside(a);
  // An action for residents whose input names its township (account.redeemInvite's code) cannot refuse
  // a person bound elsewhere before reading the input: they may be a resident of the township it names. There an empty payload is BAD_INPUT, and a well-formed one in the township where the persona
  // holds its role (金鼓乡; the county staff are 'county' everywhere) is refused with FORBIDDEN.
  const namesTownship = typeof a.def.township === 'function' && admitted.includes('resident');
  const wellFormed = namesTownship ? (sample(jsonSchemaOf(a.def), 'min', '', a) as object) : {};
  for (const role of outside(a)) {
    probes.push({
      label: role,
      event: ev(),
      openid: PERSONA[role],
      code: namesTownship && role !== 'resident' ? 'BAD_INPUT' : 'FORBIDDEN',
    });
    if (namesTownship)
      probes.push({
        label: `${role}, a well-formed payload in 金鼓乡`,
        event: { ...ev(wellFormed as Record<string, unknown>), townshipId: 'jingu' },
        openid: PERSONA[role],
        code: 'FORBIDDEN',
      });
    for (const as of admitted)
      probes.push({
        label: `${role} claiming to be ${as}`,
        event: ev({ ...SPOOF(PERSONA[as]), role: as }),
        openid: PERSONA[role],
        code: namesTownship && role !== 'resident' ? 'BAD_INPUT' : 'FORBIDDEN',
      });
  }
  if (outside(a).includes('resident'))
    probes.push({
      label: 'a first-time WeChat user',
      event: ev(),
      openid: 'never-seen-before',
      code: 'FORBIDDEN',
    });
  return probes;
}

function routingProbes(): Probe[] {
  const events: [string, unknown][] = [
    ['string event', 'whoami'],
    ['number event', 42],
    ['array event', ['whoami']],
    ['null event', null],
    ['undefined event', undefined],
    ['no action', {}],
    ['action = number', { action: 1 }],
    ['action = object', { action: { toString: 'x' } }],
    ['unknown action', { action: 'noSuchAction' }],
    ['action = __proto__', { action: '__proto__' }],
    ['action = constructor', { action: 'constructor' }],
    ['action = toString', { action: 'toString' }],
    ['action = hasOwnProperty', { action: 'hasOwnProperty' }],
  ];
  const callers: [string, string | undefined][] = [
    ['not signed in', undefined],
    ...ROLES.map((r): [string, string] => [r, PERSONA[r]]),
  ];
  return events.flatMap(([label, event]) =>
    callers.map(([who, openid]) => ({ label: `${label} (${who})`, event, openid, code: 'UNKNOWN_ACTION' })),
  );
}

// --- the suite --------------------------------------------------------------------------------------

let cloud: DemoCloud;
const writes: Write[] = [];
let fingerprintBefore = '';

function fingerprint(c: DemoCloud, ignored: ReadonlySet<string> = IGNORED_COLLECTIONS): string {
  const h = createHash('sha256');
  for (const name of c.store.collectionNames().sort()) {
    if (ignored.has(name)) continue;
    const entries = [...c.store.entries(name).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [id, e] of entries) h.update(`${name}/${id}:${JSON.stringify(e.doc)}\n`);
  }
  return h.digest('hex');
}

beforeAll(async () => {
  cloud = await demoCloud();
  fingerprintBefore = fingerprint(cloud);
  // Every write the store commits: the functions' (through the database engine) and the fixtures'.
  cloud.store.observe((changes) =>
    writes.push(...changes.map((c) => c.write).filter((w) => !IGNORED_COLLECTIONS.has(w.collection))),
  );
});
afterAll(() => cloud?.stop());

/** Runs probes concurrently; fails naming every probe that broke the contract and every write. */
async function expectContract(fn: string, def: ActionDef | null, probes: Probe[]): Promise<void> {
  writes.length = 0;
  const problems: string[] = [];
  // A few at a time: concurrent enough to be quick, few enough for the SDK's sockets.
  for (let i = 0; i < probes.length; i += 8)
    problems.push(...(await Promise.all(probes.slice(i, i + 8).map((p) => run(cloud, fn, def, p)))).flat());
  for (const w of writes) problems.push(`wrote ${w.collection}/${w.id}`);
  if (({} as Record<string, unknown>).polluted !== undefined) problems.push('Object.prototype was polluted');
  expect(problems).toEqual([]);
}

describe('the personas are who the tests think they are', () => {
  it.each(ROLES.map((r) => [r, PERSONA[r]]))('%s is %s', async (role, openid) => {
    const res = await cloud.call<{ role: string }>('account', { action: 'whoami' }, openid);
    expect(res).toMatchObject({ ok: true, data: { role } });
  });

  it('userInfo in the payload never changes who the caller is', async () => {
    const res = await cloud.call<{ role: string }>(
      'account',
      { action: 'whoami', userInfo: { openId: 'demo-presidium', appId: 'wx-local-app' } },
      'demo-villager',
    );
    expect(res).toMatchObject({ ok: true, data: { role: 'resident' } });
  });
});

describe('every action admits its audience only (deny by default), and a refusal writes nothing', () => {
  it.each(ACTIONS.map((a) => [a.id, a] as const))('%s', async (_id, a) => {
    await expectContract(a.fn, null, accessProbes(a));
  });
});

describe('every action answers hostile payloads with BAD_INPUT, never INTERNAL, and writes nothing', () => {
  it.each(ACTIONS.map((a) => [a.id, a] as const))('%s', async (_id, a) => {
    await expectContract(a.fn, a.def, hostileProbes(a));
  });
});

describe('every function answers events that name no action with UNKNOWN_ACTION', () => {
  it.each(FUNCTIONS.map((f) => f.name))('%s', async (fn) => {
    await expectContract(fn, null, routingProbes());
  });
});

describe('every input schema caps what a caller can send', () => {
  it('every action takes a strict object (unknown keys refused)', () => {
    const loose = ACTIONS.filter((a) => {
      const shape = shapeOf(a.def.input);
      const res = a.def.input.safeParse({ unexpected: 1 });
      return !shape || res.success || !res.error.issues.some((i) => i.code === 'unrecognized_keys');
    }).map((a) => a.id);
    expect(loose).toEqual([]);
  });

  it('every string has a max length, every array a max item count, every map a max key count', () => {
    const found = ACTIONS.flatMap((a) => uncapped(jsonSchemaOf(a.def), a.id, []));
    expect(found).toEqual([]);
  });
});

describe('after the whole battery', () => {
  it('the store is exactly as the demo township seeded it', () => {
    expect(fingerprint(cloud)).toBe(fingerprintBefore);
  });
});

// --- well-formed but odd payloads reach the actions themselves -------------------------------------

type Mode = 'min' | 'max' | 'odd' | 'demo';

/** Strings a form could send that code tends to trip on: surrogates, controls, markup, operators. */
const ODD_TEXT = '😀\u0000\u202e<script>$where{"$gt":""}\n\t\\%_ '.repeat(8);

/** Values of the demo township, used for fields of these names when the field's schema admits them. */
const DEMO_VALUES: Record<string, unknown> = {
  stationCode: 'JG01',
  code: 'JG01',
  villageCode: 'jingu',
  categoryCode: 'road',
  opinionCategory: 'road',
  deputyId: 'd01',
  deputyIds: ['d01'],
  villageCodes: ['jingu'],
  categories: ['road'],
  date: '2026-12-01',
  startsOn: '2026-12-01',
  endsOn: '2026-12-31',
  start: '09:00',
  end: '11:00',
  phone: '13800138000',
  name: '张三',
  text: '村口的路灯坏了，晚上看不见路。',
};

/**
 * A record of the demo township (with its demo activity) for a field naming one, so that `demo`
 * payloads reach past "not found" into the actions' rules.
 */
function demoRecordId(a: Act, field: string): string | undefined {
  const collection =
    {
      opinionId: 'opinions',
      sourceId: 'opinions',
      targetId: 'opinions',
      bookingId: 'bookings',
      dayId: 'receptionDays',
      articleId: 'articles',
      departmentId: 'departments',
    }[field] ??
    (field !== 'id'
      ? undefined
      : a.fn === 'admin'
        ? ({ upsertDepartment: 'departments', upsertDeputy: 'deputies' }[a.action] ?? 'opinions')
        : a.fn === 'duty'
          ? /Notice$/.test(a.action)
            ? 'disclosureNotices'
            : 'dutyRecords'
          : undefined);
  if (!collection) return undefined;
  // 金鼓乡's records (the demo county's first township), by the key the functions take: a keyed
  // collection stores `<township>:<key>` (server/db/collections.ts).
  const ids = [...cloud.store.entries(collection).entries()]
    .filter(([, e]) => (e.doc as { townshipId?: unknown } | null)?.townshipId === JINGU)
    .map(([id]) => (id.startsWith(`${JINGU}:`) ? id.slice(JINGU.length + 1) : id));
  return field === 'targetId' ? ids[1] : ids[0];
}

let requestSeq = 0;

/** The township whose records the `demo` payloads name. */
const JINGU = 'jingu';

const YMD_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** A string matching `pattern` (the subset of regex syntax the schemas use): shortest, longest or middling. */
function fromPattern(pattern: string, mode: Mode): string {
  let i = 0;
  const src = pattern;
  const pick = (chars: string[]): string =>
    mode === 'min'
      ? chars[0]
      : mode === 'max'
        ? chars[chars.length - 1]
        : chars[Math.floor(chars.length / 2)];
  const escape = (c: string): string[] =>
    c === 'd' ? [...'0123456789'] : c === 's' ? [' '] : c === 'w' ? [...'a_Z9'] : [c];
  function atom(): () => string {
    const c = src[i++];
    if (c === '\\') {
      const chars = escape(src[i++]);
      return () => pick(chars);
    }
    if (c === '[') {
      const chars: string[] = [];
      while (src[i] !== ']') {
        let ch = src[i++];
        if (ch === '\\') {
          chars.push(...escape(src[i++]));
          continue;
        }
        if (src[i] === '-' && src[i + 1] !== ']') {
          const to = src[i + 1];
          i += 2;
          for (let k = ch.charCodeAt(0); k <= to.charCodeAt(0); k++) chars.push(String.fromCharCode(k));
          continue;
        }
        chars.push(ch);
        ch = '';
      }
      i++;
      return () => pick(chars);
    }
    if (c === '(') {
      const alts: (() => string)[] = [];
      alts.push(sequence());
      while (src[i] === '|') {
        i++;
        alts.push(sequence());
      }
      i++; // ')'
      return () => (mode === 'min' ? alts[0] : alts[alts.length - 1])();
    }
    return () => c;
  }
  function sequence(): () => string {
    const parts: (() => string)[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      if (src[i] === '^' || src[i] === '$') {
        i++;
        continue;
      }
      const a = atom();
      let lo = 1;
      let hi = 1;
      const q = /^(\{(\d+)(,(\d*))?\}|\?|\*|\+)/.exec(src.slice(i));
      if (q) {
        i += q[0].length;
        if (q[0] === '?') [lo, hi] = [0, 1];
        else if (q[0] === '*') [lo, hi] = [0, 3];
        else if (q[0] === '+') [lo, hi] = [1, 3];
        else [lo, hi] = [Number(q[2]), q[3] ? (q[4] ? Number(q[4]) : lo + 3) : Number(q[2])];
      }
      const n = mode === 'min' ? lo : mode === 'max' ? hi : Math.ceil((lo + hi) / 2);
      parts.push(() => Array.from({ length: n }, a).join(''));
    }
    return () => parts.map((p) => p()).join('');
  }
  const out = sequence()();
  return new RegExp(pattern).test(out) ? out : '';
}

function sample(s: JsonSchema, mode: Mode, name: string, a: Act): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return mode === 'max' ? s.enum[s.enum.length - 1] : s.enum[0];
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const nonNull = alts.filter((a) => a.type !== 'null');
    if (mode === 'min' && nonNull.length < alts.length) return null;
    return sample(nonNull[0] ?? alts[0], mode, name, a);
  }
  const demo = (mode === 'demo' && demoRecordId(a, name)) || DEMO_VALUES[name];
  const type = typesOf(s)[0];
  switch (type) {
    case 'string': {
      // Each call its own request: a retry is tested on purpose, not by accident.
      if (name === 'requestId') return `contract-${mode}-${++requestSeq}`;
      if (mode === 'demo' && typeof demo === 'string') {
        const fits =
          (!s.pattern || new RegExp(s.pattern).test(demo)) && demo.length <= (s.maxLength ?? Infinity);
        if (fits) return demo;
      }
      // A calendar day (server/schemas.ts ymdSchema): the first and last real day the product takes.
      if (s.pattern === YMD_PATTERN)
        return mode === 'min' ? FIRST_DAY : mode === 'max' ? LAST_DAY : '2028-02-29';
      if (s.pattern) return fromPattern(s.pattern, mode);
      const min = (s as { minLength?: number }).minLength ?? 0;
      const max = s.maxLength ?? 200;
      const length = mode === 'min' ? min : mode === 'max' ? max : Math.min(max, Math.max(min, 40));
      const fill = mode === 'odd' ? ODD_TEXT : mode === 'demo' ? '群众反映的情况' : '字';
      return fill.repeat(Math.ceil(length / fill.length) + 1).slice(0, length);
    }
    case 'number':
    case 'integer': {
      const { minimum, maximum } = s as { minimum?: number; maximum?: number };
      const lo = minimum ?? (maximum !== undefined ? Math.min(0, maximum) : 0);
      const hi = maximum ?? Math.max(lo, 1_000_000);
      return mode === 'min' ? lo : mode === 'max' ? hi : Math.floor((lo + hi) / 2);
    }
    case 'boolean':
      return mode !== 'min';
    case 'null':
      return null;
    case 'array': {
      if (mode === 'demo' && Array.isArray(demo)) return demo;
      const min = (s as { minItems?: number }).minItems ?? 0;
      const max = Math.min(s.maxItems ?? 3, 200);
      const n = mode === 'min' ? min : mode === 'max' ? max : Math.min(max, Math.max(min, 2));
      return Array.from({ length: n }, () => (s.items ? sample(s.items, mode, name, a) : 'x'));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set((s as { required?: string[] }).required ?? []);
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (mode === 'min' && !required.has(k)) continue;
        out[k] = sample(v, mode, k, a);
      }
      return out;
    }
    default:
      return mode === 'min' ? null : 'x';
  }
}

/** A retry of a request that went through answers the same and changes nothing (idempotent actions). */
async function retried(
  a: Act,
  payload: Record<string, unknown>,
  openid: string | undefined,
  first: Envelope,
  mode: Mode,
): Promise<string[]> {
  const before = fingerprint(cloud);
  const again = await cloud.invoke<Envelope>(a.fn, { action: a.action, ...payload }, { openid });
  const problems: string[] = [];
  if (JSON.stringify(again) !== JSON.stringify(first))
    problems.push(`${mode}: a retry answered ${JSON.stringify(again).slice(0, 200)}`);
  if (fingerprint(cloud) !== before) problems.push(`${mode}: a retry changed the store`);
  return problems;
}

describe('well-formed but odd payloads never crash an action, and a refused one writes nothing', () => {
  // Opinions in several states, a booking, duty records and a notice, made through the functions.
  beforeAll(async () => {
    const failures = await seedDemoActivity(
      (fn, event, options) => cloud.invoke(fn, event, options),
      new Date(),
    );
    expect(failures).toEqual([]);
  });
  const MODES: Mode[] = ['min', 'max', 'odd', 'demo'];
  const table = ACTIONS.flatMap((a) =>
    (a.def.audience === 'system' ? [undefined] : inside(a)).map(
      (role) => [a.id, role ?? 'system', a] as const,
    ),
  );
  it.each(table)('%s as %s', async (_id, role, a) => {
    const openid = role === 'system' ? undefined : PERSONA[role as Role];
    const problems: string[] = [];
    for (const mode of MODES) {
      const payload = sample(jsonSchemaOf(a.def), mode, '', a) as Record<string, unknown>;
      if (!a.def.input.safeParse(payload).success) {
        problems.push(
          `${mode}: the generated payload does not fit the schema (teach sample() the new construct)`,
        );
        continue;
      }
      const before = fingerprint(cloud, IGNORED_COLLECTIONS);
      let res: Envelope;
      try {
        res = await cloud.invoke<Envelope>(a.fn, { action: a.action, ...payload }, { openid });
      } catch (err) {
        problems.push(`${mode}: threw ${(err as Error)?.message}`);
        continue;
      }
      if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean') {
        problems.push(`${mode}: answered ${JSON.stringify(res)?.slice(0, 200)}`);
        continue;
      }
      if (res.ok) {
        if (a.def.idempotent) problems.push(...(await retried(a, payload, openid, res, mode)));
        continue;
      }
      const { code, message } = res.error;
      if (code === 'INTERNAL')
        problems.push(`${mode}: INTERNAL for ${JSON.stringify(payload).slice(0, 300)}`);
      if (message !== ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES] || !/[\u4e00-\u9fa5]/.test(message))
        problems.push(`${mode}: ${code} with message ${JSON.stringify(message)}`);
      if (fingerprint(cloud, IGNORED_COLLECTIONS) !== before)
        problems.push(`${mode}: refused with ${code} but changed the store`);
    }
    expect(problems).toEqual([]);
  });
});

// --- repeated taps: every action fired at once at one record -----------------------------------------

/** How many identical calls land at once: a villager tapping a slow button again and again. */
const CONCURRENT_TAPS = 12;

/** Every answer that was INTERNAL across the concurrent battery (reported in the issue note). */
const internals: string[] = [];

describe('every action fired concurrently at one record answers a stable code, never INTERNAL', () => {
  const table = ACTIONS.flatMap((a) =>
    (a.def.audience === 'system' ? [undefined] : inside(a).slice(0, 1)).map(
      (role) => [a.id, role ?? 'system', a] as const,
    ),
  );
  it.each(table)('%s as %s', async (_id, role, a) => {
    const openid = role === 'system' ? undefined : PERSONA[role as Role];
    const problems: string[] = [];
    const payload = sample(jsonSchemaOf(a.def), 'demo', '', a) as Record<string, unknown>;
    // The same request tapped again and again, and (for idempotent actions) as many distinct requests.
    const rounds: Record<string, unknown>[][] = [Array(CONCURRENT_TAPS).fill(payload)];
    if (a.def.idempotent)
      rounds.push(
        Array.from({ length: CONCURRENT_TAPS }, (_, i) => ({
          ...payload,
          requestId: `taps-${i}-${++requestSeq}`,
        })),
      );
    for (const [r, round] of rounds.entries()) {
      const answers = await Promise.all(
        round.map((p) =>
          cloud
            .invoke<Envelope>(a.fn, { action: a.action, ...p }, { openid })
            .catch(
              (err: unknown) => ({ thrown: (err as Error)?.message ?? String(err) }) as unknown as Envelope,
            ),
        ),
      );
      for (const res of answers) {
        if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean') {
          problems.push(`round ${r}: answered ${JSON.stringify(res)?.slice(0, 200)}`);
          continue;
        }
        if (res.ok) continue;
        if (res.error.code === 'INTERNAL') {
          internals.push(a.id);
          problems.push(`round ${r}: INTERNAL`);
        } else if (res.error.message !== ERROR_MESSAGES[res.error.code as keyof typeof ERROR_MESSAGES])
          problems.push(`round ${r}: ${res.error.code} with message ${JSON.stringify(res.error.message)}`);
      }
      if (a.def.idempotent && r === 0) {
        const first = JSON.stringify(answers[0]);
        const differ = answers.filter(
          (x) =>
            JSON.stringify(x) !== first &&
            !(x && !x.ok && ['IN_PROGRESS', 'CONFLICT'].includes(x.error.code)),
        );
        if (differ.length) problems.push(`one request id answered ${differ.length} different answers`);
      }
    }
    expect(problems).toEqual([]);
  });

  afterAll(() => {
    console.log(
      `concurrent battery: ${table.length} actions × ${CONCURRENT_TAPS} taps, INTERNAL ${internals.length}`,
    );
  });
});

// --- one scope rule: another station's admin is refused by every scoped action ---------------------

/** A station admin bound to a station no record belongs to: every real station is another station. */
const ELSEWHERE_ADMIN = 'contract-admin-elsewhere';

describe('every action a station admin may call declares its scope, and the pipeline checks it', () => {
  const forAdmins = ACTIONS.filter((a) => a.def.audience !== 'system' && inside(a).includes('stationAdmin'));
  const explicit = forAdmins.filter((a) => a.def.audience !== 'anyone');
  const scoped = forAdmins.filter((a) => typeof a.def.scope === 'function');

  beforeAll(() => {
    cloud.store.commit([
      {
        collection: 'users',
        id: ELSEWHERE_ADMIN,
        doc: {
          _id: ELSEWHERE_ADMIN,
          openid: ELSEWHERE_ADMIN,
          role: 'stationAdmin',
          stationCode: 'ZZ99',
          boundAt: new Date(),
        },
      },
    ]);
  });

  it('every action that names station admins in its audience declares what its input touches', () => {
    expect(explicit.filter((a) => a.def.scope === undefined).map((a) => a.id)).toEqual([]);
    expect(scoped.length).toBeGreaterThan(10);
  });

  it.each(scoped.map((a) => [a.id, a] as const))(
    '%s: another station’s admin is refused with NOT_YOUR_STATION and nothing is written',
    async (_id, a) => {
      const payload = sample(jsonSchemaOf(a.def), 'demo', '', a) as Record<string, unknown>;
      const before = fingerprint(cloud);
      const res = await cloud.invoke<Envelope>(
        a.fn,
        { action: a.action, ...payload },
        { openid: ELSEWHERE_ADMIN },
      );
      expect(res).toMatchObject({ ok: false, error: { code: 'NOT_YOUR_STATION' } });
      expect(fingerprint(cloud)).toBe(before);
      // The same payload from the presidium passes the scope check (whatever the action then decides).
      const presidium = await cloud.invoke<Envelope>(
        a.fn,
        {
          action: a.action,
          ...payload,
          ...(payload.requestId ? { requestId: `scope-${++requestSeq}` } : {}),
        },
        { openid: PERSONA.presidium },
      );
      expect(presidium.ok ? 'ok' : presidium.error.code).not.toBe('NOT_YOUR_STATION');
    },
  );
});

// --- townships as tenants: no action reads or writes another township -------------------------------

/** 青山镇's station admin (QS01) and department staff member (agri): fixtures, bound in 青山镇 only. */
const QS_STATION_ADMIN = 'contract-qs-station-admin';
const QS_DEPARTMENT = 'contract-qs-department';

/** Who calls as 青山镇's, by role: its own staff, the county's staff, and a villager (a resident anywhere). */
const QINGSHAN_CALLER: Record<Role, string> = {
  resident: PERSONA.resident,
  deputy: PERSONAS.deputyQs,
  stationAdmin: QS_STATION_ADMIN,
  presidium: PERSONAS.presidiumQs,
  department: QS_DEPARTMENT,
  county: PERSONAS.county,
};

/**
 * Actions whose township is not the one the event names, by design (server/pipeline.ts
 * ActionDef.township): the input names it (a scanned station code, an invite code — the call then runs
 * in that township, as its resident), the county itself (its calendar, whose holidays move every
 * township's reception days), or across townships (the county's overview, the list of townships).
 * They are still called below; only the check that their answer and writes stay in 青山镇 is left out.
 */
const TOWNSHIP_NOT_FROM_EVENT = [
  'account.bootstrapCounty',
  'account.redeemInvite',
  'admin.removeHoliday',
  'admin.upsertHolidays',
  'county.addTownship',
  'county.inviteStaff',
  'county.townships',
  'figures.publicCard',
  'scheduler.runDue',
  'station.get',
  'station.townships',
];

/** Every document of 金鼓乡 in every collection, as `collection/id` → its JSON. */
function jinguDocs(c: DemoCloud): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of c.store.collectionNames())
    for (const [id, e] of c.store.entries(name))
      if ((e.doc as { townshipId?: unknown } | null)?.townshipId === JINGU)
        out.set(`${name}/${id}`, JSON.stringify(e.doc));
  return out;
}

/** What changed between two snapshots: documents changed, added or removed. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/**
 * Every other tenant's records (青山镇's, and the county's own: its staff, its articles), as one text.
 * Not the shared collections (outbox, idempotency …): those keep what each township's calls answered.
 */
function textOutsideJingu(c: DemoCloud): string {
  const parts: string[] = [];
  for (const name of c.store.collectionNames())
    for (const e of c.store.entries(name).values()) {
      const t = (e.doc as { townshipId?: unknown } | null)?.townshipId;
      if (typeof t === 'string' && t !== JINGU) parts.push(JSON.stringify(e.doc));
    }
  return parts.join('\n');
}

/** 金鼓乡's deputies 李秀英 (d02) and 张明 (d03) and its first station, as the demo seeds them. */
const JINGU_SEEDED = ['李秀英', '张明', '金鼓乡人大代表之家'];

/** Texts of 金鼓乡's records a person in another township must never be shown. */
function jinguTexts(c: DemoCloud): string[] {
  const fields: Record<string, string[]> = {
    deputies: ['name', 'phone'],
    stations: ['name', 'address'],
    villages: ['name'],
    opinions: ['text'],
    articles: ['title'],
  };
  const out = new Set<string>();
  for (const [collection, names] of Object.entries(fields))
    for (const e of c.store.entries(collection).values()) {
      const doc = e.doc as Record<string, unknown> | null;
      if (doc?.townshipId !== JINGU) continue;
      for (const f of names) if (typeof doc[f] === 'string' && doc[f].length >= 2) out.add(doc[f]);
    }
  return [...out];
}

describe('no action reads or writes another township', () => {
  const table = ACTIONS.flatMap((a) =>
    (a.def.audience === 'system' ? ROLES : inside(a)).map((role) => [a.id, role, a] as const),
  );
  let forbidden: string[] = [];

  beforeAll(async () => {
    // 金鼓乡's activity (opinions, a booking, duty records, a notice), unless the battery above made it.
    const jinguOpinions = [...cloud.store.entries('opinions').values()].filter(
      (e) => (e.doc as { townshipId?: unknown } | null)?.townshipId === JINGU,
    );
    if (jinguOpinions.length === 0)
      expect(
        await seedDemoActivity((fn, event, options) => cloud.invoke(fn, event, options), new Date()),
      ).toEqual([]);
    const bound = (openid: string, fields: Record<string, unknown>): Write => {
      const id = `qingshan:${openid}`;
      return {
        collection: 'users',
        id,
        doc: { _id: id, openid, townshipId: 'qingshan', boundAt: new Date(), ...fields },
      };
    };
    cloud.store.commit([
      bound(QS_STATION_ADMIN, { role: 'stationAdmin', stationCode: 'QS01', name: '青山站联络员' }),
      bound(QS_DEPARTMENT, { role: 'department', departmentId: 'agri', name: '青山农业中心' }),
    ]);
    // The seed's names, whatever the batteries above renamed since; and what 金鼓乡 holds now.
    forbidden = [...new Set([...JINGU_SEEDED, ...jinguTexts(cloud)])];
  });

  it('knows what only 金鼓乡 has: its deputies, its stations, its opinions', () => {
    const outside = textOutsideJingu(cloud);
    const only = forbidden.filter((t) => !outside.includes(t));
    for (const t of JINGU_SEEDED) expect(only).toContain(t);
    const texts = [...cloud.store.entries('opinions').values()].filter(
      (e) => (e.doc as { townshipId?: unknown } | null)?.townshipId === JINGU,
    );
    expect(texts.length).toBeGreaterThan(3);
  });

  it('the actions whose township is not the event’s are the known ones', () => {
    const found = ACTIONS.filter(
      // 'optional' runs in the event's township whenever the event names one.
      (a) =>
        a.def.township !== undefined &&
        a.def.township !== 'optional' &&
        (a.def.audience !== 'system' || a.def.township === 'across'),
    ).map((a) => a.id);
    expect(found.sort()).toEqual(
      TOWNSHIP_NOT_FROM_EVENT.filter((id) => ACTIONS.some((a) => a.id === id && a.def.audience !== 'system'))
        .concat(TOWNSHIP_NOT_FROM_EVENT.filter((id) => id === 'scheduler.runDue'))
        .sort(),
    );
  });

  /**
   * Calls `a` as `openid` with the event naming `townshipId` and a payload naming 金鼓乡's records (the
   * `demo` sample: station JG01, deputy d02, a 金鼓乡 opinion, reception day, booking, article, notice …).
   * Answers what went wrong: a 金鼓乡 document changed, or 金鼓乡's data in the answer.
   */
  async function crossCall(a: Act, openid: string, townshipId: string): Promise<string[]> {
    const sampled = sample(jsonSchemaOf(a.def), 'demo', '', a) as Record<string, unknown>;
    const payload: Record<string, unknown> = { ...sampled };
    if ('deputyId' in payload) payload.deputyId = 'd02';
    if ('deputyIds' in payload) payload.deputyIds = ['d02'];
    const before = jinguDocs(cloud);
    let res: Envelope;
    try {
      res = await cloud.invoke<Envelope>(a.fn, { action: a.action, ...payload, townshipId }, { openid });
    } catch (err) {
      return [`${openid}: threw ${(err as Error)?.message}`];
    }
    const problems: string[] = [];
    if (res?.ok === false && res.error.code === 'INTERNAL') problems.push(`${openid}: INTERNAL`);
    if (TOWNSHIP_NOT_FROM_EVENT.includes(a.id)) return problems;
    for (const k of changed(before, jinguDocs(cloud))) problems.push(`${openid}: changed 金鼓乡's ${k}`);
    const answer = JSON.stringify(res) ?? '';
    const sent = JSON.stringify(payload);
    const outside = textOutsideJingu(cloud);
    for (const t of forbidden)
      if (answer.includes(t) && !sent.includes(t) && !outside.includes(t))
        problems.push(`${openid}: answered 金鼓乡's "${t.slice(0, 40)}"`);
    return problems;
  }

  it.each(table)('%s as 青山镇’s %s', async (_id, role, a) => {
    expect(await crossCall(a, QINGSHAN_CALLER[role], 'qingshan')).toEqual([]);
  });

  // The mirror: 金鼓乡's presidium, in 青山镇, is a resident there.
  const mirror = ACTIONS.filter((a) => a.def.audience !== 'system' && inside(a).includes('presidium'));
  it.each(mirror.map((a) => [a.id, a] as const))(
    '%s: 金鼓乡’s presidium in 青山镇 is refused, or reads only 青山镇',
    async (_id, a) => {
      const problems = await crossCall(a, PERSONA.presidium, 'qingshan');
      if (!inside(a).includes('resident') && !TOWNSHIP_NOT_FROM_EVENT.includes(a.id)) {
        const res = await cloud.invoke<Envelope>(
          a.fn,
          {
            action: a.action,
            ...(sample(jsonSchemaOf(a.def), 'demo', '', a) as object),
            townshipId: 'qingshan',
          },
          { openid: PERSONA.presidium },
        );
        expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      expect(problems).toEqual([]);
    },
  );
});
