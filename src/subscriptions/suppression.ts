import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SuppressionReason, SuppressionSource } from '../platform/db/index.js';
import { forgetMembership } from './network/membership.js';
import * as q from './queries.js';
import { normaliseEmail } from './rules.js';

/**
 * The suppression list: addresses never mailed again. It holds only a salted hash of each address
 * (HMAC-SHA-256 under a salt kept in the database), so it can outlive an erasure: a later import
 * or sign-up of the same address is recognised without Candle keeping the address. The salt never
 * changes: a new one would make every entry unrecognisable.
 */
export function addressHash(salt: string, email: string): string {
  return createHmac('sha256', salt).update(normaliseEmail(email), 'utf8').digest('hex');
}

/**
 * Hard reasons stop all mail for good, a confirmation included: the address does not exist
 * (bounce), its owner called us spam (complaint), or staff said so (manual). Only staff lift them.
 * Soft reasons (the person unsubscribed or erased their data) stop every alert and digest, but the
 * person may come back through a fresh double opt-in: the confirmation they press lifts it.
 */
export const HARD_REASONS: readonly SuppressionReason[] = ['bounce', 'complaint', 'manual'];
export const isHard = (reason: SuppressionReason) => HARD_REASONS.includes(reason);

type Executor = Kysely<Database>;

export async function suppressionOf(db: Executor, salt: string, email: string) {
  return db
    .selectFrom('suppressions')
    .selectAll()
    .where('email_hash', '=', addressHash(salt, email))
    .executeTakeFirst();
}

/** Whether an address may be mailed at all: what delivery and any import must ask first. */
export async function isSuppressed(db: Executor, salt: string, email: string): Promise<boolean> {
  return (await suppressionOf(db, salt, email)) !== undefined;
}

/** An address's entry on the list as a sender weighs it: why, and since when (`occurred_at`). */
export interface ListedAs {
  reason: SuppressionReason;
  since: string;
}

/** Which of these addresses may not be mailed, why and since when: one query for a batch of recipients. */
export async function suppressedAmong(
  db: Executor,
  salt: string,
  emails: readonly string[],
): Promise<Map<string, ListedAs>> {
  if (emails.length === 0) return new Map();
  const byHash = new Map(emails.map((e) => [addressHash(salt, e), e]));
  const rows = await db
    .selectFrom('suppressions')
    .select(['email_hash', 'reason', 'occurred_at'])
    .where('email_hash', 'in', [...byHash.keys()])
    .execute();
  return new Map(
    rows.map((r) => [byHash.get(r.email_hash) as string, { reason: r.reason, since: r.occurred_at }]),
  );
}

export interface Suppression {
  email: string;
  reason: SuppressionReason;
  source: SuppressionSource;
  note: string;
  /** When it happened, as the relay or person tells it. */
  at: Date;
}

/**
 * Puts an address on the list (in the caller's transaction). A hard reason replaces a soft one;
 * a soft one never weakens a hard one. A subscriber still on record under the address stops
 * being mailed (`suppressed`, or `unsubscribed` when they asked) and gets a 'suppressed' event;
 * an unsubscription records its own event. Returns whether anything changed.
 */
export async function suppress(trx: Executor, salt: string, s: Suppression, now: Date): Promise<boolean> {
  const hash = addressHash(salt, s.email);
  const at = now.toISOString();
  const existing = await trx
    .selectFrom('suppressions')
    .select('reason')
    .where('email_hash', '=', hash)
    .executeTakeFirst();
  if (existing && (isHard(existing.reason) || !isHard(s.reason))) return false;
  const row = { reason: s.reason, source: s.source, note: s.note, occurred_at: s.at.toISOString() };
  if (existing) await trx.updateTable('suppressions').set(row).where('email_hash', '=', hash).execute();
  else
    await trx
      .insertInto('suppressions')
      .values(Object.assign({ email_hash: hash, created_at: at }, row))
      .execute();

  const subscriber = await q.findSubscriberByEmail(trx, normaliseEmail(s.email));
  if (subscriber && s.reason !== 'erased') {
    const status = isHard(s.reason) ? 'suppressed' : 'unsubscribed';
    await trx
      .updateTable('subscribers')
      .set({ status, updated_at: at })
      .where('id', '=', subscriber.id)
      .execute();
    // An address no longer mailed is no longer in the Urgent Action Network either: joining
    // again is a fresh opt-in, and the network's size counts only those it can reach.
    await forgetMembership(trx, subscriber.id, now);
    if (s.reason !== 'unsubscribed')
      await q.recordConsent(
        trx,
        {
          subscriberId: subscriber.id,
          kind: 'suppressed',
          sourcePage: '',
          sourceForm: s.source,
          wordingHash: null,
          tokenHash: null,
          ip: null,
          details: { reason: s.reason, note: s.note, at: s.at.toISOString() },
        },
        now,
      );
  }
  return true;
}

/**
 * Staff take an address off the list (a bounce that was the relay's mistake). Nobody is mailed
 * because of it: a subscriber still on record becomes `unsubscribed` and must opt in again.
 * Returns whether there was such an entry.
 */
export async function lift(trx: Executor, salt: string, emailHash: string, now: Date): Promise<boolean> {
  const gone = await trx.deleteFrom('suppressions').where('email_hash', '=', emailHash).executeTakeFirst();
  if (Number(gone.numDeletedRows) !== 1) return false;
  const held = await trx
    .selectFrom('subscribers')
    .select(['id', 'email'])
    .where('status', '=', 'suppressed')
    .execute();
  const subscriber = held.find((s) => addressHash(salt, s.email) === emailHash);
  if (subscriber)
    await trx
      .updateTable('subscribers')
      .set({ status: 'unsubscribed', updated_at: now.toISOString() })
      .where('id', '=', subscriber.id)
      .execute();
  return true;
}

/** A confirmed fresh opt-in lifts a soft suppression (the person came back); a hard one stays. */
export async function liftSoft(trx: Executor, salt: string, email: string): Promise<void> {
  await trx
    .deleteFrom('suppressions')
    .where('email_hash', '=', addressHash(salt, email))
    .where('reason', 'in', ['unsubscribed', 'erased'])
    .execute();
}

/** The list for the admin, newest first, with the address where a subscriber still holds it. */
export async function listSuppressions(db: Executor, salt: string, limit: number) {
  const rows = await db
    .selectFrom('suppressions')
    .selectAll()
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const known = await db
    .selectFrom('subscribers')
    .select('email')
    .where('status', 'in', ['unsubscribed', 'suppressed'])
    .execute();
  const byHash = new Map(known.map((k) => [addressHash(salt, k.email), k.email]));
  return rows.map((r) => Object.assign({}, r, { email: byHash.get(r.email_hash) ?? null }));
}
