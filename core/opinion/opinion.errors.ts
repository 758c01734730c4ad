/** Error codes of the opinion area (code → plain Chinese text). Merged into core/errors/error.codes.ts. */
export const OPINION_ERRORS = {} as const;
