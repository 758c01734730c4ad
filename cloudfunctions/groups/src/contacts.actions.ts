/** The `groups` function's actions on contact duties and the deputy's code (server/groups/contacts.service.ts). */
/** Actions as `name: action({...})`, not annotated with a wider type: the API types are read from it. */
export const contactActions = {};
