/**
 * A deputy's 常用答复 (core/opinion/opinion.templates.ts): list, save (create or edit) and delete their
 * own, for the `opinion` function. The deputy is the caller's own record (never a payload id), so a
 * deputy reaches only their shelf; a template is content-checked before it is kept (it becomes an
 * answer), and its id comes from the request id, so a retried create edits the same template.
 *
 *   myTemplates(caller)                                   the caller's templates, newest first
 *   saveMyTemplate(caller, { requestId, templateId?, title, text }, now)
 *   deleteMyTemplate(caller, templateId)
 */
import { createHash } from 'node:crypto';
import {
  removeTemplate,
  saveTemplate,
  templateVerdict,
  type AnswerTemplate,
} from '../../core/opinion/opinion.templates';
import { checkTexts } from '../content-check';
import { transaction } from '../db/collection';
import { fail, orFail } from '../errors';
import type { Caller } from '../pipeline';
import { saveShelf, shelfIn, templatesOf } from './answer-templates.repo';

type Who = Pick<Caller, 'openid' | 'role' | 'user'>;

function deputyOf(caller: Who): string {
  const deputyId = caller.role === 'deputy' ? caller.user?.deputyId : undefined;
  if (!deputyId) fail('FORBIDDEN');
  return deputyId;
}

/** The template id a create request names: the same request always names the same template. */
function templateIdFor(deputyId: string, requestId: string): string {
  return 'tp' + createHash('sha256').update(`${deputyId}:${requestId}`).digest('hex').slice(0, 22);
}

function shown(items: readonly AnswerTemplate[]) {
  return { templates: items.map((t) => ({ id: t.id, title: t.title, text: t.text })) };
}

/** The caller's own templates, newest first. */
export async function myTemplates(caller: Who) {
  return shown(await templatesOf(deputyOf(caller)));
}

/**
 * Saves a template: `templateId` edits one of the caller's own (TEMPLATE_NOT_FOUND otherwise), none
 * creates one (TEMPLATE_LIMIT when the shelf is full). Content-checked first (TEMPLATE_RISKY).
 * Answers the caller's shelf and the saved template's id.
 */
export async function saveMyTemplate(
  caller: Who,
  input: { requestId: string; templateId?: string; title: string; text: string },
  now: Date,
) {
  const deputyId = deputyOf(caller);
  const id = input.templateId ?? templateIdFor(deputyId, input.requestId);
  const draft = { title: input.title, text: input.text };
  // Shape first (empty, too long): a bad draft costs no content check.
  orFail(saveTemplate([], id, draft, now, false));
  orFail(templateVerdict(await checkTexts([draft.title, draft.text], caller.openid)));
  const items = await transaction(async (tx) => {
    const shelf = await shelfIn(tx, deputyId);
    const next = orFail(saveTemplate(shelf, id, draft, now, input.templateId !== undefined));
    await saveShelf(tx, deputyId, next);
    return next;
  });
  return { id, ...shown(items) };
}

/** Deletes one of the caller's own templates (TEMPLATE_NOT_FOUND). Answers the caller's shelf. */
export async function deleteMyTemplate(caller: Who, templateId: string) {
  const deputyId = deputyOf(caller);
  const items = await transaction(async (tx) => {
    const next = orFail(removeTemplate(await shelfIn(tx, deputyId), templateId));
    await saveShelf(tx, deputyId, next);
    return next;
  });
  return shown(items);
}
