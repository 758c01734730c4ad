import { ERROR_MESSAGES } from './errors.generated';

/**
 * Errors that can heal by trying again (the network, a busy server, a race): only these offer 重新加载.
 * Anything else (no permission, not found, bad input) would fail the same way again.
 */
const RETRYABLE = new Set(['NETWORK', 'INTERNAL', 'CONFLICT', 'IN_PROGRESS', 'RATE_LIMITED']);

export function canRetry(code: string): boolean {
  return RETRYABLE.has(code);
}

/** Chinese text for an error code; the server's own message wins when it sent one. */
export function errorText(code: string, serverMessage?: string): string {
  return serverMessage || ERROR_MESSAGES[code] || ERROR_MESSAGES.INTERNAL;
}
