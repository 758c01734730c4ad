/** Error codes of the duty area (code → plain Chinese text). Merged into core/errors/error.codes.ts. */
export const DUTY_ERRORS = {} as const;
