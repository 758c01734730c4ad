/** The `congress` function's actions on sessions, candidates and the vote. */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
export const sessionActions = {};
