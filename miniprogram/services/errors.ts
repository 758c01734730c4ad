import { ERROR_MESSAGES } from './errors.generated';

/** Chinese text for an error code; the server's own message wins when it sent one. */
export function errorText(code: string, serverMessage?: string): string {
  return serverMessage || ERROR_MESSAGES[code] || ERROR_MESSAGES.INTERNAL;
}
