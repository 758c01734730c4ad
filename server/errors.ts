import { messageFor, type ErrorCode } from '../core/errors/error.codes';

/** A refusal with a stable code; the pipeline turns it into `{ ok: false, error: { code, message } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(`${code}: ${messageFor(code)}`);
    this.name = 'AppError';
  }
}

export function fail(code: ErrorCode, details?: unknown): never {
  throw new AppError(code, details);
}

/** A rule's reason, or its value. */
export function orFail<T>(decision: { ok: true; value: T } | { ok: false; reason: ErrorCode }): T {
  if (!decision.ok) fail(decision.reason);
  return decision.value;
}
