/**
 * The supervision list (督办清单) as two pages show it: the presidium's own (admin.supervisionList) and
 * a township's cases as the county reads them (county.cases). Both take the same tabs
 * (core/admin/supervision.filters.ts) and answer the same rows.
 */
import type { SupervisionFilterKey } from '../../core/admin/supervision.filters';
import type { Input } from './api';

/** What a list asks for one tab: every open case waiting for a department, one bucket, or the default. */
export function supervisionQuery(key: SupervisionFilterKey): Input<'admin', 'supervisionList'> {
  if (key === 'transferred') return { status: 'transferred' };
  return key ? { bucket: key } : {};
}

/** A case's deadline as a row says it: '2026-11-20到期', or 无办理时限. */
export function deadlineText(deadline: string | null): string {
  return deadline ? `${deadline}到期` : '无办理时限';
}
