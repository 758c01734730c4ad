/** Rules of candidate livelihood projects: what a draft holds, the comment window, comments' caps. */
import type { Ymd } from '../calendar/china-time';
import { allow, deny, type Decision } from '../result';
import type { Candidate } from './congress.types';

export const TITLE_MIN = 2;
export const TITLE_MAX = 40;
export const DESCRIPTION_MAX = 1000;
export const BUDGET_MAX_WAN = 100000;
export const VILLAGES_MAX = 20;
export const OPINIONS_MAX = 50;
/** Candidates of one session. */
export const CANDIDATES_MAX = 30;
/** Comments are taken for at most 60 days from publication (DATE_WINDOWS.candidateComment). */
export const COMMENT_MAX = 300;
/** Comments one person may leave on one candidate. */
export const COMMENTS_PER_PERSON = 3;

export interface CandidateDraft {
  title: string;
  description: string;
  budgetWan: number;
  departmentId: string;
  villageCodes: string[];
  opinionIds: string[];
}

/** The draft's text and budget (references are checked against the store by the service). */
export function checkDraft(d: CandidateDraft): Decision<CandidateDraft> {
  const title = d.title.trim();
  const description = d.description.trim();
  if (title.length < TITLE_MIN || title.length > TITLE_MAX) return deny('CANDIDATE_TEXT_INVALID');
  if (!description || description.length > DESCRIPTION_MAX) return deny('CANDIDATE_TEXT_INVALID');
  if (!Number.isFinite(d.budgetWan) || d.budgetWan < 0 || d.budgetWan > BUDGET_MAX_WAN)
    return deny('CANDIDATE_BUDGET_INVALID');
  return allow({
    ...d,
    title,
    description,
    budgetWan: Math.round(d.budgetWan * 100) / 100,
    villageCodes: [...new Set(d.villageCodes)],
    opinionIds: [...new Set(d.opinionIds)],
  });
}

/** Comments are taken while the candidate is published for comment, until the end of commentUntil. */
export function commentsOpen(c: Pick<Candidate, 'status' | 'commentUntil'>, today: Ymd): boolean {
  return c.status === 'commenting' && !!c.commentUntil && today <= c.commentUntil;
}

/** A comment's text: trimmed, not empty, at most COMMENT_MAX. */
export function checkComment(content: string): Decision<string> {
  const text = content.trim();
  if (!text || text.length > COMMENT_MAX) return deny('COMMENT_TEXT_INVALID');
  return allow(text);
}
