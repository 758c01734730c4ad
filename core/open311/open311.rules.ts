/**
 * The Open311 GeoReport v2 door for the county's systems (12345 hotline, case systems), as pure rules:
 * how a case is told to another system (status open/closed, status_notes from the public answer only,
 * agency_responsible from the owner), dates in the specification's w3 format, the routes and formats
 * the door serves, its API keys (token shape, scopes), the 90-day window of GET requests and the
 * "changed since" cursor. No I/O, no clock: the server passes `now`.
 *
 * Specification: GeoReport v2 (wiki.open311.org/GeoReport_v2). The deviations are stated where they are
 * made: every method needs a key (the key names the township: one endpoint serves many); JSON only.
 */
import { chinaInstant, type Ymd } from '../calendar/china-time';
import { redactPhones } from '../privacy/phone.mask';
import type { OpinionStatus, Owner } from '../opinion/opinion.types';

/** The channel a case filed through this door records (the client system the key stands for). */
export const OPEN311_CHANNELS = ['12345', 'api'] as const;
export type Open311Channel = (typeof OPEN311_CHANNELS)[number];

export const OPEN311_CHANNEL_LABELS: Record<Open311Channel, string> = {
  '12345': '12345热线转办',
  api: '其他系统接入',
};

/**
 * Who the timeline names for a rating the filing system passed on from its callback (回访) of the
 * caller: "12345回访评价：满意".
 */
export const OPEN311_CALLBACK_LABELS: Record<Open311Channel, string> = {
  '12345': '12345回访评价',
  api: '接入系统回访评价',
};

/** What a key may do: read services and requests; file requests (and rate them, from the callback). */
export const KEY_SCOPES = ['read', 'file'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export const KEY_SCOPE_LABELS: Record<KeyScope, string> = {
  read: '查询类别和办理情况',
  file: '转交意见建议',
};

/** At most this many keys a township keeps active at once. */
export const ACTIVE_KEYS_MAX = 20;
/** Calls a key may make per minute, unless the presidium set another number (1 … RATE_MAX). */
export const DEFAULT_RATE_PER_MINUTE = 60;
export const RATE_PER_MINUTE_MAX = 600;
export const KEY_NAME_MAX = 40;

/**
 * The GeoReport v2 limits: a GET requests range may not span more than 90 days and defaults to the most
 * recent 90; at most 1000 requests are returned; a description is at most 4000 characters.
 */
export const WINDOW_DAYS = 90;
export const PAGE_MAX = 1000;
export const DESCRIPTION_MAX = 4000;
const DAY_MS = 24 * 60 * 60 * 1000;

// ------------------------------------------------------------------ keys

/** A key as the client sends it: `o311_<keyId>_<secret>`; the key id names the stored record. */
const TOKEN_PATTERN = /^o311_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export function keyToken(keyId: string, secret: string): string {
  return `o311_${keyId}_${secret}`;
}

/** The key id and secret of a token, or null when it is not shaped as one of ours. */
export function parseKeyToken(token: string): { keyId: string; secret: string } | null {
  const m = TOKEN_PATTERN.exec(token);
  return m ? { keyId: m[1], secret: m[2] } : null;
}

/** The first characters of a token, shown in the key list so staff can tell keys apart. */
export function keyPrefix(token: string): string {
  return token.slice(0, 13);
}

/** The rate counter's window for a call at `now`: one a minute. */
export function minuteWindow(now: Date): string {
  return now.toISOString().slice(0, 16);
}

// ------------------------------------------------------------------ status

/** A case that someone still works on (or that waits to be assigned) is open; a finished one is closed. */
export function open311Status(status: OpinionStatus): 'open' | 'closed' {
  return status === 'resolved' || status === 'closed' || status === 'merged' ? 'closed' : 'open';
}

export interface CaseForClient {
  status: OpinionStatus;
  answer?: string;
  /** The content check asked a person to look before the answer is public: not told yet. */
  publicHold?: boolean;
  outcome?: string;
  noReplyNeeded?: boolean;
  mergedInto?: string;
}

/**
 * status_notes: what the caller may be told — the answer once it is given and public (never a held
 * one, never an internal note), or why a finished case ended without one.
 */
export function statusNotes(o: CaseForClient): string | null {
  if (o.status === 'merged') return '已与相同事项合并办理。';
  if (o.outcome === 'rejected') return '经审核未予受理。';
  if (o.noReplyNeeded) return '群众表示无需答复，已办结。';
  if (o.status === 'review') return '已收到，正在审核。';
  if (o.answer && !o.publicHold && ['replied', 'resolved', 'closed'].includes(o.status))
    return redactPhones(o.answer);
  return null;
}

/**
 * agency_responsible: who handles the case — its deputies by name (deputies are public: 亮明身份), the
 * department it was transferred to, or the presidium's queue. Never a villager.
 */
export function agencyResponsible(owner: Owner, deputyName: (id: string) => string | undefined): string {
  if (owner.kind === 'department') return owner.departmentName;
  if (owner.kind === 'presidium') return '乡镇人大主席团';
  const names = owner.deputyIds.map(deputyName).filter((n): n is string => !!n);
  return names.length ? `${names.join('、')}（人大代表）` : '乡镇人大主席团';
}

/** service_notice: the working-day limits the case runs under. */
export function serviceNotice(limits: { acceptDays: number; answerDays: number }): string {
  return `将在${limits.acceptDays}个工作日内受理、${limits.answerDays}个工作日内答复（法定节假日顺延）。`;
}

/** A service's description: its working-day limits (GET services). */
export function serviceDescription(limits: { acceptDays: number; answerDays: number }): string {
  return `受理时限${limits.acceptDays}个工作日，答复时限${limits.answerDays}个工作日。`;
}

// ------------------------------------------------------------------ dates

/** An instant in the specification's w3 format, in China time: 2026-11-30T09:05:00+08:00. */
export function w3(instant: Date): string {
  const china = new Date(instant.getTime() + 8 * 60 * 60 * 1000).toISOString();
  return `${china.slice(0, 19)}+08:00`;
}

/** expected_datetime of a working-day deadline: the end of that China day. */
export function endOfDay(day: Ymd): string {
  return w3(new Date(chinaInstant(day).getTime() + DAY_MS - 1000));
}

/**
 * A w3 datetime (a subset of ISO 8601, time zone required: Z or ±HH:MM) as an instant, or null.
 * A date alone (YYYY-MM-DD) is taken as its start in China time.
 */
export function parseW3(value: string): Date | null {
  const full = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    value,
  );
  if (full) {
    const t = Date.parse(value);
    if (Number.isNaN(t) || !realDay(full[1])) return null;
    return new Date(t);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && realDay(value)) return chinaInstant(value);
  return null;
}

function realDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

export type WindowRefusal = 'START_AFTER_END' | 'SPAN_TOO_LONG';

/**
 * The requested_datetime range of GET requests: both ends given — at most 90 days apart; one given —
 * 90 days from (or to) it; none — the most recent 90 days.
 */
export function requestWindow(
  start: Date | null,
  end: Date | null,
  now: Date,
): { ok: true; from: Date; to: Date } | { ok: false; reason: WindowRefusal } {
  const span = WINDOW_DAYS * DAY_MS;
  const from = start ?? new Date((end ?? now).getTime() - span);
  const to = end ?? (start ? new Date(start.getTime() + span) : now);
  if (from.getTime() > to.getTime()) return { ok: false, reason: 'START_AFTER_END' };
  if (to.getTime() - from.getTime() > span) return { ok: false, reason: 'SPAN_TOO_LONG' };
  return { ok: true, from, to };
}

// ------------------------------------------------------------------ the callback rating (extension)

/** The callback's comment (what the caller added): a short text. */
export const CALLBACK_COMMENT_MAX = 200;
/** A callback reported this far after the call's own clock is taken as that clock's skew, not refused. */
export const CALLBACK_SKEW_MS = 5 * 60 * 1000;

export type CallbackRefusal = 'CALLBACK_BEFORE_RESOLVED' | 'CALLBACK_IN_FUTURE';

/**
 * When the caller was called back (callback_at): not before the case was resolved (办结: there was
 * nothing to ask about), not after now (a few minutes of clock skew allowed). The rating window's end
 * is the case's own: once closed as 未评价 it cannot be rated at all.
 */
export function checkCallbackAt(
  callbackAt: Date,
  resolvedAt: Date,
  now: Date,
): { ok: true } | { ok: false; reason: CallbackRefusal } {
  if (callbackAt.getTime() < resolvedAt.getTime()) return { ok: false, reason: 'CALLBACK_BEFORE_RESOLVED' };
  if (callbackAt.getTime() > now.getTime() + CALLBACK_SKEW_MS)
    return { ok: false, reason: 'CALLBACK_IN_FUTURE' };
  return { ok: true };
}

// ------------------------------------------------------------------ "changed since" (extension)

/** Where a page of changed requests ends: the last one's change time and id (ties broken by id). */
export interface ChangeCursor {
  at: Date;
  id: string;
}

export function encodeCursor(c: ChangeCursor): string {
  return `${c.at.getTime().toString(36)}.${c.id}`;
}

export function decodeCursor(token: string): ChangeCursor | null {
  const m = /^([0-9a-z]{1,12})\.(op[0-9a-f]{22})$/.exec(token);
  if (!m) return null;
  const at = parseInt(m[1], 36);
  return Number.isFinite(at) ? { at: new Date(at), id: m[2] } : null;
}

// ------------------------------------------------------------------ routes

export type Open311Route =
  | { kind: 'services' }
  | { kind: 'service'; code: string }
  | { kind: 'requests' }
  | { kind: 'request'; id: string }
  /** Extension: the filing system's callback rating (回访评价) of one of its requests. */
  | { kind: 'rating'; id: string }
  | { kind: 'discovery' }
  | { kind: 'openapi' };

/**
 * The route of an HTTP path (whatever prefix the HTTP access service adds: `/open311/v2/…`), with its
 * format; null when the path is none of the door's. `services/{code}` and `requests/{id}` take the
 * format after the last dot; `requests/{id}/rating.json` is the callback rating (extension).
 */
export function parseRoute(path: string): { route: Open311Route; format: string } | null {
  if (/(?:^|\/)discovery\.json$/.test(path)) return { route: { kind: 'discovery' }, format: 'json' };
  if (/(?:^|\/)v2\/openapi\.json$/.test(path)) return { route: { kind: 'openapi' }, format: 'json' };
  const rating = /(?:^|\/)v2\/requests\/([^/]+)\/rating\.([A-Za-z0-9]{1,8})$/.exec(path);
  if (rating) {
    const id = safeDecode(rating[1]);
    return id === null ? null : { route: { kind: 'rating', id }, format: rating[2] };
  }
  const m = /(?:^|\/)v2\/(services|requests)(?:\/([^/]+?))?\.([A-Za-z0-9]{1,8})$/.exec(path);
  if (!m) return null;
  const [, resource, id, format] = m;
  const one = id === undefined ? undefined : safeDecode(id);
  if (one === null) return null;
  if (resource === 'services')
    return { route: one === undefined ? { kind: 'services' } : { kind: 'service', code: one }, format };
  return { route: one === undefined ? { kind: 'requests' } : { kind: 'request', id: one }, format };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
