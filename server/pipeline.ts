/**
 * The request pipeline every cloud function shares. A call is `{ action, ...payload }`; the answer is
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. For each call it:
 *   1. finds the action (unknown → UNKNOWN_ACTION),
 *   2. takes the caller from the WeChat context, never from the payload (no openid → NOT_SIGNED_IN),
 *   3. validates the payload with the action's zod schema (→ BAD_INPUT with the fields at fault),
 *   4. decides the township the call runs in (server/tenancy.ts; `townshipOf` below) and loads the
 *      caller's role there — their binding in that township, or resident — refusing roles the action
 *      does not admit (deny by default),
 *   5. checks the station (or deputy) the input touches against the caller (one rule:
 *      core/identity/scope.rules.ts → NOT_YOUR_STATION),
 *   6. runs the action inside that township — every database call is narrowed to it — and once per
 *      client request id when the action is idempotent,
 *   7. turns every failure into the envelope: nothing escapes a function as an exception; a write
 *      conflict still lost after its transaction's bounded retries answers CONFLICT.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { messageFor, type ErrorCode } from '../core/errors/error.codes';
import { admits, type Audience, type Role } from '../core/identity/role.rules';
import { checkScope, type ScopeTarget } from '../core/identity/scope.rules';
import { callSource, callerOpenid, TRIGGER_SOURCE } from './cloud';
import { now as clockNow } from './clock';
import { isWriteConflict } from './db/collection';
import { AppError } from './errors';
import { runOnce } from './idempotency';
import { bindingsOf, type UserRecord } from './identity/users.repo';
import { listTownshipIds, townshipExists } from './identity/townships.repo';
import { acrossTownships, COUNTY, TOWNSHIP_ID_PATTERN, TownshipRequired, withTownship } from './tenancy';

/**
 * zod speaks Chinese (its messages for the fields at fault), set once before the first schema is built:
 * not at load, so that a cold start that has not yet validated anything has not loaded zod either
 * (scripts/build.mjs loads zod on its first use).
 */
let zodConfigured = false;
function configureZod(): void {
  if (zodConfigured) return;
  z.config(z.locales.zhCN());
  zodConfigured = true;
}

export type Envelope<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export interface Caller {
  openid: string;
  /** The caller's role in the township the call runs in (resident where they are bound to nothing). */
  role: Role;
  /** Their binding there (a county staff member's county binding, in any township). */
  user: UserRecord | null;
  /** The township the call runs in (server/tenancy.ts); null for an action run across townships. */
  townshipId: string | null;
  /** Every township the caller is bound in, with the role there. */
  bindings: { townshipId: string; role: Role }[];
}

export interface ActionContext {
  caller: Caller;
  now: Date;
  /** `area.action`, for logs and idempotency keys. */
  name: string;
  /**
   * For an `idempotent` action: the client request's key (caller, township, action, request id), the
   * same for every retry. A `keysItsRecord` action derives its record's id from it.
   */
  requestKey?: string;
}

/**
 * Who may call: roles (deny by default), `anyone` signed in to WeChat, or `system`: only trusted
 * invocations without a WeChat user. Trusted means the platform's timer trigger started the run
 * (context SOURCE 'wx_trigger'), or the event carries `systemToken` equal to the function's
 * SYSTEM_TOKEN variable (16+ characters; the console or the CLI). A call that merely has no openid
 * (web SDK, anonymous login, HTTP access, another account) is refused.
 */
export type ActionAudience = Audience | 'system';

/** The shortest SYSTEM_TOKEN accepted: a shorter (or unset) one admits no console call. */
export const SYSTEM_TOKEN_MIN_CHARS = 16;

export interface ActionDef<S extends z.ZodType = z.ZodType, R = unknown> {
  summary: string;
  audience: ActionAudience;
  input: S;
  /**
   * Which township the call runs in (server/tenancy.ts). By default: the township the mini-program says
   * it is showing (`townshipId` beside `action`; county staff may name COUNTY, 'county', to work in the
   * county itself), else the caller's only binding, else the county's only township; none of these →
   * TOWNSHIP_REQUIRED. A function here answers the township the input itself
   * names (a station code scanned from a QR code belongs to one township), which wins; when it names
   * none (an unknown code) and nothing else decides, the action runs across townships and answers that
   * the code is not found. `'optional'`: in the township when one is known, else across townships (who
   * the caller is, before they chose). `'across'` runs the action outside any township: reads see every
   * township and writes to township collections fail — the county's overview, the scheduler.
   */
  township?: 'across' | 'optional' | ((input: z.infer<S>) => Promise<string | null>);
  /**
   * County staff may run it in the county itself (`townshipId: 'county'`), besides the actions whose
   * audience names their role: a read everyone makes that the county's own pages make there too.
   */
  inCounty?: true;
  /** Requires `requestId` in the payload; a retry with the same id answers the first result. */
  idempotent?: boolean;
  /**
   * With `idempotent`: the action is idempotent by its own record, whose id it derives from
   * `ctx.requestKey` — a retry finds that record and answers from it — so the pipeline claims no
   * request id (two writes fewer: server/idempotency.ts is for the actions without such a record).
   */
  keysItsRecord?: true;
  /**
   * `system` actions that check a secret of their own in the payload (the one-time bootstrap token)
   * instead of the trigger or SYSTEM_TOKEN.
   */
  ownSecret?: boolean;
  /**
   * What the input touches, for the one scope rule (core/identity/scope.rules.ts), checked before
   * `run`. Every action a station admin may call declares it: a function answering the station (and
   * deputy) the input names — read from the store where the input names a record; `null` when there
   * is no such record, which `run` then refuses as not found — or `'caller'` for actions on the
   * caller's own things only (their booking, their account).
   */
  scope?:
    'caller' | ((input: z.infer<S>, ctx: ActionContext) => ScopeTarget | null | Promise<ScopeTarget | null>);
  run(ctx: ActionContext, input: z.infer<S>): Promise<R>;
}

/**
 * An action as written in a function's table: `input` may be a function building the schema, called on
 * the action's first use (a cold start builds no schema but the one its call needs).
 */
export type ActionSpec<S extends z.ZodType = z.ZodType, R = unknown> = Omit<ActionDef<S, R>, 'input'> & {
  input: S | (() => S);
};

/**
 * The action as the pipeline and the tools (docs/API.md, the contract tests) see it: `input` is the
 * schema, built on first read and kept.
 */
export function action<S extends z.ZodType, R>(spec: ActionSpec<S, R>): ActionDef<S, R> {
  const { input, ...rest } = spec;
  let built: S | undefined = typeof input === 'function' ? undefined : input;
  return Object.defineProperty(rest, 'input', {
    enumerable: true,
    get(): S {
      configureZod();
      if (built === undefined) built = (input as () => S)();
      return built;
    },
  }) as ActionDef<S, R>;
}

/** The client request id that makes a submission idempotent (a new schema each call: built on use). */
export const requestIdField = () => z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');

export interface CloudFunction {
  name: string;
  actions: Record<string, ActionDef>;
  main(event: unknown, context?: unknown): Promise<Envelope>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineFunction(name: string, actions: Record<string, ActionDef<any, any>>): CloudFunction {
  return {
    name,
    actions,
    main: (event: unknown) => handle(name, actions, event),
  };
}

export function errorEnvelope(code: ErrorCode, details?: unknown): Envelope<never> {
  return {
    ok: false,
    error:
      details === undefined
        ? { code, message: messageFor(code) }
        : { code, message: messageFor(code), details },
  };
}

async function handle(area: string, actions: Record<string, ActionDef>, event: unknown): Promise<Envelope> {
  const name = `${area}.${actionName(event) ?? '?'}`;
  try {
    const actionKey = actionName(event);
    const def =
      actionKey !== undefined && Object.prototype.hasOwnProperty.call(actions, actionKey)
        ? actions[actionKey]
        : undefined;
    if (!def) return errorEnvelope('UNKNOWN_ACTION');

    const who = await identify(def, event);
    const parsed = def.input.safeParse(payloadOf(event));
    if (!parsed.success) return errorEnvelope('BAD_INPUT', describeIssues(parsed.error));
    const input = parsed.data as { requestId?: string };
    const caller = await placeCaller(def, who, event, input);

    const ctx: ActionContext = { caller, now: clockNow(), name };
    const execute = async () => {
      await checkInScope(def, ctx, input);
      if (!def.idempotent) return await def.run(ctx, input);
      const requestKey = `${caller.openid || 'system'}:${caller.townshipId ?? '-'}:${name}:${input.requestId}`;
      return def.keysItsRecord
        ? await def.run({ ...ctx, requestKey }, input)
        : await runOnce(requestKey, ctx.now, () => def.run(ctx, input));
    };
    const data =
      caller.townshipId === null
        ? await acrossTownships(execute)
        : await withTownship(caller.townshipId, execute);
    return { ok: true, data: data ?? null };
  } catch (err) {
    if (err instanceof AppError) return errorEnvelope(err.code, err.details);
    // A write that lost to concurrent ones more often than its retries allow: a clear answer, not INTERNAL.
    if (isWriteConflict(err)) return errorEnvelope('CONFLICT');
    // A township record touched where no township was chosen: the mini-program must say which.
    if (err instanceof TownshipRequired) return errorEnvelope('TOWNSHIP_REQUIRED');
    console.error(`[${name}] unexpected error`, err);
    return errorEnvelope('INTERNAL');
  }
}

interface Identified {
  openid: string;
  /** The caller's bindings in every township (none for a system call). */
  bound: UserRecord[];
}

/**
 * Who calls, before the payload is read: a trusted system call, or a WeChat user with their bindings.
 * A user none of whose roles (resident, or what they are bound as anywhere) the action admits is
 * refused here, so an unauthorised caller learns nothing of the payload's shape.
 */
async function identify(def: ActionDef, event: unknown): Promise<Identified> {
  const { audience } = def;
  const openid = callerOpenid();
  if (audience === 'system') {
    if (openid) throw new AppError('FORBIDDEN');
    if (!def.ownSecret && callSource() !== TRIGGER_SOURCE && !systemTokenMatches(event))
      throw new AppError('FORBIDDEN');
    return { openid: '', bound: [] };
  }
  if (!openid) throw new AppError('NOT_SIGNED_IN');
  const bound = await acrossTownships(() => bindingsOf(openid));
  // A person is a resident wherever they are bound to nothing: with no binding, or in a township the
  // call names that is not one of theirs (the township a function reads from the input is checked in
  // placeCaller, with the role there).
  const requested = (event as { townshipId?: unknown }).townshipId;
  const residentSomewhere =
    bound.length === 0 ||
    typeof def.township === 'function' ||
    (typeof requested === 'string' &&
      !bound.some((b) => b.townshipId === requested || b.townshipId === COUNTY));
  const roles: Role[] = [...(residentSomewhere ? (['resident'] as const) : []), ...bound.map((b) => b.role)];
  if (!roles.some((r) => admits(audience, r))) throw new AppError('FORBIDDEN');
  return { openid, bound };
}

/**
 * The caller in the township the call runs in: county staff are the county's in every township; anyone
 * else is who their binding there says, or a resident.
 */
async function placeCaller(def: ActionDef, who: Identified, event: unknown, input: unknown): Promise<Caller> {
  const { openid, bound } = who;
  const bindings = bound.map((b) => ({ townshipId: b.townshipId, role: b.role }));
  const townshipId = def.township === 'across' ? null : await chooseTownship(def, event, input, bindings);
  if (def.audience === 'system') return { openid, role: 'presidium', user: null, townshipId, bindings };
  const county = bound.find((b) => b.townshipId === COUNTY) ?? null;
  const here =
    townshipId === null
      ? bound.length === 1
        ? bound[0]
        : null
      : (bound.find((b) => b.townshipId === townshipId) ?? null);
  const user = county ?? here;
  const role: Role = user?.role ?? 'resident';
  if (!admits(def.audience, role)) throw new AppError('FORBIDDEN');
  return { openid, role, user, townshipId, bindings };
}

/** The township a call runs in (see ActionDef.township). */
async function chooseTownship(
  def: ActionDef,
  event: unknown,
  input: unknown,
  bindings: { townshipId: string }[],
): Promise<string | null> {
  if (typeof def.township === 'function') {
    const named = await acrossTownships(() =>
      (def.township as (i: unknown) => Promise<string | null>)(input),
    );
    if (named !== null) return named;
  }
  const requested = (event as { townshipId?: unknown }).townshipId;
  // County staff work in the county itself (what it publishes to every township) by naming it, in the
  // actions that name their role: nobody else's records are written there.
  if (requested === COUNTY) {
    const countyStaff = bindings.some((b) => b.townshipId === COUNTY);
    const forCounty = def.inCounty || (Array.isArray(def.audience) && def.audience.includes('county'));
    if (countyStaff && forCounty) return COUNTY;
    throw new AppError(countyStaff ? 'NOT_YOUR_TOWNSHIP' : 'TOWNSHIP_NOT_FOUND');
  }
  if (requested !== undefined) {
    if (
      typeof requested !== 'string' ||
      !TOWNSHIP_ID_PATTERN.test(requested) ||
      !(await townshipExists(requested))
    )
      throw new AppError('TOWNSHIP_NOT_FOUND');
    return requested;
  }
  const own = bindings.filter((b) => b.townshipId !== COUNTY);
  if (own.length === 1) return own[0].townshipId;
  const known = await listTownshipIds();
  if (known.length === 1) return known[0];
  if (def.township !== undefined) return null;
  throw new AppError('TOWNSHIP_REQUIRED');
}

async function checkInScope(def: ActionDef, ctx: ActionContext, input: unknown): Promise<void> {
  if (typeof def.scope !== 'function') return;
  const target = await def.scope(input, ctx);
  if (target === null) return;
  const { role, user } = ctx.caller;
  const decision = checkScope(
    { role, stationCode: user?.stationCode, deputyId: user?.deputyId, departmentId: user?.departmentId },
    target,
  );
  if (!decision.ok) throw new AppError(decision.reason);
}

function actionName(event: unknown): string | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const a = (event as { action?: unknown }).action;
  return typeof a === 'string' ? a : undefined;
}

/** Whether the event's `systemToken` is the function's SYSTEM_TOKEN (compared in constant time). */
function systemTokenMatches(event: unknown): boolean {
  const expected = process.env.SYSTEM_TOKEN ?? '';
  const given = (event as { systemToken?: unknown }).systemToken;
  if (expected.length < SYSTEM_TOKEN_MIN_CHARS || typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * The payload without the routing key, the `userInfo` WeChat adds to client calls (not trusted), the
 * `systemToken` of a console call (checked by `identify`) and the township the mini-program is showing
 * (`chooseTownship`).
 */
function payloadOf(event: unknown): Record<string, unknown> {
  const {
    action: _a,
    userInfo: _u,
    systemToken: _t,
    townshipId: _s,
    ...rest
  } = event as Record<string, unknown>;
  return rest;
}

/** At most 10 issues of at most 200 characters each: a hostile payload is never echoed back whole. */
function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s);
  return error.issues
    .slice(0, 10)
    .map((i) => ({ path: clip(i.path.map(String).join('.')), message: clip(i.message) }));
}
