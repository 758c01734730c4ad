/** The `congress` function's actions on the execution of the projects that passed. */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
export const projectActions = {};
