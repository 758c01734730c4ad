/**
 * Storage of the deputies' 常用答复 (core/opinion/opinion.templates.ts): one document per deputy,
 * `_id` = deputyId, `items` = their templates newest first. Read by id only (no query), and written
 * whole in a transaction, so the count cap holds when two saves race.
 */
import type { AnswerTemplate } from '../../core/opinion/opinion.templates';
import { findById, type Transaction } from '../db/collection';
import { withoutUndefined } from '../db/documents';

const ANSWER_TEMPLATES = 'answerTemplates';

interface Shelf {
  _id: string;
  items: AnswerTemplate[];
}

/** A deputy's templates, newest first ([] when they have none). */
export async function templatesOf(deputyId: string): Promise<AnswerTemplate[]> {
  return (await findById<Shelf>(ANSWER_TEMPLATES, deputyId))?.items ?? [];
}

/** The shelf as the transaction reads it. */
export async function shelfIn(tx: Transaction, deputyId: string): Promise<AnswerTemplate[]> {
  return (await tx.get<Shelf>(ANSWER_TEMPLATES, deputyId))?.items ?? [];
}

export async function saveShelf(tx: Transaction, deputyId: string, items: AnswerTemplate[]): Promise<void> {
  await tx.set(ANSWER_TEMPLATES, deputyId, withoutUndefined({ items }));
}
