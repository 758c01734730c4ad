/** Error codes of the booking area (code → plain Chinese text). Merged into core/errors/error.codes.ts. */
export const BOOKING_ERRORS = {} as const;
