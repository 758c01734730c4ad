import type { ErrorCode } from './errors/error.codes';

/** A rule's answer: a value, or the reason it said no (never a bare boolean). */
export type Decision<T = void> = { ok: true; value: T } | { ok: false; reason: ErrorCode };

export const allow = <T>(value: T): Decision<T> => ({ ok: true, value });
export const deny = (reason: ErrorCode): Decision<never> => ({ ok: false, reason });
