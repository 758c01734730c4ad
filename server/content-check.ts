/**
 * WeChat's content-security check (security.msgSecCheck, version 2) on text before anything can become
 * public. Three verdicts: 'pass'; 'review' (WeChat wants a person to look first); 'risky' (refused).
 * An old-style refusal (errCode 87014) counts as risky; a suggestion WeChat did not name counts as review.
 * The function that calls it needs "security.msgSecCheck" in config.json permissions.openapi.
 *
 *   secCheck(text, openid, scene)   one call; throws when the check itself failed (network, quota)
 *   checkTexts(texts, openid)       a villager's texts (opinions): a failed check holds them for review
 *
 * Articles (server/article/articles.repo.ts) cut long text into pieces and refuse to publish when the check fails.
 */
import { worstVerdict, type CheckVerdict } from '../core/article/article.push';
import { msgSecCheck } from './openapi';

export type ContentVerdict = CheckVerdict;

/** WeChat's scenes: 2 = comment (a villager's message), 3 = forum (a public post such as an article). */
export type SecCheckScene = 2 | 3;

export async function secCheck(
  content: string,
  openid: string,
  scene: SecCheckScene,
): Promise<ContentVerdict> {
  const text = content.trim();
  if (!text) return 'pass';
  try {
    const suggest = await msgSecCheck(text, openid, scene);
    if (suggest === 'risky' || suggest === 'pass') return suggest;
    return 'review';
  } catch (err) {
    if ((err as { errCode?: number } | null)?.errCode === 87014) return 'risky';
    throw err;
  }
}

/**
 * The worst verdict of a villager's texts. If the check itself fails, the text is held for review
 * rather than passed: nothing unchecked is shown.
 */
export async function checkTexts(contents: readonly string[], openid: string): Promise<ContentVerdict> {
  const verdicts = await Promise.all(
    contents.map((c) =>
      secCheck(c, openid, 2).catch((err: unknown) => {
        console.error('[content-check] msgSecCheck failed; holding for review', err);
        return 'review' as const;
      }),
    ),
  );
  return worstVerdict(verdicts);
}
