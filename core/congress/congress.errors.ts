/**
 * The congress area's error codes (merged into core/errors/error.codes.ts): sessions, candidates and
 * the vote (session.errors.ts), the execution of projects that passed (project.errors.ts).
 */
import { PROJECT_ERRORS } from './project.errors';
import { SESSION_ERRORS } from './session.errors';

export const CONGRESS_ERRORS = { ...SESSION_ERRORS, ...PROJECT_ERRORS } as const;
