/**
 * The request pipeline every cloud function shares. A call is `{ action, ...payload }`; the answer is
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. For each call it:
 *   1. finds the action (unknown → UNKNOWN_ACTION),
 *   2. takes the caller from the WeChat context, never from the payload (no openid → NOT_SIGNED_IN),
 *   3. loads the caller's role and refuses roles the action does not admit (deny by default),
 *   4. validates the payload with the action's zod schema (→ BAD_INPUT with the fields at fault),
 *   5. checks the station (or deputy) the input touches against the caller (one rule:
 *      core/identity/scope.rules.ts → NOT_YOUR_STATION),
 *   6. runs the action once per client request id when the action is idempotent,
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
import { loadUser, type UserRecord } from './identity/users.repo';

z.config(z.locales.zhCN());

export type Envelope<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export interface Caller {
  openid: string;
  role: Role;
  user: UserRecord | null;
}

export interface ActionContext {
  caller: Caller;
  now: Date;
  /** `area.action`, for logs and idempotency keys. */
  name: string;
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
  /** Requires `requestId` in the payload; a retry with the same id answers the first result. */
  idempotent?: boolean;
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

export function action<S extends z.ZodType, R>(def: ActionDef<S, R>): ActionDef<S, R> {
  return def;
}

/** The client request id that makes a submission idempotent. */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');

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

    const caller = await identify(def, event);
    const parsed = def.input.safeParse(payloadOf(event));
    if (!parsed.success) return errorEnvelope('BAD_INPUT', describeIssues(parsed.error));

    const ctx: ActionContext = { caller, now: clockNow(), name };
    const input = parsed.data as { requestId?: string };
    await checkInScope(def, ctx, input);
    const data = def.idempotent
      ? await runOnce(`${caller.openid || 'system'}:${name}:${input.requestId}`, ctx.now, () =>
          def.run(ctx, input),
        )
      : await def.run(ctx, input);
    return { ok: true, data: data ?? null };
  } catch (err) {
    if (err instanceof AppError) return errorEnvelope(err.code, err.details);
    // A write that lost to concurrent ones more often than its retries allow: a clear answer, not INTERNAL.
    if (isWriteConflict(err)) return errorEnvelope('CONFLICT');
    console.error(`[${name}] unexpected error`, err);
    return errorEnvelope('INTERNAL');
  }
}

async function identify(def: ActionDef, event: unknown): Promise<Caller> {
  const { audience } = def;
  const openid = callerOpenid();
  if (audience === 'system') {
    if (openid) throw new AppError('FORBIDDEN');
    if (!def.ownSecret && callSource() !== TRIGGER_SOURCE && !systemTokenMatches(event))
      throw new AppError('FORBIDDEN');
    return { openid: '', role: 'presidium', user: null };
  }
  if (!openid) throw new AppError('NOT_SIGNED_IN');
  const user = await loadUser(openid);
  const role: Role = user?.role ?? 'resident';
  if (!admits(audience, role)) throw new AppError('FORBIDDEN');
  return { openid, role, user };
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
 * The payload without the routing key, the `userInfo` WeChat adds to client calls (not trusted) and
 * the `systemToken` of a console call (checked by `identify`).
 */
function payloadOf(event: unknown): Record<string, unknown> {
  const { action: _a, userInfo: _u, systemToken: _t, ...rest } = event as Record<string, unknown>;
  return rest;
}

/** At most 10 issues of at most 200 characters each: a hostile payload is never echoed back whole. */
function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s);
  return error.issues
    .slice(0, 10)
    .map((i) => ({ path: clip(i.path.map(String).join('.')), message: clip(i.message) }));
}
