/**
 * API keys of the county's systems for the Open311 door (collection apiKeys, a township's records: the
 * key names its township). The presidium issues one per client system — a name, its channel (12345 or
 * another system), scopes (read / file) and a per-minute rate — and sees the key once: what is stored is
 * a per-key random salt and sha256(salt + secret), never the secret. A key is revoked, never deleted (its
 * cases keep naming it); its last use is recorded (at most once a minute, so reads stay reads).
 *
 *   issueKey / listKeys / revokeKey      the presidium's actions (cloudfunctions/open311)
 *   authenticate(token, now)             the HTTP door: the key record, or why not (across townships)
 *   takeCall(key, now)                   one call of the key's per-minute allowance (rateCounters)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ACTIVE_KEYS_MAX,
  DEFAULT_RATE_PER_MINUTE,
  keyPrefix,
  keyToken,
  minuteWindow,
  parseKeyToken,
  type KeyScope,
  type Open311Channel,
} from '../../core/open311/open311.rules';
import { takeCount } from '../abuse-limits';
import { count, findById, findMany, insert, updateWhere } from '../db/collection';
import { fail } from '../errors';
import { acrossTownships, withTownship } from '../tenancy';

export const API_KEYS = 'apiKeys';

export interface ApiKeyRecord {
  _id: string;
  townshipId: string;
  name: string;
  channel: Open311Channel;
  scopes: KeyScope[];
  ratePerMinute: number;
  /** The token's first characters, to tell keys apart in the list. */
  prefix: string;
  salt: string;
  hash: string;
  createdAt: Date;
  createdBy: string;
  revokedAt?: Date | null;
  revokedBy?: string;
  lastUsedAt?: Date | null;
}

/** How often a key's last use is written at most. */
const LAST_USE_EVERY_MS = 60_000;

function hashOf(salt: string, secret: string): string {
  return createHash('sha256').update(`${salt}:${secret}`).digest('hex');
}

export interface IssueInput {
  name: string;
  channel: Open311Channel;
  scopes: KeyScope[];
  ratePerMinute?: number;
}

/** A new key: the token is in this answer only. */
export async function issueKey(by: string, now: Date, input: IssueInput) {
  const active = await count(API_KEYS, { revokedAt: null });
  if (active >= ACTIVE_KEYS_MAX) fail('API_KEYS_TOO_MANY');
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const token = keyToken(keyId, secret);
  const salt = randomBytes(16).toString('hex');
  const record: ApiKeyRecord = {
    _id: keyId,
    townshipId: '',
    name: input.name.trim(),
    channel: input.channel,
    scopes: [...new Set(input.scopes)],
    ratePerMinute: input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE,
    prefix: keyPrefix(token),
    salt,
    hash: hashOf(salt, secret),
    createdAt: now,
    createdBy: by,
    revokedAt: null,
    lastUsedAt: null,
  };
  // The database layer stamps the call's township on the insert.
  const { townshipId: _t, ...doc } = record;
  await insert(API_KEYS, doc);
  return { ...view(record), token };
}

/** What the presidium sees of a key: never its hash or salt. */
function view(k: ApiKeyRecord) {
  return {
    id: k._id,
    name: k.name,
    channel: k.channel,
    scopes: k.scopes,
    ratePerMinute: k.ratePerMinute,
    prefix: k.prefix,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt ?? null,
    lastUsedAt: k.lastUsedAt ?? null,
    active: !k.revokedAt,
  };
}

/** The township's keys, active first, newest first (a township keeps a few: one page). */
export async function listKeys() {
  const keys = await findMany<ApiKeyRecord>(API_KEYS, {}, { orderBy: [['createdAt', 'desc']], limit: 200 });
  return keys.map(view).sort((a, b) => Number(b.active) - Number(a.active));
}

/** Revokes a key at once: its next call is refused (403). Revoking twice answers the same. */
export async function revokeKey(by: string, now: Date, id: string) {
  const key = await findById<ApiKeyRecord>(API_KEYS, id);
  if (!key) fail('API_KEY_NOT_FOUND');
  if (key.revokedAt) return view(key);
  await updateWhere(API_KEYS, { _id: id, revokedAt: null }, { revokedAt: now, revokedBy: by });
  return view({ ...key, revokedAt: now, revokedBy: by });
}

export type AuthRefusal = 'missing' | 'invalid' | 'revoked';

/**
 * The key a token stands for, read across townships (the key names its township), or why it is
 * refused. The secret is compared in constant time against the stored salted hash.
 */
export async function authenticate(
  token: string | undefined,
  now: Date,
): Promise<{ ok: true; key: ApiKeyRecord } | { ok: false; reason: AuthRefusal }> {
  if (!token) return { ok: false, reason: 'missing' };
  const parsed = parseKeyToken(token);
  if (!parsed) return { ok: false, reason: 'invalid' };
  const key = await acrossTownships(() => findById<ApiKeyRecord>(API_KEYS, parsed.keyId));
  if (!key) return { ok: false, reason: 'invalid' };
  const given = Buffer.from(hashOf(key.salt, parsed.secret), 'hex');
  const stored = Buffer.from(key.hash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored))
    return { ok: false, reason: 'invalid' };
  if (key.revokedAt) return { ok: false, reason: 'revoked' };
  if (!key.lastUsedAt || now.getTime() - new Date(key.lastUsedAt).getTime() >= LAST_USE_EVERY_MS)
    await withTownship(key.townshipId, () =>
      updateWhere(API_KEYS, { _id: key._id }, { lastUsedAt: now }),
    ).catch((err: unknown) => {
      console.error('[open311] last use not recorded', err);
      return 0;
    });
  return { ok: true, key };
}

/** One call of the key's allowance this minute (in the key's township); false when it is used up. */
export function takeCall(key: ApiKeyRecord, now: Date): Promise<boolean> {
  return takeCount('open311', key._id, minuteWindow(now), key.ratePerMinute, now);
}
