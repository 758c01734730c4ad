/**
 * The supervision list's tabs (督办清单): what needs the presidium (the NEEDS_PRESIDIUM buckets, no key),
 * one open bucket, or every open case waiting for a department's answer (status transferred). The
 * bucket tabs are labelled as the dashboard's figures (BUCKET_LABELS), so a tile and its tab agree.
 */
import { BUCKET_LABELS, type SupervisionBucket } from './supervision.rules';

/** A tab: '' (needs the presidium), a bucket the list shows, or the status 'transferred'. */
export type SupervisionFilterKey = '' | Exclude<SupervisionBucket, 'moderation'> | 'transferred';

export const SUPERVISION_FILTERS: readonly { key: SupervisionFilterKey; label: string }[] = [
  { key: '', label: '需要处理' },
  { key: 'queue', label: BUCKET_LABELS.queue },
  { key: 'overdue', label: BUCKET_LABELS.overdue },
  { key: 'supervised', label: BUCKET_LABELS.supervised },
  { key: 'onTrack', label: BUCKET_LABELS.onTrack },
  { key: 'transferred', label: '待部门答复' },
];
