/**
 * Deputies' suggestions on the database: one document per suggestion (its co-signers, offices, answers,
 * ratings and history inside), rewritten whole in a transaction on the version re-read there; and the
 * township's settings (keyed: `settings`).
 */
import {
  DEFAULT_SETTINGS,
  SUGGESTION_COLLECTIONS,
  type Suggestion,
  type SuggestionSettings,
} from '../../core/suggestion/suggestion.types';
import { command, findAll, findById, findMany, type Transaction } from '../db/collection';

export const SUGGESTIONS = SUGGESTION_COLLECTIONS.suggestions;
export const SETTINGS = SUGGESTION_COLLECTIONS.settings;
const SETTINGS_ID = 'suggestionSettings';
const PAGE = 100;
const newest = { orderBy: [['createdAt', 'desc']] as [string, 'desc'][], limit: PAGE };

export const getSuggestion = (id: string) => findById<Suggestion>(SUGGESTIONS, id);

export async function getSuggestionIn(tx: Transaction, id: string): Promise<Suggestion | null> {
  const s = await tx.get<Omit<Suggestion, '_id'>>(SUGGESTIONS, id);
  return s ? { ...s, _id: id } : null;
}

export async function setSuggestionIn(tx: Transaction, s: Suggestion): Promise<void> {
  const { _id, ...rest } = s;
  await tx.set(SUGGESTIONS, _id, rest as unknown as Record<string, unknown>);
}

export const filedBy = (deputyId: string) =>
  findMany<Suggestion>(SUGGESTIONS, { filerDeputyId: deputyId }, newest);
export const cosignedBy = (deputyId: string) =>
  findMany<Suggestion>(SUGGESTIONS, { 'cosigners.deputyId': deputyId }, newest);
export const withStatus = (status: string) => findMany<Suggestion>(SUGGESTIONS, { status }, newest);
export const ledBy = (departmentId: string) =>
  findMany<Suggestion>(SUGGESTIONS, { leadDepartmentId: departmentId }, newest);
export const cohandledBy = (departmentId: string) =>
  findMany<Suggestion>(SUGGESTIONS, { 'cohandlers.departmentId': departmentId }, newest);
export const raisedFrom = (opinionId: string) =>
  findMany<Suggestion>(SUGGESTIONS, { sourceOpinionId: opinionId }, { limit: 1 });

/** Assigned suggestions whose deadline passed before `today` (every page). */
export function overdueOn(today: string): Promise<Suggestion[]> {
  return findAll<Suggestion>(SUGGESTIONS, { status: 'assigned', deadline: command().lt(today) });
}

export async function getSettings(): Promise<SuggestionSettings> {
  const s = await findById<SuggestionSettings>(SETTINGS, SETTINGS_ID);
  return s ? { answerMonths: s.answerMonths, rehandleMonths: s.rehandleMonths } : DEFAULT_SETTINGS;
}

export async function setSettingsIn(
  tx: Transaction,
  s: SuggestionSettings,
  by: string,
  now: Date,
): Promise<void> {
  await tx.set(SETTINGS, SETTINGS_ID, { ...s, updatedBy: by, updatedAt: now });
}
