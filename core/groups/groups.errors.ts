/**
 * The groups area's error codes (merged into core/errors/error.codes.ts): groups and activities
 * (activity.errors.ts), contact duties and the deputy's code (contacts.errors.ts).
 */
import { ACTIVITY_ERRORS } from './activity.errors';
import { CONTACT_ERRORS } from './contacts.errors';

export const GROUPS_ERRORS = { ...ACTIVITY_ERRORS, ...CONTACT_ERRORS } as const;
