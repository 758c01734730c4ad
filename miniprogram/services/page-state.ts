/**
 * The one loading/error pattern pages follow: `loading` while the backend answers (t-loading), then the
 * data, or `errorMessage` shown with t-empty, with a 重新加载 button only when `errorRetry` (trying
 * again can help), and a 去选择乡镇 button when `errorTownship` (the call needs a township and none
 * is chosen, or the one kept is gone: a shared link without `t=`, a bookmark). Pages hold view state only.
 */
import type { ApiResult } from './api';
import { canRetry } from './errors';
import { goHome } from './platform';

/** The answers that mean "choose a township first": the home page asks 选择您所在的乡镇. */
const NEEDS_TOWNSHIP = new Set(['TOWNSHIP_REQUIRED', 'TOWNSHIP_NOT_FOUND']);

interface ErrorState {
  loading: false;
  errorMessage: string;
  errorRetry: boolean;
  errorTownship: boolean;
}

interface LoadingPage {
  setData(data: {
    loading?: boolean;
    errorMessage?: string;
    errorRetry?: boolean;
    errorTownship?: boolean;
  }): void;
}

/**
 * What a page shows for a failed load: the Chinese message, 重新加载 only if it can help, and
 * 去选择乡镇 when the township is what is missing.
 */
export function errorState(error: { code: string; message: string }): ErrorState {
  return {
    loading: false,
    errorMessage: error.message,
    errorRetry: canRetry(error.code),
    errorTownship: NEEDS_TOWNSHIP.has(error.code),
  };
}

/**
 * 去选择乡镇 (a page's method, beside its data): the home page, as the only page, where 选择您所在的乡镇
 * is asked since no township is kept; once one is picked, back from any page leads home.
 */
export function chooseTownship(): void {
  goHome();
}

/**
 * Shows loading, makes the call, and answers its data; on failure shows the error's Chinese message
 * and answers null. On success `loading` is left for the page to clear in the same setData as the data
 * (so no empty state flashes between the two).
 */
export async function loadInto<T>(
  page: LoadingPage,
  request: () => Promise<ApiResult<T>>,
): Promise<T | null> {
  page.setData({ loading: true, errorMessage: '' });
  const res = await request();
  if (res.ok) return res.data;
  page.setData(errorState(res.error));
  return null;
}

interface FormPage {
  data: { submitting: boolean };
  setData(data: { formError: string }): void;
}

/**
 * A form's send guard: false while a send is under way (a second tap does nothing), or when something
 * is missing (`problem`, in plain words: then shown in `formError`); true when the form can be sent.
 */
export function readyToSend(page: FormPage, problem: string): boolean {
  if (page.data.submitting) return false;
  if (!problem) return true;
  page.setData({ formError: problem });
  return false;
}

/** A timeline time in China time: '2026-10-08 10:00'. */
export function chinaDateTimeText(at: string | Date): string {
  const t = new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** This year in China time: 2026 (the year a figures page opens on). */
export function chinaYear(now = new Date()): number {
  return Number(chinaDateAfter(0, now).slice(0, 4));
}

/** The China calendar day `days` after today: '2026-11-25' (a date picker's `start`). */
export function chinaDateAfter(days: number, now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}
