/** Error codes of the execution of livelihood projects that passed. */
export const PROJECT_ERRORS = {} as const;
