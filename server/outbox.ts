/**
 * The outbox: subscribe messages are written as records, in the same transaction as the state change
 * that causes them, and sent afterwards, so a change is never lost for a failed send and a send never
 * happens for a change that rolled back.
 *
 *   queueMessage   write one message (its `_id` is a dedupe key: queueing the same key twice is one message)
 *   flushOutbox    try to send the given messages now (best effort, after the change committed)
 *   deliverDue     the scheduler's job: send every due message, retrying with backoff
 *
 * Outcomes are recorded on the message: `sent` (the person's grant is used: core/notify/grants.ts);
 * `refused` (43101, the user has no subscription left: final, not an error; their grant is zeroed); `failed` at once for an error no retry can heal (47003, a field WeChat refuses:
 * the same data is refused again), or after MAX_ATTEMPTS for others, with the last error. A send claimed by a run that
 * died is retried after CLAIM_STALE_MS.
 */
import { TEMPLATES, type MessageRequest, type TemplateKey } from '../core/notify/templates';
import { buildMessageData } from '../core/notify/message.fields';
import { inTownship } from '../core/notify/pages';
import { COUNTY, currentTownship } from './tenancy';
import { sendSubscribeMessage } from './openapi';
import { settleGrant } from './notify/grants.repo';
import {
  command,
  count,
  findById,
  findMany,
  insert,
  isDuplicateKey,
  updateWhere,
  type Transaction,
} from './db/collection';

export const OUTBOX = 'outbox';
export const MAX_ATTEMPTS = 5;
const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
const CLAIM_STALE_MS = 10 * 60_000;
/** WeChat's code for "the user has no subscription for this template". */
export const NO_SUBSCRIPTION = 43101;
/** WeChat's code for "a field's value is invalid": the same message is refused every time. */
export const INVALID_FIELD = 47003;
const BATCH = 200;

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'refused' | 'failed';

export interface OutboxMessage {
  _id: string;
  openid: string;
  template: TemplateKey;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  /** What caused it, for the presidium's reach figures ('article:<id>', 'opinion:<id>'). */
  ref: string;
  status: OutboxStatus;
  attempts: number;
  queuedAt: Date;
  nextAttemptAt: Date;
  claimedAt?: Date;
  sentAt?: Date;
  lastError?: string;
}

export type { MessageRequest };

/**
 * The record for one message. Field values are fitted to their kinds' limits here (thing ≤ 20 …), so a
 * long topic is cut with '…' instead of being refused by WeChat (47003). Its page carries the township
 * the message is sent from (`t=`), so the tap opens that township.
 */
export function outboxRecord<K extends TemplateKey>(req: MessageRequest<K>, now: Date): OutboxMessage {
  const township = currentTownship();
  return {
    _id: `msg:${req.key}`,
    openid: req.openid,
    template: req.template,
    templateId: TEMPLATES[req.template].id,
    page: inTownship(req.page, township === COUNTY ? null : township),
    data: buildMessageData(req.fields as Record<string, string>),
    ref: req.ref,
    status: 'pending',
    attempts: 0,
    queuedAt: now,
    nextAttemptAt: now,
  };
}

/**
 * Queues one message, in `tx` when given (then it is written or not with the change), else on its own.
 * Answers the message id; a key queued before is not queued again (tx: the caller reads first or uses
 * a key that only its own transaction can produce).
 */
export async function queueMessage<K extends TemplateKey>(
  tx: Transaction | null,
  req: MessageRequest<K>,
  now: Date,
): Promise<string> {
  const { _id, ...rest } = outboxRecord(req, now);
  if (tx) {
    if (!(await tx.get(OUTBOX, _id))) await tx.set(OUTBOX, _id, rest as unknown as Record<string, unknown>);
    return _id;
  }
  try {
    await insert(OUTBOX, { _id, ...rest });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return _id;
}

export type DeliveryReport = Record<'sent' | 'refused' | 'retrying' | 'failed', number>;

/** Tries to send the given messages now; never throws (what is not sent waits for the scheduler). */
export async function flushOutbox(ids: readonly string[], now: Date): Promise<DeliveryReport> {
  const report = emptyReport();
  for (const id of ids) {
    try {
      const msg = await findById<OutboxMessage>(OUTBOX, id);
      if (msg && msg.status === 'pending') await deliver(msg, now, report);
    } catch (err) {
      console.error(`[outbox] flush ${id}`, err);
    }
  }
  return report;
}

/** Sends every due message (the scheduler's job), in batches until none is due. */
export async function deliverDue(now: Date): Promise<DeliveryReport> {
  const _ = command();
  const report = emptyReport();
  await updateWhere(
    OUTBOX,
    { status: 'sending', claimedAt: _.lt(new Date(now.getTime() - CLAIM_STALE_MS)) },
    { status: 'pending' },
  );
  for (;;) {
    const due = await findMany<OutboxMessage>(
      OUTBOX,
      { status: 'pending', nextAttemptAt: _.lte(now) },
      { orderBy: [['nextAttemptAt', 'asc']], limit: BATCH },
    );
    let claimed = 0;
    for (const msg of due) if (await deliver(msg, now, report)) claimed++;
    if (due.length < BATCH || claimed === 0) return report;
  }
}

/** Claims one message (so two runs never send it twice), sends it and records the outcome. */
async function deliver(msg: OutboxMessage, now: Date, report: DeliveryReport): Promise<boolean> {
  const claimed = await updateWhere(
    OUTBOX,
    { _id: msg._id, status: 'pending', attempts: msg.attempts },
    { status: 'sending', claimedAt: now },
  );
  if (claimed === 0) return false;
  const attempts = msg.attempts + 1;
  try {
    await sendSubscribeMessage({
      touser: msg.openid,
      templateId: msg.templateId,
      page: msg.page,
      data: msg.data,
    });
    await settle(msg._id, { status: 'sent', attempts, sentAt: now });
    await useGrant(msg, 'sent', now);
    report.sent++;
  } catch (err) {
    const code = errCodeOf(err);
    const lastError = `${code ?? ''} ${errText(err)}`.trim().slice(0, 300);
    if (code === NO_SUBSCRIPTION) {
      await settle(msg._id, { status: 'refused', attempts, lastError });
      await useGrant(msg, 'refused', now);
      report.refused++;
    } else if (code === INVALID_FIELD || attempts >= MAX_ATTEMPTS) {
      await settle(msg._id, { status: 'failed', attempts, lastError });
      report.failed++;
    } else {
      const wait = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)];
      await settle(msg._id, {
        status: 'pending',
        attempts,
        lastError,
        nextAttemptAt: new Date(now.getTime() + wait),
      });
      report.retrying++;
    }
  }
  return true;
}

/** The person's grant after the send (core/notify/grants.ts): one used, or none left; never fails a delivery. */
async function useGrant(msg: OutboxMessage, outcome: 'sent' | 'refused', now: Date): Promise<void> {
  try {
    await settleGrant(msg.openid, msg.template, outcome, now);
  } catch (err) {
    console.error(`[outbox] grant ${msg._id}`, err);
  }
}

function settle(id: string, data: Record<string, unknown>): Promise<number> {
  return updateWhere(OUTBOX, { _id: id, status: 'sending' }, data);
}

function emptyReport(): DeliveryReport {
  return { sent: 0, refused: 0, retrying: 0, failed: 0 };
}

function errCodeOf(err: unknown): number | undefined {
  const e = err as { errCode?: unknown } | null;
  return e && typeof e.errCode === 'number' ? e.errCode : undefined;
}

function errText(err: unknown): string {
  const e = err as { errMsg?: string; message?: string } | null;
  return e?.errMsg ?? e?.message ?? String(err);
}

/** How many messages with `ref` reached their users, by outcome (the presidium's reach figures). */
export async function reachOf(ref: string): Promise<Record<OutboxStatus, number>> {
  const statuses: OutboxStatus[] = ['pending', 'sending', 'sent', 'refused', 'failed'];
  const counts = await Promise.all(statuses.map((status) => count(OUTBOX, { ref, status })));
  return Object.fromEntries(statuses.map((s, i) => [s, counts[i]])) as Record<OutboxStatus, number>;
}
