/** The `groups` function's actions on groups and activities (server/groups/activities.service.ts). */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
export const activityActions = {};
