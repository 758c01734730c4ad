/** Error codes of deputy groups and their activities. */
export const ACTIVITY_ERRORS = {} as const;
