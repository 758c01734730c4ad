/**
 * Client request ids make submissions idempotent. The first call claims the key by inserting a pending
 * record (the insert fails for a duplicate `_id`, atomically); a retry reads the stored answer. A claim
 * left pending by a crashed run may be taken over after STALE_MS.
 */
import { AppError } from './errors';
import { command, findById, insert, isDuplicateKey, removeWhere, updateWhere } from './db/collection';

const COLLECTION = 'idempotency';
const STALE_MS = 60_000;

/** Answered request ids are kept this long, well past any client retry. */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The scheduler's purge: claims older than IDEMPOTENCY_RETENTION_MS are removed; answers how many. */
export function purgeIdempotency(now: Date): Promise<number> {
  return removeWhere(COLLECTION, {
    claimedAt: command().lt(new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS)),
  });
}

interface Claim {
  _id: string;
  state: 'pending' | 'done';
  claimedAt: Date;
  response?: unknown;
}

export async function runOnce<R>(key: string, now: Date, run: () => Promise<R>): Promise<R> {
  const claimed = await claim(key, now);
  if (!claimed.fresh) return claimed.response as R;
  return settle(key, now, await run().then(succeeded, failed));
}

type Outcome<T> = { value: T } | { error: unknown };
const succeeded = <T>(value: T): Outcome<T> => ({ value });
const failed = (error: unknown): Outcome<never> => ({ error });

/** The claimed call's outcome kept (its answer) or its claim dropped (its failure), and answered. */
async function settle<R>(key: string, now: Date, ran: Outcome<R>): Promise<R> {
  if ('error' in ran) {
    // A refused or failed attempt leaves no claim: the villager may correct the input and send again.
    await removeWhere(COLLECTION, { _id: key, state: 'pending' });
    throw ran.error;
  }
  // `_.set`: the answer stored whole, as a value — a plain object would be merged field by field (the
  // SDK flattens it into dotted paths), and a retry must answer exactly what the first call answered.
  await updateWhere(
    COLLECTION,
    { _id: key },
    { state: 'done', response: command().set(ran.value ?? null), doneAt: now },
  );
  return ran.value;
}

async function claim(key: string, now: Date): Promise<{ fresh: true } | { fresh: false; response: unknown }> {
  try {
    await insert(COLLECTION, { _id: key, state: 'pending', claimedAt: now });
    return { fresh: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await findById<Claim>(COLLECTION, key);
  if (existing?.state === 'done') return { fresh: false, response: existing.response };
  if (existing && now.getTime() - new Date(existing.claimedAt).getTime() > STALE_MS) {
    const taken = await updateWhere(
      COLLECTION,
      { _id: key, state: 'pending', claimedAt: existing.claimedAt },
      { claimedAt: now },
    );
    if (taken === 1) return { fresh: true };
  }
  throw new AppError('IN_PROGRESS');
}
