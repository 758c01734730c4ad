/** Error codes of deputies' suggestions (代表建议). */
export const SUGGESTION_ERRORS = {} as const;
