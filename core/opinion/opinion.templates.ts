/**
 * 常用答复: answers a deputy keeps for common matters, picked in the case page's answer box and edited
 * before sending. Each deputy has their own shelf (at most TEMPLATES_MAX, newest first); nobody else
 * reads or changes it. A template's text becomes an answer the villager (and, with consent, the
 * public) reads, so it is content-checked when saved (risky refused: TEMPLATE_RISKY) and the answer is
 * checked again when sent. Pure: ids and time come from the caller.
 */
import { allow, deny, type Decision } from '../result';
import { ANSWER_MAX } from './opinion.limits';

export const TEMPLATE_TITLE_MAX = 20;
export const TEMPLATE_TEXT_MAX = 500;
export const TEMPLATES_MAX = 20;

export interface AnswerTemplate {
  id: string;
  title: string;
  text: string;
  updatedAt: Date;
}

interface TemplateDraft {
  title: string;
  text: string;
}

/** A draft trimmed, or why not: TEMPLATE_EMPTY, TEMPLATE_TOO_LONG. */
export function checkTemplate(draft: TemplateDraft): Decision<TemplateDraft> {
  const title = draft.title.replace(/\s+/g, ' ').trim();
  const text = draft.text.trim();
  if (!title || !text) return deny('TEMPLATE_EMPTY');
  const len = (s: string) => Array.from(s).length;
  if (len(title) > TEMPLATE_TITLE_MAX || len(text) > Math.min(TEMPLATE_TEXT_MAX, ANSWER_MAX)) {
    return deny('TEMPLATE_TOO_LONG');
  }
  return allow({ title, text });
}

/**
 * The shelf after saving `draft` as template `id`: an edit when `id` is on the shelf (moved to the top),
 * else a new one (TEMPLATE_LIMIT when the shelf is full). `mustExist`: an edit of a template that is
 * not there (deleted, or another deputy's id) is TEMPLATE_NOT_FOUND. Saving the same id again (a retry)
 * is an edit, never a second template.
 */
export function saveTemplate(
  shelf: readonly AnswerTemplate[],
  id: string,
  draft: TemplateDraft,
  now: Date,
  mustExist: boolean,
): Decision<AnswerTemplate[]> {
  const checked = checkTemplate(draft);
  if (!checked.ok) return checked;
  const exists = shelf.some((t) => t.id === id);
  if (!exists && mustExist) return deny('TEMPLATE_NOT_FOUND');
  if (!exists && shelf.length >= TEMPLATES_MAX) return deny('TEMPLATE_LIMIT');
  const saved: AnswerTemplate = { id, ...checked.value, updatedAt: now };
  return allow([saved, ...shelf.filter((t) => t.id !== id)]);
}

/** The shelf without template `id`, or TEMPLATE_NOT_FOUND. */
export function removeTemplate(shelf: readonly AnswerTemplate[], id: string): Decision<AnswerTemplate[]> {
  if (!shelf.some((t) => t.id === id)) return deny('TEMPLATE_NOT_FOUND');
  return allow(shelf.filter((t) => t.id !== id));
}

/** Whether a template's text may be kept, from the content check's verdict: risky is refused. */
export function templateVerdict(verdict: 'pass' | 'review' | 'risky'): Decision<void> {
  return verdict === 'risky' ? deny('TEMPLATE_RISKY') : allow(undefined);
}
