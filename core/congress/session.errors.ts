/** Error codes of sessions, check-in, candidates and the vote. */
export const SESSION_ERRORS = {} as const;
